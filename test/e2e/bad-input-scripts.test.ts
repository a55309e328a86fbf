/**
 * Bad input, part 3: migration scripts and models that do not load, a broken revision graph, bad
 * TARGETs, and bad arguments to revision / migrate / stamp / show / history. Each case runs the
 * built CLI in a copy of a real project (SQLite file at B with one row, script C pending) and checks
 * the failure contract (SPEC.md "Exit codes"): exit 1 or 2, exactly one `error: …` line naming the
 * file / revision and the fix, no stack trace, and nothing in the project changed (database bytes
 * and rows, migrations/ listing and contents).
 *
 * Cases where a script runs and then fails pass -q: `Running upgrade …` is progress printed before
 * the script runs, by design, and -q leaves only the error line.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { A, B, C, C_UPGRADE, expectCleanFailure, FILE_A, FILE_B, FILE_C, setupProject } from '../helpers/bad-input';
import { mustSucceed, replaceInFile, versions } from '../helpers/cli-project';
import { useSharedTempProject, useTempProject, type TempProject } from '../helpers/temp-project';

/** The starting project (A and B applied, C pending), made once; every test works on its own copy. */
const template = useSharedTempProject({}, setupProject);

/** Replaces C's upgrade statement with `body`. */
function setUpgradeOfC(p: TempProject, body: string): void {
  replaceInFile(p, FILE_C, C_UPGRADE, body);
}

/** Replaces line `search` of a project file, returning the 1-based number of the line it is on. */
function replaceLine(p: TempProject, file: string, search: string, replacement: string): number {
  const text = p.readFile(file);
  const index = text.split('\n').findIndex((line) => line.includes(search));
  if (index < 0) throw new Error(`${file} has no line containing ${JSON.stringify(search)}`);
  replaceInFile(p, file, search, replacement);
  return index + 1;
}

const MODELS =
  "import { table, integer, text } from 'tsdb';\n\nexport const customer = table('customer', {\n  id: integer().primaryKey(),\n  name: text(),\n  email: text(),\n});\n";

describe('bad input: scripts and models that do not load', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it.each([['history'], ['upgrade']])('a syntax error in a script: %s names the file and the line', (command) => {
    const p = project();
    const line = replaceLine(p, FILE_B, "await op.addColumn('customer', text('email'));", 'const broken = ;');
    expectCleanFailure(p, [command], { code: 1, names: [new RegExp(`${FILE_B.replace(/\./g, '\\.')}:${line}:\\d+`)], fix: /fix the file/ });
  });

  it.each([['migrate', '-m', 'x'], ['check']])('a syntax error in the models module: %s names the file and the line', (...args) => {
    const p = project();
    fs.rmSync(p.path(FILE_C)); // the database is then at head, as migrate and check need
    p.writeFile('common/models.ts', MODELS.replace('  email: text(),\n', '  email: text(,\n'));
    expectCleanFailure(p, args, { code: 1, names: [/common\/models\.ts:6:\d+/], fix: /fix the file/ });
  });

  it('a script without a `revision` export names the file', () => {
    const p = project();
    replaceInFile(p, FILE_B, `export const revision = '${B}';\n`, '');
    expectCleanFailure(p, ['history'], { code: 1, names: [FILE_B, 'revision'], fix: /must export/ });
  });

  it('a script whose `revision` is a number (42) names the file and the export', () => {
    const p = project();
    replaceInFile(p, FILE_B, `export const revision = '${B}';`, 'export const revision = 42;');
    expectCleanFailure(p, ['history'], { code: 1, names: [FILE_B, 'revision'], fix: /must/ });
  });

  it('a script whose `downRevision` is a number (7) names the file and the export', () => {
    const p = project();
    replaceInFile(p, FILE_B, `export const downRevision: string | string[] | null = '${A}';`, 'export const downRevision = 7;');
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [FILE_B, 'downRevision'], fix: /must be null, a string or an array/ });
  });

  it('a script without `upgrade`: upgrade -q names the file and the missing export, and rolls back', () => {
    const p = project();
    p.writeFile(FILE_C, p.readFile(FILE_C).replace(/^export async function upgrade[\s\S]*?^}\n/m, ''));
    expect(p.readFile(FILE_C)).not.toContain('function upgrade');
    expectCleanFailure(p, ['-q', 'upgrade'], { code: 1, names: [FILE_C, 'upgrade'], fix: /must export|rolled back/ });
    expect(versions(p)).toEqual([B]);
  });

  it.each([
    ['a string', "throw 'str';", '"str"'],
    ['an object', 'throw { a: 1 };', '{"a":1}'],
    ['null', 'throw null;', 'null'],
  ])('an upgrade that throws %s: one line naming the revision, the file and the value; rolled back', (_name, body, shown) => {
    const p = project();
    setUpgradeOfC(p, `${C_UPGRADE} ${body}`);
    expectCleanFailure(p, ['-q', 'upgrade'], { code: 1, names: [C, FILE_C, shown], fix: /rolled back/ });
  });
});

describe('bad input: the revision graph', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it('the same revision id in two files names both files', () => {
    const p = project();
    p.writeFile('migrations/versions/ffff00000000_copy.ts', p.readFile(FILE_B));
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [B, FILE_B, 'ffff00000000_copy.ts'], fix: /new revision id/ });
  });

  it('a parent no script defines names the script and the missing parent', () => {
    const p = project();
    replaceInFile(p, FILE_B, `= '${A}';`, "= 'dead00000000';");
    expectCleanFailure(p, ['current'], { code: 1, names: [FILE_B, 'dead00000000'], fix: /fix downRevision|restore/ });
  });

  it('a cycle names the revisions and files involved', () => {
    const p = project();
    replaceInFile(p, FILE_A, 'downRevision: string | string[] | null = null;', `downRevision: string | string[] | null = '${B}';`);
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [A, B, FILE_A, FILE_B, /cycle/], fix: /fix downRevision/ });
  });

  it('a script that names itself as parent', () => {
    const p = project();
    replaceInFile(p, FILE_B, `= '${A}';`, `= '${B}';`);
    expectCleanFailure(p, ['history'], { code: 1, names: [FILE_B, B], fix: /fix downRevision/ });
  });

  it('the same branch label on two scripts names the label and both files', () => {
    const p = project();
    for (const file of [FILE_A, FILE_B])
      replaceInFile(p, file, 'branchLabels: string[] | null = null;', "branchLabels: string[] | null = ['feature'];");
    expectCleanFailure(p, ['history'], { code: 1, names: ["'feature'", FILE_A, FILE_B], fix: /rename/ });
  });

  it('revision --branch-label with a label another revision already has is refused and writes no script', () => {
    const p = project();
    mustSucceed(p, ['revision', '-m', 'feature start', '--head', 'base', '--branch-label', 'feature']);
    expectCleanFailure(p, ['revision', '-m', 'again', '--head', 'base', '--branch-label', 'feature'], {
      code: 1,
      names: ["'feature'"],
      fix: /another|rename|choose/,
    });
    expect(p.run(['history']).code).toBe(0);
  });
});

describe('bad input: targets', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it.each([
    ['upgrade', ['upgrade', 'ffff00000000']],
    ['downgrade', ['downgrade', 'ffff00000000']],
    ['upgrade REV+1', ['upgrade', 'nosuch+1']],
    ['upgrade label@head', ['upgrade', 'nolabel@head']],
  ])('an unknown revision (%s) says to run tsdb history', (_name, args) => {
    expectCleanFailure(project(), args, { code: 1, names: [/'(ffff00000000|nosuch|nolabel)'/], fix: /tsdb history/ });
  });

  it.each([
    ['upgrade', ['upgrade', 'aaaa']],
    ['downgrade', ['downgrade', 'aaaa']],
  ])('an ambiguous prefix (%s aaaa) lists both candidates', (_name, args) => {
    expectCleanFailure(project(), args, { code: 1, names: ["'aaaa'", A, B], fix: /more characters/ });
  });

  it('upgrade +5 past head says how many are left and to use head', () => {
    expectCleanFailure(project(), ['upgrade', '+5'], { code: 1, names: ['+5', B], fix: /tsdb upgrade head/ });
  });

  it('upgrade REV+5 past head', () => {
    expectCleanFailure(project(), ['upgrade', `${A}+5`], { code: 1, names: [`${A}+5`], fix: /tsdb upgrade head/ });
  });

  it('downgrade -5 past base says how many are applied and to use base', () => {
    expectCleanFailure(project(), ['downgrade', '-5'], { code: 1, names: ['-5', B], fix: /tsdb downgrade base/ });
  });

  it.each([['+abc'], ['+0'], ['+1.5']])('a malformed relative step (%s) says what +N/-N means', (target) => {
    expectCleanFailure(project(), ['upgrade', target], { code: 1, names: [`'${target}'`], fix: /\+N|-N|tsdb downgrade/ });
  });

  it('downgrade to a revision that is not applied says so and how to get there', () => {
    expectCleanFailure(project(), ['downgrade', C], { code: 1, names: [C, /not applied/], fix: /tsdb upgrade/ });
  });
});

describe('bad input: revision, migrate, stamp, show, history arguments', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it.each([
    ['revision, empty', ['revision', '-m', '']],
    ['revision, whitespace only', ['revision', '-m', ' \t\n ']],
    ['migrate, empty', ['migrate', '-m', '']],
  ])('an empty message (%s) is refused and writes no script', (_name, args) => {
    const p = project();
    p.writeFile('common/models.ts', MODELS);
    expectCleanFailure(p, args, { code: 1, names: ['-m'], fix: /say what the revision does/ });
  });

  it('a 100 KB message is refused: it says how long a message may be, and writes no script', () => {
    const message = 'word '.repeat(20_480).trimEnd();
    expectCleanFailure(project(), ['revision', '-m', message], { code: 1, names: ['-m'], fix: /under 4096/ });
  });

  it('a missing script template names it and says how to restore it', () => {
    const p = project();
    fs.rmSync(p.path('migrations/script.ts.tmpl'));
    expectCleanFailure(p, ['revision', '-m', 'x'], { code: 1, names: ['migrations/script.ts.tmpl'], fix: /restore|tsdb init/ });
  });

  it('a script template without the placeholders is refused instead of writing a script nothing can load', () => {
    const p = project();
    p.writeFile('migrations/script.ts.tmpl', 'not a template at all\n');
    expectCleanFailure(p, ['revision', '-m', 'x'], { code: 1, names: ['script.ts.tmpl'], fix: /restore|tsdb init|placeholder|\{\{/ });
    expect(p.run(['history']).code).toBe(0);
  });

  it('--rev-id naming an existing revision names its file', () => {
    expectCleanFailure(project(), ['revision', '-m', 'again', '--rev-id', B], {
      code: 1,
      names: [`'${B}'`, FILE_B],
      fix: /choose another --rev-id/,
    });
  });

  it.each([['../evil'], ['a b'], ['']])('an invalid --rev-id %j says what an id may contain', (id) => {
    expectCleanFailure(project(), ['revision', '-m', 'x', '--rev-id', id], {
      code: 1,
      names: [`--rev-id '${id}'`],
      fix: /letters, digits/,
    });
  });

  it.each([
    ['an unknown revision', ['stamp', 'ffff00000000'], /'ffff00000000'/, /tsdb history/],
    ['an ambiguous prefix', ['stamp', 'aaaa'], /'aaaa'/, /more characters/],
    ['an unknown revision with --purge', ['stamp', '--purge', 'nope'], /'nope'/, /tsdb history/],
  ])('stamp %s leaves the version table alone', (_name, args, name, fix) => {
    const p = project();
    expectCleanFailure(p, args, { code: 1, names: [name], fix });
    expect(versions(p)).toEqual([B]);
  });

  it.each([
    ['an unknown revision', 'ffff00000000', /tsdb history/],
    ['an ambiguous prefix', 'aaaa', /more characters/],
  ])('show %s', (_name, rev, fix) => {
    expectCleanFailure(project(), ['show', rev], { code: 1, names: [`'${rev}'`], fix });
  });

  it.each([
    ['three parts', 'a:b:c', /START:END/],
    ['no colon', 'foo', /START:END/],
    ['a bad relative start', '-x:', /-N/],
    ['an unknown start', 'zzzz:', /tsdb history/],
    ['newer first', `${B}:${A}`, /older revision first/],
  ])('history -r with %s names the range and the expected form', (_name, range, fix) => {
    expectCleanFailure(project(), ['history', '-r', range], { code: 1, names: [range.split(':')[0] ?? range], fix });
  });
});
