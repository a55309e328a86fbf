/**
 * Enum type differences (pure): a declared type the database lacks is created before the tables that use
 * it; a live type neither declared nor used by a declared column is dropped after them; values added to a
 * type are added where they are declared (`BEFORE` the next value the type already has, else at the end).
 * Removing, renaming or reordering values is not generated (a warning says what to write by hand): the
 * only way PostgreSQL has is recreating the type, which the downgrade of an added value does.
 */
import type { Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import type { EnumType, Schema } from '../schema/types';
import { tableKey } from './compare-keys';

/** The enum ops of a compare: created types and added values go first, dropped types last. */
export interface EnumDiff {
  readonly early: ReadonlyArray<Op>;
  readonly late: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
}

function schemaOf(x: { readonly schema?: string }): { schema?: string } {
  return x.schema === undefined ? {} : { schema: x.schema };
}

/** `billing.status` → { schema: 'billing', name: 'status' }; `status` → { name: 'status' }. */
function splitKey(key: string): { schema?: string; name: string } {
  const dot = key.indexOf('.');
  return dot < 0 ? { name: key } : { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

/** The declared enum types: the schema's list, plus the type of any enum column it does not list. */
export function declaredEnums(target: Schema): EnumType[] {
  const out = [...(target.enums ?? [])];
  for (const table of target.tables) {
    for (const column of table.columns) {
      if (column.enumValues === undefined || out.some((e) => tableKey(e) === column.type)) continue;
      out.push({ ...splitKey(column.type), values: column.enumValues });
    }
  }
  return out;
}

function quoted(values: ReadonlyArray<string>): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function withValue(type: EnumType, value: string, before: string | null): EnumType {
  const at = before === null ? -1 : type.values.indexOf(before);
  const values = at < 0 ? [...type.values, value] : [...type.values.slice(0, at), value, ...type.values.slice(at)];
  return { ...type, values };
}

/** addEnumValue ops that turn `cur` into `tgt`, in declared order, or warnings when that cannot be done by adding. */
function valueOps(cur: EnumType, tgt: EnumType, warnings: string[]): Op[] {
  const key = tableKey(tgt);
  const kept = cur.values.filter((v) => tgt.values.includes(v));
  const keptInTarget = tgt.values.filter((v) => cur.values.includes(v));
  if (kept.some((v, k) => keptInTarget[k] !== v)) {
    warnings.push(
      `Enum type '${key}' holds its values in another order (${quoted(cur.values)}) than the models declare (${quoted(tgt.values)}); ` +
        'reordering enum values is not generated: write it by hand (recreate the type), or declare the order the database has',
    );
    return [];
  }
  const removed = cur.values.filter((v) => !tgt.values.includes(v));
  if (removed.length > 0) {
    warnings.push(
      `Enum type '${key}' has values the models no longer declare (${quoted(removed)}); removing or renaming enum values is not generated: ` +
        `write it by hand (op.dropEnumValue('${tgt.name}', '${removed[0] ?? ''}') recreates the type without it, refused while rows hold it)`,
    );
  }
  const ops: Op[] = [];
  let state = cur;
  tgt.values.forEach((value, k) => {
    if (cur.values.includes(value)) return;
    const before = tgt.values.slice(k + 1).find((v) => cur.values.includes(v)) ?? null;
    ops.push(freezeOp({ kind: 'addEnumValue', name: tgt.name, ...schemaOf(tgt), value, before, enum: state }));
    state = withValue(state, value, before);
  });
  return ops;
}

/** The enum ops that turn the live types into the declared ones. */
export function diffEnums(current: Schema, target: Schema): EnumDiff {
  const declared = declaredEnums(target);
  const live = current.enums ?? [];
  const warnings: string[] = [];
  const early: Op[] = [];
  for (const tgt of declared) {
    const cur = live.find((e) => tableKey(e) === tableKey(tgt));
    if (cur === undefined) early.push(freezeOp({ kind: 'createEnum', enum: tgt }));
    else early.push(...valueOps(cur, tgt, warnings));
  }
  // a type some declared column still uses (sqlType('status') over a hand-made type) is the models' too
  const usedTypes = new Set(target.tables.flatMap((t) => t.columns.map((c) => c.type)));
  const late = live
    .filter((e) => !declared.some((d) => tableKey(d) === tableKey(e)) && !usedTypes.has(tableKey(e)))
    .map((e) => freezeOp({ kind: 'dropEnum', name: e.name, ...schemaOf(e), enum: e }));
  return { early, late, warnings };
}
