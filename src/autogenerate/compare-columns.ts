/**
 * Column and primary-key differences of one table (pure): drops, adds (with the NOT NULL backfill),
 * type / nullability / default changes and alterPrimaryKey, in a dependency-safe order.
 */
import type { ColumnChanges, Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import { isNumericType, normalizeType, sameDefault, sameType, typeAffinity } from '../schema/normalize';
import type { Column, ForeignKey, PrimaryKey, Table, UniqueConstraint } from '../schema/types';
import { makeColumn } from '../schema/types';
import type { CompareOptions } from './compare';
import type { ConstraintDiff } from './compare-constraints';
import { sameName, sameNames } from './compare-renames';

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The value the generated backfill UPDATE writes, by type: '' for text, 0 for numbers and booleans, the current date/time for dates. */
export function zeroValue(type: string): string {
  const t = normalizeType(type);
  if (t === 'JSON') return "'{}'";
  if (t === 'DATE') return 'CURRENT_DATE';
  if (t === 'TIME') return 'CURRENT_TIME';
  if (t.includes('DATE') || t.includes('TIME')) return 'CURRENT_TIMESTAMP';
  switch (typeAffinity(type)) {
    case 'TEXT': return "''";
    case 'BLOB': return "X''";
    default: return isNumericType(type) ? '0' : "''";
  }
}

/** The models-API call that declares a column of this type, for the rename hint. */
export function builderCall(name: string, type: string): string {
  const t = normalizeType(type);
  const simple: Record<string, string> = {
    INTEGER: 'integer', BIGINT: 'bigint', TEXT: 'text', BOOLEAN: 'boolean', REAL: 'real', FLOAT: 'float', NUMERIC: 'numeric',
    DATE: 'date', DATETIME: 'datetime', JSON: 'json', BLOB: 'blob',
  };
  const fn = simple[t];
  if (fn !== undefined) return `${fn}('${name}')`;
  const varchar = /^VARCHAR\((\d+)\)$/.exec(t);
  if (varchar) return `varchar('${name}', ${varchar[1] ?? ''})`;
  const numeric = /^NUMERIC\((\d+)(?:,(\d+))?\)$/.exec(t);
  if (numeric) return `numeric('${name}', ${numeric[1] ?? ''}${numeric[2] === undefined ? '' : `, ${numeric[2]}`})`;
  return `<column '${name}' of type ${type}>`;
}

function samePrimaryKey(a: PrimaryKey | null, b: PrimaryKey | null): boolean {
  if (a === null || b === null) return a === b;
  return a.name === b.name && sameNames(a.columns, b.columns);
}

function inKey(pk: PrimaryKey | null, column: string): boolean {
  return pk !== null && pk.columns.some((c) => sameName(c, column));
}

/** True when `column` is the table's only primary-key column. */
function isSoleKey(table: Table, column: Column): boolean {
  return table.primaryKey?.columns.length === 1 && sameName(table.primaryKey.columns[0] ?? '', column.name);
}

/** Same type, except that a sole key column spelled INTEGER is SQLite's rowid alias and INT there is not. */
function typeChanged(c: Column, tgt: Table, t: Column): boolean {
  const exactInteger = (type: string): boolean => type.trim().toUpperCase() === 'INTEGER';
  return !sameType(c.type, t.type) || (isSoleKey(tgt, t) && exactInteger(c.type) !== exactInteger(t.type));
}

/** The alterColumn changes that turn `c` (current) into `t` (target), honouring the options. */
function columnChanges(c: Column, tgt: Table, t: Column, options: CompareOptions): ColumnChanges {
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
  if (options.compareTypes && typeChanged(c, tgt, t)) changes.type = t.type;
  if (c.nullable !== t.nullable) changes.nullable = t.nullable;
  if (options.compareServerDefaults && !sameDefault(c.default, t.default, t.type)) changes.default = t.default;
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
export function backfilledAdd(table: string, column: Column, foreignKey: ForeignKey | null): Op[] {
  const loose = makeColumn({ ...column, nullable: true });
  return [
    freezeOp({ kind: 'addColumn', table, column: loose, unique: null, foreignKey }),
    freezeOp({ kind: 'execute', sql: `UPDATE ${quote(table)} SET ${quote(column.name)} = ${zeroValue(column.type)} WHERE ${quote(column.name)} IS NULL`, bindings: Object.freeze([]) }),
    freezeOp({ kind: 'alterColumn', table, name: column.name, changes: Object.freeze({ nullable: false }), existing: loose }),
  ];
}

export function diffColumns(
  cur: Table, tgt: Table, options: CompareOptions, constraints: ConstraintDiff, createdTables: ReadonlySet<string>, warnings: string[],
): Op[] {
  const table = tgt.name;
  const has = (t: Table, name: string): boolean => t.columns.some((c) => c.name === name);
  const dropped = cur.columns.filter((c) => !has(tgt, c.name));
  const added = tgt.columns.filter((c) => !has(cur, c.name));

  const dropOp = (column: Column): Op => freezeOp({ kind: 'dropColumn', table, name: column.name, column });
  const dropEarly = dropped.filter((c) => !inKey(cur.primaryKey, c.name)).map(dropOp);
  const dropLate = dropped.filter((c) => inKey(cur.primaryKey, c.name)).map(dropOp);

  const adds: Op[] = [];
  for (const column of added) {
    const mine = (cols: ReadonlyArray<string>) => cols.length === 1 && sameName(cols[0] ?? '', column.name);
    const foreignKey: ForeignKey | null = claim(constraints.addForeignKeys, (f) => mine(f.columns) && !createdTables.has(f.refTable));
    const needsBackfill = !column.nullable && column.default === null;
    const unique: UniqueConstraint | null = needsBackfill ? null : claim(constraints.addUniques, (u) => mine(u.columns));
    if (!needsBackfill) {
      adds.push(freezeOp({ kind: 'addColumn', table, column, unique, foreignKey }));
      continue;
    }
    const value = zeroValue(column.type);
    adds.push(...backfilledAdd(table, column, foreignKey));
    const keyed = inKey(tgt.primaryKey, column.name) || tgt.uniques.some((u) => u.columns.some((c) => sameName(c, column.name)));
    warnings.push(
      `Column '${table}.${column.name}' is added NOT NULL without a default to existing table '${table}': existing rows need a value. `
      + `The script fills them with ${value}; edit the generated UPDATE to set the right value`
      + `${keyed || foreignKey !== null ? ' (the column is part of a key or a foreign key, so one constant for every row will not do)' : ''}.`,
    );
  }

  const alterEarly: Op[] = [];
  const alterLate: Op[] = [];
  for (const t of tgt.columns) {
    const c = cur.columns.find((x) => x.name === t.name);
    if (c === undefined) continue;
    if (c.autoincrement !== t.autoincrement) {
      warnings.push(`Column '${table}.${t.name}' ${t.autoincrement ? 'gains' : 'loses'} AUTOINCREMENT; alterColumn cannot express that, so no operation was generated: write this change by hand`);
    }
    const changes = columnChanges(c, tgt, t, options);
    if (Object.keys(changes).length === 0) continue;
    const op = freezeOp({ kind: 'alterColumn', table, name: t.name, changes, existing: c });
    const leavesKey = inKey(cur.primaryKey, t.name) && !inKey(tgt.primaryKey, t.name);
    (leavesKey ? alterLate : alterEarly).push(op);
  }

  const pk: Op[] = samePrimaryKey(cur.primaryKey, tgt.primaryKey)
    ? []
    : [freezeOp({ kind: 'alterPrimaryKey', table, primaryKey: tgt.primaryKey, existing: cur.primaryKey })];

  const paired = new Set<string>();
  for (const d of dropped) {
    const twin = added.find((a) => !paired.has(a.name) && sameType(a.type, d.type));
    if (twin === undefined) continue;
    paired.add(twin.name);
    warnings.push(
      `Column '${table}.${d.name}' was dropped and '${table}.${twin.name}' added with the same type; `
      + `if this is a rename, declare it in the model: ${builderCall(twin.name, twin.type)}.renamedFrom('${d.name}')`,
    );
  }

  return [...dropEarly, ...adds, ...alterEarly, ...pk, ...alterLate, ...dropLate];
}
