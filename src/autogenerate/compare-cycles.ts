/**
 * Tables that reference each other in a cycle (pure). SQLite takes a foreign key to a table that does not
 * exist yet; PostgreSQL does not, so on such engines (Comparator.requiresReferencedTables) a created
 * table's foreign keys to tables created after it are added once all exist, and a dropped table's foreign
 * keys to tables dropped before it are dropped first. Reversed, each list stays valid.
 */
import type { Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import type { ForeignKey, Table } from '../schema/types';
import { makeTable } from '../schema/types';

function named(table: string, fk: ForeignKey): ForeignKey {
  return fk.name !== null ? fk : { ...fk, name: `fk_${table}_${fk.columns.join('_')}_${fk.refTable}` };
}

/** Splits each table's foreign keys to tables in `pending` off; the tables without them and the split keys. */
function split(table: Table, pending: ReadonlySet<string>): { readonly table: Table; readonly keys: ForeignKey[] } {
  const keys = table.foreignKeys.filter((fk) => fk.refTable !== table.name && pending.has(fk.refTable)).map((fk) => named(table.name, fk));
  if (keys.length === 0) return { table, keys };
  const kept = table.foreignKeys.filter((fk) => fk.refTable === table.name || !pending.has(fk.refTable));
  return { table: makeTable({ ...table, foreignKeys: kept }), keys };
}

/** createTable for each table in order (parents first); foreign keys to tables created later follow all of them. */
export function createTables(ordered: ReadonlyArray<Table>, deferCycles: boolean): Op[] {
  if (!deferCycles) return ordered.map((table) => freezeOp({ kind: 'createTable', table }));
  const later = new Set(ordered.map((t) => t.name));
  const creates: Op[] = [];
  const keys: Op[] = [];
  for (const t of ordered) {
    later.delete(t.name);
    const parts = split(t, later);
    creates.push(freezeOp({ kind: 'createTable', table: parts.table }));
    keys.push(...parts.keys.map((constraint) => freezeOp({ kind: 'createForeignKey', table: t.name, constraint })));
  }
  return [...creates, ...keys];
}

/** dropTable for each table in order (children first); foreign keys to tables dropped earlier are dropped before all of them. */
export function dropTables(ordered: ReadonlyArray<Table>, deferCycles: boolean): Op[] {
  const drop = (table: Table) => freezeOp({ kind: 'dropTable', name: table.name, table });
  if (!deferCycles) return ordered.map(drop);
  const earlier = new Set<string>();
  const keys: Op[] = [];
  const drops: Op[] = [];
  for (const t of ordered) {
    const parts = split(t, earlier);
    earlier.add(t.name);
    keys.push(
      ...parts.keys.map((constraint) =>
        freezeOp({ kind: 'dropConstraint', table: t.name, name: constraint.name ?? '', dropped: { type: 'foreignKey', constraint } }),
      ),
    );
    drops.push(drop(parts.table));
  }
  return [...keys, ...drops];
}
