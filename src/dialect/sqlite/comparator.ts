/**
 * SQLite's comparison rules: names compare ASCII case-insensitively; INT, BOOL, CHARACTER VARYING and
 * DOUBLE PRECISION are synonyms of INTEGER, BOOLEAN, VARCHAR and DOUBLE; booleans are stored as 1/0 and a
 * number equals its string form in a column of numeric affinity (section 3.1 of SQLite's datatype docs);
 * a sole INTEGER key is the rowid alias (INT is not); a UNIQUE identical to an earlier one, or to a key
 * that is not the rowid alias, is merged away; AUTOINCREMENT cannot be altered.
 */
import type { Comparator } from '../../autogenerate/comparator';
import { sameNames } from '../../autogenerate/comparator';
import { canonicalType, sameDefault, sameExpression, type DefaultRules } from '../../schema/normalize';
import type { Column, Table, UniqueConstraint } from '../../schema/types';

const TYPE_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['INT', 'INTEGER'],
  ['BOOL', 'BOOLEAN'],
  ['CHARACTER VARYING', 'VARCHAR'],
  ['DOUBLE PRECISION', 'DOUBLE'],
]);

/** Canonical text of a declared type: `varchar( 80 )` → `VARCHAR(80)`, `int` → `INTEGER`. */
export function normalizeType(type: string): string {
  return canonicalType(type, TYPE_SYNONYMS);
}

/** True when two declared types are the same after normalisation. */
export function sameType(a: string, b: string): boolean {
  return normalizeType(a) === normalizeType(b);
}

/** SQLite's column affinity for a declared type (section 3.1 of the datatype docs). */
export function typeAffinity(type: string): 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC' {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/** True for types whose affinity is INTEGER, REAL or NUMERIC. */
export function isNumericType(type: string): boolean {
  const affinity = typeAffinity(type);
  return affinity === 'INTEGER' || affinity === 'REAL' || affinity === 'NUMERIC';
}

const DEFAULTS: DefaultRules = { numeric: isNumericType, booleansAsNumbers: true };

/** ASCII case-insensitive name equality, as SQLite compares identifiers. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The value the generated backfill UPDATE writes, by type: '' for text, 0 for numbers and booleans, the current date/time for dates. */
export function zeroValue(type: string): string {
  const t = normalizeType(type);
  if (t === 'JSON' || t === 'JSONB') return "'{}'";
  if (t === 'DATE') return 'CURRENT_DATE';
  if (t === 'TIME') return 'CURRENT_TIME';
  if (t.includes('DATE') || t.includes('TIME')) return 'CURRENT_TIMESTAMP';
  switch (typeAffinity(type)) {
    case 'TEXT':
      return "''";
    case 'BLOB':
      return "X''";
    default:
      return isNumericType(type) ? '0' : "''";
  }
}

/** True when `column` is the table's only primary-key column. */
function isSoleKey(table: Table, column: Column): boolean {
  return table.primaryKey?.columns.length === 1 && sameName(table.primaryKey.columns[0] ?? '', column.name);
}

/**
 * The UNIQUE constraints SQLite actually keeps: it merges a UNIQUE identical (same columns, same
 * order) to an earlier one, or to a primary key that is not the rowid alias.
 */
function effectiveUniques(t: Table): { readonly kept: UniqueConstraint[]; readonly redundant: UniqueConstraint[] } {
  const pk = t.primaryKey;
  const keyColumn = pk?.columns.length === 1 ? t.columns.find((c) => sameName(c.name, pk.columns[0] ?? '')) : undefined;
  const rowidAlias = keyColumn !== undefined && keyColumn.type.trim().toUpperCase() === 'INTEGER';
  const kept: UniqueConstraint[] = [];
  const redundant: UniqueConstraint[] = [];
  for (const u of t.uniques) {
    const dup =
      kept.some((k) => sameNames(sqliteComparator, k.columns, u.columns)) ||
      (pk !== null && !rowidAlias && sameNames(sqliteComparator, pk.columns, u.columns));
    (dup ? redundant : kept).push(u);
  }
  return { kept, redundant };
}

/** SQLite's rules. */
export const sqliteComparator: Comparator = Object.freeze({
  sameName,
  normalizeType,
  // a sole key column spelled INTEGER is SQLite's rowid alias and INT there is not
  typeChanged: (current: Column, target: Column, targetTable: Table) => {
    const exactInteger = (type: string): boolean => type.trim().toUpperCase() === 'INTEGER';
    return (
      !sameType(current.type, target.type) || (isSoleKey(targetTable, target) && exactInteger(current.type) !== exactInteger(target.type))
    );
  },
  sameExpression,
  sameDefault: (a, b, type) => sameDefault(a, b, type, DEFAULTS),
  effectiveUniques,
  backfillValue: zeroValue,
  columnWarnings: (table: string, current: Column, target: Column) =>
    current.autoincrement === target.autoincrement
      ? []
      : [
          `Column '${table}.${target.name}' ${target.autoincrement ? 'gains' : 'loses'} AUTOINCREMENT; alterColumn cannot express that, ` +
            'so no operation was generated: write this change by hand',
        ],
} satisfies Comparator);
