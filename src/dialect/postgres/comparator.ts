/**
 * PostgreSQL's comparison rules: names are exact (tsdb quotes every name); types compare as format_type
 * spells them (`VARCHAR(80)` is `character varying(80)`, `DATETIME` is `timestamp without time zone`);
 * booleans are booleans, not 1/0; defaults and expressions compare with the casts PostgreSQL adds to
 * literals and column references (`'x'::text`, `(name)::text`) taken away; every UNIQUE is kept.
 */
import type { Comparator } from '../../autogenerate/comparator';
import { sameDefault, type DefaultRules } from '../../schema/normalize';
import { canonicalPgExpression, withoutCasts } from './expressions';
import type { Column, ColumnDefault, Table } from '../../schema/types';
import { tableSql } from './names';
import { isNumericPgType, pgType } from './types';

const DEFAULTS: DefaultRules = { numeric: isNumericPgType, booleansAsNumbers: false };

function castFree(value: ColumnDefault | null): ColumnDefault | null {
  return value === null || value.kind === 'literal' ? value : { kind: 'expression', sql: withoutCasts(value.sql) };
}

/** A zero value for existing rows of a new NOT NULL column. */
function backfillValue(type: string): string {
  const t = pgType(type);
  if (t === 'boolean') return 'false';
  if (isNumericPgType(t)) return '0';
  if (t === 'date') return 'CURRENT_DATE';
  if (t.startsWith('timestamp')) return 'CURRENT_TIMESTAMP';
  if (t.startsWith('time')) return 'CURRENT_TIME';
  if (t === 'json' || t === 'jsonb') return `'{}'`;
  if (t === 'uuid') return 'gen_random_uuid()';
  if (t === 'bytea') return `'\\x'::bytea`;
  if (t === 'text' || t.startsWith('character')) return "''";
  return 'NULL';
}

/** PostgreSQL's rules. */
export const postgresComparator: Comparator = Object.freeze({
  sameName: (a: string, b: string) => a === b,
  normalizeType: (type: string) => pgType(type),
  typeChanged: (current: Column, target: Column) => pgType(current.type) !== pgType(target.type),
  sameExpression: (a: string, b: string) => canonicalPgExpression(a) === canonicalPgExpression(b),
  sameDefault: (a, b, type) =>
    sameDefault(castFree(a), castFree(b), type, DEFAULTS) ||
    (a?.kind === 'expression' && b?.kind === 'expression' && canonicalPgExpression(a.sql) === canonicalPgExpression(b.sql)),
  effectiveUniques: (table: Table) => ({ kept: [...table.uniques], redundant: [] }),
  backfillValue,
  requiresReferencedTables: true,
  columnWarnings: (table: string, current: Column, target: Column) =>
    (current.identity === true) === (target.identity === true)
      ? []
      : [
          `Column '${table}.${target.name}' ${target.identity === true ? 'becomes' : 'stops being'} an identity (a generated id); ` +
            'alterColumn cannot express that, so no operation was generated: write it by hand (ALTER TABLE … ALTER COLUMN … ADD/DROP IDENTITY)',
        ],
} satisfies Comparator);

/** PostgreSQL's rules for a database whose default schema is `defaultSchema` (generated statements name it). */
export function postgresComparatorFor(defaultSchema: string): Comparator {
  return Object.freeze({ ...postgresComparator, tableSql: (table: string) => tableSql(table, defaultSchema) });
}
