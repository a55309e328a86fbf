/**
 * SIGINT and SIGTERM in the middle of a revision: the revision is rolled back, the earlier ones stay,
 * the process exits 130/143 with one line saying where the database stands, and no lock is left.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, tables, versions } from '../helpers/cli-project';
import { CLI, lines, useTempProject, type TempProject } from '../helpers/temp-project';

const FIRST = 'f1f1f1f1f1f1';
const SLOW = 'a2a2a2a2a2a2';

/** Runs `tsdb upgrade`, sends `signal` once the slow revision has started, and resolves with what it printed. */
function interruptUpgrade(p: TempProject, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'upgrade'], {
      cwd: p.dir,
      env: { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: p.path('.tsdb-cache') },
    });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // the slow revision prints its marker once its first op has run inside the savepoint
      if (!sent && stderr.includes('slow revision is running')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function setup(p: TempProject): void {
  initProject(p);
  addRevision(p, 'first', { upgrade: "await op.execute('CREATE TABLE first_table (id INTEGER)');" }, FIRST);
  addRevision(
    p,
    'slow',
    {
      upgrade: [
        "await op.execute('CREATE TABLE half_done (id INTEGER)');",
        "await op.execute('INSERT INTO half_done VALUES (1)');",
        "process.stderr.write('slow revision is running\\n');",
        'await new Promise((resolve) => setTimeout(resolve, 20_000));',
      ].join('\n'),
    },
    SLOW,
  );
}

describe('interrupting an upgrade', { timeout: 60_000 }, () => {
  const project = useTempProject();

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s rolls back the revision in progress and exits %i', async (signal, code) => {
    const p = project();
    setup(p);
    const result = await interruptUpgrade(p, signal);
    expect(result.code, result.stderr).toBe(code);
    expect(lines(result.stderr).at(-1)).toBe(
      `error: interrupted by ${signal}: the migration in progress was rolled back; the database is at ${FIRST}`,
    );
    expect(versions(p)).toEqual([FIRST]);
    expect(tables(p)).toEqual(['first_table', 'tsdb_version', 'tsdb_version_log']);
    // no lock is left behind: another runner writes at once
    mustSucceed(p, ['--lock-timeout', '0', 'stamp', SLOW]);
    expect(versions(p)).toEqual([SLOW]);
  });
});
