/**
 * The log beside the version table: one row per script run or stamp, with the script's checksum,
 * direction, time and duration. It makes edits to applied scripts visible (tamper evidence).
 */
import type { PendingWrite } from '../dialect/connection';
import type { BookkeepingTable } from '../dialect/dialect';
import type { Database } from './database';

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

/** Creates the log table if it is missing. */
export async function ensureLogTable(db: Database, name: string): Promise<void> {
  await db.conn.exec(db.dialect.logTableDdl(db.dialect.bookkeepingTable(name)));
}

/** Collects log rows and writes them in a few multi-row INSERTs: call flush() before the transaction commits. */
export class LogWriter {
  readonly #db: Database;
  readonly #table: BookkeepingTable;
  #pending: unknown[][] = [];

  constructor(db: Database, name: string) {
    this.#db = db;
    this.#table = db.dialect.bookkeepingTable(name);
  }

  record(revision: string, direction: LogDirection, checksum: string | null, at: Date, durationMs: number): void {
    this.#pending.push([revision, direction, checksum, at.toISOString(), Math.round(durationMs * 1000) / 1000]);
  }

  /** Inserts what was recorded since the last flush (a rolled-back revision was never recorded). */
  async flush(): Promise<void> {
    for (const write of this.takePending()) await this.#db.conn.run(write.sql, write.params);
  }

  /** The INSERTs of what was recorded since the last flush, taken out (a signal handler writes them synchronously). */
  takePending(): PendingWrite[] {
    const rows = this.#pending;
    this.#pending = [];
    const writes: PendingWrite[] = [];
    for (let start = 0; start < rows.length; start += LOG_ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + LOG_ROWS_PER_INSERT);
      const values = chunk.map(() => '(?, ?, ?, ?, ?)').join(', ');
      writes.push({
        sql: `INSERT INTO ${this.#table.sql} (revision, direction, checksum, applied_at, duration_ms) VALUES ${values}`,
        params: chunk.flat(),
      });
    }
    return writes;
  }
}

/** 5 parameters a row: far below SQLite's limit on bound parameters. */
const LOG_ROWS_PER_INSERT = 200;

/** The newest row of every revision in the log; empty when the log table does not exist (`known.exists`: it does, no need to ask). */
export async function readLatestLog(db: Database, name: string, known: { exists?: boolean } = {}): Promise<Map<string, LogEntry>> {
  const table = db.dialect.bookkeepingTable(name);
  const latest = new Map<string, LogEntry>();
  if (known.exists !== true && !(await db.dialect.tableExists(db.conn, table))) return latest;
  const t = table.sql;
  // the newest row of each revision, and for a repair the time of the newest run (the log only grows: no full read)
  const rows = await db.conn.query<{
    revision: string;
    direction: LogDirection;
    checksum: string | null;
    applied_at: string;
    duration_ms: number;
    ran_at: string | null;
    ran_ms: number | null;
  }>(
    `SELECT l.revision, l.direction, l.checksum, l.applied_at, l.duration_ms, r.applied_at AS ran_at, r.duration_ms AS ran_ms FROM ${t} l ` +
      `LEFT JOIN ${t} r ON l.direction = 'repair' AND r.id = (SELECT max(id) FROM ${t} WHERE revision = l.revision AND direction <> 'repair') ` +
      `WHERE l.id IN (SELECT max(id) FROM ${t} GROUP BY revision) ORDER BY l.id`,
  );
  for (const row of rows) {
    latest.set(row.revision, {
      revision: row.revision,
      direction: row.direction,
      checksum: row.checksum,
      appliedAt: row.ran_at ?? row.applied_at,
      durationMs: Number(row.ran_ms ?? row.duration_ms),
    });
  }
  return latest;
}

/** True when the entry means the revision's script is in the database (not downgraded or unstamped since). */
export function isAppliedEntry(entry: LogEntry): boolean {
  return entry.direction === 'upgrade' || entry.direction === 'stamp' || entry.direction === 'repair';
}
