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
import { inlinePgBindings } from './literals';
import { OpQueue } from './op-queue';

const BINDING_ERRORS = new Set(['MISSING_BINDING', 'EXTRA_BINDING']);

async function performOffline(conn: OfflinePgConnection, context: OpContext, op: Op): Promise<void> {
  const catalog = conn.state.catalog;
  const statements = await planPgOp(op, { defaultSchema: conn.defaultSchema, catalog });
  for (const stmt of statements) {
    try {
      if (stmt.outside) await context.outsideTransaction(stmt.params.length === 0 ? stmt.sql : inlinePgBindings(stmt.sql, stmt.params));
      else await conn.run(stmt.sql, stmt.params);
    } catch (error) {
      if (error instanceof TsdbError && !BINDING_ERRORS.has(error.code)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new OperationError('SQL_FAILED', `${op.kind} failed: ${message}`, { cause: error });
    }
  }
  catalog.apply(op);
}

/** Runs a revision's ops into an offline connection. */
export function offlineOpRunner(conn: OfflinePgConnection, context: OpContext): OpRunner {
  return new OpQueue((op) => performOffline(conn, context, op));
}
