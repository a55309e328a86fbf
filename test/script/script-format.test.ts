/** Which format new scripts get: detection from the script directory, the config file and the project's files. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config';
import {
  configFileFormat,
  detectProjectFormat,
  detectScriptFormat,
  scriptExtension,
  templateFormat,
  type ScriptFormat,
} from '../../src/script/script-format';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-format-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'p', ...extra });

describe('detectProjectFormat (what tsdb init writes when there is no config)', () => {
  it.each<[string, Record<string, string>, ScriptFormat]>([
    ['no package.json at all', {}, 'ts'],
    ['a bare package.json (npm init -y): the SPEC default', { 'package.json': pkg({ main: 'index.js' }) }, 'ts'],
    ['JavaScript files, CommonJS package', { 'package.json': pkg(), 'index.js': '' }, 'cjs'],
    ['JavaScript files in src/, "type": "module"', { 'package.json': pkg({ type: 'module' }), 'src/app.js': '' }, 'esm'],
    ['.mjs files in lib/, no type', { 'package.json': pkg(), 'lib/db.mjs': '' }, 'cjs'],
    ['JavaScript files and a tsconfig.json', { 'package.json': pkg(), 'index.js': '', 'tsconfig.json': '{}' }, 'ts'],
    [
      'JavaScript files and a typescript devDependency',
      { 'package.json': pkg({ devDependencies: { typescript: '5' } }), 'index.js': '' },
      'ts',
    ],
    ['JavaScript and TypeScript files', { 'package.json': pkg(), 'index.js': '', 'src/app.ts': '' }, 'ts'],
    ['only a tsdb config and dotfiles in JavaScript', { 'package.json': pkg(), 'tsdb.config.js': '', '.eslintrc.js': '' }, 'ts'],
    ['declaration files do not make it TypeScript', { 'package.json': pkg(), 'index.js': '', 'index.d.ts': '' }, 'cjs'],
  ])('%s → %s', (_name, files, expected) => {
    write(files);
    expect(detectProjectFormat(dir)).toBe(expected);
  });

  it('reads the package.json above a sub-folder, and a tsconfig.json at the package root', () => {
    write({ 'package.json': pkg({ type: 'module' }), 'app/server.js': '' });
    expect(detectProjectFormat(path.join(dir, 'app'))).toBe('esm');
    write({ 'tsconfig.json': '{}' });
    expect(detectProjectFormat(path.join(dir, 'app'))).toBe('ts');
  });
});

describe('configFileFormat and scriptExtension', () => {
  it('a config file names its language; .js follows the package type', () => {
    write({ 'package.json': pkg({ type: 'module' }) });
    expect(
      ['tsdb.config.ts', 'tsdb.config.mjs', 'tsdb.config.cjs', 'tsdb.config.js', 'tsdb.config.json'].map((f) =>
        configFileFormat(path.join(dir, f)),
      ),
    ).toStrictEqual(['ts', 'esm', 'cjs', 'esm', null]);
    write({ 'package.json': pkg() });
    expect(configFileFormat(path.join(dir, 'tsdb.config.js'))).toBe('cjs');
  });

  it('.js when the package loads it in the format, else .mjs / .cjs', () => {
    write({ 'package.json': pkg(), 'esm/package.json': pkg({ type: 'module' }) });
    expect(['ts', 'esm', 'cjs'].map((f) => scriptExtension(f as ScriptFormat, dir))).toStrictEqual(['.ts', '.mjs', '.js']);
    expect(['ts', 'esm', 'cjs'].map((f) => scriptExtension(f as ScriptFormat, path.join(dir, 'esm')))).toStrictEqual([
      '.ts',
      '.js',
      '.cjs',
    ]);
  });
});

describe('detectScriptFormat (commands writing scripts)', () => {
  const sources = (configName: string | null) => ({
    migrationsDir: path.join(dir, 'migrations'),
    configPath: configName === null ? null : path.join(dir, configName),
    rootDir: dir,
  });

  it('the one template in the script directory wins over the config file', () => {
    write({ 'package.json': pkg(), 'index.js': '', 'migrations/script.ts.tmpl': '' });
    expect(templateFormat(path.join(dir, 'migrations'))).toBe('ts');
    expect(detectScriptFormat(sources('tsdb.config.cjs'))).toBe('ts');
  });

  it('several templates or none: the config file, then the project', () => {
    write({ 'package.json': pkg({ type: 'module' }), 'src/a.js': '', 'migrations/script.ts.tmpl': '', 'migrations/script.cjs.tmpl': '' });
    expect(templateFormat(path.join(dir, 'migrations'))).toBeNull();
    expect(detectScriptFormat(sources('tsdb.config.cjs'))).toBe('cjs');
    expect(detectScriptFormat(sources('tsdb.config.json'))).toBe('esm');
    expect(detectScriptFormat(sources(null))).toBe('esm');
  });

  it('loadConfig resolves scriptFormat (explicit or detected) and keeps postWrite', async () => {
    write({ 'tsdb.config.json': JSON.stringify({ url: 'sqlite:///a.db', postWrite: 'prettier' }), 'migrations/script.cjs.tmpl': '' });
    expect(await loadConfig({ cwd: dir })).toMatchObject({ scriptFormat: 'cjs', postWrite: 'prettier' });
    write({ 'tsdb.config.json': JSON.stringify({ url: 'sqlite:///a.db', scriptFormat: 'esm' }) });
    expect(await loadConfig({ cwd: dir })).toMatchObject({ scriptFormat: 'esm', postWrite: null });
  });

  it.each([
    ['{"url": "sqlite:///a.db", "scriptFormat": "js"}', /'scriptFormat' must be one of 'ts', 'esm', 'cjs'/],
    ['{"url": "sqlite:///a.db", "postWrite": ""}', /'postWrite' must be 'prettier', a command .* or a function/],
    ['{"url": "sqlite:///a.db", "postwrite": "prettier"}', /unknown config key 'postwrite'; did you mean 'postWrite'\?/],
  ])('rejects %s', async (json, message) => {
    write({ 'tsdb.config.json': json });
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(message);
  });
});
