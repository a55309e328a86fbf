/**
 * compareSchemas(current, target): the upgrade ops that turn the live schema into the models (pure).
 *
 * Order (each step over tables in target order unless said otherwise), chosen so that no step
 * depends on something a later step creates, and so that the reversed list is just as safe:
 *  1. renameTable for declared table renames; 2. alterColumn {newName} for declared column renames;
 *  3. drop foreign keys of kept tables; 4. dropTable, children before parents;
 *  5. drop indexes, uniques and checks of kept tables;
 *  6. per kept table: drop columns (not in the current key), add columns (NOT NULL backfill),
 *     alter columns, alterPrimaryKey, alter columns that leave the key, drop former key columns;
 *  7. create uniques, checks, indexes of kept tables; 8. createTable, parents before children;
 *  9. createForeignKey on kept tables (their parents now exist and carry their keys).
 * Other migration tools' bookkeeping tables (alembic_version, knex_migrations, …) in the live
 * schema are left out, so they are never dropped, unless the models declare a table of that name.
 * Tables are keyed by (schema, name) (compare-keys.ts); before step 1 come missing schemas, new enum
 * types and added enum values; after step 9, dropped enum types (compare-enums.ts).
 */
import type { Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import { reverseOps } from '../operations/reverse';
import type { Schema, Table } from '../schema/types';
import { makeTable } from '../schema/types';
import { backfilledAdd, diffColumns } from './compare-columns';
import { createForeignKeys, createOthers, diffConstraints, type ConstraintDiff } from './compare-constraints';
import { createTables, dropTables } from './compare-cycles';
import { diffEnums } from './compare-enums';
import { createSchemaOps, keyedRenames, keyedTables } from './compare-keys';
import type { Comparator } from './comparator';
import type { CompareOptions } from './compare-options';
import { planRenames } from './compare-renames';
import { isOtherToolsTable } from './other-tools-tables';

export type { CompareOptions } from './compare-options';

/** The result of a compare: upgrade ops in a safe order, and warnings for the user (plain text). */
export interface Comparison {
  readonly ops: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
}

/** Orders tables so that every table comes after the tables it references (cycles keep input order). */
function parentsFirst(tables: ReadonlyArray<Table>): Table[] {
  const names = new Set(tables.map((t) => t.name));
  const placed = new Set<string>();
  const out: Table[] = [];
  let pending = [...tables];
  while (pending.length > 0) {
    const ready = pending.filter((t) =>
      t.foreignKeys.every((fk) => fk.refTable === t.name || !names.has(fk.refTable) || placed.has(fk.refTable)),
    );
    const next = ready.length > 0 ? ready : pending.slice(0, 1);
    for (const t of next) {
      out.push(t);
      placed.add(t.name);
    }
    pending = pending.filter((t) => !placed.has(t.name));
  }
  return out;
}

/** The live schema without other tools' bookkeeping tables, unless the models declare one of that name. */
function withoutOtherToolsTables(current: Schema, target: Schema): Schema {
  const declared = new Set(target.tables.map((t) => t.name.toLowerCase()));
  const tables = current.tables.filter((t) => !isOtherToolsTable(t.name) || declared.has(t.name.toLowerCase()));
  return tables.length === current.tables.length ? current : { tables };
}

function sameColumnShapes(cmp: Comparator, a: Table, b: Table): boolean {
  return (
    a.columns.length === b.columns.length &&
    a.columns.every((c) => b.columns.some((d) => d.name === c.name && cmp.normalizeType(c.type) === cmp.normalizeType(d.type)))
  );
}

/**
 * The ops that turn `current` (the introspected database) into `target` (the models), and warnings.
 * @example compareSchemas(introspectSchema(db, opts), toSchema(models), { compareTypes: true, compareServerDefaults: true })
 */
export function compareSchemas(current: Schema, target: Schema, options: CompareOptions): Comparison {
  const live = keyedTables(current);
  const declared = keyedTables(target);
  const enums = diffEnums(current, target);
  const tables = compareTables(live.view, declared.view, keyedRenames(target, options));
  // createTable and dropTable carry the table as declared or read (its schema apart from its name)
  const restored = tables.ops.map((op) => {
    if (op.kind === 'createTable') return freezeOp({ ...op, table: unkeyed(op.table, declared.originals) });
    if (op.kind === 'dropTable' && op.table !== null) return freezeOp({ ...op, table: unkeyed(op.table, live.originals) });
    return op;
  });
  const ops = [...createSchemaOps(current, target), ...enums.early, ...restored, ...enums.late];
  return Object.freeze({ ops: Object.freeze(ops), warnings: Object.freeze([...enums.warnings, ...tables.warnings]) });
}

/** A keyed table with its schema and bare name back (as compare left it otherwise). */
function unkeyed(table: Table, originals: ReadonlyMap<string, Table>): Table {
  const original = originals.get(table.name);
  return original?.schema === undefined ? table : makeTable({ ...table, schema: original.schema, name: original.name });
}

/** The table ops (steps 1–9) between two schemas whose tables are keyed by name alone. */
function compareTables(current: Schema, target: Schema, options: CompareOptions): Comparison {
  const warnings: string[] = [];
  const deferCycles = options.comparator.requiresReferencedTables === true;
  const renames = planRenames(withoutOtherToolsTables(current, target), target, options);
  const view = renames.view;
  const find = (s: Schema, name: string): Table | undefined => s.tables.find((t) => t.name === name);

  const created = target.tables.filter((t) => find(view, t.name) === undefined);
  const dropped = view.tables.filter((t) => find(target, t.name) === undefined);
  const createdNames = new Set(created.map((t) => t.name));
  const kept = target.tables.flatMap((t) => {
    const cur = find(view, t.name);
    return cur === undefined ? [] : [{ cur, tgt: t }];
  });

  const paired = new Set<string>();
  for (const d of dropped) {
    const twin = created.find((c) => !paired.has(c.name) && sameColumnShapes(options.comparator, c, d));
    if (twin === undefined) continue;
    paired.add(twin.name);
    warnings.push(
      `Table '${d.name}' was dropped and '${twin.name}' added with the same columns; ` +
        `if this is a rename, declare it in the model: table('${twin.name}', {...}, undefined, { renamedFrom: '${d.name}' })`,
    );
  }

  const diffs: Array<{ readonly table: string; readonly diff: ConstraintDiff; readonly columns: Op[] }> = kept.map(({ cur, tgt }) => {
    const diff = diffConstraints(cur, tgt, options.comparator);
    warnings.push(...diff.warnings);
    const columns = diffColumns(cur, tgt, options, diff, createdNames, warnings);
    return { table: tgt.name, diff, columns };
  });

  const ops: Op[] = [
    ...renames.ops,
    ...diffs.flatMap((d) => d.diff.dropForeignKeys),
    ...dropTables(parentsFirst(dropped).reverse(), deferCycles),
    ...diffs.flatMap((d) => d.diff.dropOthers),
    ...diffs.flatMap((d) => d.columns),
    ...diffs.flatMap((d) => createOthers(d.table, d.diff)),
    ...createTables(parentsFirst(created), deferCycles),
    ...diffs.flatMap((d) => createForeignKeys(d.table, d.diff)),
  ];
  return Object.freeze({ ops: Object.freeze(ops), warnings: Object.freeze(warnings) });
}

/**
 * The downgrade ops for an upgrade list: each op reversed, in reverse order, skipping `execute`
 * (a backfill UPDATE needs no undo: the column it fills is dropped by the reverse of its addColumn).
 */
export function reverseForDowngrade(ops: ReadonlyArray<Op>, comparator: Comparator): Op[] {
  // A dropped NOT NULL column without a default comes back on tables that have rows: fill it, like an upgrade would.
  return reverseOps(ops.filter((op) => op.kind !== 'execute')).flatMap((op) =>
    op.kind === 'addColumn' && !op.column.nullable && op.column.default === null
      ? backfilledAdd(op.table, op.column, op.foreignKey, comparator)
      : [op],
  );
}
