/** Runs ops against the live database: plans the SQL, executes it, and verifies rebuilds lost no rows. */
import { planSqliteOp } from '../dialect/sqlite/ddl';
import type { Statement } from '../dialect/sqlite/plan-types';
import { OperationError, TsdbError } from '../errors';
import type { Op } from '../operations/ops';
import { countRows, liveSchemaReader } from './live-schema';
import { preflight } from './preflight';
import type { SqliteDb } from './sqlite-connection';

/** Executes one op; throws OperationError naming the op and the failing statement. */
export function executeOp(db: SqliteDb, op: Op): void {
  preflight(db, op);
  const plan = planSqliteOp(op, liveSchemaReader(db));
  const watched = plan.rebuild === null ? [] : [plan.rebuild.table, ...plan.rebuild.referencedBy];
  const before = new Map(watched.map((table) => [table, countRows(db, table)]));
  for (const stmt of plan.statements) runStatement(db, op, stmt);
  for (const [table, count] of before) {
    const after = countRows(db, table);
    if (after !== count) {
      throw new OperationError(
        'ROWS_LOST',
        `${op.kind} on '${plan.rebuild?.table}': rebuilding the table changed the row count of '${table}' from ${count} to ${after}; rolled back`,
      );
    }
  }
}

function runStatement(db: SqliteDb, op: Op, stmt: Statement): void {
  try {
    if (stmt.bindings.length === 0 && !/^\s*(select|with|pragma)\b/i.test(stmt.sql)) db.exec(stmt.sql);
    else {
      const prepared = db.prepare(stmt.sql);
      if (prepared.reader) prepared.all(...stmt.bindings);
      else prepared.run(...stmt.bindings);
    }
  } catch (error) {
    if (error instanceof TsdbError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const where = 'table' in op && typeof op.table === 'string' ? ` on '${op.table}'` : '';
    throw new OperationError('SQL_FAILED', `${op.kind}${where} failed: ${message} (SQL: ${oneLine(stmt.sql)})`, { cause: error });
  }
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
