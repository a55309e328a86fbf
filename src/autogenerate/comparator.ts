/**
 * An engine's rules for comparing what the models declare with what introspection reads back (Alembic's
 * compare_type, compare_server_default and type_synonyms). Each dialect provides one; compare asks it
 * instead of assuming an engine.
 */
import type { Column, ColumnDefault, Table, UniqueConstraint } from '../schema/types';

/** The engine's comparison rules. */
export interface Comparator {
  /** True when two identifiers name the same object (SQLite: ASCII case-insensitive; PostgreSQL: exact, as tsdb quotes every name). */
  sameName(a: string, b: string): boolean;
  /** The canonical spelling of a declared type (synonyms merged, parameters kept). */
  normalizeType(type: string): string;
  /** True when changing `current` into `target` (a column of `targetTable`) changes its type. */
  typeChanged(current: Column, target: Column, targetTable: Table): boolean;
  /** True when two SQL expressions (CHECK, index terms, partial-index predicates) mean the same, as the engine keeps them. */
  sameExpression(a: string, b: string): boolean;
  /** True when two defaults mean the same stored default for a column of `type`. */
  sameDefault(a: ColumnDefault | null, b: ColumnDefault | null, type: string): boolean;
  /** The UNIQUE constraints the engine keeps for `table`, and those it merges away (with why, for a warning). */
  effectiveUniques(table: Table): { readonly kept: UniqueConstraint[]; readonly redundant: UniqueConstraint[] };
  /** The SQL value a generated backfill writes into existing rows of a new NOT NULL column of `type`. */
  backfillValue(type: string): string;
  /** How a generated statement names an op's table (PostgreSQL: `"schema"."name"`, whatever the search_path); absent: quoted as is. */
  readonly tableSql?: (table: string) => string;
  /** CREATE TABLE refuses a foreign key to a table that does not exist yet (PostgreSQL): references in a cycle are added after the tables. */
  readonly requiresReferencedTables?: boolean;
  /** Differences compare cannot express as an op (SQLite: AUTOINCREMENT), as warnings. */
  columnWarnings(table: string, current: Column, target: Column): string[];
}

/** Element-wise `sameName` over two lists of the same length. */
export function sameNames(comparator: Comparator, a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  return a.length === b.length && a.every((x, k) => comparator.sameName(x, b[k] ?? ''));
}
