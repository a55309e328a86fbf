/**
 * The README workflow on a real PostgreSQL 15 server: init, migrate, upgrade, a clean check, a
 * second migrate that finds the new column and nothing else, history, current, downgrade, stamp.
 */
import { describe, expect, it } from 'vitest';
import { INIT_URL_LINE, mustSucceed, replaceInFile } from '../../helpers/cli-project';
import { usePostgres } from '../../helpers/postgres';
import { lines, useTempProject, type TempProject } from '../../helpers/temp-project';

const MODELS = `import { table, integer, varchar, text, boolean, index } from 'tsdb';

export const author = table('author', {
  id: integer().primaryKey(),
  name: varchar(80).notNull().unique(),
});

export const post = table('post', {
  id: integer().primaryKey(),
  authorId: integer().notNull().references(() => author.id, { onDelete: 'cascade' }),
  body: text().notNull().default(''),
  published: boolean().notNull().default(false),
}, (t) => [index('ix_post_author').on(t.authorId)]);
`;

const pg = usePostgres();
const project = useTempProject();

function initPostgresProject(p: TempProject): void {
  mustSucceed(p, ['init']);
  replaceInFile(p, 'tsdb.config.ts', INIT_URL_LINE, `url: ${JSON.stringify(pg().url)},`);
  p.writeFile('common/models.ts', MODELS);
}

async function columnsOf(table: string): Promise<string[]> {
  const rows = await pg().server.query<{ column_name: string }>(
    pg().database,
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function versionRows(): Promise<string[]> {
  const rows = await pg().server.query<{ version_num: string }>(pg().database, 'SELECT version_num FROM public.tsdb_version');
  return rows.map((r) => r.version_num);
}

describe('the README workflow on PostgreSQL', { timeout: 60_000 }, () => {
  it('migrate, upgrade, check, a second migrate, history, downgrade and stamp', async () => {
    const p = project();
    initPostgresProject(p);
    const first = mustSucceed(p, ['migrate', '-m', 'initial']);
    expect(first.stdout + first.stderr).toMatch(/Detected added table 'author'/);
    expect(first.stdout + first.stderr).toMatch(/Detected added table 'post'/);
    mustSucceed(p, ['upgrade']);
    expect(await columnsOf('post')).toEqual(['id', 'authorId', 'body', 'published']);
    const firstRev = (await versionRows())[0];
    expect(firstRev).toMatch(/^[0-9a-f]{12}$/);

    const check = p.run(['check']);
    expect(lines(check.stderr)).toEqual([]);
    expect(check.code).toBe(0);
    const again = p.run(['migrate', '-m', 'nothing']);
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/No changes in schema detected/);

    p.writeFile(
      'common/models.ts',
      MODELS.replace("body: text().notNull().default(''),", "body: text().notNull().default(''),\n  title: varchar(200),"),
    );
    const dirty = p.run(['check']);
    expect(dirty.code).toBe(1);
    const second = mustSucceed(p, ['migrate', '-m', 'post title']);
    expect(second.stdout + second.stderr).toMatch(/Detected added column 'post\.title'/);
    mustSucceed(p, ['upgrade']);
    expect(await columnsOf('post')).toContain('title');
    expect(p.run(['check']).code).toBe(0);

    const history = mustSucceed(p, ['history']);
    expect(lines(history.stdout)).toHaveLength(2);
    expect(mustSucceed(p, ['current']).stdout).toMatch(/\(head\)/);

    mustSucceed(p, ['downgrade', '-1']);
    expect(await columnsOf('post')).not.toContain('title');
    expect(await versionRows()).toEqual([firstRev]);

    mustSucceed(p, ['downgrade', 'base']);
    expect(await columnsOf('post')).toEqual([]);
    expect(await versionRows()).toEqual([]);

    mustSucceed(p, ['stamp', 'head']);
    expect(await versionRows()).toHaveLength(1);
  });

  it('rows survive an upgrade that adds a NOT NULL column with a default, and op.execute binds values', async () => {
    const p = project();
    initPostgresProject(p);
    mustSucceed(p, ['migrate', '-m', 'initial']);
    mustSucceed(p, ['upgrade']);
    await pg().server.query(pg().database, `INSERT INTO author (name) VALUES ('ada'), ('grace')`);
    p.writeFile(
      'common/models.ts',
      MODELS.replace(
        'name: varchar(80).notNull().unique(),',
        'name: varchar(80).notNull().unique(),\n  rank: integer().notNull().default(3),',
      ),
    );
    mustSucceed(p, ['migrate', '-m', 'rank']);
    mustSucceed(p, ['upgrade']);
    const rows = await pg().server.query<{ name: string; rank: number }>(pg().database, 'SELECT name, rank FROM author ORDER BY id');
    expect(rows).toEqual([
      { name: 'ada', rank: 3 },
      { name: 'grace', rank: 3 },
    ]);
    expect(p.run(['check']).code).toBe(0);
  });
});
