/**
 * Lossy-change preflight: before a change adds NOT NULL, UNIQUE, CHECK, a FOREIGN KEY or a primary key,
 * or narrows a VARCHAR, count the rows that would break it and fail before anything is touched.
 */
import { quoteIdent } from '../dialect/sqlite/quote';
import { OperationError } from '../errors';
import type { Op } from '../operations/ops';
import type { SqliteDb } from './sqlite-connection';

interface Breakage {
  readonly where: string;
  readonly problem: string;
  readonly fix: string;
}

function varcharLength(type: string): number | null {
  const match = /^\s*(?:VAR)?CHAR(?:ACTER)?(?:\s+VARYING)?\s*\(\s*(\d+)\s*\)\s*$/i.exec(type);
  return match ? Number(match[1]) : null;
}

function columnType(db: SqliteDb, table: string, column: string): string | null {
  const rows = db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as ReadonlyArray<{ name: string; type: string }>;
  return rows.find((r) => r.name === column)?.type ?? null;
}

function duplicates(cols: ReadonlyArray<string>): string {
  const list = cols.map(quoteIdent).join(', ');
  const notNull = cols.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  return `rowid IN (SELECT rowid FROM __T__ WHERE ${notNull} AND (${list}) IN (SELECT ${list} FROM __T__ GROUP BY ${list} HAVING count(*) > 1))`;
}

function breakages(db: SqliteDb, op: Op): Breakage | null {
  switch (op.kind) {
    case 'alterColumn': {
      const c = quoteIdent(op.name);
      if (op.changes.nullable === false) {
        return { where: `${c} IS NULL`, problem: `NULL in '${op.name}'`, fix: 'give them a value first (op.execute an UPDATE) or keep the column nullable' };
      }
      const next = op.changes.type === undefined ? null : varcharLength(op.changes.type);
      const before = varcharLength(columnType(db, op.table, op.name) ?? '');
      if (next !== null && (before === null || next < before)) {
        return { where: `length(${c}) > ${next}`, problem: `values longer than ${next} characters in '${op.name}'`, fix: 'shorten them first or keep the wider type' };
      }
      return null;
    }
    case 'createUniqueConstraint':
      return { where: duplicates(op.constraint.columns), problem: `duplicate values in (${op.constraint.columns.join(', ')})`, fix: 'remove the duplicates first' };
    case 'createCheckConstraint':
      return { where: `NOT (${op.constraint.expression})`, problem: `rows failing CHECK (${op.constraint.expression})`, fix: 'fix those rows first' };
    case 'alterPrimaryKey': {
      const cols = op.primaryKey?.columns ?? [];
      if (cols.length === 0) return null;
      return {
        where: `(${cols.map((c) => `${quoteIdent(c)} IS NULL`).join(' OR ')}) OR ${duplicates(cols)}`,
        problem: `NULL or duplicate keys in (${cols.join(', ')})`, fix: 'fix those rows first',
      };
    }
    case 'createForeignKey': {
      const fk = op.constraint;
      const match = fk.columns.map((c, i) => `p.${quoteIdent(fk.refColumns[i] ?? c)} = __T__.${quoteIdent(c)}`).join(' AND ');
      const set = fk.columns.map((c) => `__T__.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
      return {
        where: `${set} AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(fk.refTable)} p WHERE ${match})`,
        problem: `values in (${fk.columns.join(', ')}) with no matching row in '${fk.refTable}'`, fix: 'delete or fix those rows first',
      };
    }
    default:
      return null;
  }
}

/** Throws OperationError PREFLIGHT naming the table, the count and a few sample row ids when `op` would break rows. */
export function preflight(db: SqliteDb, op: Op): void {
  const found = breakages(db, op);
  if (found === null || !('table' in op) || typeof op.table !== 'string') return;
  const table = quoteIdent(op.table);
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(op.table) !== undefined;
  if (!exists) return; // the planner reports the missing table
  const where = found.where.replace(/__T__/g, () => table); // a function: `$&` in a name is not a pattern
  const { n } = db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number };
  if (n === 0) return;
  const sample = (db.prepare(`SELECT rowid AS id FROM ${table} WHERE ${where} LIMIT 3`).all() as ReadonlyArray<{ id: number }>).map((r) => r.id);
  throw new OperationError('PREFLIGHT', `${op.kind} on '${op.table}': ${n} row${n === 1 ? '' : 's'} of '${op.table}' ha${n === 1 ? 's' : 've'} ${found.problem} (rowid ${sample.join(', ')}${n > 3 ? ', …' : ''}); ${found.fix}. Nothing was changed`);
}
