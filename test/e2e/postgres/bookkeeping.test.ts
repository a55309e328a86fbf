/**
 * Bookkeeping on PostgreSQL: the version and log tables live in the configured schema (config `schema` or
 * `?schema=`), stamp writes rows and log entries, the log's checksums are SQLite's for the same scripts, an edited
 * applied script is refused or warned about exactly as on SQLite, and the --json documents of upgrade, current and
 * history are SQLite's (a password never shows).
 */
import { describe, expect, it } from 'vitest';
import { addRevision, replaceInFile } from '../../helpers/cli-project';
import { initEnvProject, mustSucceedOn, pgSnapshot, pgTables, pgVersions, runOn, type PgDatabase } from '../../helpers/pg-cli';
import { usePostgres } from '../../helpers/postgres';
import { lines, useSharedTempProject, useTempProject, type TempProject } from '../../helpers/temp-project';

const A = 'a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2';
const FILE_A = `migrations/versions/${A}_create_note.ts`;
const BOOKKEEPING = ['tsdb_version', 'tsdb_version_log'];

function noteRevisions(p: TempProject): void {
  initEnvProject(p);
  p.writeFile(
    'common/models.ts',
    "import { integer, table, text } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey(), body: text() });\n",
  );
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
}

interface LogRow {
  revision: string;
  direction: string;
  checksum: string | null;
}

async function pgLog(db: PgDatabase, schema = 'public'): Promise<LogRow[]> {
  return db.server.query<LogRow>(db.database, `SELECT revision, direction, checksum FROM "${schema}".tsdb_version_log ORDER BY id`);
}

describe('bookkeeping on PostgreSQL', { timeout: 60_000 }, () => {
  const pg = usePostgres();
  const project = useSharedTempProject({}, noteRevisions);

  it("config `schema: 'app'` puts the version table, the log and the tables in app", async () => {
    const p = useAppSchema(project());
    try {
      mustSucceedOn(p, pg().url, ['upgrade']);
      expect(await pgTables(pg(), 'app')).toEqual(['note', ...BOOKKEEPING]);
      expect(await pgTables(pg(), 'public')).toEqual([]);
      expect(await pgVersions(pg(), 'app')).toEqual([B]);
      expect(mustSucceedOn(p, pg().url, ['current']).stdout).toBe(`${B} (head)\n`);
      mustSucceedOn(p, pg().url, ['downgrade', 'base']);
      expect(await pgTables(pg(), 'app')).toEqual(BOOKKEEPING);
      expect(await pgVersions(pg(), 'app')).toEqual([]);
    } finally {
      p.writeFile('tsdb.config.ts', p.readFile('tsdb.config.ts').replace("  schema: 'app',\n", ''));
    }
  });

  it('?schema= in the URL does the same, and the public schema is left alone', async () => {
    const url = `${pg().url}?schema=billing`;
    mustSucceedOn(project(), url, ['upgrade', '+1']);
    expect(await pgTables(pg(), 'billing')).toEqual(['note', ...BOOKKEEPING]);
    expect(await pgTables(pg(), 'public')).toEqual([]);
    expect(await pgVersions(pg(), 'billing')).toEqual([A]);
    // the same database seen through public: nothing applied there
    expect(lines(mustSucceedOn(project(), pg().url, ['current']).stdout)).toEqual([]);
    mustSucceedOn(project(), url, ['upgrade']);
    expect(await pgVersions(pg(), 'billing')).toEqual([B]);
  });

  it('stamp writes the rows and a stamp log entry, and runs no script', async () => {
    mustSucceedOn(project(), pg().url, ['stamp', B]);
    expect(await pgVersions(pg())).toEqual([B]);
    expect(await pgTables(pg())).toEqual(BOOKKEEPING);
    // stamp logs every revision it marks applied
    expect((await pgLog(pg())).map((row) => [row.revision, row.direction]).sort()).toEqual([
      [A, 'stamp'],
      [B, 'stamp'],
    ]);
    mustSucceedOn(project(), pg().url, ['stamp', '--purge', 'base']);
    expect(await pgVersions(pg())).toEqual([]);
  });

  it("the log holds each script's checksum, the same as SQLite's, and history -v shows when each ran", async () => {
    mustSucceedOn(project(), pg().url, ['upgrade']);
    const rows = await pgLog(pg());
    expect(rows.map((row) => [row.revision, row.direction])).toEqual([
      [A, 'upgrade'],
      [B, 'upgrade'],
    ]);
    for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    const sqlite = `sqlite:///${project().path('checksums.db')}`;
    mustSucceedOn(project(), sqlite, ['upgrade']);
    const sqliteRows = project()
      .sqlite('checksums.db')
      .prepare('SELECT revision, direction, checksum FROM tsdb_version_log ORDER BY id')
      .all() as LogRow[];
    expect(rows).toEqual(sqliteRows);
    const verbose = mustSucceedOn(project(), pg().url, ['history', '-v']).stdout;
    for (const id of [A, B]) {
      expect(verbose).toMatch(
        new RegExp(`Revision ID: ${id}\\n[\\s\\S]*?Applied: \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z \\(upgrade, [\\d.]+ ms\\)`),
      );
    }
  });
});

/** Adds `schema: 'app'` to the project's config. */
function useAppSchema(p: TempProject): TempProject {
  replaceInFile(p, 'tsdb.config.ts', "  migrations: 'migrations',", "  schema: 'app',\n  migrations: 'migrations',");
  return p;
}

describe('an edited applied script on PostgreSQL', { timeout: 60_000 }, () => {
  const pg = usePostgres();
  const project = useTempProject();

  it('check fails, upgrade --strict refuses and changes nothing, upgrade warns, stamp --repair accepts', async () => {
    const p = project();
    noteRevisions(p);
    mustSucceedOn(p, pg().url, ['upgrade']);
    p.writeFile(FILE_A, p.readFile(FILE_A).replace("op.createTable('note'", "op.createTable('note' /* edited */"));
    const check = runOn(p, pg().url, ['check']);
    expect(check.code).toBe(1);
    expect(lines(check.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: applied script changed: ${A} \\(${FILE_A}\\) was edited after it was applied on .*; ` +
            `revert the edit, or accept the new text of one revision with \`tsdb stamp --repair ${A}\`$`,
        ),
      ),
    ]);
    addRevision(p, 'third', {}, 'c3c3c3c3c3c3');
    const before = await pgSnapshot(pg());
    const strict = runOn(p, pg().url, ['upgrade', '--strict']);
    expect(strict.code).toBe(1);
    expect(lines(strict.stderr)).toEqual([expect.stringMatching(new RegExp(`^error: applied script changed: ${A} `))]);
    expect(await pgSnapshot(pg())).toBe(before);
    const lenient = mustSucceedOn(p, pg().url, ['upgrade']);
    expect(lines(lenient.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^warning: applied script changed: ${A} .*\\(--strict makes this an error\\)$`)),
      `Running upgrade ${B} -> c3c3c3c3c3c3, third`,
    ]);
    const repaired = mustSucceedOn(p, pg().url, ['stamp', '--repair', A]);
    expect(lines(repaired.stderr)).toEqual([`Revision ${A}: accepted the edited script (${FILE_A}) as applied`]);
    expect((await pgLog(pg())).at(-1)).toMatchObject({ revision: A, direction: 'repair' });
    expect(runOn(p, pg().url, ['upgrade', '--strict']).code).toBe(0);
  });
});

/** A --json document with the parts that differ between two runs (times, durations) replaced. */
function stable(stdout: string): unknown {
  return JSON.parse(stdout, (key, value: unknown) =>
    ['at', 'durationMs'].includes(key) && value !== null ? `<${key}>` : value,
  ) as unknown;
}

describe('--json on PostgreSQL', { timeout: 60_000 }, () => {
  const pg = usePostgres();
  const project = useSharedTempProject({}, noteRevisions);

  it('upgrade, current and history -v print the documents SQLite prints', () => {
    const sqlite = `sqlite:///${project().path('json.db')}`;
    for (const args of [['upgrade', '+1'], ['current', '-v'], ['history', '-v'], ['upgrade'], ['current'], ['history', '-i']]) {
      const onPg = mustSucceedOn(project(), pg().url, ['--json', ...args]);
      const onSqlite = mustSucceedOn(project(), sqlite, ['--json', ...args]);
      expect(stable(onPg.stdout), args.join(' ')).toEqual(stable(onSqlite.stdout));
    }
  });

  it('a failure is { ok: false, error } with the password masked', async () => {
    const secret = 'hunter2-secret';
    const url = pg().url.replace('postgres@', `postgres:${secret}@`);
    await pg().server.query(pg().database, 'CREATE TABLE stray (id integer)');
    const unversioned = runOn(project(), url, ['--json', 'upgrade']);
    expect(unversioned.code).toBe(1);
    const doc = JSON.parse(unversioned.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('NO_VERSION_TABLE');
    expect(doc.error.message).toContain('postgres:***@');
    const refused = runOn(project(), url.replace(`:${pg().server.port}/`, ':1/'), ['--json', 'current']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^cannot connect to PostgreSQL/) },
    });
    for (const output of [unversioned, refused]) expect(output.stdout + output.stderr).not.toContain(secret);
    expect(await pgTables(pg())).toEqual(['stray']);
  });
});
