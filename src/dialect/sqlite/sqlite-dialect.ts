/** SQLite through better-sqlite3: the lock is BEGIN IMMEDIATE, changes ALTER TABLE cannot make are rebuilds. */
import { compileSqliteSchema } from './compile';
import * as fs from 'node:fs';
import type { DatabaseTarget } from '../../config/database-url';
import { DatabaseError, TsdbError } from '../../errors';
import type { Connection } from '../connection';
import type { BookkeepingTable, Dialect } from '../dialect';
import { sqliteComparator } from './comparator';
import { checkWritable, openSqlite, SqliteConnection, sqliteHandle } from './connection';
import { introspectSchema } from './introspect';
import { SqliteOpRunner } from './op-runner';
import { renderOfflineScript } from './offline-script';
import { quoteIdent } from './quote';
import { RecordingDb } from './recording-db';
import { readSchemaObjects, unrepresentedClauses } from './schema-objects';
import { foreignKeyViolations } from './table-state';

function sqliteFile(target: DatabaseTarget): string {
  if (target.dialect !== 'sqlite') throw new Error(`not a SQLite URL: ${target.display}`);
  return target.filename;
}

/** Begins the write transaction, turning SQLITE_BUSY into a clear "database is locked" error. */
async function beginImmediate(conn: Connection): Promise<void> {
  try {
    await conn.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new DatabaseError(
        'LOCKED',
        `database is locked: another process holds the write lock on '${conn.display}'; retry later or raise --lock-timeout`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** SQLite's own errors (read-only file, disk full, corrupt file) are failures to report, not bugs. */
function describeError(error: unknown, display: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (error instanceof TsdbError || typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const hint = code.startsWith('SQLITE_READONLY')
    ? '; the file (or its folder) is read-only: check its permissions'
    : code === 'SQLITE_FULL'
      ? '; the disk is full'
      : code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
        ? '; the file is damaged or not a SQLite database'
        : '';
  return new DatabaseError(code, `database ${display}: ${(error as Error).message}${hint}`, { cause: error });
}

/** PRAGMA foreign_key_check counted by `child -> parent`. */
function violationCounts(conn: Connection): Map<string, number> {
  const counts = new Map<string, number>();
  let violations: ReturnType<typeof foreignKeyViolations>;
  try {
    violations = foreignKeyViolations(sqliteHandle(conn));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DatabaseError(
      'FOREIGN_KEY_MISMATCH',
      `PRAGMA foreign_key_check fails on this database (${why}): a foreign key points at columns ` +
        "that are neither the primary key nor UNIQUE; fix that table's definition",
      { cause: error },
    );
  }
  for (const v of violations) counts.set(`${v.table} -> ${v.parent}`, (counts.get(`${v.table} -> ${v.parent}`) ?? 0) + 1);
  return counts;
}

const dialect: Dialect = {
  name: 'sqlite',
  capabilities: { transactionalDdl: true, rebuildsTables: true, lockIsTransaction: true },
  async open(target, options) {
    const file = sqliteFile(target);
    const db = openSqlite(file, options);
    return db === null ? null : new SqliteConnection(db, file);
  },
  async openScratch() {
    const db = openSqlite(':memory:', { mustExist: false });
    if (db === null) throw new TsdbError('CANNOT_OPEN', 'cannot open an in-memory database');
    return new SqliteConnection(db, ':memory:');
  },
  databaseMissing: (target) => {
    const file = sqliteFile(target);
    return file !== ':memory:' && !fs.existsSync(file);
  },
  checkWritable: (target) => checkWritable(sqliteFile(target)),
  describeError,
  quoteIdent,
  bookkeepingTable: (name): BookkeepingTable => ({ name, sql: quoteIdent(name) }),
  logTableDdl: (table) =>
    `CREATE TABLE IF NOT EXISTS ${table.sql} (id INTEGER PRIMARY KEY, revision VARCHAR(32) NOT NULL, ` +
    'direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at VARCHAR(32) NOT NULL, duration_ms REAL NOT NULL)',
  async tableExists(conn, table) {
    const rows = await conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table.name]);
    return rows.length > 0;
  },
  async tableNames(conn) {
    const rows = await conn.query<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    );
    return rows.map((row) => row.name);
  },
  acquireLock: (conn) => beginImmediate(conn),
  releaseLock: async () => undefined,
  prepareBookkeeping: async () => undefined,
  // outside the transaction: inside one SQLite ignores it
  beforeRun: async (conn) => {
    sqliteHandle(conn).pragma('foreign_keys = OFF');
  },
  afterRun: async (conn) => {
    if (sqliteHandle(conn).open) sqliteHandle(conn).pragma('foreign_keys = ON');
  },
  integrityCounts: async (conn) => violationCounts(conn),
  opRunner: (conn, context) => new SqliteOpRunner(conn, context),
  compileSchema: compileSqliteSchema,
  introspect: async (conn, options) => introspectSchema(sqliteHandle(conn), options),
  async adoptionExtras(conn, tables, includeTable) {
    const db = sqliteHandle(conn);
    const warnings = unrepresentedClauses(db, tables).map(
      ({ table, clauses }) =>
        `table '${table}': ${clauses.join(', ')} ` +
        'not in the baseline script (the models API cannot say it yet); a database made from the script lacks it: add it with op.execute if that matters',
    );
    return { objects: readSchemaObjects(db, tables, includeTable), warnings };
  },
  comparator: sqliteComparator,
  offline: {
    async recordingScratch() {
      const db = openSqlite(':memory:', { mustExist: false });
      if (db === null) throw new TsdbError('CANNOT_OPEN', 'cannot open an in-memory database');
      const recorder = new RecordingDb(db);
      return {
        plain: new SqliteConnection(db, ':memory:'),
        recording: new SqliteConnection(recorder.db, ':memory:'),
        recorded: () => recorder.recorded,
        close: async () => {
          db.close();
        },
      };
    },
    render: renderOfflineScript,
    applyHint: 'Apply with: sqlite3 -bail DATABASE < FILE   (-bail stops at a failing statement; its transaction then rolls back)',
  },
  knexConnection: (conn) => ({ client: 'better-sqlite3', settings: { filename: ':memory:' }, raw: sqliteHandle(conn) }),
};

/** The SQLite dialect. */
export const sqliteDialect: Dialect = Object.freeze(dialect);
