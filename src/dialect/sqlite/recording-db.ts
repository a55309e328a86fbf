/**
 * A better-sqlite3 database that keeps the text of every write it runs, for offline SQL: migrations
 * run for real against a scratch (in-memory) database, so table rebuilds read the schema the earlier
 * migrations produced, and what they wrote is printed instead of applied anywhere else.
 */
import type { PragmaOptions, Statement } from 'better-sqlite3';
import { inlineBindings } from './inline-bindings';
import { isPragmaAssignment, isTransactionControl, leadingKeyword, splitStatements } from '../../schema/sql-statements';
import type { RecordedSql } from '../offline';
import type { SqliteDb } from './connection';

/** Whether a prepared statement changes anything: reads (SELECT, PRAGMA table_info, foreign_key_check) are not recorded. */
function writes(stmt: Statement<unknown[]>, sql: string): boolean {
  if (isTransactionControl(sql)) return true;
  if (leadingKeyword(sql) === 'PRAGMA') return isPragmaAssignment(sql) || !stmt.reader;
  return !stmt.readonly;
}

/**
 * Wraps `target`: `db` is used like the database itself; `exec`, prepared `run`/`get`/`all`/`iterate`
 * of writing statements (bindings written in as literals) and `pragma('x = y')` are appended to
 * `recorded` after they succeed.
 */
export class RecordingDb {
  /** The database to hand to the code being recorded. */
  readonly db: SqliteDb;
  readonly #recorded: RecordedSql[] = [];

  constructor(target: SqliteDb) {
    const db: SqliteDb = new Proxy(target, {
      get: (raw, prop) => {
        if (prop === 'exec') {
          return (sql: string) => {
            raw.exec(sql);
            this.#record(sql);
            return db;
          };
        }
        if (prop === 'prepare') return (sql: string) => this.#wrap(raw.prepare(sql) as Statement<unknown[]>, sql);
        if (prop === 'pragma') {
          return (source: string, options?: PragmaOptions) => {
            const result = raw.pragma(source, options);
            if (isPragmaAssignment(source)) this.#record(`PRAGMA ${source}`);
            return result;
          };
        }
        // Everything else (inTransaction, name, close, …) is the database's own, bound to it.
        const value: unknown = Reflect.get(raw, prop, raw);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(raw) : value;
      },
    });
    this.db = db;
  }

  /** Every statement recorded so far, in the order it ran. */
  get recorded(): ReadonlyArray<RecordedSql> {
    return this.#recorded;
  }

  /** Records each statement of `sql` on its own (an exec'd text may hold several). */
  #record(sql: string): void {
    for (const s of splitStatements(sql)) this.#recorded.push({ sql: s.sql, control: s.transactionControl });
  }

  /** A proxy over the statement that records each execution of a writing statement, with its values inlined. */
  #wrap(stmt: Statement<unknown[]>, sql: string): Statement<unknown[]> {
    let bound: ReadonlyArray<unknown> = [];
    const record = (params: ReadonlyArray<unknown>) => {
      if (writes(stmt, sql)) this.#record(inlineBindings(sql, params.length > 0 ? params : bound));
    };
    const proxy: Statement<unknown[]> = new Proxy(stmt, {
      get: (raw, prop) => {
        const value: unknown = Reflect.get(raw, prop, raw);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'iterate') record(args); // lazy: it runs as the caller iterates
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(raw, args);
          if (prop === 'bind') bound = args;
          if (prop === 'run' || prop === 'get' || prop === 'all') record(args);
          return result === raw ? proxy : result; // pluck(), raw(), bind() … chain on the proxy
        };
      },
    });
    return proxy;
  }
}
