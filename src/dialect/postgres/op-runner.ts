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
import { planPgOp, type PgStatement } from './ddl';
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
  #queue: Promise<void> = Promise.resolve();
  #failure: { readonly error: unknown } | null = null;

  constructor(conn: Connection, context: OpContext) {
    this.#conn = conn as PgConnection;
    this.#context = context;
  }

  submit(op: Op): Promise<void> {
    const done = this.#queue.then(() => this.#run(op));
    this.#queue = done.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    done.catch(() => undefined); // a script that does not await it still fails: finish() throws it
    return done;
  }

  async flush(): Promise<void> {
    await this.#queue;
    if (this.#failure !== null) throw this.#failure.error;
  }

  async finish(): Promise<void> {
    await this.flush();
  }

  async #run(op: Op): Promise<void> {
    if (this.#failure !== null) throw this.#failure.error;
    const catalog = liveCatalog(this.#conn);
    const ctx = { defaultSchema: this.#conn.target.schema, catalog };
    await preflight(this.#conn, op, ctx, this.#context.warn);
    const statements = await planPgOp(op, ctx);
    for (const stmt of statements) await this.#runStatement(op, stmt);
  }

  async #runStatement(op: Op, stmt: PgStatement): Promise<void> {
    try {
      if (stmt.outside) await this.#context.outsideTransaction(stmt.sql);
      else await this.#conn.run(stmt.sql, stmt.params);
    } catch (error) {
      if (error instanceof TsdbError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new OperationError('SQL_FAILED', `${label(op)} failed: ${message} (SQL: ${oneLine(stmt.sql)})`, { cause: error });
    }
    if (!this.#conn.inTransaction) throw new TransactionEndedError(stmt.sql);
  }
}
