/**
 * The op runner of offline SQL on PostgreSQL: each op is planned against the tracked catalog (no server,
 * no data: no preflight), its statements are handed to the offline connection in call order, and a
 * statement that cannot run in a transaction goes through outsideTransaction, as online.
 */
import { OperationError, TsdbError } from '../../errors';
import type { Op } from '../../operations/ops';
import type { OpContext, OpRunner } from '../dialect';
import { planPgOp } from './ddl';
import type { OfflinePgConnection } from './offline-connection';
import { inlinePgBindings } from './offline-literals';

/** Runs a revision's ops into an offline connection. */
export class OfflinePgOpRunner implements OpRunner {
  readonly #conn: OfflinePgConnection;
  readonly #context: OpContext;
  #queue: Promise<void> = Promise.resolve();
  #failure: { readonly error: unknown } | null = null;

  constructor(conn: OfflinePgConnection, context: OpContext) {
    this.#conn = conn;
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
    const catalog = this.#conn.state.catalog;
    const statements = await planPgOp(op, { defaultSchema: this.#conn.defaultSchema, catalog });
    for (const stmt of statements) {
      try {
        if (stmt.outside) {
          await this.#context.outsideTransaction(stmt.params.length === 0 ? stmt.sql : inlinePgBindings(stmt.sql, stmt.params));
        } else await this.#conn.run(stmt.sql, stmt.params);
      } catch (error) {
        if (error instanceof TsdbError && !(error.code === 'MISSING_BINDING' || error.code === 'EXTRA_BINDING')) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new OperationError('SQL_FAILED', `${op.kind} failed: ${message}`, { cause: error });
      }
    }
    catalog.apply(op);
  }
}
