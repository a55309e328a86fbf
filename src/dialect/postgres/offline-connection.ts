/**
 * A PostgreSQL "connection" with no server behind it, for offline SQL: writes are kept as text (bound
 * values written in), the transaction state follows the BEGIN/COMMIT it is given, and the only reads the
 * runtime makes (does the version table exist, which rows does it hold) are answered from what was written.
 */
import { TsdbError } from '../../errors';
import { splitStatements } from '../../schema/sql-statements';
import { UnbatchedConnection, type Connection, type PendingWrite, type RunResult } from '../connection';
import type { RecordedSql } from '../offline';
import { inlinePgBindings } from './literals';
import { TrackedCatalog } from './offline-catalog';

const CREATE_TABLE = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\S+)/i;
const VERSION_INSERT = /^INSERT INTO (\S+) \(version_num\) VALUES \(\?\)$/;
const VERSION_DELETE = /^DELETE FROM (\S+) WHERE version_num = \?$/;
const VERSION_SELECT = /^SELECT version_num FROM (\S+)$/;

/** What the plain (replaying) and the recording connection of one offline run share. */
export class OfflineState {
  readonly catalog: TrackedCatalog;
  readonly recorded: RecordedSql[] = [];
  /** Tables created by raw CREATE TABLE text (the version table), by their SQL name. */
  readonly createdTables = new Set<string>();
  /** Version rows, by the version table's SQL name. */
  readonly versions = new Map<string, Set<string>>();
  inTransaction = false;

  constructor(defaultSchema: string) {
    this.catalog = new TrackedCatalog(defaultSchema);
  }

  versionRows(table: string): Set<string> {
    let rows = this.versions.get(table);
    if (rows === undefined) this.versions.set(table, (rows = new Set()));
    return rows;
  }
}

/** One side of an offline run: `recording` keeps what it is given, the plain side only follows it. */
export class OfflinePgConnection extends UnbatchedConnection implements Connection {
  readonly dialect = 'postgresql';
  readonly display: string;
  readonly state: OfflineState;
  readonly defaultSchema: string;
  readonly #recording: boolean;

  constructor(state: OfflineState, options: { display: string; defaultSchema: string; recording: boolean }) {
    super();
    this.state = state;
    this.display = options.display;
    this.defaultSchema = options.defaultSchema;
    this.#recording = options.recording;
  }

  query<R = Record<string, unknown>>(sql: string, params: ReadonlyArray<unknown> = []): Promise<R[]> {
    const select = VERSION_SELECT.exec(sql.trim());
    if (select?.[1] !== undefined && params.length === 0) {
      const rows = [...this.state.versionRows(select[1])].map((version_num) => ({ version_num }));
      return Promise.resolve(rows as R[]);
    }
    return Promise.reject(
      new TsdbError(
        'OFFLINE_READ',
        `--sql reads no database, so it cannot run this query: ${sql.replace(/\s+/g, ' ').slice(0, 120)}; ` +
          'apply this revision with `tsdb upgrade` without --sql',
      ),
    );
  }

  run(sql: string, params: ReadonlyArray<unknown> = []): Promise<RunResult> {
    const text = sql.trim();
    const insert = VERSION_INSERT.exec(text);
    const remove = VERSION_DELETE.exec(text);
    if (insert?.[1] !== undefined) this.state.versionRows(insert[1]).add(String(params[0]));
    if (remove?.[1] !== undefined) this.state.versionRows(remove[1]).delete(String(params[0]));
    try {
      this.#record(params.length === 0 ? sql : inlinePgBindings(sql, params));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve({ changes: 1 });
  }

  exec(sql: string): Promise<void> {
    this.#record(sql);
    return Promise.resolve();
  }

  get inTransaction(): boolean {
    return this.state.inTransaction;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  abort(_keepFinished: boolean, _lastWrites: ReadonlyArray<PendingWrite>): void {
    // nothing is open anywhere
  }

  #record(sql: string): void {
    for (const statement of splitStatements(sql)) {
      if (statement.transactionControl) {
        const keyword = statement.keyword ?? '';
        if (keyword === 'BEGIN' || keyword === 'START') this.state.inTransaction = true;
        if (keyword === 'COMMIT' || keyword === 'END' || (keyword === 'ROLLBACK' && !/\bTO\b/i.test(statement.sql))) {
          this.state.inTransaction = false;
        }
      }
      const created = CREATE_TABLE.exec(statement.sql.trim());
      if (created?.[1] !== undefined) this.state.createdTables.add(created[1]);
      if (this.#recording) this.state.recorded.push({ sql: statement.sql, control: statement.transactionControl });
    }
  }
}
