/**
 * Index and constraint differences of one table (pure). Constraints match by name when both sides
 * are named, otherwise by definition; a changed definition or a changed name is a drop + create.
 */
import type { Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import type { CheckConstraint, ForeignKey, Index, Table, UniqueConstraint } from '../schema/types';
import { sameNames, type Comparator } from './comparator';

/** What changes in a table's indexes and constraints, split by the phase each op belongs to. */
export interface ConstraintDiff {
  readonly dropForeignKeys: Op[];
  /** Drops of indexes, uniques and checks. */
  readonly dropOthers: Op[];
  /** Uniques to create (an added column may claim one of its own). */
  readonly addUniques: UniqueConstraint[];
  readonly addChecks: CheckConstraint[];
  readonly addIndexes: Index[];
  /** Foreign keys to create (an added column may claim one of its own). */
  readonly addForeignKeys: ForeignKey[];
  readonly warnings: string[];
}

function sameIndex(cmp: Comparator, a: Index, b: Index): boolean {
  return (
    a.unique === b.unique &&
    (a.method ?? 'btree') === (b.method ?? 'btree') &&
    a.columns.length === b.columns.length &&
    a.columns.every((c, k) => cmp.sameExpression(c, b.columns[k] ?? '')) &&
    (a.where === null ? b.where === null : b.where !== null && cmp.sameExpression(a.where, b.where))
  );
}

function sameForeignKey(cmp: Comparator, a: ForeignKey, b: ForeignKey): boolean {
  return (
    sameNames(cmp, a.columns, b.columns) &&
    cmp.sameName(a.refTable, b.refTable) &&
    sameNames(cmp, a.refColumns, b.refColumns) &&
    a.onDelete === b.onDelete &&
    a.onUpdate === b.onUpdate
  );
}

/** Pairs constraints: by name when both are named, then by definition when either is unnamed. */
export function matchConstraints<T extends { readonly name: string | null }>(
  cmp: Comparator,
  current: ReadonlyArray<T>,
  target: ReadonlyArray<T>,
  same: (a: T, b: T) => boolean,
): { readonly dropped: T[]; readonly added: T[] } {
  const usedCur = new Set<number>();
  const usedTgt = new Set<number>();
  target.forEach((t, j) => {
    if (t.name === null) return;
    const i = current.findIndex((c, k) => !usedCur.has(k) && c.name !== null && cmp.sameName(c.name, t.name ?? ''));
    const c = current[i];
    if (c !== undefined && same(c, t)) {
      usedCur.add(i);
      usedTgt.add(j);
    }
  });
  target.forEach((t, j) => {
    if (usedTgt.has(j)) return;
    const i = current.findIndex((c, k) => !usedCur.has(k) && (c.name === null || t.name === null) && same(c, t));
    if (i >= 0) {
      usedCur.add(i);
      usedTgt.add(j);
    }
  });
  return { dropped: current.filter((_, k) => !usedCur.has(k)), added: target.filter((_, k) => !usedTgt.has(k)) };
}

function describeColumns(columns: ReadonlyArray<string>): string {
  return `(${columns.join(', ')})`;
}

function unnamedDropWarning(table: string, what: string): string {
  return `Table '${table}' has an unnamed ${what} that the models do not declare; an unnamed constraint cannot be dropped by name, so no operation was generated: drop it by hand (rebuild the table) or declare it in the model`;
}

/** The index and constraint differences between the current and target forms of one table. */
export function diffConstraints(cur: Table, tgt: Table, cmp: Comparator): ConstraintDiff {
  const table = tgt.name;
  const warnings: string[] = [];
  const targetUniques = cmp.effectiveUniques(tgt);
  for (const u of targetUniques.redundant) {
    warnings.push(
      `Table '${table}': UNIQUE ${u.name ?? ''} ${describeColumns(u.columns)} repeats the primary key or an earlier UNIQUE; the database keeps only one, so it is ignored: remove it from the model`.replace(
        '  ',
        ' ',
      ),
    );
  }
  const dropForeignKeys: Op[] = [];
  const dropOthers: Op[] = [];

  const indexes = matchConstraints(cmp, cur.indexes, tgt.indexes, (a, b) => sameIndex(cmp, a, b));
  for (const index of indexes.dropped) dropOthers.push(freezeOp({ kind: 'dropIndex', table, name: index.name, index }));

  const uniques = matchConstraints(cmp, cmp.effectiveUniques(cur).kept, targetUniques.kept, (a, b) => sameNames(cmp, a.columns, b.columns));
  for (const constraint of uniques.dropped) {
    if (constraint.name === null) warnings.push(unnamedDropWarning(table, `UNIQUE ${describeColumns(constraint.columns)}`));
    else dropOthers.push(freezeOp({ kind: 'dropConstraint', table, name: constraint.name, dropped: { type: 'unique', constraint } }));
  }

  const checks = matchConstraints(cmp, cur.checks, tgt.checks, (a, b) => cmp.sameExpression(a.expression, b.expression));
  for (const constraint of checks.dropped) {
    if (constraint.name === null) warnings.push(unnamedDropWarning(table, `CHECK (${constraint.expression})`));
    else dropOthers.push(freezeOp({ kind: 'dropConstraint', table, name: constraint.name, dropped: { type: 'check', constraint } }));
  }

  const fks = matchConstraints(cmp, cur.foreignKeys, tgt.foreignKeys, (a, b) => sameForeignKey(cmp, a, b));
  for (const constraint of fks.dropped) {
    if (constraint.name === null)
      warnings.push(unnamedDropWarning(table, `FOREIGN KEY ${describeColumns(constraint.columns)} REFERENCES ${constraint.refTable}`));
    else
      dropForeignKeys.push(freezeOp({ kind: 'dropConstraint', table, name: constraint.name, dropped: { type: 'foreignKey', constraint } }));
  }

  return {
    dropForeignKeys,
    dropOthers,
    addUniques: uniques.added.map((u) => (u.name !== null ? u : { ...u, name: `uq_${table}_${u.columns.join('_')}` })),
    addChecks: checks.added.map((c, k) => (c.name !== null ? c : { ...c, name: `ck_${table}_${k + 1}` })),
    addIndexes: indexes.added,
    addForeignKeys: fks.added.map((f) => (f.name !== null ? f : { ...f, name: `fk_${table}_${f.columns.join('_')}_${f.refTable}` })),
    warnings,
  };
}

/** The create ops for uniques, checks and indexes of one table, in that order. */
export function createOthers(table: string, diff: ConstraintDiff): Op[] {
  return [
    ...diff.addUniques.map((constraint) => freezeOp({ kind: 'createUniqueConstraint', table, constraint })),
    ...diff.addChecks.map((constraint) => freezeOp({ kind: 'createCheckConstraint', table, constraint })),
    ...diff.addIndexes.map((index) => freezeOp({ kind: 'createIndex', table, index })),
  ];
}

/** The createForeignKey ops of one table. */
export function createForeignKeys(table: string, diff: ConstraintDiff): Op[] {
  return diff.addForeignKeys.map((constraint) => freezeOp({ kind: 'createForeignKey', table, constraint }));
}
