/**
 * `--json` on every command: exactly one JSON document on stdout, of the documented shape, exit codes
 * unchanged, and on failure `{ ok: false, error: { code, message } }` with a stable code.
 */
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed } from '../helpers/cli-project';
import { useSharedTempProject, useTempProject, type TempProject } from '../helpers/temp-project';

type Shape = 'string' | 'number' | 'boolean' | 'null' | 'string[]' | 'array' | 'object' | 'string|null' | 'object|null';

/** Checks that `value` has every key of `shape` with the right type (extra keys are allowed). */
function expectShape(value: unknown, shape: Readonly<Record<string, Shape>>, where: string): void {
  expect(typeof value, where).toBe('object');
  const record = value as Record<string, unknown>;
  for (const [key, type] of Object.entries(shape)) {
    const v = record[key];
    const actual = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    const ok =
      type === 'string[]'
        ? Array.isArray(v) && v.every((x) => typeof x === 'string')
        : type.includes('|')
          ? type.split('|').includes(actual)
          : actual === type;
    expect(ok, `${where}.${key}: expected ${type}, got ${JSON.stringify(v)}`).toBe(true);
  }
}

const REVISION: Readonly<Record<string, Shape>> = {
  revision: 'string',
  downRevisions: 'string[]',
  branchLabels: 'string[]',
  dependsOn: 'string[]',
  message: 'string',
  path: 'string',
  createDate: 'string|null',
  isHead: 'boolean',
  isBranchPoint: 'boolean',
  isMergePoint: 'boolean',
  isCurrent: 'boolean',
  applied: 'object|null',
};
const STEP: Readonly<Record<string, Shape>> = {
  revision: 'string',
  direction: 'string',
  message: 'string',
  versionsBefore: 'string[]',
  versionsAfter: 'string[]',
};
const OPERATION: Readonly<Record<string, Shape>> = { kind: 'string', table: 'string|null', description: 'string' };

/** Runs with --json: stdout is exactly one JSON document with ok/command/warnings; returns it. */
function runJson(p: TempProject, args: ReadonlyArray<string>, code = 0): Record<string, unknown> {
  const result = p.run([...args, '--json']);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code);
  const doc = JSON.parse(result.stdout) as Record<string, unknown>;
  expectShape(doc, { ok: 'boolean', warnings: 'string[]' }, args.join(' '));
  expect(doc['ok']).toBe(code === 0);
  return doc;
}

const MODELS =
  "import { integer, table, text } from 'tsdb';\nexport const user = table('user', { id: integer().primaryKey(), name: text() });\n";

describe('--json documents', { timeout: 60_000 }, () => {
  const project = useSharedTempProject({}, (p) => {
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
  });

  it('migrate: the revision, its path and the operations', () => {
    const doc = runJson(project(), ['migrate', '-m', 'create user', '--rev-id', 'aaaa00000001']);
    expectShape(doc, { command: 'string', revision: 'string', path: 'string', operations: 'array' }, 'migrate');
    expect(doc['command']).toBe('migrate');
    for (const op of doc['operations'] as unknown[]) expectShape(op, OPERATION, 'migrate.operations[]');
    expect((doc['operations'] as Array<{ kind: string }>).map((o) => o.kind)).toEqual(['createTable']);
  });

  it('revision and merge: the new script and its parents', () => {
    const doc = runJson(project(), ['revision', '-m', 'data fix', '--rev-id', 'aaaa00000002']);
    expectShape(doc, { revision: 'string', path: 'string', downRevisions: 'string[]', heads: 'string[]' }, 'revision');
    expect(doc['downRevisions']).toEqual(['aaaa00000001']);
    const failed = runJson(project(), ['merge', '-m', 'nothing'], 1);
    expect(failed['error']).toEqual({ code: 'NOTHING_TO_MERGE', message: expect.stringContaining('Nothing to merge') });
  });

  it('upgrade and downgrade: the steps run and the rows after', () => {
    const up = runJson(project(), ['upgrade']);
    expectShape(up, { steps: 'array', current: 'string[]' }, 'upgrade');
    for (const step of up['steps'] as unknown[]) expectShape(step, STEP, 'upgrade.steps[]');
    expect(up['current']).toEqual(['aaaa00000002']);
    const down = runJson(project(), ['downgrade', '-1']);
    expect((down['steps'] as Array<{ direction: string }>).map((s) => s.direction)).toEqual(['downgrade']);
    runJson(project(), ['upgrade']);
  });

  it('current, history, heads, show and branches: revisions of one shape', () => {
    const current = runJson(project(), ['current']);
    expectShape(current, { databaseExists: 'boolean', current: 'array' }, 'current');
    for (const rev of current['current'] as unknown[]) expectShape(rev, REVISION, 'current.current[]');
    expect((current['current'] as Array<{ isCurrent: boolean }>)[0]?.isCurrent).toBe(true);
    const history = runJson(project(), ['history', '-v']);
    for (const rev of history['revisions'] as unknown[]) expectShape(rev, REVISION, 'history.revisions[]');
    expect((history['revisions'] as Array<{ applied: unknown }>)[0]?.applied).toMatchObject({ at: expect.any(String), how: 'upgrade' });
    for (const rev of runJson(project(), ['heads'])['heads'] as unknown[]) expectShape(rev, REVISION, 'heads.heads[]');
    for (const rev of runJson(project(), ['show', 'aaaa00000001'])['revisions'] as unknown[])
      expectShape(rev, REVISION, 'show.revisions[]');
    expect(runJson(project(), ['branches'])['branchPoints']).toEqual([]);
  });

  it('check: clean is ok with no operations; drift is ok:false with the operations and code DRIFT', () => {
    const clean = runJson(project(), ['check']);
    expectShape(clean, { source: 'string', operations: 'array', tampered: 'array' }, 'check');
    project().writeFile('common/models.ts', MODELS.replace('name: text() }', 'name: text(), bio: text() }'));
    const drift = runJson(project(), ['check'], 1);
    expect(drift['error']).toMatchObject({ code: 'DRIFT' });
    expect(drift['operations'] as Array<{ kind: string; table: string }>).toEqual([
      expect.objectContaining({ kind: 'addColumn', table: 'user' }),
    ]);
    project().writeFile('common/models.ts', MODELS);
  });

  it('stamp: the rows before and after', () => {
    const doc = runJson(project(), ['stamp', 'aaaa00000001']);
    expect(doc).toMatchObject({ before: ['aaaa00000002'], after: ['aaaa00000001'] });
  });

  it('failures keep their exit codes and give a stable code, nothing else on stdout', () => {
    expect(runJson(project(), ['upgrade', 'nope'], 1)['error']).toMatchObject({ code: 'UNKNOWN_REVISION' });
    expect(runJson(project(), ['upgrad'], 2)['error']).toEqual({
      code: 'USAGE',
      message: "unknown command 'upgrad'; did you mean 'upgrade'?",
    });
    expect(runJson(project(), ['migrate'], 2)['error']).toMatchObject({ code: 'USAGE' });
  });
});

describe('--json with warnings and init', { timeout: 60_000 }, () => {
  const project = useTempProject();

  it('init lists what it wrote; an edited applied script is a warning in the document', () => {
    const p = project();
    const init = runJson(p, ['init']);
    expectShape(init, { directory: 'string', files: 'string[]', configWritten: 'string|null' }, 'init');
    initProjectUrl(p);
    const rev = addRevision(p, 'one');
    mustSucceed(p, ['upgrade']);
    p.writeFile(rev.file, `${p.readFile(rev.file)}// edited\n`);
    const doc = runJson(p, ['upgrade']);
    expect(doc['warnings']).toEqual([expect.stringContaining('was edited after it was applied')]);
  });
});

function initProjectUrl(p: TempProject): void {
  const text = p.readFile('tsdb.config.ts');
  p.writeFile('tsdb.config.ts', text.replace("process.env.DATABASE_URL ?? 'sqlite:///sqlite.db'", "'sqlite:///app.db'"));
}
