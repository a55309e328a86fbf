/** The version table: one row per applied head, exactly like alembic_version. */
import { isOtherToolsTable } from '../autogenerate/other-tools-tables';
import { quoteIdent } from '../dialect/sqlite/quote';
import { DatabaseError } from '../errors';
import type { SqliteDb } from '../dialect/sqlite/connection';

/** True when the table exists (the version table, the log). */
export function hasTable(db: SqliteDb, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** User tables of a database that has no version table: it was not made by tsdb (or the table was dropped). Other tools' bookkeeping tables do not count. */
export function unversionedTables(db: SqliteDb, table: string): string[] {
  if (hasTable(db, table)) return [];
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as ReadonlyArray<{ name: string }>;
  return rows.map((row) => row.name).filter((name) => !/^(sqlite_|tsdb_)/i.test(name) && !isOtherToolsTable(name));
}

/** Refuses a database that has tables but no version table: tsdb cannot know its revision. Names both ways out. */
export function refuseUnversioned(db: SqliteDb, versionTable: string): void {
  const tables = unversionedTables(db, versionTable);
  if (tables.length === 0) return;
  const shown = tables.length > 5 ? `${tables.slice(0, 5).join(', ')}, …` : tables.join(', ');
  throw new DatabaseError(
    'NO_VERSION_TABLE',
    `database '${db.name}' has tables (${shown}) but no version table ${versionTable}: tsdb does not know which revision it is at; `
      + 'if the scripts already describe its schema, run `tsdb stamp REV` with the revision it matches; '
      + 'otherwise run `tsdb migrate --baseline -m MSG` to write a first revision of its current schema and stamp it there',
  );
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
