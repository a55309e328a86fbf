/**
 * The README's programmatic-API example, example/migrate-on-startup.ts, run as an app runs it: a
 * separate Node process in a copy of the example app, importing 'tsdb' through node_modules (the
 * package's "main", not the CLI bundle). Also: an app's own vitest suite builds its database with the
 * API, and importing 'tsdb' stays cheap, from CommonJS and ESM.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed } from '../helpers/cli-project';
import { lines, REPO_ROOT, useTempProject, type RunResult, type TempProject } from '../helpers/temp-project';

const TS_NODE = require.resolve('ts-node/register/transpile-only');
const HEAD = 'c4d8e1f2a3b5';

/** Runs `node ...args` in the project, as an app would start. */
function node(project: TempProject, args: ReadonlyArray<string>): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, TSDB_CACHE_DIR: project.path('.tsdb-cache') };
  delete env['DATABASE_URL'];
  const result = spawnSync(process.execPath, args, { cwd: project.dir, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The repository's example app (config, models, app files, migrations, a tsconfig for ts-node) copied into the temp project. */
function copyExampleApp(project: TempProject): void {
  for (const entry of ['tsdb.config.ts', 'example', 'migrations']) {
    fs.cpSync(path.join(REPO_ROOT, entry), project.path(entry), { recursive: true, filter: (source) => !source.endsWith('.db') });
  }
  project.writeFile(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'ES2022', esModuleInterop: true, strict: true },
    }),
  );
  const betterSqlite = path.dirname(require.resolve('better-sqlite3/package.json'));
  fs.symlinkSync(betterSqlite, project.path('node_modules/better-sqlite3'), 'dir');
}

const startApp = (project: TempProject): RunResult => node(project, ['-r', TS_NODE, 'example/migrate-on-startup.ts']);

describe('example/migrate-on-startup.ts', { timeout: 120_000 }, () => {
  const project = useTempProject();

  it('migrates the database at start-up, then uses it; the next start finds it at head', () => {
    const p = project();
    copyExampleApp(p);
    const first = startApp(p);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      'migrating: upgrade 5e1c0a7d2b91, create team and user tables',
      'migrating: upgrade 9b3f6e2a4c80, add user bio',
      `migrating: upgrade ${HEAD}, add user.last_login`,
      `database migrated to ${HEAD}`,
      'ada (engines)',
    ]);
    const again = startApp(p);
    expect(again.code, again.stderr).toBe(0);
    expect(lines(again.stdout)).toEqual([`database already at ${HEAD}`, 'ada (engines)']);
  });

  it('a failing migration stops start-up with the TsdbError code; the app decides to exit 1', () => {
    const p = project();
    copyExampleApp(p);
    addRevision(p, 'broken', { upgrade: "await op.execute('UPDATE missing_table SET x = 1');" }, 'ffffffffffff');
    const result = startApp(p);
    expect(result.code).toBe(1);
    expect(lines(result.stdout).at(-1)).toBe('migrating: upgrade ffffffffffff, broken');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^cannot start: upgrade ffffffffffff \(.*\) failed: .*no such table: missing_table.*; it was rolled back and the database is at c4d8e1f2a3b5 \[MIGRATION_FAILED\]\n$/,
    );
  });

  it('is the code the README shows', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Programmatic API'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    expect(fs.readFileSync(path.join(REPO_ROOT, 'example', 'migrate-on-startup.ts'), 'utf8')).toContain(block);
  });
});

describe("an app's own vitest suite", { timeout: 120_000 }, () => {
  const project = useTempProject();

  it("sets up its database with the API from node_modules/tsdb; errors are the app's TsdbError", () => {
    const p = project();
    initProject(p);
    p.writeFile(
      'common/models.ts',
      "import { integer, table } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey() });\n",
    );
    mustSucceed(p, ['migrate', '-m', 'create note', '--rev-id', 'a1a1a1a1a1a1']);
    fs.symlinkSync(path.dirname(require.resolve('vitest/package.json')), p.path('node_modules/vitest'), 'dir');
    p.writeFile(
      'db.test.ts',
      `import { expect, it } from 'vitest';
import { migrations, TsdbError } from 'tsdb';
it('builds the database', async () => {
  expect((await migrations.upgrade({ cwd: __dirname })).current).toEqual(['a1a1a1a1a1a1']);
  expect((await migrations.check({ cwd: __dirname })).ok).toBe(true);
  await expect(migrations.upgrade({ cwd: __dirname, target: 'zzz' })).rejects.toBeInstanceOf(TsdbError);
});
`,
    );
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    const result = spawnSync(process.execPath, [p.path('node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: p.dir,
      env: { ...env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 100_000,
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/Tests +1 passed/);
  });
});

describe("importing 'tsdb' in an app", { timeout: 60_000 }, () => {
  const project = useTempProject();
  // Prints whether any command module is loaded, then calls the API and prints again.
  const probe = (load: string) => `${load}
const loaded = () => Object.keys(require.cache).some((file) => file.includes('commands'));
console.log(typeof tsdb.migrations.upgrade, typeof tsdb.check('ck_x', tsdb.sql\`x > 0\`), loaded());
tsdb.migrations.current({ cwd: ${JSON.stringify('.')} }).then(
  (result) => console.log(JSON.stringify(result), loaded()),
  (error) => console.log(error instanceof tsdb.TsdbError, error.code, loaded()),
);`;

  it('require() gets the API and the models builders (check included) without loading any command module', () => {
    const result = node(project(), ['-e', probe("const tsdb = require('tsdb');")]);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual(['function object false', 'true CONFIG true']);
  });

  it('import from an ES module gets the same names', () => {
    const p = project();
    p.writeFile(
      'probe.mjs',
      probe("import * as tsdb from 'tsdb';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);"),
    );
    const result = node(p, ['probe.mjs']);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual(['function object false', 'true CONFIG true']);
  });
});
