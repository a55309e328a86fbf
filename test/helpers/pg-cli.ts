/**
 * Driving the CLI against the test's PostgreSQL database: a project made by `tsdb init` keeps the config's
 * `process.env.DATABASE_URL ?? …` line, so one project (shared by a describe block) serves a fresh database
 * per test through DATABASE_URL. Reading the database back: version rows, tables, a whole-database snapshot.
 */
import { mustSucceed } from './cli-project';
import type { PgServer } from './postgres';
import type { RunResult, TempProject } from './temp-project';

/** What usePostgres() gives a test. */
export interface PgDatabase {
  readonly server: PgServer;
  readonly database: string;
  readonly url: string;
}

/** `tsdb ...args` with DATABASE_URL set to `url`. */
export function runOn(project: TempProject, url: string, args: ReadonlyArray<string>): RunResult {
  return project.run(args, { env: { DATABASE_URL: url } });
}

/** `tsdb ...args` on `url`; throws with the output unless it exited 0. */
export function mustSucceedOn(project: TempProject, url: string, args: ReadonlyArray<string>): RunResult {
  const result = runOn(project, url, args);
  if (result.code !== 0) {
    throw new Error(`tsdb ${args.join(' ')} exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result;
}

/** `tsdb init`, leaving the URL to DATABASE_URL. */
export function initEnvProject(project: TempProject): void {
  mustSucceed(project, ['init']);
}

/** The rows of the version table (sorted), or null when it does not exist. */
export async function pgVersions(db: PgDatabase, schema = 'public', table = 'tsdb_version'): Promise<string[] | null> {
  const [exists] = await db.server.query<{ t: string | null }>(db.database, 'SELECT to_regclass($1)::text AS t', [
    `"${schema}"."${table}"`,
  ]);
  if (exists?.t === null || exists?.t === undefined) return null;
  const rows = await db.server.query<{ version_num: string }>(db.database, `SELECT version_num FROM "${schema}"."${table}"`);
  return rows.map((row) => row.version_num).sort();
}

/** The tables of a schema, sorted. */
export async function pgTables(db: PgDatabase, schema = 'public'): Promise<string[]> {
  const rows = await db.server.query<{ tablename: string }>(
    db.database,
    'SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = $1 ORDER BY tablename',
    [schema],
  );
  return rows.map((row) => row.tablename);
}

const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";

/**
 * The whole database as text: schemas, columns, indexes, constraints and every row of every table, in a fixed
 * order, so two snapshots are equal only when nothing changed.
 */
export async function pgSnapshot(db: PgDatabase): Promise<string> {
  const q = (sql: string) => db.server.query(db.database, sql);
  const schemas = await q(`SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE ${USER_SCHEMAS} ORDER BY 1`);
  const columns = await q(
    `SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
       FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMAS} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2, a.attnum`,
  );
  const indexes = await q(
    `SELECT schemaname, indexname, indexdef FROM pg_catalog.pg_indexes
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const constraints = await q(
    `SELECT n.nspname, con.conname, pg_get_constraintdef(con.oid) AS def FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace WHERE ${USER_SCHEMAS} ORDER BY 1, 2`,
  );
  const tables = await db.server.query<{ schemaname: string; tablename: string }>(
    db.database,
    "SELECT schemaname, tablename FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
  );
  const data: Record<string, unknown[]> = {};
  for (const { schemaname, tablename } of tables) {
    data[`${schemaname}.${tablename}`] = await q(
      `SELECT to_jsonb(t)::text AS row FROM "${schemaname}"."${tablename}" t ORDER BY to_jsonb(t)::text`,
    );
  }
  return JSON.stringify({ schemas, columns, indexes, constraints, data }, null, 1);
}

/** A revision script written directly, faster than `tsdb revision` when a test needs many. */
export interface ScriptSpec {
  readonly id: string;
  readonly downRevisions: ReadonlyArray<string>;
  readonly branchLabels?: ReadonlyArray<string>;
  readonly dependsOn?: ReadonlyArray<string>;
  /** The first line of the doc comment, shown by history and the progress lines (default: the id). */
  readonly message?: string;
  /** Statements of upgrade(op) and downgrade(op), one a line. */
  readonly upgrade: ReadonlyArray<string>;
  readonly downgrade?: ReadonlyArray<string>;
}

const listLiteral = (ids: ReadonlyArray<string> = []): string => (ids.length === 0 ? 'null' : JSON.stringify(ids));

/** The source of the script `spec` describes, in the shape `tsdb revision` writes. */
export function scriptSource(spec: ScriptSpec): string {
  const down = spec.downRevisions.length === 1 ? JSON.stringify(spec.downRevisions[0]) : listLiteral(spec.downRevisions);
  const body = (statements: ReadonlyArray<string> = []): string => statements.map((line) => `  ${line}\n`).join('');
  return [
    `/**\n * ${spec.message ?? spec.id}\n */`,
    "import { type Operations } from 'tsdb';",
    '',
    `export const revision = '${spec.id}';`,
    `export const downRevision: string | string[] | null = ${down};`,
    `export const branchLabels: string[] | null = ${listLiteral(spec.branchLabels)};`,
    `export const dependsOn: string[] | null = ${listLiteral(spec.dependsOn)};`,
    '',
    `export async function upgrade(op: Operations): Promise<void> {\n${body(spec.upgrade)}}`,
    '',
    `export async function downgrade(op: Operations): Promise<void> {\n${body(spec.downgrade)}}`,
    '',
  ].join('\n');
}
