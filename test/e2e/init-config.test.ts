/**
 * `tsdb init` with `-c PATH` and with an existing config: the script directory is the one the config
 * names (resolved from the config's folder, as every other command resolves it), and `-c PATH` with
 * no file there writes the config at PATH (as `alembic -c x.ini init` does).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mustSucceed } from '../helpers/cli-project';
import { lines, useTempProject } from '../helpers/temp-project';

const MODELS = "import { table, integer } from 'tsdb';\nexport const thing = table('thing', { id: integer().primaryKey() });\n";

describe('init with a config', { timeout: 30_000 }, () => {
  const project = useTempProject();

  it('init -c conf/custom.config.ts creates the directory its `migrations` names, relative to the config folder', () => {
    const p = project();
    p.writeFile('conf/custom.config.ts', "export default { url: 'sqlite:///app.db', models: ['models.ts'], migrations: 'scripts' };\n");
    p.writeFile('conf/models.ts', MODELS);
    const result = mustSucceed(p, ['init', '-c', 'conf/custom.config.ts']);
    expect(lines(result.stdout)[0]).toBe('Creating directory conf/scripts ...  done');
    expect(fs.readdirSync(p.path('conf/scripts')).sort()).toEqual(['README', 'script.ts.tmpl', 'versions']);
    expect(fs.existsSync(p.path('migrations'))).toBe(false);
    expect(fs.existsSync(p.path('tsdb.config.ts'))).toBe(false);
    // every other command finds the same folder
    mustSucceed(p, ['-c', 'conf/custom.config.ts', 'revision', '-m', 'first']);
    expect(fs.readdirSync(p.path('conf/scripts/versions'))).toHaveLength(1);
  });

  it('an absolute `migrations` path in the config is created where it says', () => {
    const p = project();
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-abs-scripts-'));
    try {
      const scripts = path.join(target, 'scripts');
      p.writeFile('conf/custom.config.ts', `export default { url: 'sqlite:///app.db', migrations: ${JSON.stringify(scripts)} };\n`);
      mustSucceed(p, ['init', '-c', 'conf/custom.config.ts']);
      expect(fs.readdirSync(scripts).sort()).toEqual(['README', 'script.ts.tmpl', 'versions']);
      expect(fs.existsSync(p.path('migrations'))).toBe(false);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });

  it('an existing default config: init creates the directory it names, not ./migrations', () => {
    const p = project();
    p.writeFile('tsdb.config.ts', "export default { url: 'sqlite:///app.db', migrations: 'db/versions-here' };\n");
    mustSucceed(p, ['init']);
    expect(fs.existsSync(p.path('db/versions-here/script.ts.tmpl'))).toBe(true);
    expect(fs.existsSync(p.path('migrations'))).toBe(false);
  });

  it('-d still wins over the config, from the working folder', () => {
    const p = project();
    p.writeFile('conf/custom.config.ts', "export default { url: 'sqlite:///app.db', migrations: 'scripts' };\n");
    mustSucceed(p, ['init', '-c', 'conf/custom.config.ts', '-d', 'elsewhere']);
    expect(fs.existsSync(p.path('elsewhere/script.ts.tmpl'))).toBe(true);
    expect(fs.existsSync(p.path('conf/scripts'))).toBe(false);
  });

  it('init -c PATH with no file there writes the config at PATH, its migrations beside it, and commands use both', () => {
    const p = project();
    fs.mkdirSync(p.path('conf'));
    const result = mustSucceed(p, ['init', '-c', 'conf/custom.config.ts']);
    expect(lines(result.stdout)).toContain('Generating conf/custom.config.ts ...  done');
    const config = p.readFile('conf/custom.config.ts');
    expect(config).toContain("migrations: 'migrations'");
    expect(fs.existsSync(p.path('conf/migrations/script.ts.tmpl'))).toBe(true);
    expect(fs.existsSync(p.path('tsdb.config.ts'))).toBe(false);
    mustSucceed(p, ['-c', 'conf/custom.config.ts', 'revision', '-m', 'first']);
    expect(fs.readdirSync(p.path('conf/migrations/versions'))).toHaveLength(1);
  });

  it('init -c PATH.json with no file writes a JSON config that loads', () => {
    const p = project();
    mustSucceed(p, ['init', '-c', 'tsdb.config.json', '-d', 'db']);
    expect(JSON.parse(p.readFile('tsdb.config.json'))).toMatchObject({ url: 'sqlite:///sqlite.db', migrations: 'db' });
    mustSucceed(p, ['-c', 'tsdb.config.json', 'revision', '-m', 'first']);
    expect(fs.readdirSync(p.path('db/versions'))).toHaveLength(1);
  });

  it('init -c into a folder that does not exist: one line, nothing written', () => {
    const p = project();
    const result = p.run(['init', '-c', 'nowhere/custom.config.ts']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      'error: cannot write the config nowhere/custom.config.ts: the folder nowhere does not exist; create it first',
    ]);
    expect(fs.readdirSync(p.dir).filter((name) => !['node_modules', '.tsdb-cache'].includes(name))).toEqual([]);
  });
});
