/** Types shared by the SQLite DDL planner and whoever runs its plans. */
import type { Table } from '../../schema/types';

/** One SQL statement with its bindings. */
export interface Statement {
  readonly sql: string;
  readonly bindings: ReadonlyArray<unknown>;
  /** Set on a rebuild's `INSERT … SELECT … FROM copyFrom`: it may run in rowid ranges, to report progress. */
  readonly copyFrom?: string;
}

/** A trigger or view as stored in sqlite_master. */
export interface TriggerDef {
  readonly name: string;
  readonly sql: string;
}

/** What the planner needs to know about a live (or replayed) table. */
export interface TableState {
  readonly table: Table;
  readonly triggers: ReadonlyArray<TriggerDef>;
  /** Every view of the database (views are not tied to one table in sqlite_master). */
  readonly views: ReadonlyArray<TriggerDef>;
  /** Features a rebuild cannot carry over (COLLATE, generated columns, …); a rebuild refuses when non-empty. */
  readonly rebuildBlockers: ReadonlyArray<string>;
}

/** Read access to the schema the op will run against: the live database, or a replayed one offline. */
export interface SchemaReader {
  table(name: string): TableState | null;
  /** Names of the other tables whose foreign keys point at `name`. */
  referencing(name: string): ReadonlyArray<string>;
}

/** How an op reshapes one existing table: the table after it, and the column each of its columns copies from. */
export interface TableChange {
  readonly table: string;
  readonly next: Table;
  /** New column name → the column (of the table before the op) it takes its values from; new columns are absent. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * The statements for one op; `rebuild` says which table is copied, so row counts can be verified;
 * `change` is set for ops that reshape one table (columns, constraints), so a pending rebuild of that
 * table can take them in instead of copying the rows again.
 */
export interface DdlPlan {
  readonly statements: ReadonlyArray<Statement>;
  readonly rebuild: { readonly table: string; readonly referencedBy: ReadonlyArray<string> } | null;
  readonly change: TableChange | null;
}

/** Wraps SQL without bindings as a Statement. */
export function statement(sql: string, bindings: ReadonlyArray<unknown> = []): Statement {
  return { sql, bindings };
}
