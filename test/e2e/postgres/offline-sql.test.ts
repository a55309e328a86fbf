/**
 * Offline SQL on PostgreSQL: `upgrade/downgrade/stamp --sql` print a psql script without reaching any
 * server; applied with `psql -v ON_ERROR_STOP=1 -f` it makes the same schema (pg_dump -s) and rows as an
 * online `tsdb upgrade`. `check --offline` replays into a temporary database on the scratch server.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addRevision, INIT_URL_LINE, mustSucceed, replaceInFile } from '../../helpers/cli-project';
import { HEAD_MODELS, initOfflineProject, psqlFile, REVISIONS, schemaDump } from '../../helpers/pg-offline';
import { usePostgres } from '../../helpers/postgres';
import { CLI, lines, useTempProject } from '../../helpers/temp-project';

const pg = usePostgres();
const project = useTempProject();
const HEAD = REVISIONS[REVISIONS.length - 1]?.id ?? '';

/** The temporary databases check --offline may have left on the server. */
async function scratchDatabases(): Promise<string[]> {
  const result = await pg().server.query<{ datname: string }>(
    'postgres',
    "SELECT datname FROM pg_database WHERE datname LIKE 'tsdb_scratch%'",
  );
  return result.map((r) => r.datname);
}

async function rows(database: string, sql: string): Promise<string[]> {
  const result = await pg().server.query<Record<string, unknown>>(database, sql);
  return result.map((r) => JSON.stringify(r));
}

describe('offline SQL on PostgreSQL', { timeout: 60_000 }, () => {
  it('upgrade --sql, applied with psql, gives the schema and rows of an online upgrade', async () => {
    const p = project();
    initOfflineProject(p, pg().url);
    const script = mustSucceed(p, ['upgrade', '--sql']).stdout;
    p.writeFile('upgrade.sql', script);
    const offlineDb = await pg().server.createDatabase('offline');
    psqlFile(pg().server, offlineDb, p.path('upgrade.sql'));
    mustSucceed(p, ['upgrade']);
    expect(schemaDump(pg().server, offlineDb)).toBe(schemaDump(pg().server, pg().database));
    for (const sql of [
      'SELECT version_num FROM public.tsdb_version',
      "SELECT name, born::text, mood::text, meta::text, encode(avatar, 'hex') AS avatar, score::text FROM public.author ORDER BY id",
      'SELECT label FROM public.tag ORDER BY id',
    ]) {
      expect(await rows(offlineDb, sql)).toEqual(await rows(pg().database, sql));
    }
    expect(await rows(offlineDb, 'SELECT version_num FROM public.tsdb_version')).toEqual([JSON.stringify({ version_num: HEAD })]);
  });

  it('needs no server: a URL where nothing listens still renders upgrade, downgrade and stamp', () => {
    const p = project();
    initOfflineProject(p, 'postgresql://someone:s3cret@127.0.0.1:1/app?schema=public');
    const up = mustSucceed(p, ['upgrade', '--sql']).stdout;
    expect(up).toContain('CREATE TABLE IF NOT EXISTS "public"."tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY);');
    expect(up.match(/^BEGIN;$/gm)).toHaveLength(4); // the second revision is cut twice by statements that run alone
    expect(up.match(/^COMMIT;$/gm)).toHaveLength(4);
    expect(up).not.toContain('s3cret');
    // literals: quotes doubled, backslash in E'', JSON and bytea as text PostgreSQL reads, numbers bare
    expect(up).toContain(`VALUES (E'O''Brien \\\\ the ''first''?', '{"tags":["a","b''c"],"n":1}', E'\\\\x00ff27', 12.5, '2020-02-29');`);
    // CONCURRENTLY and ADD VALUE stand between COMMIT and BEGIN
    expect(up).toMatch(
      /COMMIT;\n-- cannot run inside a transaction block[^\n]*\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix_post_title ON "post" \(title\);\nBEGIN;/,
    );
    expect(up).toMatch(
      /-- Running upgrade a1a1a1a1a1a1 -> b2b2b2b2b2b2[^\n]*\n-- cannot run[^\n]*\nALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'angry' BEFORE 'sad';\nBEGIN;/,
    );
    const down = mustSucceed(p, ['downgrade', '--sql', 'head:base']).stdout;
    expect(down).toContain(`DELETE FROM "public"."tsdb_version" WHERE version_num = 'a1a1a1a1a1a1';`);
    const stamp = mustSucceed(p, ['stamp', '--sql', HEAD]).stdout;
    expect(stamp).toContain(`INSERT INTO "public"."tsdb_version" (version_num) VALUES ('${HEAD}');`);
    expect(stamp).not.toContain('CREATE TABLE "public"."author"');
  });

  it('downgrade --sql, applied after the upgrade script, gives back the base schema; stamp --sql sets the rows', async () => {
    const p = project();
    initOfflineProject(p, pg().url);
    const script = (name: string, args: string[]): string => p.writeFile(name, mustSucceed(p, args).stdout);
    const up = script('up.sql', ['upgrade', '--sql']);
    const down = script('down.sql', ['downgrade', '--sql', 'head:base']);
    const toFirst = script('to-first.sql', ['downgrade', '--sql', `${HEAD}:a1a1a1a1a1a1`]);
    const rest = script('rest.sql', ['downgrade', '--sql', 'a1a1a1a1a1a1:base']);
    const stamp = script('stamp.sql', ['stamp', '--sql', 'b2b2b2b2b2b2']);
    const base = await pg().server.createDatabase('base');
    psqlFile(pg().server, base, script('base.sql', ['upgrade', '--sql', 'base:base']));
    const baseDump = schemaDump(pg().server, base);
    expect(baseDump).toContain('CREATE TABLE public.tsdb_version');

    const whole = pg().database;
    psqlFile(pg().server, whole, up);
    psqlFile(pg().server, whole, down);
    expect(schemaDump(pg().server, whole)).toBe(baseDump);
    expect(await rows(whole, 'SELECT version_num FROM public.tsdb_version')).toEqual([]);

    const pieces = await pg().server.createDatabase('pieces');
    psqlFile(pg().server, pieces, up);
    psqlFile(pg().server, pieces, toFirst);
    expect(await rows(pieces, 'SELECT version_num FROM public.tsdb_version')).toEqual([JSON.stringify({ version_num: 'a1a1a1a1a1a1' })]);
    psqlFile(pg().server, pieces, rest);
    expect(schemaDump(pg().server, pieces)).toBe(baseDump);

    psqlFile(pg().server, base, stamp);
    expect(await rows(base, 'SELECT version_num FROM public.tsdb_version')).toEqual([JSON.stringify({ version_num: 'b2b2b2b2b2b2' })]);
  });

  it('in another schema (?schema=app) the script creates the schema and qualifies every name, as online', async () => {
    const p = project();
    mustSucceed(p, ['init']);
    const url = (db: string) => `${pg().server.url(db)}?schema=app`;
    replaceInFile(p, 'tsdb.config.ts', INIT_URL_LINE, `url: ${JSON.stringify(url(pg().database))},`);
    addRevision(p, 'app tables', {
      imports: ['integer', 'varchar', 'sqlType', 'sql'],
      upgrade: [
        "await op.createEnum('level', ['low', 'high']);",
        "await op.createTable('item', { id: integer().primaryKey(), name: varchar(40).notNull(), level: sqlType('app.level') });",
        "await op.createIndex('ix_item_name', 'item', ['name'], { unique: true, where: sql`name <> ''` });",
        "await op.bulkInsert('item', [{ name: 'a', level: 'low' }]);",
        "await op.alterColumn('item', 'name', { type: varchar(80) });",
      ].join('\n'),
      downgrade: "await op.dropTable('item');\nawait op.dropEnum('level');",
    });
    const script = mustSucceed(p, ['upgrade', '--sql']).stdout;
    expect(script).toContain('CREATE SCHEMA IF NOT EXISTS "app";');
    expect(script).toContain('CREATE TABLE IF NOT EXISTS "app"."tsdb_version"');
    expect(script).toContain('CREATE TABLE "app"."item"');
    const offlineDb = await pg().server.createDatabase('offline');
    psqlFile(pg().server, offlineDb, p.writeFile('app.sql', script));
    mustSucceed(p, ['upgrade']);
    expect(schemaDump(pg().server, offlineDb)).toBe(schemaDump(pg().server, pg().database));
    const items = 'SELECT name, level::text FROM app.item';
    expect(await rows(offlineDb, items)).toEqual(await rows(pg().database, items));
  });

  it('transactionPerMigration: false is one transaction; a statement that must run alone is then one line, nothing printed', async () => {
    const p = project();
    initOfflineProject(p, pg().url);
    replaceInFile(p, 'tsdb.config.ts', "migrations: 'migrations',", "migrations: 'migrations',\n  transactionPerMigration: false,");
    const first = mustSucceed(p, ['upgrade', '--sql', 'base:a1a1a1a1a1a1']).stdout;
    expect(first.match(/^BEGIN;$/gm)).toHaveLength(1);
    expect(first.match(/^COMMIT;$/gm)).toHaveLength(1);
    psqlFile(pg().server, pg().database, p.writeFile('first.sql', first));
    expect(await rows(pg().database, 'SELECT version_num FROM public.tsdb_version')).toEqual([
      JSON.stringify({ version_num: 'a1a1a1a1a1a1' }),
    ]);
    const refused = p.run(['upgrade', '--sql']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(lines(refused.stderr)).toHaveLength(1);
    expect(refused.stderr).toMatch(/b2b2b2b2b2b2.*cannot run inside a transaction.*transactionPerMigration/);
  });

  it('check --offline --scratch-url replays into a temporary database, compares with the models, and drops it', async () => {
    const p = project();
    initOfflineProject(p, 'postgresql://nobody@127.0.0.1:1/app');
    p.writeFile('common/models.ts', HEAD_MODELS);
    const clean = p.run(['check', '--offline', '--scratch-url', pg().url]);
    expect(clean.stderr).toBe('');
    expect(clean.stdout).toMatch(/No new upgrade operations detected/);
    expect(clean.code).toBe(0);
    p.writeFile('common/models.ts', HEAD_MODELS.replace('  views: integer().notNull().default(0),\n', ''));
    const drift = p.run(['check', '--offline', '--scratch-url', pg().url]);
    expect(drift.code).toBe(1);
    expect(lines(drift.stdout)).toEqual([expect.stringMatching(/removed column 'post\.views'/)]);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('check --offline without a scratch URL is one line naming --scratch-url; with scratchUrl in the config a match exits 0', async () => {
    const p = project();
    mustSucceed(p, ['init']);
    replaceInFile(p, 'tsdb.config.ts', INIT_URL_LINE, `url: 'postgresql://nobody@127.0.0.1:1/app',`);
    addRevision(p, 'notes', {
      imports: ['integer', 'text', 'varchar'],
      upgrade: "await op.createTable('note', { id: integer().primaryKey(), body: text().notNull(), title: varchar(40) });",
      downgrade: "await op.dropTable('note');",
    });
    p.writeFile(
      'common/models.ts',
      "import { table, integer, text, varchar } from 'tsdb';\n" +
        "export const note = table('note', { id: integer().primaryKey(), body: text().notNull(), title: varchar(40) });\n",
    );
    const withoutOffline = p.run(['check', '--scratch-url', pg().url]);
    expect(withoutOffline.code).toBe(2);
    expect(lines(withoutOffline.stderr)).toEqual([expect.stringMatching(/--scratch-url goes with --offline/)]);
    const missing = p.run(['check', '--offline']);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toMatch(/--scratch-url/);
    expect(missing.stdout).toBe('');
    replaceInFile(
      p,
      'tsdb.config.ts',
      `url: 'postgresql://nobody@127.0.0.1:1/app',`,
      `url: 'postgresql://nobody@127.0.0.1:1/app', scratchUrl: ${JSON.stringify(pg().url)},`,
    );
    const clean = p.run(['check', '--offline']);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/No new upgrade operations detected/);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('check --offline drops the temporary database when the replay fails, and on SIGINT', async () => {
    const p = project();
    mustSucceed(p, ['init']);
    replaceInFile(p, 'tsdb.config.ts', INIT_URL_LINE, `url: 'postgresql://nobody@127.0.0.1:1/app',`);
    p.writeFile('common/models.ts', 'export {};\n');
    const slow = addRevision(p, 'slow', { upgrade: "await op.execute('SELECT pg_sleep(60)');" });
    addRevision(p, 'broken', { upgrade: "await op.execute('ALTER TABLE no_such_table ADD COLUMN x integer');" });

    // SIGINT while the first revision sleeps in the temporary database
    const child = spawn(process.execPath, [CLI, 'check', '--offline', '--scratch-url', pg().url], { cwd: p.dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const activity = "SELECT 1 FROM pg_stat_activity WHERE datname LIKE 'tsdb_scratch%' AND query LIKE '%pg_sleep%'";
    while ((await pg().server.query('postgres', activity)).length === 0) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/interrupted by SIGINT: the temporary database tsdb_scratch\S* was dropped/);
    expect(await scratchDatabases()).toEqual([]);

    // a failing replay: one line naming the revision, nothing left behind
    replaceInFile(p, slow.file, "await op.execute('SELECT pg_sleep(60)');", '// nothing');
    const failed = p.run(['check', '--offline', '--scratch-url', pg().url]);
    expect(failed.code).toBe(1);
    expect(lines(failed.stderr)).toHaveLength(1);
    expect(failed.stderr).toMatch(/no_such_table/);
    expect(await scratchDatabases()).toEqual([]);
  });
});
