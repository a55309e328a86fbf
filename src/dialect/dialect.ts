/**
 * What an engine provides: opening connections, the lock, running ops, reading the schema back, and the
 * engine's rules for comparing schemas. Every layer outside `src/dialect/<engine>/` asks a Dialect; none
 * names a driver. dialects.ts maps each engine to its dialect, explicitly: nothing registers itself on import.
 */
import type { Comparator } from '../autogenerate/comparator';
import type { DatabaseTarget } from '../config/database-url';
import type { Op } from '../operations/ops';
import type { Schema } from '../schema/types';
import type { Connection, DialectName } from './connection';
import type { OfflineSupport } from './offline';

/** Options of Dialect.open. */
export interface OpenOptions {
  /** Read-only commands never create a database: a missing one gives null. */
  readonly mustExist: boolean;
  /** How long to wait for another runner's lock, in milliseconds. */
  readonly lockTimeoutMs?: number;
}

/** Receives row-copy progress of long work; `copied` reaches `total` when it is done. */
export type RowProgress = (table: string, copied: number, total: number) => void;

/** What the runner gives the op runner of one revision. */
export interface OpContext {
  /** Warnings about what an op keeps or loses (decimal places beyond NUMERIC(p,s)'s, …). */
  readonly warn: (message: string) => void;
  /** Row-copy progress, when someone watches; null: copy in one statement. */
  readonly progress: RowProgress | null;
  /**
   * Runs a statement outside the revision's transaction (Alembic's autocommit_block): what ran so far
   * commits, the statement runs alone, a new transaction begins. Where the run cannot split (one transaction
   * for the whole command): refused, or run inside with `orInside`.
   */
  readonly outsideTransaction: (sql: string, options?: OutsideOptions) => Promise<void>;
}

/** Options of OpContext.outsideTransaction. */
export interface OutsideOptions {
  /** The statement may run inside a transaction when the run cannot split (ALTER TYPE … ADD VALUE not used afterwards). */
  readonly orInside?: boolean;
}

/** Options of Dialect.openScratch. */
export interface ScratchOptions {
  /** PostgreSQL: a server where a temporary database may be created and dropped (--scratch-url, config scratchUrl). */
  readonly scratchUrl?: string | null;
  /** Ends the process with a line (the CLI's): a signal while the scratch database exists drops it first. */
  readonly exitOnSignal?: (line: string, exitCode: number) => void;
}

/** Runs a revision's ops in call order; the dialect may group several (SQLite: one rebuild per table). */
export interface OpRunner {
  /** Runs or takes in `op`; the promise the script awaits. */
  submit(op: Op): Promise<void>;
  /** Runs whatever is pending (before an op.knex query sees the database). */
  flush(): Promise<void>;
  /** After the script returned: runs what is pending and throws the first failure of any op. */
  finish(): Promise<void>;
}

/** What introspection reads and leaves out. */
export interface IntrospectOptions {
  readonly versionTable: string;
  readonly includeTable?: (name: string) => boolean;
  /** Schemas to read besides the default one (PostgreSQL: those the models name). */
  readonly schemas?: ReadonlyArray<string>;
}

/** A table tsdb keeps for itself (the version table, the log), with its place and quoted name. */
export interface BookkeepingTable {
  readonly name: string;
  /** The name as SQL writes it, schema-qualified where the engine has schemas. */
  readonly sql: string;
}

/** A database object a baseline copies as its own statements (views, triggers, virtual tables). */
export interface ExtraObject {
  readonly createSql: string;
  readonly dropSql: string;
}

/** One engine. */
export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: {
    /** DDL commits and rolls back with the transaction. */
    readonly transactionalDdl: boolean;
    /** Changes ALTER TABLE cannot make are done by rebuilding the table. */
    readonly rebuildsTables: boolean;
    /** The lock is the command's transaction (SQLite's BEGIN IMMEDIATE): revisions then run in savepoints. */
    readonly lockIsTransaction: boolean;
  };
  /** Opens the database; null when `mustExist` and it does not exist. */
  open(target: DatabaseTarget, options: OpenOptions): Promise<Connection | null>;
  /** An empty database to replay migrations into (check --offline, offline SQL). */
  openScratch(options?: ScratchOptions): Promise<Connection>;
  /** True when the database certainly does not exist yet (a SQLite file not created): nothing is applied. */
  databaseMissing(target: DatabaseTarget): boolean;
  /** For commands that write: fails early, naming the problem, when the database cannot be written. */
  checkWritable(target: DatabaseTarget): void;
  /** The engine's own errors (read-only file, disk full, …) as a TsdbError; anything else unchanged. */
  describeError(error: unknown, display: string): unknown;
  /** Quotes an identifier. */
  quoteIdent(name: string): string;
  /** A bookkeeping table by name. */
  bookkeepingTable(name: string): BookkeepingTable;
  /** CREATE TABLE IF NOT EXISTS for the log (revision, direction, checksum, applied_at, duration_ms, an auto id). */
  logTableDdl(table: BookkeepingTable): string;
  /** True when the table exists. */
  tableExists(conn: Connection, table: BookkeepingTable): Promise<boolean>;
  /** Every ordinary table of the database, by name (engine-internal tables left out). */
  tableNames(conn: Connection): Promise<string[]>;
  /** Takes the lock that keeps two runners of `versionTable` apart, waiting up to `timeoutMs`; before the version table is read. */
  acquireLock(conn: Connection, timeoutMs: number, versionTable: string): Promise<void>;
  /** Releases the lock (after the command's last commit or rollback). */
  releaseLock(conn: Connection, versionTable: string): Promise<void>;
  /** Makes sure the bookkeeping tables have a place to live (PostgreSQL: the configured schema). */
  prepareBookkeeping(conn: Connection): Promise<void>;
  /** Before the lock / after the run, outside any transaction (SQLite: foreign keys off and on). */
  beforeRun(conn: Connection): Promise<void>;
  afterRun(conn: Connection): Promise<void>;
  /** Rows that break a foreign key, by `child -> parent`, where the engine lets them in while migrations run; else empty. */
  integrityCounts(conn: Connection): Promise<ReadonlyMap<string, number>>;
  /** The op runner of one revision. */
  opRunner(conn: Connection, context: OpContext): OpRunner;
  /**
   * The declared schema as this engine holds it, what compare compares with the live one (SQLite: an enum
   * column is TEXT with a CHECK; PostgreSQL: a sole integer key is an identity, logical types its own).
   */
  compileSchema(schema: Schema): Schema;
  /** The live schema in tsdb's Schema shape. */
  introspect(conn: Connection, options: IntrospectOptions): Promise<Schema>;
  /** Objects a baseline copies as written (views, triggers, …) and warnings about what it cannot carry. */
  adoptionExtras(
    conn: Connection,
    tables: ReadonlyArray<string>,
    includeTable: (name: string) => boolean,
  ): Promise<{
    readonly objects: ReadonlyArray<ExtraObject>;
    readonly warnings: ReadonlyArray<string>;
  }>;
  /** The engine's rules for comparing a declared schema with an introspected one. */
  readonly comparator: Comparator;
  /** Offline SQL (`--sql`). */
  readonly offline: OfflineSupport;
  /** The Knex client, its (unused) connection settings and the driver connection under `conn`: op.knex runs in the migration's transaction. */
  knexConnection(conn: Connection): {
    readonly client: string;
    readonly settings: Readonly<Record<string, unknown>>;
    readonly raw: unknown;
  };
}
