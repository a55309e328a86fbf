/** The version table: one row per applied head, exactly like alembic_version. */
import { isOtherToolsTable } from '../autogenerate/other-tools-tables';
import type { PendingWrite } from '../dialect/connection';
import { DatabaseError } from '../errors';
import type { Database } from './database';

/** User tables (not tsdb's, not other tools' bookkeeping tables): a database without a version table that has some was not made by tsdb. */
async function userTables(db: Database): Promise<string[]> {
  const names = await db.dialect.tableNames(db.conn);
  return names.filter((name) => !/^tsdb_/i.test(name) && !isOtherToolsTable(name)).sort();
}

/** Refuses a database that has tables but no version table: tsdb cannot know its revision. Names both ways out. */
function refuseTables(db: Database, versionTable: string, tables: ReadonlyArray<string>): void {
  if (tables.length === 0) return;
  const shown = tables.length > 5 ? `${tables.slice(0, 5).join(', ')}, …` : tables.join(', ');
  throw new DatabaseError(
    'NO_VERSION_TABLE',
    `database '${db.conn.display}' has tables (${shown}) but no version table ${versionTable}: tsdb does not know which revision it is at; ` +
      'if the scripts already describe its schema, run `tsdb stamp REV` with the revision it matches; ' +
      'otherwise run `tsdb migrate --baseline -m MSG` to write a first revision of its current schema and stamp it there',
  );
}

/** The applied heads, sorted; null when there is no version table, and then refused if the database has user tables. */
export async function readVersionsOrRefuse(db: Database, versionTable: string): Promise<string[] | null> {
  const rows = await readVersionRows(db, versionTable);
  if (rows === null) refuseTables(db, versionTable, await userTables(db));
  return rows;
}

/** Creates the version table if it is missing. */
export async function ensureVersionTable(db: Database, name: string): Promise<void> {
  await db.dialect.prepareBookkeeping(db.conn);
  await db.conn.exec(`CREATE TABLE IF NOT EXISTS ${db.dialect.bookkeepingTable(name).sql} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)`);
}

/** The applied heads, sorted; null when the table does not exist. */
export async function readVersionRows(db: Database, name: string): Promise<string[] | null> {
  const table = db.dialect.bookkeepingTable(name);
  if (!(await db.dialect.tableExists(db.conn, table))) return null;
  const rows = await db.conn.query<{ version_num: unknown }>(`SELECT version_num FROM ${table.sql}`);
  return rows.map((row) => String(row.version_num)).sort();
}

/** The applied heads, sorted; [] when the table does not exist. */
export async function readVersions(db: Database, name: string): Promise<string[]> {
  return (await readVersionRows(db, name)) ?? [];
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
