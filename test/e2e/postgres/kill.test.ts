/**
 * kill -9 in the middle of an upgrade on PostgreSQL: the revision in progress was one transaction, so the server
 * rolls it back when the session ends; the version table matches the tables present, the advisory lock went with
 * the session, and the next `tsdb upgrade` resumes to head. Killed once while the revision's transaction sits idle
 * (the runner is busy in JavaScript) and once while the server runs a statement for it (pg_sleep).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { initEnvProject, mustSucceedOn, pgTables, pgVersions, scriptSource } from '../../helpers/pg-cli';
import { usePostgres } from '../../helpers/postgres';
import { CLI, lines, useTempProject, type TempProject } from '../../helpers/temp-project';

const FIRST = 'd1d1d1d1d1d1';
const SLOW = 'd2d2d2d2d2d2';
const LAST = 'd3d3d3d3d3d3';
const MARKER = 'slow revision is running';

function script(id: string, parent: string | null, upgrade: ReadonlyArray<string>): string {
  const message = { [FIRST]: 'first', [SLOW]: 'slow', [LAST]: 'last' }[id] ?? id;
  return scriptSource({ id, downRevisions: parent === null ? [] : [parent], message, upgrade });
}

/** Three revisions; the middle one creates a table, prints MARKER, then waits in `wait`. */
function writeScripts(p: TempProject, wait: string): void {
  initEnvProject(p);
  p.writeFile(`migrations/versions/${FIRST}_first.ts`, script(FIRST, null, ["await op.execute('CREATE TABLE first_table (id integer)');"]));
  p.writeFile(
    `migrations/versions/${SLOW}_slow.ts`,
    script(SLOW, FIRST, [
      "await op.execute('CREATE TABLE half_done (id integer)');",
      "await op.execute('INSERT INTO half_done VALUES (1)');",
      `process.stderr.write('${MARKER}\\n');`,
      wait,
    ]),
  );
  p.writeFile(`migrations/versions/${LAST}_last.ts`, script(LAST, SLOW, ["await op.execute('CREATE TABLE last_table (id integer)');"]));
}

/** Runs `tsdb upgrade` and kills it with SIGKILL once the slow revision has printed its marker. */
function killMidUpgrade(p: TempProject, url: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'upgrade'], {
      cwd: p.dir,
      env: { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: p.path('.tsdb-cache'), DATABASE_URL: url },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(MARKER) && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, stderr }));
  });
}

describe('kill -9 in the middle of an upgrade on PostgreSQL', { timeout: 120_000 }, () => {
  const pg = usePostgres();
  const project = useTempProject();

  it.each([
    ['while the revision waits in JavaScript', 'await new Promise((resolve) => setTimeout(resolve, 60_000));'],
    ['while the server runs pg_sleep for it', "await op.execute('SELECT pg_sleep(4)');"],
  ])('%s: consistent, no lock left, resumable to head', async (_name, wait) => {
    const p = project();
    writeScripts(p, wait);
    const killed = await killMidUpgrade(p, pg().url);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(lines(killed.stderr)).toContain(`Running upgrade ${FIRST} -> ${SLOW}, slow`);

    // the killed session's transaction is gone once the server notices; the next runner waits for its lock at most
    const resumed = mustSucceedOn(p, pg().url, ['--lock-timeout', '60', 'upgrade', FIRST]);
    expect(lines(resumed.stderr)).toEqual([`Nothing to upgrade: the database is at ${FIRST}`]);
    expect(await pgVersions(pg())).toEqual([FIRST]);
    expect(await pgTables(pg())).toEqual(['first_table', 'tsdb_version', 'tsdb_version_log']);
    const log = await pg().server.query<{ revision: string }>(pg().database, 'SELECT revision FROM tsdb_version_log ORDER BY id');
    expect(log.map((row) => row.revision)).toEqual([FIRST]);

    p.writeFile(`migrations/versions/${SLOW}_slow.ts`, p.readFile(`migrations/versions/${SLOW}_slow.ts`).replace(wait, ''));
    const finished = mustSucceedOn(p, pg().url, ['--lock-timeout', '0', 'upgrade']);
    expect(lines(finished.stderr)).toEqual([
      `Running upgrade ${FIRST} -> ${SLOW}, slow`,
      MARKER,
      `Running upgrade ${SLOW} -> ${LAST}, last`,
    ]);
    expect(await pgVersions(pg())).toEqual([LAST]);
    expect(await pgTables(pg())).toEqual(['first_table', 'half_done', 'last_table', 'tsdb_version', 'tsdb_version_log']);
  });
});
