/**
 * Consecutive changes to one table taken in as ONE rebuild (as Alembic's batch mode copies a table
 * once): the table as it stands after each change, where each final column takes its values from,
 * and one scan that evaluates row checks against the table as it stood before each change. Pure.
 */
import type { ColumnDefault, Table } from '../../schema/types';
import { makeTable } from '../../schema/types';
import type { DdlPlan, SchemaReader, TableChange, TableState } from './plan-types';
import { quoteIdent, renderDefault } from './quote';
import { rebuildFrom, type CopySource } from './rebuild';
import { affinityOf, holdsNumbers, storedValueSql, type Affinity } from './type-conversion';

/** Where a column of the table as it stands now takes its values from, in terms of the table as the batch found it. */
interface Lineage {
  /** SQL over the table as found. */
  readonly sql: string;
  /** The column (of the table as found) it reads; null for a column the batch added. */
  readonly origin: string | null;
  /** The affinity its value is still to be stored with: the final INSERT applies it, or a later type change writes it out. */
  readonly pending: Affinity | null;
  /** A column the batch added whose value is still the default it was added with: that default. */
  readonly addedWith?: ColumnDefault | null;
}

/** Where a row check is evaluated: `relation` holds the table as it stood, `row` names the current row, `rowid` is its id column. */
export interface RowScope {
  readonly relation: string;
  readonly row: string;
  readonly rowid: string;
}

/** The SQL of one scan: `WITH …` and the relation `from` whose columns `flags` mark failing rows by their `rowid` column. */
export interface CheckScan {
  readonly with: string;
  readonly from: string;
  readonly rowid: string;
  readonly flags: ReadonlyArray<string>;
}

/** A predicate over one row, evaluated against the table as it stood before change `step` (0-based). */
export interface StepCheck {
  readonly step: number;
  readonly test: (scope: RowScope) => string;
}

const ROWID = quoteIdent('__tsdb_rowid');
const stateName = (k: number) => quoteIdent(`__tsdb_state_${k}`);
const flagName = (i: number) => quoteIdent(`__tsdb_check_${i}`);

function defaultSql(value: ColumnDefault | null): string {
  return value === null ? 'NULL' : renderDefault(value);
}

/** The changes of one table not yet run; `add` them in order, then run `copyPlan` once. */
export class RebuildBatch {
  /** The table as the batch found it (live). */
  readonly start: TableState;
  readonly #states: Table[];
  readonly #changes: TableChange[] = [];
  #lineage: Map<string, Lineage>;

  constructor(start: TableState) {
    this.start = start;
    this.#states = [start.table];
    this.#lineage = new Map(start.table.columns.map((c) => [c.name, { sql: quoteIdent(c.name), origin: c.name, pending: null }]));
  }

  /** The table's name. */
  get table(): string {
    return this.start.table.name;
  }

  /** The table as it stands after the changes taken in so far. */
  get current(): Table {
    return this.#states[this.#states.length - 1] ?? this.start.table;
  }

  /** How many changes the batch holds. */
  get size(): number {
    return this.#changes.length;
  }

  /** Reads the live schema, except this table, which it shows as it stands after the batch's changes. */
  reader(live: SchemaReader): SchemaReader {
    return {
      table: (name) => (name === this.table ? { ...this.start, table: this.current } : live.table(name)),
      referencing: (name) => live.referencing(name),
    };
  }

  /** Takes in the next change (planned against `reader()`). */
  add(change: TableChange): void {
    const before = this.current;
    const lineage = new Map<string, Lineage>();
    for (const column of change.next.columns) {
      const from = change.sources.get(column.name);
      const prev = from === undefined ? undefined : this.#lineage.get(from);
      const affinity = affinityOf(column.type);
      if (prev === undefined) {
        lineage.set(column.name, { sql: defaultSql(column.default), origin: null, pending: affinity, addedWith: column.default });
      } else if (affinityOf(before.columns.find((c) => c.name === from)?.type ?? '') === affinity) {
        lineage.set(column.name, prev);
      } else if (prev.pending === null || prev.pending === affinity) {
        lineage.set(column.name, { ...prev, pending: affinity });
      } else {
        // a second conversion: the value the first one stored is what the second converts
        lineage.set(column.name, { sql: storedValueSql(prev.pending, prev.sql), origin: prev.origin, pending: affinity });
      }
    }
    this.#lineage = lineage;
    this.#changes.push(change);
    this.#states.push(change.next);
  }

  /** The one rebuild that makes the table as found into the table as it stands now. */
  copyPlan(reader: SchemaReader): DdlPlan {
    const copy = new Map<string, CopySource>();
    for (const column of this.current.columns) {
      const from = this.#lineage.get(column.name);
      if (from === undefined) continue;
      // an added column still at the default it was added with takes the table's default, as a one-op rebuild does
      if (from.addedWith !== undefined && JSON.stringify(from.addedWith) === JSON.stringify(column.default)) continue;
      copy.set(column.name, { origin: from.origin, sql: from.sql });
    }
    return rebuildFrom(reader, this.start, this.current, copy);
  }

  /**
   * Columns whose text the rebuild converts into a type that holds numbers (to verify after the copy). A column
   * that was INTEGER or REAL already holds numbers, or text the preflight refused: nothing of it is converted.
   */
  numericConversions(): string[] {
    return this.current.columns
      .filter((column) => {
        const origin = this.#lineage.get(column.name)?.origin;
        const was = this.start.table.columns.find((c) => c.name === origin);
        if (was === undefined || was.type === column.type || !holdsNumbers(column.type)) return false;
        const before = affinityOf(was.type);
        return before !== 'INTEGER' && before !== 'REAL';
      })
      .map((c) => c.name);
  }

  /**
   * `WITH …` naming the table before each change as a relation (built from the one before it), and the
   * relation whose columns `flags[i]` are 1 for a row that fails `checks[i]` (0 or NULL otherwise):
   * SQLite flattens it into one pass over the table.
   */
  scan(checks: ReadonlyArray<StepCheck>): CheckScan {
    const last = Math.max(0, ...checks.map((c) => c.step));
    const first = this.start.table;
    const columns = first.columns.map((c) => quoteIdent(c.name)).join(', ');
    const ctes = [`${stateName(0)} AS (SELECT rowid AS ${ROWID}, ${columns} FROM ${quoteIdent(this.table)})`];
    const row = quoteIdent(this.table);
    for (let k = 0; k <= last; k += 1) {
      const scope: RowScope = { relation: stateName(k), row, rowid: ROWID };
      const carried = checks.flatMap((c, i) => (c.step < k ? [flagName(i)] : []));
      const tested = checks.flatMap((c, i) => (c.step === k ? [`(${c.test(scope)}) AS ${flagName(i)}`] : []));
      const next = k < last ? this.#stateColumns(k) : [];
      ctes.push(`${stateName(k + 1)} AS (SELECT ${[ROWID, ...carried, ...tested, ...next].join(', ')} FROM ${stateName(k)} AS ${row})`);
    }
    return { with: `WITH ${ctes.join(',\n')}`, from: stateName(last + 1), rowid: ROWID, flags: checks.map((_, i) => flagName(i)) };
  }

  /** The columns of the table after change `k`, as SQL over the table before it. */
  #stateColumns(k: number): string[] {
    const change = this.#changes[k];
    const before = this.#states[k];
    if (change === undefined || before === undefined) return [];
    return change.next.columns.map((column) => {
      const from = change.sources.get(column.name);
      const affinity = affinityOf(column.type);
      const was = before.columns.find((c) => c.name === from);
      const value =
        from === undefined || was === undefined
          ? storedValueSql(affinity, defaultSql(column.default))
          : affinityOf(was.type) === affinity
            ? quoteIdent(from)
            : storedValueSql(affinity, quoteIdent(from));
      return `${value} AS ${quoteIdent(column.name)}`;
    });
  }
}

/** An index op on a table a batch holds, as a change of that table; null when the index is not on it. */
export function indexChange(
  op: { readonly kind: 'createIndex'; readonly index: Table['indexes'][number] } | { readonly kind: 'dropIndex'; readonly name: string },
  table: Table,
): TableChange | null {
  const sources = new Map(table.columns.map((c) => [c.name, c.name]));
  if (op.kind === 'createIndex') {
    // a name already taken: not taken in, so CREATE INDEX runs on its own and SQLite names the clash
    if (table.indexes.some((i) => i.name === op.index.name)) return null;
    return { table: table.name, next: makeTable({ ...table, indexes: [...table.indexes, op.index] }), sources };
  }
  if (!table.indexes.some((i) => i.name === op.name)) return null;
  return { table: table.name, next: makeTable({ ...table, indexes: table.indexes.filter((i) => i.name !== op.name) }), sources };
}
