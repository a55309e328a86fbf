/**
 * Declared renames for compare (pure): the renameTable / alterColumn {newName} ops, and the current
 * schema as it reads after them. SQLite's RENAME rewrites every reference (foreign keys of other
 * tables, index columns, CHECK and partial-index expressions), so the view does the same; names match as the
 * engine's comparator says.
 */
import type { Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import { renameIdentifier } from '../schema/normalize';
import type { Schema, Table } from '../schema/types';
import { makeTable } from '../schema/types';
import type { CompareOptions } from './compare-options';

function mapTables(schema: Schema, f: (t: Table) => Table): Schema {
  return Object.freeze({ tables: Object.freeze(schema.tables.map(f)) });
}

/** The schema after `ALTER TABLE from RENAME TO to`. */
export function renameTableIn(schema: Schema, from: string, to: string, sameName: (a: string, b: string) => boolean): Schema {
  return mapTables(schema, (t) => {
    const refersToIt = t.foreignKeys.some((fk) => sameName(fk.refTable, from));
    if (t.name !== from && !refersToIt) return t;
    return makeTable({
      ...t,
      name: t.name === from ? to : t.name,
      foreignKeys: t.foreignKeys.map((fk) => (sameName(fk.refTable, from) ? { ...fk, refTable: to } : fk)),
    });
  });
}

/** The schema after `ALTER TABLE table RENAME COLUMN from TO to`. */
export function renameColumnIn(
  schema: Schema,
  table: string,
  from: string,
  to: string,
  sameName: (a: string, b: string) => boolean,
): Schema {
  const swap = (names: ReadonlyArray<string>): ReadonlyArray<string> => names.map((n) => (sameName(n, from) ? to : n));
  const swapTerms = (terms: ReadonlyArray<string>): ReadonlyArray<string> =>
    terms.map((n) => (sameName(n, from) ? to : /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? n : renameIdentifier(n, from, to)));
  return mapTables(schema, (t) => {
    const foreignKeys = t.foreignKeys.map((fk) => {
      const own = t.name === table ? { ...fk, columns: swap(fk.columns) } : fk;
      return sameName(fk.refTable, table) ? { ...own, refColumns: swap(own.refColumns) } : own;
    });
    if (t.name !== table) {
      return t.foreignKeys.some((fk) => sameName(fk.refTable, table)) ? makeTable({ ...t, foreignKeys }) : t;
    }
    return makeTable({
      ...t,
      columns: t.columns.map((c) => (c.name === from ? Object.freeze({ ...c, name: to }) : c)),
      primaryKey: t.primaryKey === null ? null : { ...t.primaryKey, columns: swap(t.primaryKey.columns) },
      indexes: t.indexes.map((ix) => ({
        ...ix,
        columns: swapTerms(ix.columns),
        where: ix.where === null ? null : renameIdentifier(ix.where, from, to),
      })),
      uniques: t.uniques.map((u) => ({ ...u, columns: swap(u.columns) })),
      foreignKeys,
      checks: t.checks.map((ck) => ({ ...ck, expression: renameIdentifier(ck.expression, from, to) })),
    });
  });
}

/** The rename ops the options declare that apply to `current`, and `current` as it reads after them. */
export function planRenames(
  current: Schema,
  target: Schema,
  options: CompareOptions,
): { readonly ops: ReadonlyArray<Op>; readonly view: Schema } {
  const ops: Op[] = [];
  let view = current;
  const has = (s: Schema, name: string): boolean => s.tables.some((t) => t.name === name);
  for (const t of target.tables) {
    const old = options.tableRenames?.get(t.name);
    if (old === undefined || old === t.name || !has(view, old) || has(view, t.name) || has(target, old)) continue;
    ops.push(freezeOp({ kind: 'renameTable', from: old, to: t.name }));
    view = renameTableIn(view, old, t.name, options.comparator.sameName);
  }
  for (const t of target.tables) {
    const renames = options.columnRenames?.get(t.name);
    if (renames === undefined) continue;
    for (const c of t.columns) {
      const old = renames.get(c.name);
      const cur = view.tables.find((x) => x.name === t.name);
      const existing = cur?.columns.find((x) => x.name === old);
      if (old === undefined || existing === undefined || old === c.name) continue;
      if (cur?.columns.some((x) => x.name === c.name) || t.columns.some((x) => x.name === old)) continue;
      ops.push(freezeOp({ kind: 'alterColumn', table: t.name, name: old, changes: Object.freeze({ newName: c.name }), existing }));
      view = renameColumnIn(view, t.name, old, c.name, options.comparator.sameName);
    }
  }
  return { ops, view };
}
