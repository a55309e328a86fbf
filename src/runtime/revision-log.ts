/**
 * The log beside the version table: one row per script run or stamp, with the script's checksum,
 * direction, time and duration. It makes edits to applied scripts visible (tamper evidence).
 */
import { quoteIdent } from '../dialect/sqlite/quote';
import { hasTable } from './version-table';
import type { SqliteDb } from '../dialect/sqlite/connection';

/** What a log row says happened to a revision. `repair` accepts a new checksum (stamp --repair). */
export type LogDirection = 'upgrade' | 'downgrade' | 'stamp' | 'unstamp' | 'repair';

/** The newest log row of one revision. */
export interface LogEntry {
  readonly revision: string;
  readonly direction: LogDirection;
  readonly checksum: string | null;
  /** ISO 8601, UTC. */
  readonly appliedAt: string;
  readonly durationMs: number;
}

/** `tsdb_version` → `tsdb_version_log`; a custom version table `x` → `tsdb_x_log` (bookkeeping tables start with tsdb_). */
export function logTableName(versionTable: string): string {
  return versionTable.toLowerCase().startsWith('tsdb_') ? `${versionTable}_log` : `tsdb_${versionTable}_log`;
}

export function ensureLogTable(db: SqliteDb, table: string): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (id INTEGER PRIMARY KEY, revision VARCHAR(32) NOT NULL, ` +
      'direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at VARCHAR(32) NOT NULL, duration_ms REAL NOT NULL)',
  );
}

/** Collects log rows and writes them in a few multi-row INSERTs: call flush() before the transaction commits. */
export class LogWriter {
  readonly #db: SqliteDb;
  readonly #table: string;
  #pending: unknown[][] = [];

  constructor(db: SqliteDb, table: string) {
    this.#db = db;
    this.#table = table;
  }

  record(revision: string, direction: LogDirection, checksum: string | null, at: Date, durationMs: number): void {
    this.#pending.push([revision, direction, checksum, at.toISOString(), Math.round(durationMs * 1000) / 1000]);
  }

  /** Inserts what was recorded since the last flush (a rolled-back revision was never recorded). */
  flush(): void {
    const rows = this.#pending;
    this.#pending = [];
    for (let start = 0; start < rows.length; start += LOG_ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + LOG_ROWS_PER_INSERT);
      const values = chunk.map(() => '(?, ?, ?, ?, ?)').join(', ');
      this.#db.prepare<unknown[]>(`INSERT INTO ${quoteIdent(this.#table)} (revision, direction, checksum, applied_at, duration_ms) VALUES ${values}`).run(...chunk.flat());
    }
  }
}

/** 5 parameters a row: far below SQLite's limit on bound parameters. */
const LOG_ROWS_PER_INSERT = 200;

/** The newest row of every revision in the log; empty when the log table does not exist. */
export function readLatestLog(db: SqliteDb, table: string): Map<string, LogEntry> {
  const latest = new Map<string, LogEntry>();
  if (!hasTable(db, table)) return latest;
  const t = quoteIdent(table);
  // the newest row of each revision, and for a repair the time of the newest run (the log only grows: no full read)
  const rows = db.prepare(
    `SELECT l.revision, l.direction, l.checksum, l.applied_at, l.duration_ms, r.applied_at AS ran_at, r.duration_ms AS ran_ms FROM ${t} l ` +
      `LEFT JOIN ${t} r ON l.direction = 'repair' AND r.id = (SELECT max(id) FROM ${t} WHERE revision = l.revision AND direction <> 'repair') ` +
      `WHERE l.id IN (SELECT max(id) FROM ${t} GROUP BY revision) ORDER BY l.id`,
  ).all() as ReadonlyArray<{
    revision: string; direction: LogDirection; checksum: string | null; applied_at: string; duration_ms: number; ran_at: string | null; ran_ms: number | null;
  }>;
  for (const row of rows) {
    latest.set(row.revision, {
      revision: row.revision, direction: row.direction, checksum: row.checksum,
      appliedAt: row.ran_at ?? row.applied_at, durationMs: row.ran_ms ?? row.duration_ms,
    });
  }
  return latest;
}

/** True when the entry means the revision's script is in the database (not downgraded or unstamped since). */
export function isAppliedEntry(entry: LogEntry): boolean {
  return entry.direction === 'upgrade' || entry.direction === 'stamp' || entry.direction === 'repair';
}
