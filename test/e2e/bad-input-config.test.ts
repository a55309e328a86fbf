/**
 * Bad input, part 1: the config file, database URLs, the command line itself and `init`.
 * Every case runs the built CLI in a copy of a real project (SQLite file at B with one row, script C
 * pending) and checks the failure contract of SPEC.md "Exit codes": exit 1 (failed) or 2 (bad
 * usage), exactly one stderr line `error: …` naming the object at fault and the fix, no stack trace,
 * and nothing in the project (database bytes and rows, migrations/ listing and contents, config)
 * changed.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { B, C, expectCleanFailure, projectState, setupProject } from '../helpers/bad-input';
import { mustSucceed } from '../helpers/cli-project';
import { useSharedTempProject, useTempProject } from '../helpers/temp-project';

const URL_FORMS = /sqlite:\/\/\/.*(path|file)/;

/** The starting project, made once for the file; every test works on its own copy. */
const template = useSharedTempProject({}, setupProject);

describe('bad input: the config file', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it('control: the starting project works (so each failure below comes from its bad input)', () => {
    const p = project();
    const before = projectState(p);
    expect(mustSucceed(p, ['current']).stdout).toBe(`${B}\n`);
    expect(mustSucceed(p, ['history']).stdout).toContain(`${B} -> ${C} (head)`);
    expect(projectState(p)).toEqual(before);
  });

  it('no config file in the folder: names the files looked for and says to run tsdb init', () => {
    const p = project();
    fs.rmSync(p.path('tsdb.config.ts'));
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['tsdb.config.ts'], fix: /tsdb init/ });
  });

  it('-c naming a config file that does not exist', () => {
    const p = project();
    expectCleanFailure(p, ['-c', 'nope.config.ts', 'upgrade'], { code: 1, names: ['nope.config.ts'], fix: /-c|--config/ });
  });

  it('-c naming a folder instead of a file says it is a directory', () => {
    const p = project();
    expectCleanFailure(p, ['-c', 'migrations', 'current'], { code: 1, names: ['migrations'], fix: /director|folder|not a file/i });
  });

  it('a TypeScript syntax error in tsdb.config.ts names the file and the line', () => {
    const p = project();
    p.writeFile(
      'tsdb.config.ts',
      [
        "import { defineConfig } from 'tsdb';",
        'export default defineConfig({',
        "  url: 'sqlite:///app.db',",
        '  models: [,,',
        "  migrations: 'migrations',",
        '});',
        '',
      ].join('\n'),
    );
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [/tsdb\.config\.ts:5\b/], fix: /fix/ });
  });

  it('a JSON syntax error in tsdb.config.json names the file and the line', () => {
    const p = project();
    fs.rmSync(p.path('tsdb.config.ts'));
    p.writeFile('tsdb.config.json', '{\n  "url": "sqlite:///app.db",\n  "models": [\n}\n');
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [/tsdb\.config\.json:4\b/], fix: /fix/ });
  });

  it('a config that throws while loading names the file and says to fix it', () => {
    const p = project();
    p.writeFile(
      'tsdb.config.ts',
      "const ready = false;\nif (!ready) throw new Error('kaboom');\nexport default { url: 'sqlite:///app.db' };\n",
    );
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['tsdb.config.ts', 'kaboom'], fix: /fix|check/i });
  });

  it('url: 42 is refused, naming the file and the key', () => {
    const p = project();
    p.writeFile('tsdb.config.ts', "export default {\n  url: 42,\n  migrations: 'migrations',\n};\n");
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['tsdb.config.ts', "'url'"], fix: /sqlite:\/\/\// });
  });

  it("'models: 5' is refused, naming the key and the expected type", () => {
    const p = project();
    p.writeFile('tsdb.config.ts', "export default { url: 'sqlite:///app.db', models: 5 };\n");
    expectCleanFailure(p, ['current'], { code: 1, names: ['tsdb.config.ts', "'models'"], fix: /path|glob/ });
  });

  it('a config with no default export says to export default defineConfig(…)', () => {
    const p = project();
    p.writeFile(
      'tsdb.config.ts',
      "import { defineConfig } from 'tsdb';\nexport const config = defineConfig({ url: 'sqlite:///app.db' });\n",
    );
    expectCleanFailure(p, ['current'], { code: 1, names: ['tsdb.config.ts'], fix: /export default/ });
  });

  it("an unknown config key ('migration') suggests the key meant ('migrations')", () => {
    const p = project();
    p.writeFile('tsdb.config.ts', "export default {\n  url: 'sqlite:///app.db',\n  migration: 'migrations',\n};\n");
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['tsdb.config.ts', "'migration'"], fix: /did you mean 'migrations'/ });
  });
});

describe('bad input: database URLs', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it('an unsupported scheme in the config (mysql://) lists the supported forms', () => {
    const p = project();
    p.writeFile('tsdb.config.ts', "export default { url: 'mysql://localhost/app' };\n");
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['mysql://localhost/app'], fix: URL_FORMS });
  });

  it.each([
    ['a single slash', 'sqlite:/app.db'],
    ['no scheme at all', 'not a url'],
    ['nothing after the scheme', 'sqlite://'],
  ])('a malformed --url (%s) names the URL and the accepted forms', (_name, url) => {
    const p = project();
    expectCleanFailure(p, ['--url', url, 'upgrade'], { code: 1, names: [`'${url}'`], fix: URL_FORMS });
  });

  it('sqlite:/// with no path says a file name is needed', () => {
    const p = project();
    expectCleanFailure(p, ['--url', 'sqlite:///', 'upgrade'], { code: 1, names: ["'sqlite:///'"], fix: /sqlite:\/\/\/path/ });
  });

  it('a URL whose folder does not exist names the path, says what to do and creates no folder', () => {
    const p = project();
    expectCleanFailure(p, ['--url', 'sqlite:///nodir/app.db', 'upgrade'], {
      code: 1,
      names: ['nodir/app.db'],
      fix: /create|mkdir|fix|check/i,
    });
    expect(fs.existsSync(p.path('nodir'))).toBe(false);
  });
});

describe('bad input: the command line (exit 2)', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it("an unknown command close to a real one (upgrad) suggests 'upgrade' on the same single line", () => {
    expectCleanFailure(project(), ['upgrad'], { code: 2, names: ["'upgrad'"], fix: /did you mean '?upgrade'?/i });
  });

  it('an unknown command with no close match (frobnicate)', () => {
    expectCleanFailure(project(), ['frobnicate'], { code: 2, names: ["'frobnicate'"] });
  });

  it('an unknown option (upgrade --frobnicate)', () => {
    expectCleanFailure(project(), ['upgrade', '--frobnicate'], { code: 2, names: ["'--frobnicate'"] });
  });

  it('a misspelled global option (--lock-timout) suggests --lock-timeout on the same single line', () => {
    expectCleanFailure(project(), ['--lock-timout', '3', 'upgrade'], {
      code: 2,
      names: ["'--lock-timout'"],
      fix: /did you mean '?--lock-timeout'?/i,
    });
  });

  it.each([
    ['revision', ['revision']],
    ['migrate', ['migrate']],
  ])('%s without -m is a usage error naming -m and writes no script', (_name, args) => {
    expectCleanFailure(project(), args, { code: 2, names: ['-m, --message'] });
  });

  it('-m with its value missing (revision -m)', () => {
    expectCleanFailure(project(), ['revision', '-m'], { code: 2, names: ['-m, --message'] });
  });

  it.each([['abc'], ['-3']])('--lock-timeout %j is a usage error that says to give seconds', (value) => {
    expectCleanFailure(project(), ['--lock-timeout', value, 'upgrade'], {
      code: 2,
      names: ['--lock-timeout', `'${value}'`],
      fix: /number of seconds/,
    });
  });

  it('an extra argument (upgrade head extra)', () => {
    expectCleanFailure(project(), ['upgrade', 'head', 'extra'], { code: 2, names: ["'upgrade'"] });
  });

  it('show without a revision', () => {
    expectCleanFailure(project(), ['show'], { code: 2, names: ["'rev'"] });
  });
});

describe('bad input: init', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it('init where migrations/ already holds scripts refuses and changes nothing', () => {
    expectCleanFailure(project(), ['init'], { code: 1, names: ['migrations'], fix: /-d DIR/ });
  });

  it('init without a config but with a non-empty migrations/ writes no config either', () => {
    const p = project();
    fs.rmSync(p.path('tsdb.config.ts'));
    expectCleanFailure(p, ['init'], { code: 1, names: ['migrations'], fix: /-d DIR/ });
    expect(fs.existsSync(p.path('tsdb.config.ts'))).toBe(false);
  });

  it('init -d into another non-empty folder refuses it', () => {
    const p = project();
    p.writeFile('db/keep.txt', 'keep me\n');
    expectCleanFailure(p, ['init', '-d', 'db'], { code: 1, names: ['db'], fix: /-d DIR/ });
  });

  it('init -d naming an existing file says it is not a directory', () => {
    const p = project();
    p.writeFile('notes.txt', 'hi\n');
    expectCleanFailure(p, ['init', '-d', 'notes.txt'], { code: 1, names: ['notes.txt'], fix: /not a directory|is a file/i });
  });

  it('-d naming a folder with no script directory says to run tsdb init or fix -d', () => {
    const p = project();
    expectCleanFailure(p, ['-d', 'nowhere', 'upgrade'], { code: 1, names: ['nowhere'], fix: /tsdb init/ });
  });
});
