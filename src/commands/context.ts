/** What every command receives, and the workspace (config, script directory, database) it opens. */
import * as fs from 'node:fs';
import { DatabaseError, TsdbError } from '../errors';
import type { MigrationStep } from '../script/revision-map';
import { ScriptDirectory } from '../script/script-directory';
import { loadConfig, type ResolvedConfig } from '../config/config';
import { rollBackOnSignal } from '../runtime/interrupt';
import { checkWritable, openSqlite, type SqliteDb } from '../dialect/sqlite/connection';

/** Progress a command reports while it works; the CLI prints these on stderr. */
export type CommandEvent =
  | { readonly type: 'step'; readonly step: MigrationStep; readonly index: number; readonly total: number }
  | { readonly type: 'stamp'; readonly before: ReadonlyArray<string>; readonly after: ReadonlyArray<string> }
  | { readonly type: 'info'; readonly message: string }
  | { readonly type: 'warning'; readonly message: string };

/** Global options and the event sink, shared by every command. */
export interface CommandContext {
  readonly cwd: string;
  readonly configPath?: string;
  readonly directory?: string;
  readonly url?: string;
  readonly lockTimeoutMs?: number;
  readonly onEvent?: (event: CommandEvent) => void;
  /** The CLI's: on SIGINT/SIGTERM during database work, roll back, then this prints the line and exits with the code (130/143). Library calls leave signals alone. */
  readonly exitOnSignal?: (line: string, exitCode: number) => void;
}

/** Loads the config; commands that need no config file pass through init. */
export function loadContextConfig(ctx: CommandContext): Promise<ResolvedConfig> {
  return loadConfig({ cwd: ctx.cwd, configPath: ctx.configPath, directory: ctx.directory, url: ctx.url });
}

/** Config plus script directory: what every graph command needs. */
export interface Workspace {
  readonly config: ResolvedConfig;
  readonly scripts: ScriptDirectory;
}

/** Loads config and script directory. */
export async function openWorkspace(ctx: CommandContext): Promise<Workspace> {
  const config = await loadContextConfig(ctx);
  const scripts = await ScriptDirectory.load(config.migrationsDir);
  return { config, scripts };
}

/** Opens the configured database; `mustExist` commands get null for a file that is not there yet. */
export function openDatabase(ctx: CommandContext, config: ResolvedConfig, mustExist: boolean): SqliteDb | null {
  const target = config.database;
  if (target.dialect !== 'sqlite') {
    throw new TsdbError('UNSUPPORTED_DATABASE', `${target.display}: PostgreSQL support is not built yet; use a sqlite:/// URL for now`);
  }
  return openSqlite(target.filename, { mustExist, lockTimeoutMs: ctx.lockTimeoutMs });
}

/** Runs `work` with the database open and always closes it. */
export async function withDatabase<T>(
  ctx: CommandContext, config: ResolvedConfig, mustExist: boolean, work: (db: SqliteDb | null) => Promise<T> | T,
): Promise<T> {
  const db = openDatabase(ctx, config, mustExist);
  try {
    return await work(db);
  } catch (error) {
    throw describeSqliteError(error, config);
  } finally {
    db?.close();
  }
}

/** Runs `work` with the database open for writing (created when missing) and always closes it. */
export async function withWritableDatabase<T>(ctx: CommandContext, config: ResolvedConfig, work: (db: SqliteDb) => Promise<T> | T): Promise<T> {
  const target = config.database;
  if (target.dialect === 'sqlite') checkWritable(target.filename);
  return withDatabase(ctx, config, false, async (db) => {
    if (db === null) throw new DatabaseError('CANNOT_OPEN', `cannot open database ${config.database.display}`);
    const release = ctx.exitOnSignal === undefined ? () => undefined : rollBackOnSignal(db, config.versionTable, ctx.exitOnSignal);
    try {
      return await work(db);
    } finally {
      release();
    }
  });
}

/** True when the configured SQLite file does not exist yet (a command then knows nothing is applied). */
export function databaseMissing(config: ResolvedConfig): boolean {
  const target = config.database;
  return target.dialect === 'sqlite' && target.filename !== ':memory:' && !fs.existsSync(target.filename);
}

/** Fails before anything runs when the version table names revisions no script defines. */
export function assertKnownVersions(scripts: ScriptDirectory, current: ReadonlyArray<string>): void {
  const unknown = current.filter((id) => !scripts.map.has(id));
  if (unknown.length > 0) {
    throw new TsdbError('UNKNOWN_VERSION', `the version table names ${unknown.join(', ')}, which no script in ${scripts.versionsDir} defines; restore the script, or run \`tsdb stamp --purge <revision>\` to say where the database really is`);
  }
}

/** SQLite's own errors (read-only file, disk full, corrupt file) are failures to report, not bugs. */
function describeSqliteError(error: unknown, config: ResolvedConfig): unknown {
  const code = (error as { code?: unknown }).code;
  if (error instanceof TsdbError || typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const where = config.database.display;
  const hint = code.startsWith('SQLITE_READONLY') ? '; the file (or its folder) is read-only: check its permissions'
    : code === 'SQLITE_FULL' ? '; the disk is full'
    : code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' ? '; the file is damaged or not a SQLite database' : '';
  return new DatabaseError(code, `database ${where}: ${(error as Error).message}${hint}`, { cause: error });
}
