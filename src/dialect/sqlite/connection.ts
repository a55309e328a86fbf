/** Opening a SQLite database with better-sqlite3, with errors that say which file and what to do. */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatabaseError } from '../../errors';
import { REVISION_SAVEPOINT, UnbatchedConnection, type Connection, type PendingWrite, type RunResult } from '../connection';

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
  if (filename !== ':memory:') checkPath(filename);
  let db: SqliteDb | undefined;
  try {
    const addon = nativeBinding();
    db = new Database(filename, {
      fileMustExist: options.mustExist && filename !== ':memory:',
      ...(addon === null ? {} : { nativeBinding: addon }),
    });
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS))}`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db?.close();
    throw describeOpenError(filename, error);
  }
  return db;
}

/** Problems better-sqlite3 reports vaguely ("unable to open database file"), named before it tries. */
function checkPath(filename: string): void {
  const stat = fs.statSync(filename, { throwIfNoEntry: false });
  if (stat?.isDirectory() === true) {
    throw new DatabaseError(
      'CANNOT_OPEN',
      `cannot open database '${filename}': it is a directory, not a database file; point the url at a file`,
    );
  }
  if (stat !== undefined) {
    try {
      fs.accessSync(filename, fs.constants.R_OK);
    } catch (error) {
      throw new DatabaseError(
        'CANNOT_OPEN',
        `cannot read database '${filename}': permission denied; check the file's owner and permissions (chmod u+rw)`,
        { cause: error },
      );
    }
    return;
  }
  const folder = path.dirname(filename);
  if (!fs.existsSync(folder)) {
    throw new DatabaseError(
      'CANNOT_OPEN',
      `cannot create database '${filename}': the folder ${folder} does not exist; create it, or fix the url`,
    );
  }
}

/** For commands that write: the file (when it exists) and its folder (for the journal) must be writable. */
export function checkWritable(filename: string): void {
  if (filename === ':memory:') return;
  checkPath(filename);
  for (const [target, what] of [
    [filename, 'file'],
    [path.dirname(filename), 'folder'],
  ] as const) {
    if (!fs.existsSync(target)) continue;
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      const fix =
        what === 'file'
          ? `check its owner and permissions (chmod u+w ${filename})`
          : `SQLite writes its journal beside the database: check the folder's owner and permissions (chmod u+w ${target})`;
      throw new DatabaseError('READONLY', `database '${filename}' is read-only: permission denied writing its ${what}; ${fix}`, {
        cause: error,
      });
    }
  }
}

/** npm 12 skips unreviewed install scripts, leaving better-sqlite3 without its compiled addon; a Node upgrade leaves a stale one. */
function driverNotBuilt(text: string): boolean {
  return /Could not locate the bindings file|better_sqlite3\.node|NODE_MODULE_VERSION/.test(text);
}

function describeOpenError(filename: string, error: unknown): DatabaseError {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  if (driverNotBuilt(text)) {
    return new DatabaseError(
      'DRIVER_NOT_BUILT',
      'the SQLite driver better-sqlite3 has no native addon built for this Node.js (its install script was skipped, or Node changed); ' +
        'run `npm install-scripts approve better-sqlite3`, then `npm rebuild better-sqlite3`',
      { cause: error },
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new DatabaseError('NOT_A_DATABASE', `'${filename}' is not a SQLite database; check the url in tsdb.config.ts`, { cause: error });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseError(
      'CORRUPT',
      `database '${filename}' is damaged (${text}); restore it from a backup, or point the url at the right file`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_CANTOPEN') {
    return new DatabaseError('CANNOT_OPEN', `cannot open database '${filename}': ${text}; check that its folder exists and is writable`, {
      cause: error,
    });
  }
  if (code === 'SQLITE_BUSY') {
    return new DatabaseError('LOCKED', `database is locked: '${filename}' is held by another process; retry, or raise --lock-timeout`, {
      cause: error,
    });
  }
  return new DatabaseError('CANNOT_OPEN', `cannot open database '${filename}': ${text}`, { cause: error });
}

/**
 * better-sqlite3 behind the async Connection: each call runs synchronously and returns a settled
 * promise (one microtask per statement). `db` stays reachable for the SQLite dialect's own code.
 */
export class SqliteConnection extends UnbatchedConnection implements Connection {
  readonly dialect = 'sqlite';
  readonly display: string;
  readonly db: SqliteDb;
  readonly #statements = new Map<string, Database.Statement<unknown[]>>();

  constructor(db: SqliteDb, display: string = db.name) {
    super();
    this.db = db;
    this.display = display;
  }

  /** A statement prepared once per connection: the runner repeats the same few (version rows, log rows). */
  prepared(sql: string): Database.Statement<unknown[]> {
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare<unknown[]>(sql);
      if (this.#statements.size > 64) this.#statements.clear();
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  async query<R>(sql: string, params: ReadonlyArray<unknown> = []): Promise<R[]> {
    return this.prepared(sql).all(...params) as R[];
  }

  async run(sql: string, params: ReadonlyArray<unknown> = []): Promise<RunResult> {
    return { changes: this.prepared(sql).run(...params).changes };
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  get inTransaction(): boolean {
    return this.db.open && this.db.inTransaction;
  }

  async close(): Promise<void> {
    this.#statements.clear();
    if (this.db.open) this.db.close();
  }

  abort(keepFinished: boolean, lastWrites: ReadonlyArray<PendingWrite>): void {
    if (!this.db.open) return;
    if (this.db.inTransaction) {
      if (keepFinished) {
        try {
          this.db.exec(`ROLLBACK TO ${REVISION_SAVEPOINT}`);
          this.db.exec(`RELEASE ${REVISION_SAVEPOINT}`);
        } catch {
          // between revisions: no savepoint is open, everything in the transaction is finished work
        }
        for (const write of lastWrites) this.db.prepare(write.sql).run(...write.params);
        this.db.exec('COMMIT');
      } else this.db.exec('ROLLBACK');
    }
    this.close().catch(() => undefined);
  }
}

/** The better-sqlite3 handle under a connection the SQLite dialect opened. */
export function sqliteHandle(conn: Connection): SqliteDb {
  if (!(conn instanceof SqliteConnection)) throw new Error(`a ${conn.dialect} connection was given to the SQLite dialect`);
  return conn.db;
}
