/**
 * Lossy-change preflight: before a rebuild adds NOT NULL, UNIQUE, CHECK, a FOREIGN KEY or a primary key,
 * narrows a VARCHAR or changes a column's type, count the rows that would break it and fail before
 * anything is touched. Every check of a rebuild (of one op, or of several taken in as one) is counted
 * in one scan of the table, each against the table as it stood before its op.
 */
import type { RebuildBatch, RowScope } from './rebuild-batch';
import { quoteIdent } from './quote';
import { conversionChecks } from './type-conversion';
import { OperationError } from '../../errors';
import { brokenRows, rowProblems, type RowProblem } from '../preflight-text';
import type { Op } from '../../operations/ops';
import type { Table } from '../../schema/types';
import type { SqliteDb } from './connection';

/** A way an op's change breaks rows: `test` is true for a row that breaks it. */
export interface DataCheck {
  /** `refuse`: the op must not run; `warn`: it runs, and the user hears about it. */
  readonly severity: 'refuse' | 'warn';
  readonly test: (scope: RowScope) => string;
  readonly problem: string;
  readonly fix: string;
}

/** An op with the checks it needs, in the order the ops were called. */
export interface CheckedOp {
  readonly op: Op;
  readonly checks: ReadonlyArray<DataCheck>;
}

function duplicates(cols: ReadonlyArray<string>, { relation, row, rowid }: RowScope): string {
  const list = cols.map(quoteIdent).join(', ');
  const notNull = cols.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  const repeated = `SELECT ${list} FROM ${relation} GROUP BY ${list} HAVING count(*) > 1`;
  return `${row}.${rowid} IN (SELECT ${rowid} FROM ${relation} WHERE ${notNull} AND (${list}) IN (${repeated}))`;
}

function refuse(test: (scope: RowScope) => string, what: RowProblem): DataCheck {
  return { severity: 'refuse', test, ...what };
}

function alterColumnChecks(op: Extract<Op, { kind: 'alterColumn' }>, before: Table): DataCheck[] {
  const checks: DataCheck[] = [];
  const column = (scope: RowScope) => `${scope.row}.${quoteIdent(op.name)}`;
  if (op.changes.nullable === false) {
    checks.push(refuse((s) => `${column(s)} IS NULL`, rowProblems.nulls(op.name)));
  }
  const was = before.columns.find((c) => c.name === op.name)?.type;
  if (op.changes.type === undefined || was === undefined) return checks;
  for (const check of conversionChecks(was, op.changes.type)) {
    checks.push({ severity: check.severity, test: (s) => check.test(column(s)), problem: check.problem(op.name), fix: check.fix });
  }
  return checks;
}

/** The checks `op` needs against the table as it stands before it (`before`). */
export function dataChecks(op: Op, before: Table): DataCheck[] {
  switch (op.kind) {
    case 'alterColumn':
      return alterColumnChecks(op, before);
    case 'createUniqueConstraint':
      return [refuse((s) => duplicates(op.constraint.columns, s), rowProblems.duplicates(op.constraint.columns))];
    case 'createCheckConstraint':
      return [refuse(() => `NOT (${op.constraint.expression})`, rowProblems.failingCheck(op.constraint.expression))];
    case 'alterPrimaryKey': {
      const cols = op.primaryKey?.columns ?? [];
      if (cols.length === 0) return [];
      const nulls = cols.map((c) => `${quoteIdent(c)} IS NULL`).join(' OR ');
      return [refuse((s) => `(${nulls}) OR ${duplicates(cols, s)}`, rowProblems.badKeys(cols))];
    }
    case 'createForeignKey': {
      const fk = op.constraint;
      const test = (s: RowScope) => {
        // a key on the table itself points at the table as it stands, not at the live one
        const parent = fk.refTable === before.name ? s.relation : quoteIdent(fk.refTable);
        const match = fk.columns.map((c, i) => `p.${quoteIdent(fk.refColumns[i] ?? c)} = ${s.row}.${quoteIdent(c)}`).join(' AND ');
        const set = fk.columns.map((c) => `${s.row}.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
        return `${set} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${match})`;
      };
      return [refuse(test, rowProblems.orphans(fk.columns, fk.refTable))];
    }
    default:
      return [];
  }
}

/**
 * Counts every check of the batch's ops in one scan of its table; throws OperationError PREFLIGHT for the
 * first op (in call order) whose rows break a refusing check, naming the count and a few rowids; reports
 * the rows a warning check finds through `warn` when nothing is refused.
 */
export function runDataChecks(db: SqliteDb, batch: RebuildBatch, ops: ReadonlyArray<CheckedOp>, warn: (message: string) => void): void {
  const flat = ops.flatMap((entry, step) => entry.checks.map((check) => ({ step, op: entry.op, check })));
  if (flat.length === 0) return;
  const scan = batch.scan(flat.map(({ step, check }) => ({ step, test: check.test })));
  // the usual case, no row breaks anything, costs one count; the counts of each check only when some row does
  const any = db
    .prepare(`${scan.with}\nSELECT count(*) FROM ${scan.from} WHERE ${scan.flags.join(' OR ')}`)
    .pluck()
    .get() as number;
  if (any === 0) return;
  const sums = scan.flags.map((f) => `coalesce(sum(${f}), 0)`).join(', ');
  const counts = db.prepare(`${scan.with}\nSELECT ${sums} FROM ${scan.from}`).raw().get() as number[];
  const table = batch.table;
  const describe = (i: number): string => {
    const found = flat[i];
    const n = counts[i] ?? 0;
    const first = `SELECT ${scan.rowid} FROM ${scan.from} WHERE ${scan.flags[i]} ORDER BY ${scan.rowid} LIMIT 3`;
    const sample = db.prepare(`${scan.with}\n${first}`).pluck().all() as number[];
    const what = { problem: found?.check.problem ?? '', fix: found?.check.fix ?? '' };
    return brokenRows(found?.op.kind ?? null, table, n, what, { label: 'rowid', sample: sample.map(String) });
  };
  const refused = flat.findIndex(({ check }, i) => check.severity === 'refuse' && (counts[i] ?? 0) > 0);
  if (refused >= 0) throw new OperationError('PREFLIGHT', `${describe(refused)}. Nothing was changed`);
  flat.forEach((_, i) => {
    if ((counts[i] ?? 0) > 0) warn(describe(i));
  });
}
