/**
 * Column and primary-key differences of one table (pure): drops, adds (with the NOT NULL backfill),
 * type / nullability / default changes and alterPrimaryKey, in a dependency-safe order.
 */
import type { ColumnChanges, Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import type { Column, ForeignKey, PrimaryKey, Table, UniqueConstraint } from '../schema/types';
import { makeColumn } from '../schema/types';
import type { CompareOptions } from './compare-options';
import type { ConstraintDiff } from './compare-constraints';
import { sameNames, type Comparator } from './comparator';

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The models-API call that declares a column of this type, for the rename hint. */
export function builderCall(name: string, type: string, cmp: Comparator): string {
  const t = cmp.normalizeType(type);
  const simple: Record<string, string> = {
    INTEGER: 'integer',
    BIGINT: 'bigint',
    TEXT: 'text',
    BOOLEAN: 'boolean',
    REAL: 'real',
    FLOAT: 'float',
    NUMERIC: 'numeric',
    DATE: 'date',
    DATETIME: 'datetime',
    JSON: 'json',
    BLOB: 'blob',
  };
  const fn = simple[t];
  if (fn !== undefined) return `${fn}('${name}')`;
  const varchar = /^VARCHAR\((\d+)\)$/.exec(t);
  if (varchar) return `varchar('${name}', ${varchar[1] ?? ''})`;
  const numeric = /^NUMERIC\((\d+)(?:,(\d+))?\)$/.exec(t);
  if (numeric) return `numeric('${name}', ${numeric[1] ?? ''}${numeric[2] === undefined ? '' : `, ${numeric[2]}`})`;
  return `<column '${name}' of type ${type}>`;
}

function samePrimaryKey(cmp: Comparator, a: PrimaryKey | null, b: PrimaryKey | null): boolean {
  if (a === null || b === null) return a === b;
  return a.name === b.name && sameNames(cmp, a.columns, b.columns);
}

function inKey(cmp: Comparator, pk: PrimaryKey | null, column: string): boolean {
  return pk !== null && pk.columns.some((c) => cmp.sameName(c, column));
}

/** The alterColumn changes that turn `c` (current) into `t` (target), honouring the options. */
function columnChanges(c: Column, tgt: Table, t: Column, options: CompareOptions): ColumnChanges {
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
  const cmp = options.comparator;
  if (options.compareTypes && cmp.typeChanged(c, t, tgt)) changes.type = t.type;
  if (c.nullable !== t.nullable) changes.nullable = t.nullable;
  if (options.compareServerDefaults && !cmp.sameDefault(c.default, t.default, t.type)) changes.default = t.default;
  return Object.freeze(changes);
}

/** Removes and returns the first element matching `pick`. */
function claim<T>(list: T[], pick: (x: T) => boolean): T | null {
  const k = list.findIndex(pick);
  if (k < 0) return null;
  const [x] = list.splice(k, 1);
  return x ?? null;
}

/**
 * The column ops of one table: drops of non-key columns, adds, alters, alterPrimaryKey, alters of
 * columns leaving the key, drops of former key columns. An added column takes its own single-column
 * UNIQUE / FOREIGN KEY out of `constraints` (so addColumn declares it) unless `createdTables` holds
 * the FK's parent.
 */
/** A NOT NULL column without a default added to a table that may have rows: add nullable, fill, then NOT NULL. */
export function backfilledAdd(table: string, column: Column, foreignKey: ForeignKey | null, cmp: Comparator): Op[] {
  const loose = makeColumn({ ...column, nullable: true });
  const target = cmp.tableSql?.(table) ?? quote(table);
  return [
    freezeOp({ kind: 'addColumn', table, column: loose, unique: null, foreignKey }),
    freezeOp({
      kind: 'execute',
      sql: `UPDATE ${target} SET ${quote(column.name)} = ${cmp.backfillValue(column.type)} WHERE ${quote(column.name)} IS NULL`,
      bindings: Object.freeze([]),
    }),
    freezeOp({ kind: 'alterColumn', table, name: column.name, changes: Object.freeze({ nullable: false }), existing: loose }),
  ];
}

export function diffColumns(
  cur: Table,
  tgt: Table,
  options: CompareOptions,
  constraints: ConstraintDiff,
  createdTables: ReadonlySet<string>,
  warnings: string[],
): Op[] {
  const table = tgt.name;
  const cmp = options.comparator;
  const has = (t: Table, name: string): boolean => t.columns.some((c) => c.name === name);
  const dropped = cur.columns.filter((c) => !has(tgt, c.name));
  const added = tgt.columns.filter((c) => !has(cur, c.name));

  const dropOp = (column: Column): Op => freezeOp({ kind: 'dropColumn', table, name: column.name, column });
  const dropEarly = dropped.filter((c) => !inKey(cmp, cur.primaryKey, c.name)).map(dropOp);
  const dropLate = dropped.filter((c) => inKey(cmp, cur.primaryKey, c.name)).map(dropOp);

  const adds: Op[] = [];
  for (const column of added) {
    const mine = (cols: ReadonlyArray<string>) => cols.length === 1 && cmp.sameName(cols[0] ?? '', column.name);
    const foreignKey: ForeignKey | null = claim(constraints.addForeignKeys, (f) => mine(f.columns) && !createdTables.has(f.refTable));
    const needsBackfill = !column.nullable && column.default === null;
    const unique: UniqueConstraint | null = needsBackfill ? null : claim(constraints.addUniques, (u) => mine(u.columns));
    if (!needsBackfill) {
      adds.push(freezeOp({ kind: 'addColumn', table, column, unique, foreignKey }));
      continue;
    }
    const value = cmp.backfillValue(column.type);
    adds.push(...backfilledAdd(table, column, foreignKey, cmp));
    const keyed = inKey(cmp, tgt.primaryKey, column.name) || tgt.uniques.some((u) => u.columns.some((c) => cmp.sameName(c, column.name)));
    warnings.push(
      `Column '${table}.${column.name}' is added NOT NULL without a default to existing table '${table}': existing rows need a value. ` +
        `The script fills them with ${value}; edit the generated UPDATE to set the right value` +
        `${keyed || foreignKey !== null ? ' (the column is part of a key or a foreign key, so one constant for every row will not do)' : ''}.`,
    );
  }

  const alterEarly: Op[] = [];
  const alterLate: Op[] = [];
  for (const t of tgt.columns) {
    const c = cur.columns.find((x) => x.name === t.name);
    if (c === undefined) continue;
    warnings.push(...cmp.columnWarnings(table, c, t));
    const changes = columnChanges(c, tgt, t, options);
    if (Object.keys(changes).length === 0) continue;
    const op = freezeOp({ kind: 'alterColumn', table, name: t.name, changes, existing: c });
    const leavesKey = inKey(cmp, cur.primaryKey, t.name) && !inKey(cmp, tgt.primaryKey, t.name);
    (leavesKey ? alterLate : alterEarly).push(op);
  }

  const pk: Op[] = samePrimaryKey(cmp, cur.primaryKey, tgt.primaryKey)
    ? []
    : [freezeOp({ kind: 'alterPrimaryKey', table, primaryKey: tgt.primaryKey, existing: cur.primaryKey })];

  const paired = new Set<string>();
  for (const d of dropped) {
    const twin = added.find((a) => !paired.has(a.name) && cmp.normalizeType(a.type) === cmp.normalizeType(d.type));
    if (twin === undefined) continue;
    paired.add(twin.name);
    warnings.push(
      `Column '${table}.${d.name}' was dropped and '${table}.${twin.name}' added with the same type; ` +
        `if this is a rename, declare it in the model: ${builderCall(twin.name, twin.type, cmp)}.renamedFrom('${d.name}')`,
    );
  }

  return [...dropEarly, ...adds, ...alterEarly, ...pk, ...alterLate, ...dropLate];
}
