/** Runs ops against the live database: plans the SQL, executes it, and verifies rebuilds lost no rows. */
import { planSqliteOp } from '../dialect/sqlite/ddl';
import type { Statement } from '../dialect/sqlite/plan-types';
import { OperationError, TsdbError } from '../errors';
import type { Op } from '../operations/ops';
import { countRows, liveSchemaReader } from './live-schema';
import { preflight } from './preflight';
import { rowProgress, type RowProgress } from './progress';
import { quoteIdent } from '../dialect/sqlite/quote';
import type { SqliteDb } from './sqlite-connection';

/** Executes one op; throws OperationError naming the op and the failing statement. */
export function executeOp(db: SqliteDb, op: Op): void {
  preflight(db, op);
  const plan = planSqliteOp(op, liveSchemaReader(db));
  const watched = plan.rebuild === null ? [] : [plan.rebuild.table, ...plan.rebuild.referencedBy];
  const before = new Map(watched.map((table) => [table, countRows(db, table)]));
  for (const stmt of plan.statements) runStatement(db, op, stmt, before);
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

/** Rows per range when a rebuild's copy reports progress: big enough that the ranges cost nothing measurable. */
const COPY_CHUNK_ROWS = 100_000;

/** A rebuild's copy in chunks of rowids (exact, as BigInt), with a progress report after each. */
function runCopy(db: SqliteDb, stmt: Statement & { copyFrom: string }, total: number, report: RowProgress): void {
  if (total <= COPY_CHUNK_ROWS) {
    db.exec(stmt.sql);
    report(stmt.copyFrom, total, total);
    return;
  }
  const source = quoteIdent(stmt.copyFrom);
  // the last rowid of the next chunk: keyset paging, whatever gaps the rowids have
  const boundary = db.prepare(`SELECT rowid AS id FROM ${source} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ${COPY_CHUNK_ROWS - 1}`).safeIntegers(true);
  const chunk = db.prepare(`${stmt.sql} WHERE rowid > ? AND rowid <= ?`);
  const rest = db.prepare(`${stmt.sql} WHERE rowid > ?`);
  let after = -(2n ** 63n);
  let copied = 0;
  for (;;) {
    const end = (boundary.get(after) as { id: bigint } | undefined)?.id;
    if (end === undefined) {
      copied += rest.run(after).changes;
      break;
    }
    copied += chunk.run(after, end).changes;
    after = end;
    report(stmt.copyFrom, copied, total);
  }
  report(stmt.copyFrom, total, total);
}

function runStatement(db: SqliteDb, op: Op, stmt: Statement, rowsOf: ReadonlyMap<string, number>): void {
  try {
    const report = stmt.copyFrom === undefined ? null : rowProgress();
    if (report !== null && stmt.copyFrom !== undefined) runCopy(db, { ...stmt, copyFrom: stmt.copyFrom }, rowsOf.get(stmt.copyFrom) ?? Infinity, report);
    else if (stmt.bindings.length === 0 && !/^\s*(select|with|pragma)\b/i.test(stmt.sql)) db.exec(stmt.sql);
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
