/** SQL quoting for SQLite: identifiers in double quotes, literals in single quotes. */
import type { ColumnDefault } from '../../schema/types';

/** Quotes an identifier, doubling embedded quotes: `my "t"` → `"my ""t"""`. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Renders a literal value; booleans become 1/0, which is how SQLite stores them. */
export function quoteLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as an SQL literal`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** Renders the DEFAULT clause body: a literal, or an expression wrapped in parentheses. */
export function renderDefault(value: ColumnDefault): string {
  return value.kind === 'literal' ? quoteLiteral(value.value) : `(${value.sql})`;
}

/** Renders a comma-separated list of quoted identifiers. */
export function quoteList(names: ReadonlyArray<string>): string {
  return names.map(quoteIdent).join(', ');
}
