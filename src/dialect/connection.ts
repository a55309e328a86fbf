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
  /** Opens a transaction; an engine may send the BEGIN with the next statement (PostgreSQL: a round trip less). */
  begin(): Promise<void>;
  /** Sends what begin() held back: before something else (op.knex) uses the session. */
  sendHeld(): Promise<void>;
  /** Runs the writes in order, in as few round trips as the engine allows; the first that fails stops the rest. */
  runAll(writes: ReadonlyArray<PendingWrite>): Promise<void>;
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

/** runAll for engines where a round trip costs nothing: one write after the other. */
export async function runEach(conn: Connection, writes: ReadonlyArray<PendingWrite>): Promise<void> {
  for (const write of writes) await conn.run(write.sql, write.params);
}

/** The batching calls of a connection where a round trip costs nothing (in process, or recording text): sent as they come. */
export abstract class UnbatchedConnection {
  abstract run(sql: string, params?: ReadonlyArray<unknown>): Promise<RunResult>;
  abstract exec(sql: string): Promise<void>;

  runAll(writes: ReadonlyArray<PendingWrite>): Promise<void> {
    return runEach(this as unknown as Connection, writes);
  }

  begin(): Promise<void> {
    return this.exec('BEGIN');
  }

  sendHeld(): Promise<void> {
    return Promise.resolve(); // begin() holds nothing back
  }
}
