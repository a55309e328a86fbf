/**
 * JavaScript projects through the built CLI: a CommonJS one and a `"type": "module"` one get a
 * tsdb.config.js and .js scripts in their own module system, with models written in JavaScript:
 * init, revision, migrate, upgrade, history, check, downgrade.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columns, mustSucceed, replaceInFile, tables, versions } from '../helpers/cli-project';
import { lines, useSharedTempProject, useTempProject, type TempProject } from '../helpers/temp-project';

const GENERATED = /^Generating migrations\/versions\/(([0-9a-f]{12})_\w+\.(?:js|mjs|cjs)) \.\.\. {2}done$/m;

/** Runs a script-writing command and returns the new script's id and path (relative to the project). */
function generated(p: TempProject, args: ReadonlyArray<string>): { id: string; file: string; text: string } {
  const match = GENERATED.exec(mustSucceed(p, args).stdout);
  if (match === null || match[1] === undefined || match[2] === undefined) throw new Error(`tsdb ${args.join(' ')} named no .js script`);
  const file = `migrations/versions/${match[1]}`;
  return { id: match[2], file, text: p.readFile(file) };
}

const projects = [
  {
    type: 'commonjs',
    format: 'cjs',
    template: 'script.cjs.tmpl',
    configHead: "const { defineConfig } = require('tsdb');\n\nmodule.exports = defineConfig({",
    importLine: "const { integer, varchar } = require('tsdb');",
    exportLine: (id: string) => `exports.revision = '${id}';`,
    models: (bio: boolean) => `const { table, integer, varchar, text } = require('tsdb');
const { NAME_LENGTH } = require('./limits.js');

exports.user = table('user', {
  id: integer().primaryKey(),
  name: varchar(NAME_LENGTH).notNull(),${bio ? '\n  bio: text(),' : ''}
});
`,
    limits: 'exports.NAME_LENGTH = 80;\n',
  },
  {
    type: 'module',
    format: 'esm',
    template: 'script.mjs.tmpl',
    configHead: "import { defineConfig } from 'tsdb';\n\nexport default defineConfig({",
    importLine: "import { integer, varchar } from 'tsdb';",
    exportLine: (id: string) => `export const revision = '${id}';`,
    models: (bio: boolean) => `import { table, integer, varchar, text } from 'tsdb';
import { NAME_LENGTH } from './limits.js';

export const user = table('user', {
  id: integer().primaryKey(),
  name: varchar(NAME_LENGTH).notNull(),${bio ? '\n  bio: text(),' : ''}
});
`,
    limits: 'export const NAME_LENGTH = 80;\n',
  },
] as const;

describe.each(projects)('a JavaScript "type": "$type" project', { timeout: 30_000 }, (kind) => {
  // JavaScript code and no TypeScript: still TypeScript by default; --format picks JavaScript.
  const project = useSharedTempProject({ type: kind.type }, (p) => p.writeFile('src/app.js', '// the app\n'));
  const ids: string[] = [];

  it(`init --format ${kind.format} writes tsdb.config.js and ${kind.template}`, () => {
    const p = project();
    const result = mustSucceed(p, ['init', '--format', kind.format]);
    expect(lines(result.stdout)).toEqual([
      'Creating directory migrations ...  done',
      'Generating migrations/README ...  done',
      `Generating migrations/${kind.template} ...  done`,
      'Generating migrations/versions ...  done',
      'Generating tsdb.config.js ...  done',
      'Please edit tsdb.config.js: set the database url and your models module.',
    ]);
    expect(p.readFile('tsdb.config.js')).toContain(kind.configHead);
    expect(p.readFile('tsdb.config.js')).toContain("models: ['common/models.js']");
    expect(fs.existsSync(p.path('tsdb.config.ts'))).toBe(false);
    replaceInFile(p, 'tsdb.config.js', "process.env.DATABASE_URL ?? 'sqlite:///sqlite.db'", "'sqlite:///app.db'");
    p.writeFile('common/models.js', kind.models(false));
    p.writeFile('common/limits.js', kind.limits);
  });

  it('revision writes a .js script with no import line and no types', () => {
    const p = project();
    const first = generated(p, ['revision', '-m', 'empty start']);
    ids.push(first.id);
    expect(first.file).toBe(`migrations/versions/${first.id}_empty_start.js`);
    expect(first.text).toContain(kind.exportLine(first.id));
    expect(first.text).not.toMatch(/require\(|^import |: Operations|: string/m);
    expect(mustSucceed(p, ['upgrade']).stderr).toContain(`Running upgrade  -> ${first.id}, empty start`);
  });

  it('migrate writes the JavaScript form of the detected operations; upgrade runs it', () => {
    const p = project();
    const second = generated(p, ['migrate', '-m', 'create user']);
    ids.push(second.id);
    expect(second.text).toContain(kind.importLine);
    expect(second.text).toContain(
      "await op.createTable('user', {\n    id: integer().primaryKey(),\n    name: varchar(80).notNull(),\n  });",
    );
    expect(second.text).toContain("await op.dropTable('user');");
    mustSucceed(p, ['upgrade']);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log', 'user']);
    expect(versions(p)).toEqual([second.id]);
  });

  it('a new column in the JavaScript models: migrate, upgrade, check, history', () => {
    const p = project();
    p.writeFile('common/models.js', kind.models(true));
    const third = generated(p, ['migrate', '-m', 'add user.bio']);
    ids.push(third.id);
    expect(third.text).toContain("await op.addColumn('user', text('bio'));");
    mustSucceed(p, ['upgrade']);
    expect(columns(p, 'user')).toEqual(['id', 'name', 'bio']);
    expect(mustSucceed(p, ['check']).stdout).toBe('No new upgrade operations detected.\n');
    const [a, b, c] = ids;
    expect(lines(mustSucceed(p, ['history']).stdout)).toEqual([
      `${b} -> ${c} (head), add user.bio`,
      `${a} -> ${b}, create user`,
      `<base> -> ${a}, empty start`,
    ]);
  });

  it('downgrade runs the JavaScript downgrades back to base', () => {
    const p = project();
    mustSucceed(p, ['downgrade']);
    expect(columns(p, 'user')).toEqual(['id', 'name']);
    mustSucceed(p, ['downgrade', 'base']);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log']);
    expect(versions(p)).toEqual([]);
  });

  it('a syntax error in a .js script is reported by history, with file and line', () => {
    const p = project();
    const file = `migrations/versions/${ids[2] ?? ''}_add_user_bio.js`;
    const text = p.readFile(file);
    p.writeFile(file, text.replace("await op.addColumn('user', text('bio'));", "await op.addColumn('user', text('bio');"));
    const result = p.run(['history']);
    expect(result.code).toBe(1);
    expect(p.normalize(result.stderr)).toMatch(/^error: .*<REV>_add_user_bio\.js:\d+:\d+: Expected "\)" but found ";"; fix the file/);
    p.writeFile(file, text);
  });
});

describe('init --format', { timeout: 30_000 }, () => {
  const project = useTempProject({ type: 'module' });

  it('--format cjs in a "type": "module" package writes .cjs files that load as CommonJS', () => {
    const p = project();
    const result = mustSucceed(p, ['init', '--format', 'cjs']);
    expect(result.stdout).toContain(
      'Generating migrations/script.cjs.tmpl ...  done\nGenerating migrations/versions ...  done\nGenerating tsdb.config.cjs ...  done',
    );
    replaceInFile(p, 'tsdb.config.cjs', "process.env.DATABASE_URL ?? 'sqlite:///sqlite.db'", "'sqlite:///app.db'");
    const script = generated(p, ['revision', '-m', 'one']);
    expect(script.file).toBe(`migrations/versions/${script.id}_one.cjs`);
    replaceInFile(
      p,
      script.file,
      "  // write the upgrade here, e.g. await op.addColumn('user', text('bio'));",
      "  await op.execute('CREATE TABLE one (id INTEGER)');",
    );
    mustSucceed(p, ['upgrade']);
    expect(tables(p)).toContain('one');
  });

  it('ES modules find tsdb through Node: without it installed in the project, one line says to install it', () => {
    const p = project();
    mustSucceed(p, ['init', '--format', 'esm']);
    fs.rmSync(p.path('node_modules/tsdb'));
    const result = p.run(['history']);
    expect(result.code).toBe(1);
    expect(lines(p.normalize(result.stderr))).toEqual([
      "error: cannot load <TMP>/tsdb.config.js: Cannot find package 'tsdb' imported from <TMP>/tsdb.config.js; JavaScript ES modules need tsdb installed in the project: npm install --save-dev tsdb",
    ]);
  });

  it('without --format, even a JavaScript project gets tsdb.config.ts and script.ts.tmpl (the documented default)', () => {
    const p = project();
    p.writeFile('src/app.js', '// the app\n');
    mustSucceed(p, ['init']);
    expect(fs.existsSync(p.path('tsdb.config.ts'))).toBe(true);
    expect(fs.readdirSync(p.path('migrations')).sort()).toEqual(['README', 'script.ts.tmpl', 'versions']);
  });

  it('an unknown format is a usage error that lists the choices', () => {
    const p = project();
    const result = p.run(['init', '--format', 'coffee']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/'coffee' is invalid.*ts, esm, cjs/);
    expect(fs.existsSync(p.path('migrations'))).toBe(false);
  });
});
