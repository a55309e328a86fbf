/**
 * The postWrite hook through the built CLI: Prettier (the project's own; a stand-in with Prettier's API
 * when this repository has none installed), a command, a function, on revision, migrate and merge;
 * a failing hook keeps the script and warns; 'prettier' without Prettier writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject, mustSucceed, replaceInFile, scriptFiles } from '../helpers/cli-project';
import { lines, REPO_ROOT, useTempProject, type TempProject } from '../helpers/temp-project';

/** Prettier's API (format, resolveConfig, getFileInfo) applying `singleQuote: false` and `semi: false` to simple lines. */
const FAKE_PRETTIER = `const fs = require('fs');
const path = require('path');
exports.resolveConfig = async (file) => {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const rc = path.join(dir, '.prettierrc');
    if (fs.existsSync(rc)) return JSON.parse(fs.readFileSync(rc, 'utf8'));
    if (path.dirname(dir) === dir) return null;
  }
};
exports.getFileInfo = async (file, { ignorePath }) => {
  const patterns = fs.existsSync(ignorePath) ? fs.readFileSync(ignorePath, 'utf8').split('\\n').filter((p) => p.trim() !== '') : [];
  return { ignored: patterns.some((p) => path.relative(path.dirname(ignorePath), file).startsWith(p.trim())) };
};
exports.format = async (source, options) => {
  if (typeof options.filepath !== 'string') throw new Error('no filepath');
  let out = source;
  if (options.singleQuote === false) out = out.replace(/'([^'\\\\\\n]*)'/g, '"$1"');
  if (options.semi === false) out = out.replace(/;$/gm, '');
  return out;
};
`;

function realPrettier(): string | null {
  try {
    return path.dirname(require.resolve('prettier/package.json', { paths: [REPO_ROOT] }));
  } catch {
    return null;
  }
}

/** Puts Prettier into the project's node_modules: the real one when this repository has it, else the stand-in. */
function installPrettier(p: TempProject): void {
  const real = realPrettier();
  if (real !== null) {
    fs.symlinkSync(real, p.path('node_modules/prettier'), 'dir');
    return;
  }
  p.writeFile('node_modules/prettier/package.json', '{ "name": "prettier", "version": "0.0.0-stand-in", "main": "index.js" }\n');
  p.writeFile('node_modules/prettier/index.js', FAKE_PRETTIER);
}

const MIGRATIONS_LINE = "migrations: 'migrations', // the script directory";

function setPostWrite(p: TempProject, hook: string, imports = ''): void {
  replaceInFile(p, 'tsdb.config.ts', MIGRATIONS_LINE, `migrations: 'migrations',\n  postWrite: ${hook},`);
  if (imports !== '')
    replaceInFile(p, 'tsdb.config.ts', "import { defineConfig } from 'tsdb';", `import { defineConfig } from 'tsdb';\n${imports}`);
}

const GENERATED = /^Generating (migrations\/versions\/([0-9a-f]{12})_\w+\.ts) \.\.\. {2}done$/m;

function newScript(p: TempProject, args: ReadonlyArray<string>): { id: string; file: string } {
  const match = GENERATED.exec(mustSucceed(p, args).stdout);
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`tsdb ${args.join(' ')} wrote no script`);
  return { id: match[2], file: match[1] };
}

describe('postWrite', { timeout: 30_000 }, () => {
  const project = useTempProject({ type: 'commonjs' });

  it("init writes postWrite: 'prettier' when the project has Prettier, and new scripts come out formatted with its config", () => {
    const p = project();
    installPrettier(p);
    p.writeFile('.prettierrc', '{ "singleQuote": false, "semi": false }\n');
    initProject(p);
    expect(p.readFile('tsdb.config.ts')).toContain("  postWrite: 'prettier', // format every new script with the project's Prettier\n");
    const script = newScript(p, ['revision', '-m', 'formatted']);
    const text = p.readFile(script.file);
    expect(text).toContain(`export const revision = "${script.id}"\n`);
    expect(text).toContain('import { type Operations } from "tsdb"\n');
    // The formatted script is still read statically and runs.
    expect(lines(mustSucceed(p, ['history']).stdout)).toEqual([`<base> -> ${script.id} (head), formatted`]);
    mustSucceed(p, ['upgrade']);
  });

  it('Prettier leaves scripts that .prettierignore lists alone', () => {
    const p = project();
    installPrettier(p);
    p.writeFile('.prettierrc', '{ "singleQuote": false }\n');
    p.writeFile('.prettierignore', 'migrations/\n');
    initProject(p);
    const script = newScript(p, ['revision', '-m', 'left alone']);
    expect(p.readFile(script.file)).toContain(`export const revision = '${script.id}';`);
  });

  it('init without Prettier writes no postWrite', () => {
    const p = project();
    initProject(p);
    expect(p.readFile('tsdb.config.ts')).not.toContain('postWrite');
  });

  it('a function runs on every script tsdb writes: revision, migrate, merge', () => {
    const p = project();
    initProject(p);
    setPostWrite(
      p,
      "(file: string) => appendFileSync('hook.log', `${basename(file)}\\n`)",
      "import { appendFileSync } from 'node:fs';\nimport { basename } from 'node:path';",
    );
    p.writeFile(
      'common/models.ts',
      "import { table, integer } from 'tsdb';\nexport const t = table('t', { id: integer().primaryKey() });\n",
    );
    const written = [newScript(p, ['migrate', '-m', 'create t'])];
    written.push(newScript(p, ['revision', '-m', 'side', '--head', 'base', '--branch-label', 'side']));
    written.push(newScript(p, ['merge', '-m', 'join']));
    expect(lines(p.readFile('hook.log'))).toEqual(written.map((s) => path.basename(s.file)));
  });

  it('a command runs without a shell, in the project folder, with {file} as one argument', () => {
    const p = project();
    initProject(p);
    p.writeFile(
      'tools/stamp.js',
      "require('fs').appendFileSync(process.argv[2], `// stamped in ${require('path').basename(process.cwd())}; ${process.argv.length - 2} argument\\n`);\n",
    );
    setPostWrite(p, "'node tools/stamp.js {file}'");
    const script = newScript(p, ['revision', '-m', "it's a $(dangerous) `message`; rm -rf ~"]);
    expect(p.readFile(script.file)).toMatch(new RegExp(`// stamped in ${path.basename(p.dir)}; 1 argument\\n$`));
  });

  it('a failing hook keeps the script, warns in one line with its error, and exits 0', () => {
    const p = project();
    initProject(p);
    p.writeFile('tools/fail.js', "console.error('cannot format: unexpected token'); process.exit(2);\n");
    setPostWrite(p, "'node tools/fail.js'");
    const result = p.run(['revision', '-m', 'kept']);
    expect(result.code).toBe(0);
    const match = GENERATED.exec(result.stdout);
    expect(match).not.toBeNull();
    expect(p.normalize(result.stderr)).toBe(
      'warning: postWrite hook (node) failed on migrations/versions/<REV>_kept.ts: node exited with code 2: cannot format: unexpected token; the script is written as generated\n',
    );
    expect(fs.existsSync(p.path(match?.[1] ?? ''))).toBe(true);
    mustSucceed(p, ['upgrade']);
  });

  it('a function that throws: the same one warning', () => {
    const p = project();
    initProject(p);
    setPostWrite(p, "() => { throw new Error('formatter crashed\\nat line 2'); }");
    const result = p.run(['revision', '-m', 'kept too']);
    expect(result.code).toBe(0);
    expect(p.normalize(result.stderr)).toBe(
      'warning: postWrite hook (function) failed on migrations/versions/<REV>_kept_too.ts: formatter crashed; the script is written as generated\n',
    );
    expect(scriptFiles(p)).toHaveLength(1);
  });

  it("postWrite: 'prettier' in a project without Prettier fails before writing anything", () => {
    const p = project();
    initProject(p);
    setPostWrite(p, "'prettier'");
    const result = p.run(['revision', '-m', 'never written']);
    expect(result.code).toBe(1);
    expect(lines(p.normalize(result.stderr))).toEqual([
      "error: postWrite is 'prettier', but prettier is not installed in <TMP>; run `npm install --save-dev prettier`, or remove postWrite from the config",
    ]);
    expect(scriptFiles(p)).toEqual([]);
  });
});
