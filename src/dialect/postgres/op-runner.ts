/**
 * Runs a revision's ops on PostgreSQL, one after another in call order (a queue: node-postgres is async, and
 * an op a script forgot to await must still run in its place), each checked against the live data first,
 * then its statements; a statement that cannot run in a transaction goes through the runner's
 * outsideTransaction. After a failure nothing more runs (the transaction is aborted anyway).
 */
import { OperationError, TransactionEndedError, TsdbError } from '../../errors';
import type { Op } from '../../operations/ops';
import type { Connection } from '../connection';
import type { OpContext, OpRunner } from '../dialect';
import { liveCatalog } from './catalog';
import type { PgConnection } from './connection';
import { addsEnumValue, concurrentIndexBuild, planPgOp, type PgStatement } from './ddl';
import { sqlName } from './names';
import { OpQueue } from './op-queue';
import { preflight } from './preflight';

function label(op: Op): string {
  return 'table' in op && typeof op.table === 'string' ? `${op.kind} on '${op.table}'` : op.kind;
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** The PostgreSQL op runner of one revision. */
export class PgOpRunner implements OpRunner {
  readonly #conn: PgConnection;
  readonly #context: OpContext;
  readonly #queue = new OpQueue((op) => this.#run(op));
  /** ALTER TYPE … ADD VALUE statements run so far (inside the transaction when the run cannot split). */
  readonly #addedValues: string[] = [];

  constructor(conn: Connection, context: OpContext) {
    this.#conn = conn as PgConnection;
    this.#context = context;
  }

  submit(op: Op): Promise<void> {
    return this.#queue.submit(op);
  }

  flush(): Promise<void> {
    return this.#queue.flush();
  }

  finish(): Promise<void> {
    return this.#queue.finish();
  }

  async #run(op: Op): Promise<void> {
    const catalog = liveCatalog(this.#conn);
    const ctx = { defaultSchema: this.#conn.target.schema, catalog };
    await preflight(this.#conn, op, ctx, this.#context.warn);
    const statements = await planPgOp(op, ctx);
    for (const stmt of statements) await this.#runStatement(op, stmt);
  }

  async #runStatement(op: Op, stmt: PgStatement): Promise<void> {
    try {
      if (stmt.outside) await this.#runOutside(stmt.sql);
      else await this.#conn.run(stmt.sql, stmt.params);
    } catch (error) {
      if (error instanceof TsdbError) throw error;
      const unsafe = (error as { code?: unknown }).code === UNSAFE_NEW_ENUM_VALUE ? this.#addedValues.at(-1) : undefined;
      if (unsafe !== undefined) throw usedBeforeCommit(unsafe, error);
      const message = error instanceof Error ? error.message : String(error);
      throw new OperationError('SQL_FAILED', `${label(op)} failed: ${message} (SQL: ${oneLine(stmt.sql)})`, { cause: error });
    }
    if (!this.#conn.inTransaction) throw new TransactionEndedError(stmt.sql);
  }

  /** Through the runner's autocommit block; a concurrent build first drops the INVALID index a failed one left. */
  async #runOutside(sql: string): Promise<void> {
    if (addsEnumValue(sql)) {
      this.#addedValues.push(sql);
      // one transaction for the whole run: fine inside as long as nothing uses the value before it commits
      await this.#context.outsideTransaction(sql, { orInside: true });
      return;
    }
    const build = concurrentIndexBuild(sql);
    const invalid = build === null ? null : await invalidIndex(this.#conn, build);
    if (invalid !== null) await this.#context.outsideTransaction(`DROP INDEX CONCURRENTLY IF EXISTS ${invalid}`);
    await this.#context.outsideTransaction(sql);
  }
}

/** SQLSTATE of "unsafe use of new value … of enum type": a value used in the transaction that added it. */
const UNSAFE_NEW_ENUM_VALUE = '55P04';

function usedBeforeCommit(addValue: string, cause: unknown): TsdbError {
  return new TsdbError(
    'NEEDS_OWN_TRANSACTION',
    `'${oneLine(addValue)}' adds an enum value this revision then uses, and PostgreSQL cannot use a value before it commits; ` +
      'this run is one transaction (transactionPerMigration: false), so it cannot commit in between: ' +
      'set transactionPerMigration: true, or add the value in an upgrade of its own',
    { cause },
  );
}

/** The index a failed CREATE INDEX CONCURRENTLY of the same name on the same table left INVALID, as SQL; null when none. */
async function invalidIndex(conn: PgConnection, build: { readonly index: string; readonly table: string }): Promise<string | null> {
  const rows = await conn.query<{ schema: string; name: string }>(
    'SELECT n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid ' +
      'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE i.indrelid = pg_catalog.to_regclass(?) AND c.relname = ? ' +
      'AND NOT i.indisvalid',
    [build.table, build.index],
  );
  const row = rows[0];
  return row === undefined ? null : sqlName(row);
}
