/** Progress is for terminals: counts and a summary with the time on a TTY, nothing of it when piped. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed } from '../helpers/cli-project';
import { CLI, lines, useTempProject } from '../helpers/temp-project';

describe('progress output', { timeout: 60_000 }, () => {
  const project = useTempProject();

  function twoRevisions(): void {
    const p = project();
    initProject(p);
    addRevision(
      p,
      'one',
      { upgrade: "await op.execute('CREATE TABLE one (id INTEGER)');", downgrade: "await op.execute('DROP TABLE one');" },
      'aaaa00000001',
    );
    addRevision(
      p,
      'two',
      { upgrade: "await op.execute('CREATE TABLE two (id INTEGER)');", downgrade: "await op.execute('DROP TABLE two');" },
      'aaaa00000002',
    );
  }

  it('piped: the plain Running lines only, no counters, no summary, no carriage returns', () => {
    twoRevisions();
    const result = mustSucceed(project(), ['upgrade']);
    expect(lines(result.stderr)).toEqual(['Running upgrade  -> aaaa00000001, one', 'Running upgrade aaaa00000001 -> aaaa00000002, two']);
    expect(result.stderr).not.toContain('\r');
  });

  it('on a terminal: [i/n] counters and a summary line with the time taken; --quiet shows none of it', () => {
    twoRevisions();
    const p = project();
    // script(1) gives the CLI a pseudo-terminal for stdout and stderr
    const tty = (args: string) =>
      spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${args}`, '/dev/null'], {
        cwd: p.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: p.path('.tsdb-cache') },
      });
    const up = tty('upgrade');
    expect(up.status, up.stdout).toBe(0);
    const shown = lines(up.stdout.replace(/\r/g, ''));
    expect(shown.slice(0, 2)).toEqual([
      '[1/2] Running upgrade  -> aaaa00000001, one',
      '[2/2] Running upgrade aaaa00000001 -> aaaa00000002, two',
    ]);
    expect(shown[2]).toMatch(/^Done: upgrade of 2 revisions in \d+ ms$|^Done: upgrade of 2 revisions in [\d.]+ s$/);
    const quiet = tty('-q downgrade base');
    expect(quiet.status, quiet.stdout).toBe(0);
    expect(quiet.stdout.trim()).toBe('');
  });
});
