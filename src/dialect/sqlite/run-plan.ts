/**
 * Runs planned SQL against the live database, statement by statement; a rebuild is verified to keep every
 * row and to store every converted value as the number its new type needs.
 */
import type { DdlPlan, Statement } from './plan-types';
import { OperationError, TransactionEndedError, TsdbError } from '../../errors';
import { countRows, rowsAndTextValues } from './table-state';
import type { RowProgress } from '../dialect';
import { quoteIdent } from './quote';
import type { SqliteDb } from './connection';

/**
 * Runs `plan` for what `label` names (`alterColumn on 'user'`); throws OperationError naming it and the
 * failing statement. For a rebuild, `converted` are columns whose new type holds numbers: after the
 * copy, in the same pass as the row count, none of their values may be stored as text or blob.
 */
export function runPlan(
  db: SqliteDb,
  label: string,
  plan: DdlPlan,
  progress: RowProgress | null,
  converted: ReadonlyArray<string> = [],
): void {
  const rebuilt = plan.rebuild?.table;
  const watched = rebuilt === undefined ? [] : [rebuilt, ...(plan.rebuild?.referencedBy ?? [])];
  const before = new Map(watched.map((table) => [table, countRows(db, table)]));
  for (const stmt of plan.statements) runStatement(db, label, stmt, before, progress);
  for (const [table, count] of before) {
    const after = table === rebuilt ? rowsAndTextValues(db, table, converted) : { rows: countRows(db, table), text: [] };
    if (after.rows !== count) {
      throw new OperationError(
        'ROWS_LOST',
        `${label}: rebuilding the table changed the row count of '${table}' from ${count} to ${after.rows}; rolled back`,
      );
    }
    const unconverted = after.text.findIndex((n) => n > 0);
    if (unconverted >= 0) {
      const n = after.text[unconverted] ?? 0;
      const values = `${n} value${n === 1 ? '' : 's'} of '${table}.${converted[unconverted]}'`;
      throw new OperationError('NOT_CONVERTED', `${label}: ${values} stayed text or blob where its new type needs a number; rolled back`);
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
  const boundary = db
    .prepare(`SELECT rowid AS id FROM ${source} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ${COPY_CHUNK_ROWS - 1}`)
    .safeIntegers(true);
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

function runStatement(
  db: SqliteDb,
  label: string,
  stmt: Statement,
  rowsOf: ReadonlyMap<string, number>,
  progress: RowProgress | null,
): void {
  try {
    const report = stmt.copyFrom === undefined ? null : progress;
    if (report !== null && stmt.copyFrom !== undefined)
      runCopy(db, { ...stmt, copyFrom: stmt.copyFrom }, rowsOf.get(stmt.copyFrom) ?? Infinity, report);
    else {
      // one statement each (statement-kind splits op.execute text), so a failure names its own
      const prepared = db.prepare(stmt.sql);
      if (prepared.reader) prepared.all(...stmt.bindings);
      else prepared.run(...stmt.bindings);
    }
  } catch (error) {
    if (error instanceof TsdbError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new OperationError('SQL_FAILED', `${label} failed: ${message} (SQL: ${oneLine(stmt.sql)})`, { cause: error });
  }
  if (!db.inTransaction) throw new TransactionEndedError(stmt.sql);
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
