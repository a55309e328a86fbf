/**
 * Live data checks before an op's DDL on PostgreSQL: the rows a change would break (NULLs before SET NOT NULL,
 * duplicates before a unique constraint or index, orphans before a foreign key, values a type change cannot
 * convert) are counted, and the op is refused with the count and a few primary keys before its DDL runs.
 */
import { OperationError } from '../../errors';
import type { Op } from '../../operations/ops';
import { brokenRows, rowProblems, type RowProblem } from '../preflight-text';
import type { PgConnection } from './connection';
import { indexTerm } from './create-table';
import { alterTargetType, type PlanContext } from './ddl';
import { qualify, quoteIdent, sqlName, type QualifiedName } from './names';

/** Rows of the table (aliased `t`) for which `test` is true break the op. */
interface Check {
  readonly test: string;
  readonly what: RowProblem;
  /** A cheaper query that succeeds exactly when no row breaks the check (then `test` need not run). */
  readonly passesWhen?: string;
}

const ROW = 't';

function col(name: string): string {
  return `${ROW}.${quoteIdent(name)}`;
}

/** Rows whose `terms` (columns or expressions) repeat, among the rows `where` selects. */
function duplicates(table: string, terms: ReadonlyArray<string>, where: string | null): string {
  const list = terms.map(indexTerm).join(', ');
  const filter = where === null ? '' : ` WHERE ${where}`;
  const repeated = `(${list}) IN (SELECT ${list} FROM ${table}${filter} GROUP BY ${list} HAVING count(*) > 1)`;
  return where === null ? repeated : `(${where}) AND ${repeated}`;
}

/** Tells whether a value casts to a type; PostgreSQL 15 has no pg_input_is_valid. Session-local, gone at disconnect. */
const CONVERTS_FUNCTION =
  'CREATE OR REPLACE FUNCTION pg_temp.tsdb_converts(v anyelement, target text) RETURNS boolean LANGUAGE plpgsql AS ' +
  "$tsdb$ BEGIN EXECUTE pg_catalog.format('SELECT ($1)::%s', target) USING v; RETURN true; " +
  'EXCEPTION WHEN others THEN RETURN false; END $tsdb$';

async function alterColumnChecks(conn: PgConnection, op: Extract<Op, { kind: 'alterColumn' }>, ctx: PlanContext): Promise<Check[]> {
  const checks: Check[] = [];
  const { type, nullable } = op.changes;
  if (type !== undefined) {
    const live = await ctx.catalog.column(qualify(op.table, ctx.defaultSchema), op.name);
    const target = await alterTargetType(type, ctx);
    if (live !== null && live.type !== target) {
      const value = `${col(op.name)}${live.isEnum ? '::text' : ''}`;
      await conn.query(CONVERTS_FUNCTION);
      checks.push({
        test: `${col(op.name)} IS NOT NULL AND NOT pg_temp.tsdb_converts(${value}, ${quoteLiteral(target)})`,
        what: rowProblems.notConverting(op.name, target),
        // one cast of the whole column; the per-row test (a subtransaction per row) only when it fails
        passesWhen: `SELECT count((${value})::${target}) FROM ${sqlName(qualify(op.table, ctx.defaultSchema))} AS ${ROW}`,
      });
      // an explicit cast to varchar(n) cuts longer values short without a word
      const length = /^(?:character varying|varchar|character|char)\s*\((\d+)\)$/i.exec(target)?.[1];
      if (length !== undefined) {
        checks.push({ test: `length(${col(op.name)}::text) > ${length}`, what: rowProblems.longer(op.name, Number(length)) });
      }
    }
  }
  if (nullable === false) checks.push({ test: `${col(op.name)} IS NULL`, what: rowProblems.nulls(op.name) });
  return checks;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The checks `op` needs; the table they scan. */
async function checksOf(conn: PgConnection, op: Op, ctx: PlanContext): Promise<{ table: string; checks: Check[] } | null> {
  switch (op.kind) {
    case 'alterColumn':
      if (op.changes.newName !== undefined) return null;
      return { table: op.table, checks: await alterColumnChecks(conn, op, ctx) };
    case 'createUniqueConstraint': {
      const table = sqlName(qualify(op.table, ctx.defaultSchema));
      return {
        table: op.table,
        checks: [{ test: duplicates(table, op.constraint.columns, null), what: rowProblems.duplicates(op.constraint.columns) }],
      };
    }
    case 'createIndex': {
      if (!op.index.unique) return null;
      const table = sqlName(qualify(op.table, ctx.defaultSchema));
      const test = duplicates(table, op.index.columns, op.index.where);
      return { table: op.table, checks: [{ test, what: rowProblems.duplicates(op.index.columns) }] };
    }
    case 'createCheckConstraint':
      return {
        table: op.table,
        checks: [{ test: `NOT (${op.constraint.expression})`, what: rowProblems.failingCheck(op.constraint.expression) }],
      };
    case 'alterPrimaryKey': {
      const cols = op.primaryKey?.columns ?? [];
      if (cols.length === 0) return null;
      const table = sqlName(qualify(op.table, ctx.defaultSchema));
      const nulls = cols.map((c) => `${col(c)} IS NULL`).join(' OR ');
      return { table: op.table, checks: [{ test: `(${nulls}) OR ${duplicates(table, cols, null)}`, what: rowProblems.badKeys(cols) }] };
    }
    case 'createForeignKey': {
      const fk = op.constraint;
      const parent = sqlName(qualify(fk.refTable, ctx.defaultSchema));
      const match = fk.columns.map((c, i) => `p.${quoteIdent(fk.refColumns[i] ?? c)} = ${col(c)}`).join(' AND ');
      const set = fk.columns.map((c) => `${col(c)} IS NOT NULL`).join(' AND ');
      const test = `${set} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${match})`;
      return { table: op.table, checks: [{ test, what: rowProblems.orphans(fk.columns, fk.refTable) }] };
    }
    default:
      return null;
  }
}

/** The primary key columns of a table, in key order; empty when it has none. */
async function primaryKey(conn: PgConnection, table: QualifiedName): Promise<string[]> {
  const rows = await conn.query<{ name: string }>(
    'SELECT a.attname AS name FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid ' +
      'AND a.attnum = ANY (i.indkey) WHERE i.indisprimary AND i.indrelid = ' +
      '(SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?) ' +
      'ORDER BY pg_catalog.array_position(i.indkey::int2[], a.attnum)',
    [table.schema, table.name],
  );
  return rows.map((r) => r.name);
}

/** True when `sql` runs without an error; in a savepoint, so a failure leaves the transaction usable. */
async function passes(conn: PgConnection, sql: string): Promise<boolean> {
  await conn.exec('SAVEPOINT tsdb_preflight');
  try {
    await conn.query(sql);
    await conn.exec('RELEASE tsdb_preflight');
    return true;
  } catch {
    await conn.exec('ROLLBACK TO tsdb_preflight');
    await conn.exec('RELEASE tsdb_preflight');
    return false;
  }
}

/** Throws OperationError PREFLIGHT when `op` would break rows, naming the count and up to three keys. */
export async function preflight(conn: PgConnection, op: Op, ctx: PlanContext, _warn: (message: string) => void): Promise<void> {
  const found = await checksOf(conn, op, ctx);
  if (found === null || found.checks.length === 0) return;
  const name = qualify(found.table, ctx.defaultSchema);
  if (!(await ctx.catalog.tableExists(name))) return; // the DDL says so itself
  const from = `${sqlName(name)} AS ${ROW}`;
  for (const check of found.checks) {
    if (check.passesWhen !== undefined && (await passes(conn, check.passesWhen))) continue;
    const [row] = await conn.query<{ n: string }>(`SELECT count(*) AS n FROM ${from} WHERE ${check.test}`);
    const count = Number(row?.n ?? 0);
    if (count === 0) continue;
    const keys = await primaryKey(conn, name);
    const terms = keys.length === 0 ? [`${ROW}.ctid`] : keys.map(col);
    const shown = terms.length === 1 ? `${terms[0]}::text` : `'(' || concat_ws(', ', ${terms.map((t) => `${t}::text`).join(', ')}) || ')'`;
    const sample = await conn.query<{ key: string }>(
      `SELECT ${shown} AS key FROM ${from} WHERE ${check.test} ORDER BY ${terms.join(', ')} LIMIT 3`,
    );
    const label = keys.length === 0 ? 'ctid' : keys.length === 1 ? (keys[0] ?? '') : `(${keys.join(', ')})`;
    const line = brokenRows(op.kind, found.table, count, check.what, { label, sample: sample.map((r) => r.key) });
    throw new OperationError('PREFLIGHT', `${line}. Nothing was changed`);
  }
}
