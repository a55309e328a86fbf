/**
 * No message, branch label or revision id can inject code into a generated script.
 * message-safety.test.ts covers `tsdb revision -m` with unusual messages; this file adds the
 * autogenerate path (`tsdb migrate -m`) with payloads that would run if they escaped the doc
 * comment (exit 7, or write a marker file), branch labels and `--rev-id` / `--depends-on` values
 * made of code. Each script is checked structurally (its statements are exactly the template's)
 * and by running it.
 */
import * as fs from 'node:fs';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, scriptFiles, versions } from '../helpers/cli-project';
import { lines, useSharedTempProject, type TempProject } from '../helpers/temp-project';

const MARKER = 'INJECTED';
/** Code that leaves a file behind if it ever runs (no spaces, so it is also a valid branch label). */
const WRITE_MARKER = `require('fs').writeFileSync('${MARKER}','1')`;

/** The statements every generated script has, in order: the template's and nothing else. */
const TEMPLATE_SHAPE = [
  'ImportDeclaration',
  'VariableStatement revision',
  'VariableStatement downRevision',
  'VariableStatement branchLabels',
  'VariableStatement dependsOn',
  'FunctionDeclaration upgrade',
  'FunctionDeclaration downgrade',
];

/** Top-level statements of a script, with the name each declares. */
function shape(source: string): string[] {
  const file = ts.createSourceFile('script.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return file.statements.map((s) => {
    if (ts.isImportDeclaration(s)) return 'ImportDeclaration';
    if (ts.isVariableStatement(s)) return `VariableStatement ${s.declarationList.declarations.map((d) => d.name.getText(file)).join(', ')}`;
    if (ts.isFunctionDeclaration(s)) return `FunctionDeclaration ${s.name?.getText(file) ?? ''}`;
    return `${ts.SyntaxKind[s.kind]} ${s.getText(file).slice(0, 60)}`;
  });
}

/** The syntax errors TypeScript's own transpiler reports for the file (tsdb loads it with esbuild). */
function syntaxErrors(source: string): string[] {
  const out = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The script's string-array export as written, evaluated by TypeScript's parser (not by running the script). */
function exportedList(source: string, name: string): string[] | null {
  const file = ts.createSourceFile('script.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  for (const s of file.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) {
      if (d.name.getText(file) !== name || d.initializer === undefined) continue;
      if (d.initializer.kind === ts.SyntaxKind.NullKeyword) return null;
      if (ts.isArrayLiteralExpression(d.initializer)) {
        return d.initializer.elements.map((e) => (ts.isStringLiteral(e) ? e.text : `<not a string literal: ${e.getText(file)}>`));
      }
    }
  }
  return [`<no ${name} export>`];
}

const GENERATED = /^Generating (migrations\/versions\/([0-9a-f]{12})_([a-z0-9_]+)\.ts) \.\.\. {2}done$/m;

/** The script a revision/migrate run wrote. */
function generated(stdout: string): { file: string; id: string; slug: string } {
  const match = GENERATED.exec(stdout);
  if (match === null) throw new Error(`no 'Generating migrations/versions/<rev>_<slug>.ts ...  done' line in:\n${stdout}`);
  return { file: match[1] ?? '', id: match[2] ?? '', slug: match[3] ?? '' };
}

/** The script is the template's statements only, compiles, and running it injected nothing. */
function expectHarmless(p: TempProject, file: string): string {
  const source = p.readFile(file);
  expect(syntaxErrors(source), source).toEqual([]);
  expect(shape(source), source).toEqual(TEMPLATE_SHAPE);
  return source;
}

const MESSAGES: ReadonlyArray<readonly [string, string]> = [
  ['a comment terminator then code', '*/ process.exit(7) /*'],
  ['backticks and template expressions', `ticks \`x\` \${process.exit(7)} and \${${WRITE_MARKER}}`],
  [
    'newlines, a lone CR and line separators around comment terminators',
    `first line\n*/ ${WRITE_MARKER}; /*\r*/ process.exit(7) /*\u2028process.exit(7)//\u2029last line`,
  ],
];

describe('tsdb migrate -m with code in the message', { timeout: 30_000 }, () => {
  // One project: each message autogenerates the script for one more table, on top of the last.
  const project = useSharedTempProject({}, (p) => initProject(p));
  const applied: string[] = [];

  it.each(MESSAGES.map(([name, message], i) => [name, message, i] as const))('%s', (_name, message, i) => {
    const p = project();
    const tablesNow = Array.from(
      { length: i + 1 },
      (_, k) => `export const note${k} = table('note${k}', { id: integer().primaryKey(), body: text() });`,
    );
    p.writeFile('common/models.ts', `import { table, integer, text } from 'tsdb';\n${tablesNow.join('\n')}\n`);
    const result = mustSucceed(p, ['migrate', '-m', message]);
    const { file, id, slug } = generated(result.stdout);
    expect(slug).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
    expect(scriptFiles(p)).toContain(file.slice('migrations/versions/'.length));
    const source = expectHarmless(p, file);
    // The upgrade does exactly what the models say.
    expect(source).toContain(`await op.createTable('note${i}', {`);
    expect(exportedList(source, 'branchLabels'), source).toBeNull();

    const up = p.run(['upgrade']);
    expect(up.code, `${up.stderr}\n${source}`).toBe(0);
    expect(fs.existsSync(p.path(MARKER)), source).toBe(false);
    expect(versions(p)).toEqual([id]);
    expect(lines(up.stderr)).toHaveLength(1);
    expect(lines(up.stderr)[0]).toMatch(new RegExp(`^Running upgrade ${applied[applied.length - 1] ?? ''} -> ${id}, `));
    applied.push(id);
  });
});

const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['a single quote', "it's"],
  ['a double quote and a backslash', 'x"y\\z'],
  ['backticks and a template expression', '`${process.exit(7)}`'],
  ['a quote that closes the array, then code', "x'];process.exit(7);//"],
  ['comment markers around code', '*/process.exit(7)/*'],
  ['code that writes a file', `'+${WRITE_MARKER}+'`],
  ['non-ASCII', 'café🚀用户'],
  ['a control character', 'ctl\u0001x'],
];

describe('branch labels, --rev-id and --depends-on with quotes and code', { timeout: 30_000 }, () => {
  // One project: each label starts its own branch from the root revision, which is applied.
  const shared = useSharedTempProject({}, (p) => {
    initProject(p);
    p.writeFile(
      'common/models.ts',
      "import { table, integer } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey() });\n",
    );
    addRevision(p, 'root', {}, '0000000000aa');
    mustSucceed(p, ['upgrade']);
  });

  /** Runs `work`; afterwards removes any script it left behind, so one failure does not break the next test. */
  function keepingScripts(p: TempProject, work: () => void): void {
    const before = scriptFiles(p);
    try {
      work();
    } finally {
      for (const name of scriptFiles(p)) if (!before.includes(name)) fs.rmSync(p.path(`migrations/versions/${name}`));
    }
  }

  it.each(LABELS)('--branch-label with %s', (_name, label) => {
    const p = shared();
    const result = mustSucceed(p, ['revision', '-m', 'labelled', '--branch-label', label, '--head', '0000000000aa', '--splice']);
    const { file, id } = generated(result.stdout);
    const source = expectHarmless(p, file);
    expect(exportedList(source, 'branchLabels'), source).toEqual([label]);

    // The label names the revision as an upgrade target, and loading the script runs nothing.
    const up = p.run(['upgrade', label]);
    expect(up.code, `${up.stderr}\n${source}`).toBe(0);
    expect(lines(up.stderr)).toEqual([`Running upgrade 0000000000aa -> ${id}, labelled`]);
    expect(fs.existsSync(p.path(MARKER)), source).toBe(false);
    expect(versions(p)).toContain(id);
  });

  it.each([
    ['a space', 'a b'],
    ['a reserved word', 'head'],
    ['the id of another revision', '0000000000aa'],
  ])('a branch label tsdb cannot use (%s) is refused before anything is written', (_name, label) => {
    const p = shared();
    keepingScripts(p, () => {
      const before = scriptFiles(p);
      const result = p.run(['revision', '-m', 'bad label', '--branch-label', label, '--head', '0000000000aa', '--splice']);
      const after = scriptFiles(p);
      // …otherwise every later command fails on the script it wrote.
      const heads = p.run(['heads']);
      expect(result.code, result.stdout).toBe(1);
      expect(lines(result.stderr), result.stderr).toEqual([expect.stringMatching(/^error: .*branch label/)]);
      expect(after).toEqual(before);
      expect(heads.code, heads.stderr).toBe(0);
    });
  });

  it.each([
    ['revision', ['revision', '-m', 'x']],
    ['migrate', ['migrate', '-m', 'x']],
  ])('%s --rev-id with quotes and code is refused and writes nothing', (_name, args) => {
    const p = shared();
    keepingScripts(p, () => {
      const before = scriptFiles(p);
      for (const revId of ["x';process.exit(7);//", '*/process.exit(7)/*${process.exit(7)}']) {
        const result = p.run([...args, '--rev-id', revId]);
        expect(result.code, result.stderr).toBe(1);
        expect(lines(result.stderr)).toEqual([`error: --rev-id '${revId}' is not valid; use 1-32 letters, digits or underscores`]);
      }
      expect(scriptFiles(p)).toEqual(before);
    });
  });

  it('--depends-on with quotes and code names no revision: refused, nothing written', () => {
    const p = shared();
    keepingScripts(p, () => {
      const before = scriptFiles(p);
      const result = p.run([
        'revision',
        '-m',
        'x',
        '--head',
        '0000000000aa',
        '--splice',
        '--depends-on',
        "0000000000aa'];process.exit(7);//",
      ]);
      expect(result.code, result.stderr).toBe(1);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(scriptFiles(p)).toEqual(before);
    });
  });

  it('--depends-on given as a branch label with quotes is written as the resolved revision id', () => {
    const p = shared();
    const result = mustSucceed(p, ['revision', '-m', 'dependent', '--head', '0000000000aa', '--splice', '--depends-on', "it's"]);
    const { file } = generated(result.stdout);
    const source = expectHarmless(p, file);
    const labelled = p.run(['show', "it's"]);
    const target = /^Rev: ([0-9a-f]{12})/m.exec(labelled.stdout)?.[1];
    expect(target, labelled.stderr).toMatch(/^[0-9a-f]{12}$/);
    expect(exportedList(source, 'dependsOn'), source).toEqual([target]);
  });
});
