/**
 * Concurrent runners on PostgreSQL: six `tsdb upgrade` processes over thirty revisions apply each exactly once
 * (the advisory lock is taken before the version table is read), and a runner waiting for the lock does not
 * deadlock a CREATE INDEX CONCURRENTLY that the holder runs (it polls with pg_try_advisory_lock and holds no
 * snapshot while it waits; with a blocking pg_advisory_lock that test fails with "deadlock detected"), and a runner
 * that waits past --lock-timeout gives up with one line saying the database is locked.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { initEnvProject, mustSucceedOn, pgTables, pgVersions, scriptSource } from '../../helpers/pg-cli';
import { usePostgres } from '../../helpers/postgres';
import { CLI, lines, useTempProject, type TempProject } from '../../helpers/temp-project';

interface Finished {
  readonly code: number | null;
  readonly stderr: string;
}

/** Starts `tsdb ...args` on `url`; `onStderr` sees the output so far. */
function start(p: TempProject, url: string, args: ReadonlyArray<string>, onStderr: (text: string) => void = () => undefined) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: p.dir,
    env: { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: p.path('.tsdb-cache'), DATABASE_URL: url },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr(stderr);
  });
  return new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const revId = (i: number): string => `c0c0c0c0c${String(i).padStart(3, '0')}`;

/** Revision i, its parent revision i - 1, with the given upgrade statements. */
function writeRevision(p: TempProject, i: number, upgrade: ReadonlyArray<string>): void {
  const downRevisions = i === 1 ? [] : [revId(i - 1)];
  p.writeFile(`migrations/versions/${revId(i)}_step_${i}.ts`, scriptSource({ id: revId(i), downRevisions, message: `step ${i}`, upgrade }));
}

describe('concurrent runners on PostgreSQL', { timeout: 180_000 }, () => {
  const pg = usePostgres();
  const project = useTempProject();

  it('six parallel `tsdb upgrade` processes apply each of 30 revisions exactly once', async () => {
    const p = project();
    initEnvProject(p);
    const COUNT = 30;
    for (let i = 1; i <= COUNT; i++) {
      writeRevision(p, i, [
        ...(i === 1 ? ["await op.execute('CREATE TABLE applied (rev integer NOT NULL, pid integer NOT NULL)');"] : []),
        `await op.execute('CREATE TABLE t_${i} (id integer)');`,
        `await op.execute('INSERT INTO applied (rev, pid) VALUES (?, pg_backend_pid())', [${i}]);`,
      ]);
    }
    mustSucceedOn(p, pg().url, ['history']); // fills the transpile cache, so the runners start together
    const results = await Promise.all(Array.from({ length: 6 }, () => start(p, pg().url, ['--lock-timeout', '150', 'upgrade'])));
    const output = results.map((r) => r.stderr).join('\n');
    expect(
      results.map((r) => r.code),
      output,
    ).toEqual([0, 0, 0, 0, 0, 0]);
    const applied = await pg().server.query<{ rev: number; n: string }>(
      pg().database,
      'SELECT rev, count(*) AS n FROM applied GROUP BY rev ORDER BY rev',
    );
    expect(applied).toEqual(Array.from({ length: COUNT }, (_, i) => ({ rev: i + 1, n: '1' })));
    expect(results.flatMap((r) => lines(r.stderr).filter((line) => line.startsWith('Running upgrade')))).toHaveLength(COUNT);
    expect(await pgVersions(pg())).toEqual([revId(COUNT)]);
    expect(await pgTables(pg())).toHaveLength(COUNT + 3);
  });

  it('a runner waiting for the lock does not deadlock CREATE INDEX CONCURRENTLY in the holder', async () => {
    const p = project();
    initEnvProject(p);
    writeRevision(p, 1, [
      "await op.execute('CREATE TABLE big (n integer NOT NULL)');",
      "await op.execute('INSERT INTO big SELECT g FROM generate_series(1, 200000) g');",
    ]);
    // the sleep keeps the holder busy while the second runner starts and polls; the index build then runs on its own
    writeRevision(p, 2, ["await op.execute('SELECT pg_sleep(3)');", "await op.execute('CREATE INDEX CONCURRENTLY ix_big_n ON big (n)');"]);
    writeRevision(p, 3, ["await op.execute('CREATE TABLE after_index (id integer)');"]);
    mustSucceedOn(p, pg().url, ['history']);
    let waiter: Promise<Finished> | null = null;
    const holder = await start(p, pg().url, ['upgrade'], (stderr) => {
      if (waiter === null && stderr.includes(`-> ${revId(2)}`)) waiter = start(p, pg().url, ['--lock-timeout', '60', 'upgrade']);
    });
    expect(holder.code, holder.stderr).toBe(0);
    expect(waiter).not.toBeNull();
    const waited = await (waiter as unknown as Promise<Finished>);
    expect(waited.code, waited.stderr).toBe(0);
    // it got the lock once the holder was done, so it had nothing left to run
    expect(lines(waited.stderr).filter((line) => line.startsWith('Running upgrade'))).toEqual([]);
    const [index] = await pg().server.query<{ indisvalid: boolean }>(
      pg().database,
      "SELECT i.indisvalid FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ix_big_n'",
    );
    expect(index).toEqual({ indisvalid: true });
    expect(await pgVersions(pg())).toEqual([revId(3)]);
  });

  it('a runner that waits past --lock-timeout exits 1 with one line saying the database is locked', async () => {
    const p = project();
    initEnvProject(p);
    writeRevision(p, 1, ["await op.execute('CREATE TABLE first_table (id integer)');"]);
    // long enough for the second runner to start and give up while the first still holds the lock, even on a busy machine
    writeRevision(p, 2, ["await op.execute('SELECT pg_sleep(8)');"]);
    mustSucceedOn(p, pg().url, ['history']);
    let waiter: Promise<Finished> | null = null;
    const holder = await start(p, pg().url, ['upgrade'], (stderr) => {
      if (waiter === null && stderr.includes(`-> ${revId(2)}`)) waiter = start(p, pg().url, ['--lock-timeout', '1', 'upgrade']);
    });
    expect(holder.code, holder.stderr).toBe(0);
    const waited = await (waiter as unknown as Promise<Finished>);
    expect(waited.code).toBe(1);
    expect(lines(waited.stderr)).toEqual([expect.stringMatching(/^error: database is locked: .*retry later or raise --lock-timeout$/)]);
    expect(await pgVersions(pg())).toEqual([revId(2)]);
  });
});
