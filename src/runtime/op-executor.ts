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

/** Rows per range when a rebuild's copy reports progress: big enough that the ranges cost nothing measurable. */
const COPY_CHUNK_ROWS = 100_000;

/** A rebuild's copy, in rowid ranges with a progress report after each; one statement when nobody watches. */
function runCopy(db: SqliteDb, stmt: Statement & { copyFrom: string }, report: RowProgress): void {
  const source = quoteIdent(stmt.copyFrom);
  const span = db.prepare(`SELECT min(rowid) AS lo, max(rowid) AS hi, count(*) AS n FROM ${source}`).get() as { lo: number | null; hi: number | null; n: number };
  if (span.lo === null || span.hi === null || span.n <= COPY_CHUNK_ROWS) {
    db.exec(stmt.sql);
    report(stmt.copyFrom, span.n, span.n);
    return;
  }
  const range = db.prepare(`${stmt.sql} WHERE rowid >= ? AND rowid < ?`);
  let copied = 0;
  for (let start = span.lo; start <= span.hi; start += COPY_CHUNK_ROWS) {
    copied += range.run(start, start + COPY_CHUNK_ROWS).changes;
    report(stmt.copyFrom, copied, span.n);
  }
}

function runStatement(db: SqliteDb, op: Op, stmt: Statement): void {
  try {
    const report = stmt.copyFrom === undefined ? null : rowProgress();
    if (report !== null && stmt.copyFrom !== undefined) runCopy(db, { ...stmt, copyFrom: stmt.copyFrom }, report);
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
