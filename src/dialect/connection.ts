/**
 * The database connection every engine-neutral layer talks to: a handful of async calls, the same on
 * SQLite (better-sqlite3's synchronous calls, wrapped) and PostgreSQL (node-postgres). SQL given to
 * `query` and `run` uses `?` placeholders on every engine; a dialect turns them into its own.
 */

/** The engines tsdb speaks. */
export type DialectName = 'sqlite' | 'postgresql';

/** What a write reports. */
export interface RunResult {
  readonly changes: number;
}

/** A statement kept for later (`?` placeholders). */
export interface PendingWrite {
  readonly sql: string;
  readonly params: ReadonlyArray<unknown>;
}

/** An open database connection. */
export interface Connection {
  readonly dialect: DialectName;
  /** How messages name the database: the file, or the URL with its password masked. */
  readonly display: string;
  /** Rows of one statement (`?` placeholders). */
  query<R = Record<string, unknown>>(sql: string, params?: ReadonlyArray<unknown>): Promise<R[]>;
  /** Runs one statement (`?` placeholders) and says how many rows it changed. */
  run(sql: string, params?: ReadonlyArray<unknown>): Promise<RunResult>;
  /** Runs SQL text without parameters (one statement, or several where the engine allows it). */
  exec(sql: string): Promise<void>;
  /** True while a transaction is open on this connection. */
  readonly inTransaction: boolean;
  /** Closes the connection; a transaction still open is rolled back. */
  close(): Promise<void>;
  /**
   * Ends the connection at once, from a signal handler (synchronous: the process exits right after).
   * What is not committed is rolled back, except, with `keepFinished`, the work of a command-wide
   * transaction that lies before the revision in progress (its savepoint): that is committed first,
   * with `lastWrites` (the log rows of the finished revisions) written just before.
   */
  abort(keepFinished: boolean, lastWrites: ReadonlyArray<PendingWrite>): void;
}

/** The savepoint each revision runs in when the whole command is one transaction. */
export const REVISION_SAVEPOINT = 'tsdb_revision';
