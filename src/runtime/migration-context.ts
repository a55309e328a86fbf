/**
 * Runs migration steps atomically: foreign keys switched off outside the transaction, one
 * BEGIN IMMEDIATE (the write lock) for the command, a savepoint per revision with its version-table
 * update, and PRAGMA foreign_key_check before each revision is released.
 */
import { DatabaseError, MigrationError, TsdbError } from '../errors';
import type { MigrationStep, Revision } from '../script/revision-map';
import type { LoadedScript } from '../script/script-directory';
import { KnexBinding } from './knex-binding';
import { foreignKeyViolations } from '../dialect/sqlite/table-state';
import { setUndoInProgress } from './interrupt';
import { TransactionEndedError } from '../dialect/sqlite/run-plan';
import { OpRunner } from '../dialect/sqlite/op-runner';
import { Operations } from '../operations/operations';
import type { SqliteDb } from '../dialect/sqlite/connection';
import { ensureLogTable, LogWriter, readLatestLog, type LogEntry } from './revision-log';
import { ensureVersionTable, readVersions, refuseUnversioned, VersionWriter } from './version-table';

/** What runMigrations needs. */
export interface RunOptions {
  readonly db: SqliteDb;
  readonly versionTable: string;
  /** true: a failing revision rolls back alone and earlier ones are kept; false: the whole command rolls back. */
  readonly transactionPerMigration: boolean;
  /** Computes the steps from the version rows read under the write lock. */
  readonly plan: (current: ReadonlyArray<string>) => ReadonlyArray<MigrationStep>;
  readonly loadScript: (revision: Revision) => Promise<LoadedScript>;
  /** Called before each step, with its 0-based index and the number of steps. */
  readonly onStep?: (step: MigrationStep, index: number, total: number) => void;
  /** The log table (see revision-log) and each script's checksum to record in it; no table, no log. */
  readonly logTable?: string;
  readonly checksumOf?: (revision: Revision) => string | null;
  /** Refuse a database that has tables but no version table (upgrading it would collide with what is there). */
  readonly refuseUnversioned?: boolean;
  /** Called under the write lock, after planning and before any step, with the newest log row of each revision; may throw. */
  readonly verify?: (log: ReadonlyMap<string, LogEntry>) => void;
  /** Offline SQL (--sql): `op.knex` throws this revision's error, since Knex queries cannot be printed as SQL. */
  readonly refuseKnex?: (revision: Revision) => Error;
  /** Receives warnings about values an op keeps that another database would not (decimal places beyond NUMERIC(p,s)'s). */
  readonly onWarning?: (message: string) => void;
}

/** What a run did. */
export interface RunResult {
  readonly steps: ReadonlyArray<MigrationStep>;
  readonly versions: ReadonlyArray<string>;
}

/** Begins the write transaction, turning SQLITE_BUSY into a clear "database is locked" error. */
export function beginWrite(db: SqliteDb): void {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new DatabaseError('LOCKED', `database is locked: another process holds the write lock on '${db.name}'; retry later or raise --lock-timeout`, { cause: error });
    }
    throw error;
  }
}

function violationCounts(db: SqliteDb): Map<string, number> {
  const counts = new Map<string, number>();
  let violations: ReturnType<typeof foreignKeyViolations>;
  try {
    violations = foreignKeyViolations(db);
  } catch (error) {
    throw new DatabaseError('FOREIGN_KEY_MISMATCH', `PRAGMA foreign_key_check fails on this database (${describeCause(error)}): a foreign key points at columns that are neither the primary key nor UNIQUE; fix that table's definition`, { cause: error });
  }
  for (const v of violations) counts.set(`${v.table} -> ${v.parent}`, (counts.get(`${v.table} -> ${v.parent}`) ?? 0) + 1);
  return counts;
}

function newViolations(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string[] {
  return [...after].filter(([key, n]) => n > (before.get(key) ?? 0)).map(([key, n]) => `${n - (before.get(key) ?? 0)} in ${key}`);
}

async function runStep(db: SqliteDb, options: RunOptions, step: MigrationStep, knex: KnexBinding): Promise<void> {
  const script = await options.loadScript(step.revision);
  const fn = script[step.direction];
  // Ops run in call order (consecutive changes of one table as one rebuild); one the script forgot to await still fails the revision.
  const ops = new OpRunner(db, (message) => options.onWarning?.(`${step.direction} ${step.revision.id}: ${message}`));
  const op = new Operations((o) => ops.submit(o), () => {
    if (options.refuseKnex !== undefined) throw options.refuseKnex(step.revision);
    ops.flush(); // a query sees every op called before it
    return knex.get();
  });
  const outcome = await Promise.resolve().then(() => fn.call(script, op)).then(() => null, (error: unknown) => ({ error }));
  // Before anything else: a query the script did not await must finish inside this savepoint.
  const unawaited = await knex.settle();
  if (outcome !== null) throw outcome.error;
  if (unawaited) throw new TsdbError('UNAWAITED_QUERY', 'the script returned while an op.knex query was still running; await every op.knex call');
  ops.finish();
  if (!db.inTransaction) throw new TransactionEndedError();
}

function describeFailure(step: MigrationStep, error: unknown, standing: ReadonlyArray<string>, rolledBack: boolean): MigrationError {
  const text = error instanceof Error ? error.message : `a non-Error value was thrown: ${JSON.stringify(error) ?? String(error)}`;
  const cause = text.trim().replace(/\s*\n\s*/g, ' | '); // one line on stderr, always
  const at = standing.length === 0 ? 'base (empty)' : standing.join(', ');
  const { revision, direction } = step;
  const outcome = rolledBack
    ? `it was rolled back and the database is at ${at}`
    : `the transaction had already ended, so tsdb could not roll it back: the version table says ${at}; check the database before running again`;
  return new MigrationError(revision.id, direction, `${direction} ${revision.id} (${revision.path}) failed: ${cause}; ${outcome}`, { cause: error });
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the planned steps; on failure rolls back per `transactionPerMigration` and throws MigrationError. */
export async function runMigrations(options: RunOptions): Promise<RunResult> {
  const { db, versionTable } = options;
  db.pragma('foreign_keys = OFF'); // outside the transaction: inside one SQLite ignores it
  const knex = new KnexBinding(db);
  try {
    beginWrite(db);
    if (options.refuseUnversioned === true) refuseUnversioned(db, versionTable);
    ensureVersionTable(db, versionTable);
    const logTable = options.logTable;
    if (logTable !== undefined) ensureLogTable(db, logTable);
    const initial = readVersions(db, versionTable);
    const steps = options.plan(initial);
    if (logTable !== undefined) options.verify?.(readLatestLog(db, logTable));
    const log = logTable === undefined ? null : new LogWriter(db, logTable);
    let baseline = steps.length > 0 ? violationCounts(db) : new Map<string, number>();
    let current: ReadonlyArray<string> = initial;
    const versions = new VersionWriter(db, versionTable);
    const done: MigrationStep[] = [];
    // Undoes the revision in progress: earlier ones are committed (per-revision mode) or rolled back too; true when all were.
    let inSavepoint = false;
    const undoRevision = (): boolean => {
      if (inSavepoint) {
        db.exec('ROLLBACK TO tsdb_revision');
        db.exec('RELEASE tsdb_revision');
        inSavepoint = false;
      }
      if (options.transactionPerMigration && done.length > 0) {
        log?.flush();
        db.exec('COMMIT');
        return false;
      }
      db.exec('ROLLBACK');
      return true;
    };
    setUndoInProgress(undoRevision); // a signal between or during revisions
    for (const [index, step] of steps.entries()) {
      options.onStep?.(step, index, steps.length);
      db.exec('SAVEPOINT tsdb_revision');
      inSavepoint = true;
      const startedAt = new Date();
      const started = performance.now();
      try {
        await runStep(db, options, step, knex);
        const after = violationCounts(db);
        const broken = newViolations(baseline, after);
        if (broken.length > 0) {
          throw new TsdbError('FOREIGN_KEY_VIOLATION', `rows left without their parent (${broken.join('; ')}); foreign keys are off while migrations run, so ON DELETE CASCADE does not fire: delete or fix those rows in the script`);
        }
        versions.write(current, step.versionsAfter);
        db.exec('RELEASE tsdb_revision');
        inSavepoint = false;
        log?.record(step.revision.id, step.direction, options.checksumOf?.(step.revision) ?? null, startedAt, performance.now() - started);
        baseline = after;
        current = step.versionsAfter;
        done.push(step);
      } catch (error) {
        if (!db.inTransaction) {
          const cause = error instanceof TransactionEndedError ? error : new TsdbError('TRANSACTION_ENDED', `${describeCause(error)} (and it ended the migration transaction)`);
          throw describeFailure(step, cause, readVersions(db, versionTable), false);
        }
        if (undoRevision()) current = initial;
        throw describeFailure(step, error, current, true);
      }
    }
    log?.flush();
    db.exec('COMMIT');
    return { steps: done, versions: current };
  } finally {
    setUndoInProgress(null);
    if (db.inTransaction) db.exec('ROLLBACK');
    await knex.close();
    db.pragma('foreign_keys = ON');
  }
}

/** Sets the version rows without running scripts, under the write lock; `written` runs in the same transaction. */
export function stampVersions(
  db: SqliteDb,
  versionTable: string,
  next: (current: ReadonlyArray<string>) => ReadonlyArray<string>,
  written?: (before: ReadonlyArray<string>, after: ReadonlyArray<string>) => void,
): { before: string[]; after: string[] } {
  beginWrite(db);
  try {
    ensureVersionTable(db, versionTable);
    const before = readVersions(db, versionTable);
    const after = [...next(before)].sort();
    new VersionWriter(db, versionTable).write(before, after);
    written?.(before, after);
    db.exec('COMMIT');
    return { before, after };
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}
