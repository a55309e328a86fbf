/** The version table: one row per applied head, exactly like alembic_version. */
import { quoteIdent } from '../dialect/sqlite/quote';
import type { SqliteDb } from './sqlite-connection';

/** True when the table exists (the version table, the log). */
export function hasTable(db: SqliteDb, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** User tables of a database that has no version table: it was not made by tsdb (or the table was dropped). */
export function unversionedTables(db: SqliteDb, table: string): string[] {
  if (hasTable(db, table)) return [];
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as ReadonlyArray<{ name: string }>;
  return rows.map((row) => row.name).filter((name) => !/^(sqlite_|tsdb_)/i.test(name));
}

/** Creates the version table if it is missing. */
export function ensureVersionTable(db: SqliteDb, table: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)`);
}

/** The applied heads, sorted; [] when the table does not exist. */
export function readVersions(db: SqliteDb, table: string): string[] {
  if (!hasTable(db, table)) return [];
  const rows = db.prepare(`SELECT version_num FROM ${quoteIdent(table)}`).all() as ReadonlyArray<{ version_num: unknown }>;
  return rows.map((row) => String(row.version_num)).sort();
}

/** Writes version rows with statements prepared once per command. */
export class VersionWriter {
  readonly #remove: ReturnType<SqliteDb['prepare']>;
  readonly #insert: ReturnType<SqliteDb['prepare']>;

  constructor(db: SqliteDb, table: string) {
    this.#remove = db.prepare(`DELETE FROM ${quoteIdent(table)} WHERE version_num = ?`);
    this.#insert = db.prepare(`INSERT INTO ${quoteIdent(table)} (version_num) VALUES (?)`);
  }

  /** Replaces the rows `before` with `after`, touching only what differs. */
  write(before: ReadonlyArray<string>, after: ReadonlyArray<string>): void {
    for (const rev of before) if (!after.includes(rev)) this.#remove.run(rev);
    for (const rev of after) if (!before.includes(rev)) this.#insert.run(rev);
  }
}
