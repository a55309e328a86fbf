/**
 * npm 12 skips dependency install scripts it was not told to allow, so a user's better-sqlite3 can
 * arrive without its compiled addon. tsdb then says so in one line, with the fix, instead of a
 * loader stack. The install is rebuilt here as npm leaves it: tsdb's files, and a better-sqlite3
 * whose `build/` folder was never made.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lines, REPO_ROOT } from '../helpers/temp-project';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-unbuilt-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function installWithoutAddon(): string {
  const modules = path.join(root, 'node_modules');
  const tsdb = path.join(modules, 'tsdb');
  fs.mkdirSync(tsdb, { recursive: true });
  for (const part of ['package.json', 'dist', 'templates'])
    fs.cpSync(path.join(REPO_ROOT, part), path.join(tsdb, part), { recursive: true });
  const driver = path.join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  fs.cpSync(driver, path.join(modules, 'better-sqlite3'), {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(driver, 'build')),
  });
  for (const name of ['bindings', 'file-uri-to-path', 'esbuild', 'knex'])
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(modules, name));
  return path.join(tsdb, 'dist', 'bin', 'tsdb.js');
}

describe('better-sqlite3 installed without its native addon', { timeout: 60_000 }, () => {
  it('any database command fails with one line that names the driver and the two npm commands', () => {
    const cli = installWithoutAddon();
    fs.writeFileSync(path.join(root, 'tsdb.config.json'), JSON.stringify({ url: 'sqlite:///app.db', migrations: 'migrations' }));
    fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
    const run = spawnSync(process.execPath, [cli, 'upgrade'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: path.join(root, '.cache') },
    });
    expect(lines(run.stderr)).toEqual([
      'error: the SQLite driver better-sqlite3 has no native addon built for this Node.js (its install script was skipped, or Node changed); ' +
        'run `npm install-scripts approve better-sqlite3`, then `npm rebuild better-sqlite3`',
    ]);
    expect(run.status).toBe(1);
    expect(fs.existsSync(path.join(root, 'app.db'))).toBe(false);
  });
});
