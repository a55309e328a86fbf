/**
 * What a column type change does to the values SQLite holds, as SQL: which values a new type cannot
 * hold (for the lossy-change preflight), and the value a rebuild's INSERT stores (column affinity).
 * Pure: SQL text in, SQL text out; test/dialect/sqlite/type-conversion.test.ts holds each rule
 * against what SQLite itself stores.
 */
import { CONVERT_FIRST, rowProblems } from '../preflight-text';

/** SQLite's column affinity, from the declared type as "Datatypes In SQLite" §3.1 derives it. */
export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

/** The affinity of a column declared with `type`. */
export function affinityOf(type: string): Affinity {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/**
 * The value as a number column stores it: in `CAST(v AS NUMERIC) = +v` the CAST has NUMERIC affinity and
 * `+v` none, so SQLite applies NUMERIC affinity to `+v`, exactly as an INSERT into the column would:
 * the two are equal only for a number, or text that reads as one. (Plain operators, few function
 * calls: these run once per row of tables with millions of rows.)
 */
function asNumber(value: string): string {
  return `CAST(${value} AS NUMERIC)`;
}

/**
 * The value `value` becomes when a column of `affinity` stores it. The comparison `+v = CAST(v AS NUMERIC)`
 * applies NUMERIC affinity to v (it has none; the CAST has), so it holds exactly for text SQLite converts.
 */
export function storedValueSql(affinity: Affinity, value: string): string {
  switch (affinity) {
    case 'INTEGER':
    case 'NUMERIC':
      return (
        `(CASE WHEN typeof(${value}) = 'text' AND +(${value}) = CAST(${value} AS NUMERIC) THEN CAST(${value} AS NUMERIC)` +
        ` WHEN typeof(${value}) = 'real' AND ${value} = CAST(${value} AS INTEGER) THEN CAST(${value} AS INTEGER) ELSE ${value} END)`
      );
    case 'REAL':
      return (
        `(CASE WHEN typeof(${value}) = 'integer' OR (typeof(${value}) = 'text' AND +(${value}) = CAST(${value} AS NUMERIC))` +
        ` THEN CAST(${value} AS REAL) ELSE ${value} END)`
      );
    case 'TEXT':
      return `(CASE WHEN typeof(${value}) IN ('integer', 'real') THEN CAST(${value} AS TEXT) ELSE ${value} END)`;
    case 'BLOB':
      return value;
  }
}

/** What a declared type accepts, for the preflight: DATE, DATETIME, JSON, UUID, TEXT and the rest take anything. */
export type TypeRule =
  | { readonly kind: 'integer' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'real' }
  | { readonly kind: 'numeric'; readonly precision: number | null; readonly scale: number }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'any' };

/** The rule of a declared type: BOOLEAN, NUMERIC/DECIMAL(p,s), VARCHAR(n)/CHAR(n), else by affinity. */
export function typeRule(type: string): TypeRule {
  if (/^\s*BOOL(?:EAN)?\s*$/i.test(type)) return { kind: 'boolean' };
  const numeric = /^\s*(?:NUMERIC|DECIMAL)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(type);
  if (numeric) return { kind: 'numeric', precision: numeric[1] === undefined ? null : Number(numeric[1]), scale: Number(numeric[2] ?? 0) };
  const varchar = /^\s*(?:VAR)?CHAR(?:ACTER)?(?:\s+VARYING)?\s*\(\s*(\d+)\s*\)\s*$/i.exec(type);
  if (varchar) return { kind: 'varchar', length: Number(varchar[1]) };
  const affinity = affinityOf(type);
  if (affinity === 'INTEGER') return { kind: 'integer' };
  if (affinity === 'REAL') return { kind: 'real' };
  return { kind: 'any' };
}

/** True when a column of `type` must hold numbers: a text or blob value stored there was not converted. */
export function holdsNumbers(type: string): boolean {
  const kind = typeRule(type).kind;
  return kind === 'integer' || kind === 'boolean' || kind === 'real' || kind === 'numeric';
}

/** Values of a column that a type change would not carry over: a predicate over the value and what it means. */
export interface ConversionCheck {
  /** `refuse`: the change must not run; `warn`: it runs, and the user hears about it. */
  readonly severity: 'refuse' | 'warn';
  /** SQL true for a value that breaks the rule, given the SQL of the value. */
  readonly test: (value: string) => string;
  /** What those values are, given the column's name: `values in 'code' that are not whole numbers, which INTEGER cannot hold`. */
  readonly problem: (column: string) => string;
  /** What to do about them. */
  readonly fix: string;
}

/** Not stored as an integer: the number the value converts to (if any) is not whole, or it does not convert. */
function notInteger(value: string): string {
  return `CAST(${asNumber(value)} AS INTEGER) <> +${value}`;
}

function sameRule(before: TypeRule, after: TypeRule): boolean {
  if (before.kind === 'numeric' && after.kind === 'numeric') {
    if (after.precision === null) return true;
    return before.precision !== null && after.precision - after.scale >= before.precision - before.scale && after.scale >= before.scale;
  }
  return before.kind === after.kind;
}

function refusing(test: (value: string) => string, problem: (column: string) => string, fix = CONVERT_FIRST): ConversionCheck {
  return { severity: 'refuse', test, problem, fix };
}

function notNumber(value: string): string {
  return `${asNumber(value)} <> +${value}`;
}

/** The checks a change of a column from `before` to `after` needs; none when the new type takes every value the old one held. */
export function conversionChecks(before: string, after: string): ConversionCheck[] {
  const from = typeRule(before);
  const to = typeRule(after);
  if (to.kind === 'varchar') {
    if (from.kind === 'varchar' && to.length >= from.length) return [];
    const longer = (c: string) => rowProblems.longer(c, to.length);
    return [
      refusing(
        (v) => `length(${v}) > ${to.length}`,
        (c) => longer(c).problem,
        longer('').fix,
      ),
    ];
  }
  if (sameRule(from, to)) return [];
  const type = after.trim();
  const cannot = (what: string) => (c: string) => `values in '${c}' ${what}, which ${type} cannot hold`;
  switch (to.kind) {
    case 'integer':
      return [refusing(notInteger, cannot('that are not whole numbers'))];
    case 'boolean':
      return [refusing((v) => `${asNumber(v)} NOT IN (0, 1) OR ${notNumber(v)}`, cannot('other than 0 and 1'))];
    case 'real':
      return [refusing(notNumber, cannot('that are not numbers'))];
    case 'numeric': {
      if (to.precision === null) return [refusing(notNumber, cannot('that are not numbers'))];
      const digits = to.precision - to.scale;
      const places = `${to.scale} decimal place${to.scale === 1 ? '' : 's'}`;
      return [
        refusing(notNumber, cannot('that are not numbers')),
        refusing(
          (v) => `abs(CAST(${v} AS REAL)) >= 1e${digits}`,
          cannot(`with more than ${digits} digit${digits === 1 ? '' : 's'} before the decimal point`),
        ),
        {
          severity: 'warn',
          test: (v) => `CAST(${v} AS REAL) <> round(${v}, ${to.scale})`,
          problem: (c) =>
            `values in '${c}' with more than ${places}, which ${type} does not keep (SQLite stores them as they are; PostgreSQL and others round them)`,
          fix: 'round them first (op.execute an UPDATE) if every database must hold the same values',
        },
      ];
    }
    case 'any':
      return [];
  }
}
