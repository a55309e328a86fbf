/** What every command receives, and the workspace (config, script directory, database) it opens. */
import { DatabaseError, TsdbError } from '../errors';
import type { MigrationStep } from '../script/revision-map';
import { ScriptDirectory } from '../script/script-directory';
import { loadConfig, type ResolvedConfig } from '../config/config';
import type { RowProgress } from '../dialect/dialect';
import { dialectFor } from '../dialect/dialects';
import type { Database } from '../runtime/database';
import { guardSignals, type InterruptGuard } from '../runtime/interrupt';

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
  /** Row-copy progress of long ops, drawn by the CLI on a terminal; none: copies run in one statement. */
  readonly rowProgress?: RowProgress;
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

/** Opens the configured database; `mustExist` commands get null for one that is not there yet. */
export async function openDatabase(ctx: CommandContext, config: ResolvedConfig, mustExist: boolean): Promise<Database | null> {
  const dialect = dialectFor(config.database);
  const conn = await dialect.open(config.database, { mustExist, lockTimeoutMs: ctx.lockTimeoutMs });
  return conn === null ? null : { dialect, conn };
}

/** Runs `work` with the database open and always closes it. */
export async function withDatabase<T>(
  ctx: CommandContext,
  config: ResolvedConfig,
  mustExist: boolean,
  work: (db: Database | null) => Promise<T> | T,
): Promise<T> {
  const db = await openDatabase(ctx, config, mustExist);
  try {
    return await work(db);
  } catch (error) {
    throw db === null ? error : db.dialect.describeError(error, config.database.display);
  } finally {
    await db?.conn.close();
  }
}

/**
 * Runs `work` with the database open for writing (created when missing) and always closes it. From
 * the CLI, SIGINT/SIGTERM meanwhile undo what runs (the guard `work` hands to the runner) and exit.
 */
export async function withWritableDatabase<T>(
  ctx: CommandContext,
  config: ResolvedConfig,
  work: (db: Database, guard: InterruptGuard | undefined) => Promise<T>,
): Promise<T> {
  dialectFor(config.database).checkWritable(config.database);
  return withDatabase(ctx, config, false, async (db) => {
    if (db === null) throw new DatabaseError('CANNOT_OPEN', `cannot open database ${config.database.display}`);
    const guard = ctx.exitOnSignal === undefined ? undefined : guardSignals(() => db.conn.abort(false, []), ctx.exitOnSignal);
    try {
      return await work(db, guard);
    } finally {
      guard?.release();
    }
  });
}

/** True when the configured database certainly does not exist yet (a command then knows nothing is applied). */
export function databaseMissing(config: ResolvedConfig): boolean {
  return dialectFor(config.database).databaseMissing(config.database);
}

/** Fails before anything runs when the version table names revisions no script defines. */
export function assertKnownVersions(scripts: ScriptDirectory, current: ReadonlyArray<string>): void {
  const unknown = current.filter((id) => !scripts.map.has(id));
  if (unknown.length > 0) {
    throw new TsdbError(
      'UNKNOWN_VERSION',
      `the version table names ${unknown.join(', ')}, which no script in ${scripts.versionsDir} defines; restore the script, or run \`tsdb stamp --purge <revision>\` to say where the database really is`,
    );
  }
}
