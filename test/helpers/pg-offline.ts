/** Offline SQL on PostgreSQL in tests: a project of hand-written revisions, psql to apply a script, pg_dump -s to compare. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { addRevision, INIT_URL_LINE, mustSucceed, replaceInFile } from './cli-project';
import type { PgServer } from './pg-server';
import type { TempProject } from './temp-project';

const IMPORTS = ['integer', 'bigint', 'varchar', 'text', 'boolean', 'numeric', 'date', 'blob', 'sqlType', 'sql'];

/** Three revisions written with op.* calls: an enum, two tables with several types, keys, indexes (unique, partial), a concurrent index, data with bindings. */
export const REVISIONS = [
  {
    id: 'a1a1a1a1a1a1',
    message: 'authors and posts',
    upgrade: [
      "await op.createEnum('mood', ['happy', 'sad']);",
      "await op.createTable('author', { id: integer().primaryKey(), name: varchar(80).notNull(), born: date(),",
      "  mood: sqlType('mood').notNull().default('happy'), joined: sqlType('timestamptz').default(sql`now()`),",
      "  meta: sqlType('jsonb'), token: sqlType('uuid'), avatar: blob(), score: numeric(10, 2).default(0) });",
      "await op.createTable('post', { id: bigint().primaryKey(), authorId: integer().notNull().references('author.id', { onDelete: 'cascade' }),",
      "  title: varchar(200).notNull(), body: text().notNull().default(''), draft: boolean().notNull().default(true) });",
      "await op.createIndex('ux_author_name', 'author', ['name'], { unique: true });",
      "await op.createIndex('ix_post_live', 'post', ['authorId'], { where: sql`NOT draft` });",
      "await op.createIndex('ix_author_lower_name', 'author', ['lower(name)']);",
      'await op.execute(\'INSERT INTO "author" (name, meta, avatar, score, born) VALUES (?, ?, ?, ?, ?)\',',
      "  [\"O'Brien \\\\ the 'first'?\", { tags: ['a', \"b'c\"], n: 1 }, Buffer.from([0, 255, 39]), 12.5, '2020-02-29']);",
    ].join('\n'),
    downgrade: ["await op.dropTable('post');", "await op.dropTable('author');", "await op.dropEnum('mood');"].join('\n'),
  },
  {
    id: 'b2b2b2b2b2b2',
    message: 'post columns and a new mood',
    upgrade: [
      "await op.addEnumValue('mood', 'angry', { before: 'sad' });",
      "await op.addColumn('post', integer('views').notNull().default(0));",
      "await op.addColumn('post', integer('editorId').references('author.id'));",
      "await op.alterColumn('post', 'title', { type: varchar(300) });",
      'await op.execute(\'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_post_title ON "post" (title)\');',
      "await op.execute('UPDATE \"author\" SET mood = ? WHERE name LIKE ?', ['angry', \"O'B%\"]);",
    ].join('\n'),
    downgrade: [
      "await op.execute('DROP INDEX CONCURRENTLY IF EXISTS ix_post_title');",
      "await op.execute('UPDATE \"author\" SET mood = ? WHERE mood = ?', ['happy', 'angry']);",
      "await op.alterColumn('post', 'title', { type: varchar(200) });",
      "await op.dropColumn('post', 'editorId');",
      "await op.dropColumn('post', 'views');",
      "await op.dropEnumValue('mood', 'angry');",
    ].join('\n'),
  },
  {
    id: 'c3c3c3c3c3c3',
    message: 'tags',
    upgrade: [
      "await op.createTable('tag', { id: integer().primaryKey(), label: varchar(40).notNull() });",
      "await op.createUniqueConstraint('uq_tag_label', 'tag', ['label']);",
      "await op.addColumn('post', integer('tagId'));",
      "await op.createForeignKey('fk_post_tag', 'post', 'tag', ['tagId'], ['id'], { onDelete: 'set null' });",
      "await op.createCheckConstraint('ck_tag_label', 'tag', sql`length(label) > 0`);",
      "await op.bulkInsert('tag', [{ label: 'news' }, { label: \"it's\" }]);",
    ].join('\n'),
    downgrade: [
      "await op.dropConstraint('fk_post_tag', 'post');",
      "await op.dropColumn('post', 'tagId');",
      "await op.dropTable('tag');",
    ].join('\n'),
  },
] as const;

/** Models that match the revisions at head, with PostgreSQL's builders (enum type, timestamptz, jsonb, uuid, expression and partial indexes). */
export const HEAD_MODELS = `import { table, integer, bigint, varchar, text, boolean, numeric, date, blob, timestamptz, jsonb, uuid, enumType, sql, index, uniqueIndex, unique, check, foreignKey } from 'tsdb';

export const mood = enumType('mood', ['happy', 'angry', 'sad']);

export const author = table('author', {
  id: integer().primaryKey(),
  name: varchar(80).notNull(),
  born: date(),
  mood: mood('mood').notNull().default('happy'),
  joined: timestamptz().default(sql\`now()\`),
  meta: jsonb(),
  token: uuid(),
  avatar: blob(),
  score: numeric(10, 2).default(0),
}, (t) => [uniqueIndex('ux_author_name').on(t.name), index('ix_author_lower_name').on(sql\`lower(name)\`)]);

export const tag = table('tag', {
  id: integer().primaryKey(),
  label: varchar(40).notNull(),
}, (t) => [unique('uq_tag_label').on(t.label), check('ck_tag_label', sql\`length(label) > 0\`)]);

export const post = table('post', {
  id: bigint().primaryKey(),
  authorId: integer().notNull().references(() => author.id, { onDelete: 'cascade' }),
  title: varchar(300).notNull(),
  body: text().notNull().default(''),
  draft: boolean().notNull().default(true),
  views: integer().notNull().default(0),
  editorId: integer().references(() => author.id),
  tagId: integer(),
}, (t) => [
  index('ix_post_live').on(t.authorId).where(sql\`NOT draft\`),
  index('ix_post_title').on(t.title),
  foreignKey('fk_post_tag').on(t.tagId).references(() => [tag.id], { onDelete: 'set null' }),
]);
`;

/** `tsdb init` pointed at `url`, then the revisions. */
export function initOfflineProject(project: TempProject, url: string): void {
  mustSucceed(project, ['init']);
  replaceInFile(project, 'tsdb.config.ts', INIT_URL_LINE, `url: ${JSON.stringify(url)},`);
  for (const rev of REVISIONS) {
    addRevision(project, rev.message, { imports: IMPORTS, upgrade: rev.upgrade, downgrade: rev.downgrade }, rev.id);
  }
}

/** `psql -v ON_ERROR_STOP=1 -f FILE DB`; throws with psql's output on failure. */
export function psqlFile(server: PgServer, database: string, file: string): string {
  const result = spawnSync(
    path.join(server.bin, 'psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port), '-U', 'postgres', '-f', file, database],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`psql -f ${file} exited ${String(result.status)}\n${result.stderr}\n${result.stdout}`);
  return result.stderr;
}

/** `pg_dump -s` of a database without tsdb's run log (online runs keep one, a script does not) nor pg_dump's per-dump \\restrict key. */
export function schemaDump(server: PgServer, database: string): string {
  const result = spawnSync(
    path.join(server.bin, 'pg_dump'),
    ['-s', '--no-owner', '--exclude-table=*.tsdb_version_log', '-h', server.host, '-p', String(server.port), '-U', 'postgres', database],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`pg_dump ${database} exited ${String(result.status)}\n${result.stderr}`);
  return result.stdout.replace(/^\\(un)?restrict .*$/gm, '');
}
