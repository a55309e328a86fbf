/**
 * The words of the data preflight, shared by every engine: what rows a change would break, what to do about
 * them, and the one line that refuses the op with the count and a few keys of those rows.
 */

/** Rows that break a change: what they hold and what to do. */
export interface RowProblem {
  readonly problem: string;
  readonly fix: string;
}

/** What to do about values a type change cannot carry over. */
export const CONVERT_FIRST = 'convert or delete them first (op.execute an UPDATE) or keep the old type';

/** The problems the preflights name. */
export const rowProblems = {
  nulls: (column: string): RowProblem => ({
    problem: `NULL in '${column}'`,
    fix: 'give them a value first (op.execute an UPDATE) or keep the column nullable',
  }),
  duplicates: (columns: ReadonlyArray<string>): RowProblem => ({
    problem: `duplicate values in (${columns.join(', ')})`,
    fix: 'remove the duplicates first',
  }),
  failingCheck: (expression: string): RowProblem => ({ problem: `rows failing CHECK (${expression})`, fix: 'fix those rows first' }),
  badKeys: (columns: ReadonlyArray<string>): RowProblem => ({
    problem: `NULL or duplicate keys in (${columns.join(', ')})`,
    fix: 'fix those rows first',
  }),
  orphans: (columns: ReadonlyArray<string>, refTable: string): RowProblem => ({
    problem: `values in (${columns.join(', ')}) with no matching row in '${refTable}'`,
    fix: 'delete or fix those rows first',
  }),
  longer: (column: string, length: number): RowProblem => ({
    problem: `values longer than ${length} characters in '${column}'`,
    fix: 'shorten them first or keep the wider type',
  }),
  notConverting: (column: string, type: string): RowProblem => ({
    problem: `values in '${column}' that do not convert to ${type}`,
    fix: CONVERT_FIRST,
  }),
} as const;

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** `alterColumn on 'item': 2 rows of 'item' have NULL in 'sku' (id 1, 4); give them a value first …`. */
export function brokenRows(
  opKind: string | null,
  table: string,
  count: number,
  what: RowProblem,
  keys: { readonly label: string; readonly sample: ReadonlyArray<string> },
): string {
  const where = opKind === null ? '' : `${opKind} on '${table}': `;
  const rows = `${count} ${plural(count, 'row', 'rows')} of '${table}' ${plural(count, 'has', 'have')}`;
  const more = count > keys.sample.length ? ', …' : '';
  return `${where}${rows} ${what.problem} (${keys.label} ${keys.sample.join(', ')}${more}); ${what.fix}`;
}
