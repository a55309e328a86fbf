/** The version table: one row per applied head, exactly like alembic_version. */
import { isOtherToolsTable } from '../autogenerate/other-tools-tables';
import type { PendingWrite } from '../dialect/connection';
import { DatabaseError } from '../errors';
import type { Database } from './database';

/** User tables of a database that has no version table: it was not made by tsdb (or the table was dropped). Other tools' bookkeeping tables do not count. */
export async function unversionedTables(db: Database, table: string): Promise<string[]> {
  if (await db.dialect.tableExists(db.conn, db.dialect.bookkeepingTable(table))) return [];
  const names = await db.dialect.tableNames(db.conn);
  return names.filter((name) => !/^tsdb_/i.test(name) && !isOtherToolsTable(name)).sort();
}

/** Refuses a database that has tables but no version table: tsdb cannot know its revision. Names both ways out. */
export async function refuseUnversioned(db: Database, versionTable: string): Promise<void> {
  const tables = await unversionedTables(db, versionTable);
  if (tables.length === 0) return;
  const shown = tables.length > 5 ? `${tables.slice(0, 5).join(', ')}, …` : tables.join(', ');
  throw new DatabaseError(
    'NO_VERSION_TABLE',
    `database '${db.conn.display}' has tables (${shown}) but no version table ${versionTable}: tsdb does not know which revision it is at; ` +
      'if the scripts already describe its schema, run `tsdb stamp REV` with the revision it matches; ' +
      'otherwise run `tsdb migrate --baseline -m MSG` to write a first revision of its current schema and stamp it there',
  );
}

/** Creates the version table if it is missing. */
export async function ensureVersionTable(db: Database, name: string): Promise<void> {
  await db.dialect.prepareBookkeeping(db.conn);
  await db.conn.exec(`CREATE TABLE IF NOT EXISTS ${db.dialect.bookkeepingTable(name).sql} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)`);
}

/** The applied heads, sorted; [] when the table does not exist. */
export async function readVersions(db: Database, name: string): Promise<string[]> {
  const table = db.dialect.bookkeepingTable(name);
  if (!(await db.dialect.tableExists(db.conn, table))) return [];
  const rows = await db.conn.query<{ version_num: unknown }>(`SELECT version_num FROM ${table.sql}`);
  return rows.map((row) => String(row.version_num)).sort();
}

/** The writes that replace the rows `before` with `after`, touching only what differs. */
export function versionWrites(db: Database, name: string, before: ReadonlyArray<string>, after: ReadonlyArray<string>): PendingWrite[] {
  const table = db.dialect.bookkeepingTable(name).sql;
  const writes: PendingWrite[] = [];
  for (const rev of before) if (!after.includes(rev)) writes.push({ sql: `DELETE FROM ${table} WHERE version_num = ?`, params: [rev] });
  for (const rev of after) if (!before.includes(rev)) writes.push({ sql: `INSERT INTO ${table} (version_num) VALUES (?)`, params: [rev] });
  return writes;
}

/** Replaces the rows `before` with `after`, touching only what differs. */
export async function writeVersions(
  db: Database,
  name: string,
  before: ReadonlyArray<string>,
  after: ReadonlyArray<string>,
): Promise<void> {
  await db.conn.runAll(versionWrites(db, name, before, after));
}
