import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, versions } from '../helpers/cli-project';
import { CLI, useTempProject } from '../helpers/temp-project';

function runAsync(cwd: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('concurrent upgrades', () => {
  const project = useTempProject();

  it('four parallel `tsdb upgrade` processes apply every revision exactly once', async () => {
    const p = project();
    initProject(p);
    // Each revision is slow (inserts rows) and appends to a log table, so a double apply would show.
    for (let i = 1; i <= 3; i++) {
      addRevision(p, `step ${i}`, {
        upgrade: [
          i === 1 ? "await op.execute('CREATE TABLE applied (rev INTEGER, pid INTEGER)');" : '',
          `await op.execute('CREATE TABLE bulk_${i} (n INTEGER)');`,
          `await op.execute('WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000) INSERT INTO bulk_${i} SELECT n FROM c');`,
          `await op.execute('INSERT INTO applied (rev, pid) VALUES (?, ?)', [${i}, process.pid]);`,
        ]
          .filter((line) => line !== '')
          .join('\n'),
      });
    }
    p.run(['history']); // warms the transpile cache so the runners start together
    const env = { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: p.path('.tsdb-cache') };
    const results = await Promise.all([1, 2, 3, 4].map(() => runAsync(p.dir, ['upgrade'], env)));
    expect(
      results.map((r) => r.code),
      results.map((r) => r.stderr).join('\n'),
    ).toEqual([0, 0, 0, 0]);
    const applied = p.sqlite('app.db').prepare('SELECT rev, count(*) AS n FROM applied GROUP BY rev ORDER BY rev').all();
    expect(applied).toEqual([
      { rev: 1, n: 1 },
      { rev: 2, n: 1 },
      { rev: 3, n: 1 },
    ]);
    const runningLines = results.flatMap((r) => r.stderr.split('\n').filter((line) => line.startsWith('Running upgrade')));
    expect(runningLines).toHaveLength(3);
    expect(versions(p)).toHaveLength(1);
  });
});
