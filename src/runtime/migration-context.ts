/**
 * Runs migration steps atomically over any dialect. The lock is taken before the version table is read.
 * Where the lock is the command's transaction (SQLite's BEGIN IMMEDIATE), or with
 * transactionPerMigration false, each revision runs in a savepoint of one command-wide transaction;
 * otherwise each revision is its own transaction. Either way a revision's changes, its version rows
 * and its integrity check (SQLite: foreign_key_check) commit or roll back together.
 */
import { REVISION_SAVEPOINT } from '../dialect/connection';
import type { OpContext, OutsideOptions, RowProgress } from '../dialect/dialect';
import { type MigrationError, TransactionEndedError, TsdbError } from '../errors';
import { describeCommitFailure, describeFailure, shortSql, type Split } from './run-failure';
import { Operations } from '../operations/operations';
import type { MigrationStep, Revision } from '../script/revision-map';
import type { LoadedScript } from '../script/script-directory';
import type { InterruptGuard } from './interrupt';
import { KnexBinding } from './knex-binding';
import { ensureLogTable, LogWriter, readLatestLog, type LogEntry } from './revision-log';
import type { Database } from './database';
import { ensureVersionTable, readVersionRows, readVersions, readVersionsOrRefuse, versionWrites, writeVersions } from './version-table';

/** How long a runner waits for another runner's lock by default, in milliseconds. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

/** What runMigrations needs. */
export interface RunOptions {
  readonly db: Database;
  readonly versionTable: string;
  /** true: a failing revision rolls back alone and earlier ones are kept; false: the whole command rolls back. */
  readonly transactionPerMigration: boolean;
  /** Computes the steps from the version rows read under the lock. */
  readonly plan: (current: ReadonlyArray<string>) => ReadonlyArray<MigrationStep>;
  readonly loadScript: (revision: Revision) => Promise<LoadedScript>;
  /** Called before each step, with its 0-based index and the number of steps. */
  readonly onStep?: (step: MigrationStep, index: number, total: number) => void;
  /** The log table (see revision-log) and each script's checksum to record in it; no table, no log. */
  readonly logTable?: string;
  readonly checksumOf?: (revision: Revision) => string | null;
  /** Refuse a database that has tables but no version table (upgrading it would collide with what is there). */
  readonly refuseUnversioned?: boolean;
  /** Called under the lock, after planning and before any step, with the newest log row of each revision; may throw. */
  readonly verify?: (log: ReadonlyMap<string, LogEntry>) => void;
  /** Offline SQL (--sql): `op.knex` throws this revision's error, since Knex queries cannot be printed as SQL. */
  readonly refuseKnex?: (revision: Revision) => Error;
  /** Receives warnings about values an op keeps that another database would not (decimal places beyond NUMERIC(p,s)'s). */
  readonly onWarning?: (message: string) => void;
  /** Row-copy progress of long ops, when someone watches. */
  readonly progress?: RowProgress | null;
  /** The signal guard of the command: told how to undo the run while it runs. */
  readonly guard?: InterruptGuard;
  readonly lockTimeoutMs?: number;
}

/** What a run did. */
export interface RunResult {
  readonly steps: ReadonlyArray<MigrationStep>;
  readonly versions: ReadonlyArray<string>;
}

function newViolations(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string[] {
  return [...after].filter(([key, n]) => n > (before.get(key) ?? 0)).map(([key, n]) => `${n - (before.get(key) ?? 0)} in ${key}`);
}

/** One run: the lock, the transaction shape, the steps, and how to undo on failure or on a signal. */
class MigrationRun {
  readonly #options: RunOptions;
  readonly #db: Database;
  readonly #versionTable: string;
  readonly #log: LogWriter | null;
  /** One command-wide transaction with a savepoint per revision (else a transaction per revision). */
  readonly #outer: boolean;
  readonly #knex: KnexBinding;
  #initial: ReadonlyArray<string> = [];
  #current: ReadonlyArray<string> = [];
  #done = 0;
  #inRevision = false;
  #locked = false;
  /** The revision's closing batch (version rows, log row, COMMIT) is on its way. */
  #committing = false;
  /** The revision in progress committed part of itself to run a statement outside a transaction. */
  #split: Split | null = null;

  constructor(options: RunOptions) {
    this.#options = options;
    this.#db = options.db;
    const { dialect } = options.db;
    this.#versionTable = options.versionTable;
    this.#log = options.logTable === undefined ? null : new LogWriter(options.db, options.logTable);
    this.#outer = dialect.capabilities.lockIsTransaction || !options.transactionPerMigration;
    this.#knex = new KnexBinding(options.db);
  }

  /** Lock, read the version rows, plan, run every step; the caller releases in `close`. */
  async run(): Promise<RunResult> {
    const { dialect, conn } = this.#db;
    await dialect.acquireLock(conn, this.#options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, this.#versionTable);
    this.#locked = true;
    if (this.#outer && !conn.inTransaction) await conn.exec('BEGIN');
    const steps = await this.#prepare();
    this.#options.guard?.setUndo(() => this.#abort());
    let baseline = steps.length > 0 ? await dialect.integrityCounts(conn) : new Map<string, number>();
    for (const [index, step] of steps.entries()) {
      this.#options.onStep?.(step, index, steps.length);
      baseline = await this.#runStep(step, baseline);
    }
    if (this.#outer) {
      try {
        await conn.runAll([...(this.#log?.takePending() ?? []), { sql: 'COMMIT', params: [] }]);
      } catch (error) {
        if (conn.inTransaction) throw error;
        this.#current = this.#initial;
        throw describeCommitFailure(steps, error, this.#initial);
      }
    }
    return { steps, versions: this.#current };
  }

  async #prepare(): Promise<ReadonlyArray<MigrationStep>> {
    const db = this.#db;
    const rows =
      this.#options.refuseUnversioned === true
        ? await readVersionsOrRefuse(db, this.#versionTable)
        : await readVersionRows(db, this.#versionTable);
    // Plan before creating the bookkeeping tables: a refused target leaves a fresh database untouched, also where
    // these statements autocommit (PostgreSQL with a transaction per revision).
    this.#initial = rows ?? [];
    this.#current = this.#initial;
    const steps = this.#options.plan(this.#initial);
    if (rows === null) await ensureVersionTable(db, this.#versionTable);
    const logTable = this.#options.logTable ?? null;
    if (logTable !== null) await ensureLogTable(db, logTable);
    if (logTable !== null && this.#options.verify !== undefined) {
      this.#options.verify(await readLatestLog(db, logTable, { exists: true }));
    }
    return steps;
  }

  /** One revision with its version rows and integrity check; returns the new integrity baseline. */
  async #runStep(step: MigrationStep, baseline: ReadonlyMap<string, number>): Promise<ReadonlyMap<string, number>> {
    const { dialect, conn } = this.#db;
    if (this.#outer) await conn.exec(`SAVEPOINT ${REVISION_SAVEPOINT}`);
    else await conn.begin();
    this.#inRevision = true;
    this.#split = null;
    const startedAt = new Date();
    const started = performance.now();
    try {
      await this.#runScript(step);
      const after = await dialect.integrityCounts(conn);
      const broken = newViolations(baseline, after);
      if (broken.length > 0) {
        throw new TsdbError(
          'FOREIGN_KEY_VIOLATION',
          `rows left without their parent (${broken.join('; ')}); foreign keys are off while migrations run, ` +
            'so ON DELETE CASCADE does not fire: delete or fix those rows in the script',
        );
      }
      this.#log?.record(
        step.revision.id,
        step.direction,
        this.#options.checksumOf?.(step.revision) ?? null,
        startedAt,
        performance.now() - started,
      );
      // the version rows, the log row (with a transaction per revision) and the end of the revision: one round trip
      const writes = versionWrites(this.#db, this.#versionTable, this.#current, step.versionsAfter);
      if (this.#outer) writes.push({ sql: `RELEASE ${REVISION_SAVEPOINT}`, params: [] });
      else writes.push(...(this.#log?.takePending() ?? []), { sql: 'COMMIT', params: [] });
      this.#committing = !this.#outer;
      await conn.runAll(writes);
      this.#committing = false;
      this.#inRevision = false;
      this.#current = step.versionsAfter;
      this.#done += 1;
      return after;
    } catch (error) {
      throw await this.#fail(step, error);
    }
  }

  async #runScript(step: MigrationStep): Promise<void> {
    const { dialect, conn } = this.#db;
    const script = await this.#options.loadScript(step.revision);
    const fn = script[step.direction];
    const context: OpContext = {
      warn: (message) => this.#options.onWarning?.(`${step.direction} ${step.revision.id}: ${message}`),
      progress: this.#options.progress ?? null,
      outsideTransaction: (sql, options) => this.#outsideTransaction(sql, options),
    };
    // Ops run in call order (the dialect may group some); one the script forgot to await still fails the revision.
    const ops = dialect.opRunner(conn, context);
    // a query sees every op called before it, in the revision's transaction
    this.#knex.beforeQuery(async () => {
      await ops.flush();
      await conn.sendHeld();
    });
    const op = new Operations(
      (o) => ops.submit(o),
      () => {
        if (this.#options.refuseKnex !== undefined) throw this.#options.refuseKnex(step.revision);
        return this.#knex.get();
      },
    );
    const outcome = await Promise.resolve()
      .then(() => fn.call(script, op))
      .then(
        () => null,
        (error: unknown) => ({ error }),
      );
    // Before anything else: a query the script did not await must finish inside this revision.
    const unawaited = await this.#knex.settle();
    if (outcome !== null) throw outcome.error;
    if (unawaited)
      throw new TsdbError('UNAWAITED_QUERY', 'the script returned while an op.knex query was still running; await every op.knex call');
    await ops.finish();
    if (!conn.inTransaction) throw new TransactionEndedError();
  }

  /** Alembic's autocommit_block: commit the revision so far, run `sql` alone, begin again. */
  async #outsideTransaction(sql: string, options: OutsideOptions = {}): Promise<void> {
    const { conn } = this.#db;
    if (this.#outer) {
      if (options.orInside === true) {
        await conn.exec(sql);
        return;
      }
      throw new TsdbError(
        'NEEDS_OWN_TRANSACTION',
        `'${shortSql(sql)}' cannot run inside a transaction, and this run is one transaction (transactionPerMigration: false); ` +
          'nothing was run: set transactionPerMigration: true, or move the statement to a run of its own',
      );
    }
    await conn.exec('COMMIT');
    this.#split = { sql, ran: false };
    try {
      await conn.exec(sql);
    } finally {
      await conn.begin(); // the failure (if any) then rolls back the rest as usual
    }
    this.#split = { sql, ran: true };
  }

  /** Undoes the revision in progress (and, when the whole command is one transaction, maybe the rest); the error to throw. */
  async #fail(step: MigrationStep, error: unknown): Promise<MigrationError> {
    const { conn } = this.#db;
    if (!conn.inTransaction && this.#committing) {
      // the revision's own COMMIT failed (a deferred constraint): the server rolled the transaction back
      this.#committing = false;
      this.#inRevision = false;
      return describeFailure(step, error, this.#current, true, this.#split);
    }
    if (!conn.inTransaction) {
      const cause =
        error instanceof TransactionEndedError
          ? error
          : new TsdbError(
              'TRANSACTION_ENDED',
              `${error instanceof Error ? error.message : String(error)} (and it ended the migration transaction)`,
            );
      return describeFailure(step, cause, await readVersions(this.#db, this.#versionTable), false);
    }
    this.#inRevision = false;
    if (!this.#outer) {
      await conn.exec('ROLLBACK');
      return describeFailure(step, error, this.#current, true, this.#split);
    }
    await conn.exec(`ROLLBACK TO ${REVISION_SAVEPOINT}`);
    await conn.exec(`RELEASE ${REVISION_SAVEPOINT}`);
    if (this.#options.transactionPerMigration && this.#done > 0) {
      await this.#log?.flush();
      await conn.exec('COMMIT');
    } else {
      await conn.exec('ROLLBACK');
      this.#current = this.#initial;
    }
    return describeFailure(step, error, this.#current, true);
  }

  /** From a signal handler: ends the connection now; finished revisions stay when each counts alone. */
  #abort(): { rolledBack: boolean; versions: ReadonlyArray<string> } {
    const { conn } = this.#db;
    const rolledBack = conn.inTransaction;
    const keep = this.#outer && this.#options.transactionPerMigration && this.#done > 0;
    conn.abort(keep, keep ? (this.#log?.takePending() ?? []) : []);
    const versions = this.#outer && !keep ? this.#initial : this.#current;
    return { rolledBack: rolledBack || this.#inRevision, versions };
  }

  /** Whatever happened: roll back what is open, release the lock, put the session back. */
  async close(): Promise<void> {
    const { dialect, conn } = this.#db;
    this.#options.guard?.setUndo(null);
    try {
      if (conn.inTransaction) await conn.exec('ROLLBACK');
      await this.#knex.close();
      if (this.#locked) await dialect.releaseLock(conn, this.#versionTable);
    } finally {
      await dialect.afterRun(conn);
    }
  }
}

/** Runs the planned steps; on failure rolls back per `transactionPerMigration` and throws MigrationError. */
export async function runMigrations(options: RunOptions): Promise<RunResult> {
  await options.db.dialect.beforeRun(options.db.conn);
  const run = new MigrationRun(options);
  try {
    return await run.run();
  } finally {
    await run.close();
  }
}

/** Sets the version rows without running scripts, under the lock; `written` runs in the same transaction. */
export async function stampVersions(
  db: Database,
  versionTable: string,
  next: (current: ReadonlyArray<string>) => ReadonlyArray<string>,
  written?: (before: ReadonlyArray<string>, after: ReadonlyArray<string>) => Promise<void>,
  lockTimeoutMs: number = DEFAULT_LOCK_TIMEOUT_MS,
): Promise<{ before: string[]; after: string[] }> {
  const { dialect, conn } = db;
  const table = versionTable;
  await dialect.acquireLock(conn, lockTimeoutMs, versionTable);
  try {
    if (!conn.inTransaction) await conn.exec('BEGIN');
    await ensureVersionTable(db, table);
    const before = await readVersions(db, table);
    const after = [...next(before)].sort();
    await writeVersions(db, table, before, after);
    await written?.(before, after);
    await conn.exec('COMMIT');
    return { before, after };
  } finally {
    if (conn.inTransaction) await conn.exec('ROLLBACK');
    await dialect.releaseLock(conn, versionTable);
  }
}
