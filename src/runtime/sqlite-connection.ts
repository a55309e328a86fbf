/** Opening a SQLite database with better-sqlite3, with errors that say which file and what to do. */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatabaseError } from '../errors';

/** An open better-sqlite3 connection. */
export type SqliteDb = Database.Database;

/** How long a runner waits for another runner's write lock by default, in milliseconds. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

/** Options of openSqlite. */
export interface OpenOptions {
  /** Read-only commands never create the file. */
  readonly mustExist: boolean;
  readonly lockTimeoutMs?: number;
}

let addonPath: string | null | undefined;

/** The compiled addon's path: naming it skips the `bindings` package's search (~5 ms of every start). */
function nativeBinding(): string | null {
  if (addonPath === undefined) {
    const file = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    addonPath = fs.existsSync(file) ? file : null;
  }
  return addonPath;
}

/** Opens (or creates) the database file; returns null when it must exist and does not. */
export function openSqlite(filename: string, options: OpenOptions): SqliteDb | null {
  if (options.mustExist && filename !== ':memory:' && !fs.existsSync(filename)) return null;
  let db: SqliteDb;
  try {
    const addon = nativeBinding();
    db = new Database(filename, { fileMustExist: options.mustExist && filename !== ':memory:', ...(addon === null ? {} : { nativeBinding: addon }) });
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS))}`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw describeOpenError(filename, error);
  }
  return db;
}

function describeOpenError(filename: string, error: unknown): DatabaseError {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB') {
    return new DatabaseError('NOT_A_DATABASE', `'${filename}' is not a SQLite database; check the url in tsdb.config.ts`, { cause: error });
  }
  if (code === 'SQLITE_CANTOPEN') {
    return new DatabaseError('CANNOT_OPEN', `cannot open database '${filename}': ${text}; check that its folder exists and is writable`, { cause: error });
  }
  if (code === 'SQLITE_BUSY') {
    return new DatabaseError('LOCKED', `database is locked: '${filename}' is held by another process; retry, or raise --lock-timeout`, { cause: error });
  }
  return new DatabaseError('CANNOT_OPEN', `cannot open database '${filename}': ${text}`, { cause: error });
}
