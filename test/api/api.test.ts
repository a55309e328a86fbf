/**
 * The programmatic API (`migrations` from 'tsdb'), called in-process from the TypeScript sources on
 * real temp projects and SQLite files: plain data back, TsdbError (with `.code`) on failure, and
 * never an exit, a print or a signal handler.
 */
import * as fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrations, MigrationError, MultipleHeadsError, TsdbError, type MigrationEvent } from '../../src/index';
import { addRevision, initProject, scriptFiles, snapshot, tables, versions } from '../helpers/cli-project';
import { useSharedTempProject, useTempProject } from '../helpers/temp-project';

const A = 'a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2';
const MODELS =
  "import { integer, table, text } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey(), body: text() });\n";

/** Rejects with a TsdbError of `code`; returns it for more assertions. */
async function rejection(promise: Promise<unknown>, code: string): Promise<TsdbError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TsdbError);
  expect((error as TsdbError).code, (error as Error).message).toBe(code);
  return error as TsdbError;
}

/** The value survives JSON unchanged: plain data, no classes, functions or cycles. */
function expectPlain(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toStrictEqual(value);
}

let exit: ReturnType<typeof vi.spyOn>;
let stdout: ReturnType<typeof vi.spyOn>;
let stderr: ReturnType<typeof vi.spyOn>;
const signalListeners = () => ['SIGINT', 'SIGTERM'].map((signal) => process.listenerCount(signal));
const listenersBefore = signalListeners();

beforeAll(() => {
  process.env['TSDB_CACHE_DIR'] = ''; // no transpile cache outside the temp folders
});

beforeEach(() => {
  exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Error(`process.exit(${String(code)}) was called`);
  }) as typeof process.exit);
  stdout = vi.spyOn(process.stdout, 'write');
  stderr = vi.spyOn(process.stderr, 'write');
});

afterEach(() => {
  // The library never exits, prints or leaves signal handlers behind, whatever the outcome.
  expect(exit).not.toHaveBeenCalled();
  expect(stdout).not.toHaveBeenCalled();
  expect(stderr).not.toHaveBeenCalled();
  expect(signalListeners()).toEqual(listenersBefore);
  vi.restoreAllMocks();
});

afterAll(() => {
  delete process.env['TSDB_CACHE_DIR'];
});

describe('the programmatic API', () => {
  // init + models + two revisions, made once through the CLI; every test works on its own copy.
  const template = useSharedTempProject({}, (p) => {
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    addRevision(
      p,
      'create note',
      {
        imports: ['integer'],
        upgrade: "await op.createTable('note', { id: integer().primaryKey() });",
        downgrade: "await op.dropTable('note');",
      },
      A,
    );
    addRevision(
      p,
      'add note body',
      { imports: ['text'], upgrade: "await op.addColumn('note', text('body'));", downgrade: "await op.dropColumn('note', 'body');" },
      B,
    );
  });
  const project = useTempProject({ copyOf: template });
  const cwd = (): string => project().dir;

  it('upgrade applies every revision and returns the steps and the version rows, reporting each step to onEvent', async () => {
    const events: MigrationEvent[] = [];
    const result = await migrations.upgrade({ cwd: cwd(), onEvent: (event) => events.push(event) });
    expect(result).toStrictEqual({
      steps: [
        { revision: A, direction: 'upgrade', message: 'create note', downRevisions: [], versionsBefore: [], versionsAfter: [A] },
        { revision: B, direction: 'upgrade', message: 'add note body', downRevisions: [A], versionsBefore: [A], versionsAfter: [B] },
      ],
      current: [B],
      warnings: [],
    });
    expectPlain(result);
    expect(events).toStrictEqual(result.steps.map((step) => ({ type: 'step', step })));
    expect(versions(project())).toEqual([B]);
    expect(tables(project())).toEqual(['note', 'tsdb_version', 'tsdb_version_log']);
    expect(await migrations.upgrade({ cwd: cwd() })).toStrictEqual({ steps: [], current: [B], warnings: [] });
  });

  it('current says where the database stands, and never creates the file', async () => {
    expect(await migrations.current({ cwd: cwd() })).toStrictEqual({ databaseExists: false, current: [], heads: [B], atHead: false });
    expect(fs.existsSync(project().path('app.db'))).toBe(false);
    await migrations.upgrade({ cwd: cwd(), target: A });
    expect(await migrations.current({ cwd: cwd() })).toStrictEqual({ databaseExists: true, current: [A], heads: [B], atHead: false });
    await migrations.upgrade({ cwd: cwd() });
    const at = await migrations.current({ cwd: cwd() });
    expect(at).toStrictEqual({ databaseExists: true, current: [B], heads: [B], atHead: true });
    expectPlain(at);
  });

  it('downgrade goes one step back by default, or to a target', async () => {
    await migrations.upgrade({ cwd: cwd() });
    expect(await migrations.downgrade({ cwd: cwd() })).toStrictEqual({
      steps: [
        { revision: B, direction: 'downgrade', message: 'add note body', downRevisions: [A], versionsBefore: [B], versionsAfter: [A] },
      ],
      current: [A],
      warnings: [],
    });
    const toBase = await migrations.downgrade({ cwd: cwd(), target: 'base' });
    expect(toBase.steps.map((s) => [s.revision, s.direction])).toEqual([[A, 'downgrade']]);
    expect(toBase.current).toEqual([]);
    expect(tables(project())).toEqual(['tsdb_version', 'tsdb_version_log']);
  });

  it('history, heads and show describe the graph as plain data', async () => {
    await migrations.upgrade({ cwd: cwd(), target: A });
    const { revisions } = await migrations.history({ cwd: cwd(), indicateCurrent: true, appliedTimes: true });
    expectPlain(revisions);
    expect(revisions.map((r) => r.revision)).toEqual([B, A]);
    const [b, a] = revisions;
    expect(b).toMatchObject({ revision: B, downRevisions: [A], message: 'add note body', isHead: true, isCurrent: false, applied: null });
    expect(b?.path).toBe(project().path(`migrations/versions/${B}_add_note_body.ts`));
    expect(b?.createDate).toMatch(/^\d{4}-\d{2}-\d{2} /);
    expect(a).toMatchObject({
      revision: A,
      downRevisions: [],
      branchLabels: [],
      dependsOn: [],
      isHead: false,
      isCurrent: true,
      isBranchPoint: false,
      isMergePoint: false,
    });
    expect(a?.applied).toMatchObject({ how: 'upgrade' });
    expect((await migrations.history({ cwd: cwd(), range: `${B}:` })).revisions.map((r) => r.revision)).toEqual([B]);
    expect((await migrations.heads({ cwd: cwd() })).revisions.map((r) => r.revision)).toEqual([B]);
    expect((await migrations.show({ cwd: cwd(), revision: 'a1a1' })).revisions).toStrictEqual([{ ...a, isCurrent: false, applied: null }]);
  });

  it('stamp sets the version table without running scripts, and reports it', async () => {
    const events: MigrationEvent[] = [];
    const result = await migrations.stamp({ cwd: cwd(), revisions: 'head', onEvent: (event) => events.push(event) });
    expect(result).toStrictEqual({ before: [], after: [B] });
    expect(events).toStrictEqual([{ type: 'stamp', before: [], after: [B] }]);
    expect(tables(project())).toEqual(['tsdb_version', 'tsdb_version_log']); // nothing ran
    expect(await migrations.stamp({ cwd: cwd(), revisions: [A], purge: true })).toStrictEqual({ before: [B], after: [A] });
  });

  it('revision and merge write scripts; several heads make upgrade throw MultipleHeadsError until merged', async () => {
    const next = await migrations.revision({ cwd: cwd(), message: 'backfill bodies', revId: 'c3c3c3c3c3c3' });
    expect(next).toStrictEqual({
      revision: 'c3c3c3c3c3c3',
      path: project().path('migrations/versions/c3c3c3c3c3c3_backfill_bodies.ts'),
      downRevisions: [B],
      heads: ['c3c3c3c3c3c3'],
    });
    expect(fs.existsSync(next.path)).toBe(true);
    const audit = await migrations.revision({
      cwd: cwd(),
      message: 'audit log',
      head: 'base',
      branchLabel: 'audit',
      revId: 'd4d4d4d4d4d4',
    });
    expect(audit.heads).toEqual(['c3c3c3c3c3c3', 'd4d4d4d4d4d4']);
    const error = await rejection(migrations.upgrade({ cwd: cwd() }), 'MULTIPLE_HEADS');
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect((error as MultipleHeadsError).heads).toEqual(['c3c3c3c3c3c3', 'd4d4d4d4d4d4']);
    expect(fs.existsSync(project().path('app.db'))).toBe(false); // a database file the failed call created is removed
    await rejection(migrations.revision({ cwd: cwd(), message: 'which parent?' }), 'MULTIPLE_HEADS');
    const merged = await migrations.merge({ cwd: cwd(), message: 'join audit', revId: 'e5e5e5e5e5e5' });
    expect(merged).toStrictEqual({
      revision: 'e5e5e5e5e5e5',
      path: project().path('migrations/versions/e5e5e5e5e5e5_join_audit.ts'),
      downRevisions: ['c3c3c3c3c3c3', 'd4d4d4d4d4d4'],
    });
    expect((await migrations.upgrade({ cwd: cwd() })).current).toEqual(['e5e5e5e5e5e5']);
    await rejection(migrations.merge({ cwd: cwd(), message: 'again' }), 'NOTHING_TO_MERGE');
  });

  it('check returns drift as data; migrate writes the script; after upgrade check is ok', async () => {
    project().writeFile('common/models.ts', MODELS.replace('body: text()', "body: text(), title: text('title')"));
    await migrations.upgrade({ cwd: cwd(), target: A });
    await rejection(migrations.check({ cwd: cwd() }), 'NOT_UP_TO_DATE'); // at A, not at head
    await migrations.upgrade({ cwd: cwd() });
    const drift = await migrations.check({ cwd: cwd() });
    expect(drift).toStrictEqual({
      ok: false,
      changes: [{ kind: 'addColumn', table: 'note', description: "Detected added column 'note.title'" }],
      tampered: [],
      warnings: [],
      source: 'database',
    });
    expectPlain(drift);
    const written = await migrations.migrate({ cwd: cwd(), message: 'add note title', revId: 'f6f6f6f6f6f6' });
    expect(written).toStrictEqual({
      script: { revision: 'f6f6f6f6f6f6', path: project().path('migrations/versions/f6f6f6f6f6f6_add_note_title.ts'), downRevisions: [B] },
      changes: drift.changes,
      warnings: [],
    });
    expect(project().readFile('migrations/versions/f6f6f6f6f6f6_add_note_title.ts')).toContain(
      "await op.addColumn('note', text('title'));",
    );
    await rejection(migrations.migrate({ cwd: cwd(), message: 'too early' }), 'NOT_UP_TO_DATE');
    await migrations.upgrade({ cwd: cwd() });
    expect(await migrations.check({ cwd: cwd() })).toMatchObject({ ok: true, changes: [], tampered: [] });
    expect(await migrations.check({ cwd: cwd(), offline: true })).toMatchObject({ ok: true, source: 'replay' });
    expect(await migrations.migrate({ cwd: cwd(), message: 'nothing' })).toStrictEqual({ script: null, changes: [], warnings: [] });
    expect(scriptFiles(project())).toHaveLength(3);
  });

  it('an edited applied script: check lists it, upgrade warns, strict upgrade throws', async () => {
    await migrations.upgrade({ cwd: cwd() });
    const file = `migrations/versions/${A}_create_note.ts`;
    project().writeFile(file, project().readFile(file).replace("op.createTable('note'", "op.createTable('note' /* edited */"));
    const checked = await migrations.check({ cwd: cwd() });
    expect(checked).toMatchObject({ ok: false, changes: [] });
    expect(checked.tampered).toStrictEqual([
      {
        revision: A,
        kind: 'edited',
        path: expect.stringContaining(`${A}_create_note.ts`) as unknown,
        appliedAt: expect.any(String) as unknown,
      },
    ]);
    expect((await migrations.downgrade({ cwd: cwd() })).warnings).toHaveLength(1);
    const before = snapshot(project());
    await rejection(migrations.upgrade({ cwd: cwd(), strict: true }), 'SCRIPT_CHANGED');
    expect(snapshot(project())).toBe(before);
    const events: MigrationEvent[] = [];
    const result = await migrations.upgrade({ cwd: cwd(), onEvent: (event) => events.push(event) });
    expect(result.current).toEqual([B]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(`${A} (`);
    expect(events.filter((event) => event.type === 'warning')).toStrictEqual([{ type: 'warning', message: result.warnings[0] }]);
    expect(await migrations.stamp({ cwd: cwd(), revisions: A, repair: true })).toStrictEqual({ before: [B], after: [B] });
    expect(await migrations.check({ cwd: cwd() })).toMatchObject({ ok: true, tampered: [] });
  });

  it('failures are TsdbErrors with codes and change nothing', async () => {
    await migrations.upgrade({ cwd: cwd(), target: A });
    const before = snapshot(project());
    await rejection(migrations.upgrade({ cwd: cwd(), target: 'nope' }), 'UNKNOWN_REVISION');
    await rejection(migrations.upgrade({ cwd: cwd(), target: '+5' }), 'OUT_OF_RANGE');
    await rejection(migrations.downgrade({ cwd: cwd(), target: B }), 'NOT_APPLIED');
    await rejection(migrations.revision({ cwd: cwd(), message: ' ' }), 'BAD_MESSAGE');
    await rejection(migrations.stamp({ cwd: cwd(), revisions: [A, B], repair: true }), 'BAD_REPAIR');
    expect(snapshot(project())).toBe(before);
    await rejection(migrations.current({ cwd: project().path('common') }), 'CONFIG'); // no config there
    await rejection(migrations.current({ cwd: cwd(), config: 'missing.config.ts' }), 'CONFIG');
  });

  it('a failing script throws MigrationError and leaves the database at the last good revision', async () => {
    addRevision(project(), 'broken', { upgrade: "await op.execute('INSERT INTO missing_table VALUES (1)');" }, 'c3c3c3c3c3c3');
    const error = await rejection(migrations.upgrade({ cwd: cwd() }), 'MIGRATION_FAILED');
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ revision: 'c3c3c3c3c3c3', direction: 'upgrade' });
    expect(error.message).toContain('missing_table');
    expect(versions(project())).toEqual([B]);
  });

  it('url, config and directory options override the config as the CLI flags do', async () => {
    fs.renameSync(project().path('tsdb.config.ts'), project().path('db.config.ts'));
    fs.renameSync(project().path('migrations'), project().path('scripts'));
    const options = { cwd: cwd(), config: 'db.config.ts', directory: 'scripts', url: 'sqlite:///other.db' };
    expect((await migrations.upgrade(options)).current).toEqual([B]);
    expect(fs.existsSync(project().path('app.db'))).toBe(false);
    expect(versions(project(), 'other.db')).toEqual([B]);
    expect((await migrations.current(options)).atHead).toBe(true);
  });

  it('every function returns a promise: even a bad argument is a rejection, not a synchronous throw', async () => {
    const pending = migrations.stamp({ cwd: cwd(), revisions: 'not-a-revision' });
    expect(pending).toBeInstanceOf(Promise);
    await rejection(pending, 'UNKNOWN_REVISION');
  });
});

describe('init through the API', () => {
  const project = useTempProject();

  it('writes the config and the script directory, and refuses a non-empty one', async () => {
    const result = await migrations.init({ cwd: project().dir, directory: 'db/migrations' });
    expect(result).toStrictEqual({
      configWritten: project().path('tsdb.config.ts'),
      directory: project().path('db/migrations'),
      files: ['README', 'script.ts.tmpl', 'versions'].map((name) => project().path(`db/migrations/${name}`)),
    });
    expect(project().readFile('tsdb.config.ts')).toContain("migrations: 'db/migrations'");
    await rejection(migrations.init({ cwd: project().dir, directory: 'db/migrations' }), 'DIRECTORY_NOT_EMPTY');
  });
});
