/**
 * Atomicity on PostgreSQL: a revision failing halfway leaves no trace (its DDL and data roll back, the
 * version table does not move), also when a deferred constraint fails at COMMIT; with transactionPerMigration false the whole command is all or nothing;
 * SIGINT during a long statement rolls the revision back, exits 130 and leaves no lock behind.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addRevision, mustSucceed, replaceInFile } from '../../helpers/cli-project';
import { initPgProject, pgTables, pgVersions, type PgTest } from '../../helpers/pg-project';
import { usePostgres } from '../../helpers/postgres';
import { CLI, lines, useTempProject, type TempProject } from '../../helpers/temp-project';

const pg = usePostgres();
const project = useTempProject();

const FIRST = "await op.execute('CREATE TABLE first_table (id integer PRIMARY KEY)');";
const HALFWAY = [
  "await op.execute('CREATE TABLE half_done (id integer PRIMARY KEY)');",
  "await op.execute('INSERT INTO half_done VALUES (1)');",
  "await op.execute('ALTER TABLE first_table ADD COLUMN extra text');",
  "await op.execute('INSERT INTO first_table VALUES (1)');",
  "await op.execute('SELECT 1 / 0');",
].join('\n');

/** A child row whose parent is missing, under a foreign key checked only at COMMIT. */
const ORPHAN =
  "await op.execute('CREATE TABLE parent (id integer PRIMARY KEY); " +
  'CREATE TABLE child (parent_id integer REFERENCES parent DEFERRABLE INITIALLY DEFERRED); ' +
  "INSERT INTO child VALUES (5)');";

function errorLines(stderr: string): string[] {
  return lines(stderr).filter((line) => !line.startsWith('Running '));
}

async function firstTableColumns(t: PgTest): Promise<string[]> {
  const rows = await t.server.query<{ c: string }>(
    t.database,
    "SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'first_table' ORDER BY ordinal_position",
  );
  return rows.map((r) => r.c);
}

async function advisoryLocks(t: PgTest): Promise<number> {
  const rows = await t.server.query<{ n: string }>(t.database, "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'");
  return Number(rows[0]?.n ?? 0);
}

/** Waits (up to 20 s) until `ready` holds; a condition, not a timing assertion. */
async function waitFor(ready: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the condition never held');
}

describe('atomic revisions on PostgreSQL', { timeout: 60_000 }, () => {
  it('a revision failing halfway leaves no trace; the one before it stays', async () => {
    const p = project();
    initPgProject(p, pg().url);
    const first = addRevision(p, 'first', { upgrade: FIRST });
    const broken = addRevision(p, 'halfway', { upgrade: HALFWAY });
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`upgrade ${broken.id} .*division by zero.*rolled back and the database is at ${first.id}`));
    expect((await pgTables(pg())).filter((t) => !t.startsWith('tsdb_'))).toEqual(['first_table']);
    expect(await firstTableColumns(pg())).toEqual(['id']);
    expect(await pg().server.query(pg().database, 'SELECT * FROM first_table')).toEqual([]);
    expect(await pgVersions(pg())).toEqual([first.id]);
  });

  it("a syntax error in a revision's first statement rolls it back and says so, also after a split", async () => {
    const p = project();
    initPgProject(p, pg().url);
    const first = addRevision(p, 'first', { upgrade: FIRST });
    const typo = addRevision(p, 'typo', { upgrade: "await op.execute('SELEC 1');" });
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toHaveLength(1);
    expect(errorLines(result.stderr)[0]).toMatch(
      new RegExp(`upgrade ${typo.id} .*syntax error.*rolled back and the database is at ${first.id}`),
    );

    const concurrent = "await op.execute('CREATE INDEX CONCURRENTLY ix_first ON first_table (id)');";
    replaceInFile(p, typo.file, "await op.execute('SELEC 1');", `${concurrent}\n  await op.execute('CREATE TABL x (id integer)');`);
    const split = p.run(['upgrade']);
    expect(split.code).toBe(1);
    expect(errorLines(split.stderr)[0]).toMatch(/split to run 'CREATE INDEX CONCURRENTLY ix_first .*' outside a transaction/);
    expect(await pgVersions(pg())).toEqual([first.id]);
  });

  it('a deferred constraint failing at COMMIT rolls the revision back and says so', async () => {
    const p = project();
    initPgProject(p, pg().url);
    const first = addRevision(p, 'first', { upgrade: FIRST });
    const broken = addRevision(p, 'orphan', { upgrade: ORPHAN });
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`upgrade ${broken.id} .*child_parent_id_fkey.*rolled back and the database is at ${first.id}`));
    expect((await pgTables(pg())).filter((t) => !t.startsWith('tsdb_'))).toEqual(['first_table']);
    expect(await pgVersions(pg())).toEqual([first.id]);
  });

  it('transactionPerMigration false: a deferred constraint failing at the final COMMIT rolls back every revision, in one line', async () => {
    const p = project();
    initPgProject(p, pg().url, { perMigration: false });
    const first = addRevision(p, 'first', { upgrade: FIRST });
    const last = addRevision(p, 'orphan', { upgrade: ORPHAN });
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `upgrade ${first.id} … ${last.id} \\(2 revisions\\) failed at COMMIT .*child_parent_id_fkey.*rolled back and the database is at base`,
      ),
    );
    expect((await pgTables(pg())).filter((t) => !t.startsWith('tsdb_'))).toEqual([]);
    expect(await pgVersions(pg())).toEqual([]);
  });

  it('transactionPerMigration false: all or nothing across revisions', async () => {
    const p = project();
    initPgProject(p, pg().url, { perMigration: false });
    addRevision(p, 'first', { upgrade: FIRST });
    addRevision(p, 'second', { upgrade: "await op.execute('CREATE TABLE second_table (id integer)');" });
    const broken = addRevision(p, 'halfway', { upgrade: HALFWAY });
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`upgrade ${broken.id} .*rolled back and the database is at base \\(empty\\)`));
    expect((await pgTables(pg())).filter((t) => !t.startsWith('tsdb_'))).toEqual([]);
    expect(await pgVersions(pg())).toEqual([]);
  });

  it('SIGINT during a long statement rolls the revision back, exits 130 and releases the lock', async () => {
    const p: TempProject = project();
    initPgProject(p, pg().url);
    const first = addRevision(p, 'first', { upgrade: FIRST });
    const slow = addRevision(p, 'slow', {
      upgrade: ["await op.execute('CREATE TABLE half_done (id integer)');", "await op.execute('SELECT pg_sleep(60)');"].join('\n'),
    });
    const child = spawn(process.execPath, [CLI, 'upgrade'], {
      cwd: p.dir,
      env: { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: p.path('.tsdb-cache') },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(async () => {
      const rows = await pg().server.query(pg().database, "SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'");
      return rows.length > 0;
    });
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    const errors = errorLines(stderr);
    expect(errors).toEqual([`error: interrupted by SIGINT: the migration in progress was rolled back; the database is at ${first.id}`]);
    // the server notices the closed session and ends it: its transaction rolls back and its advisory lock goes
    await waitFor(async () => (await advisoryLocks(pg())) === 0);
    expect(await pgTables(pg())).not.toContain('half_done');
    expect(await pgVersions(pg())).toEqual([first.id]);
    p.writeFile(slow.file, p.readFile(slow.file).replace('SELECT pg_sleep(60)', 'SELECT 1'));
    mustSucceed(p, ['upgrade', '--lock-timeout', '5']);
    expect(await pgVersions(pg())).toEqual([slow.id]);
  });
});
