/**
 * The copy-and-move rebuild for changes SQLite's ALTER TABLE cannot make (pure: table states in, SQL out).
 * new table, copy rows, drop old, rename, recreate indexes and triggers. The caller runs it with
 * foreign keys off (switched outside the transaction) and verifies row counts and foreign_key_check.
 */
import { OperationError } from '../../errors';
import type { Table } from '../../schema/types';
import { createIndexSql, createTableSql } from './create-table';
import type { DdlPlan, SchemaReader, Statement, TableState } from './plan-types';
import { statement } from './plan-types';
import { quoteIdent, quoteList, quoteLiteral } from './quote';

/** True when the column's name appears in SQL text (a conservative word match). */
export function mentions(sql: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w])${escaped}([^\\w]|$)`, 'i').test(sql);
}

/** The triggers and views that still use a column the rebuild removes (they would break silently). */
function brokenDependents(old: TableState, kept: ReadonlySet<string>): string[] {
  const removed = old.table.columns.map((c) => c.name).filter((c) => !kept.has(c));
  const dependents = [
    ...old.triggers.map((t) => ({ what: `trigger ${t.name}`, sql: t.sql })),
    ...old.views.map((v) => ({ what: `view ${v.name}`, sql: v.sql })),
  ];
  return dependents.filter((d) => removed.some((c) => mentions(d.sql, c) && mentions(d.sql, old.table.name))).map((d) => d.what);
}

/** The temporary name a table is built under during a rebuild. */
export function rebuildTempName(table: string): string {
  return `_tsdb_new_${table}`;
}

/** Where a column of the rebuilt table takes its values from: SQL over the old table, and the old column it reads (null: none). */
export interface CopySource {
  readonly origin: string | null;
  readonly sql: string;
}

/**
 * Rebuilds `old` as `next`. `sources` maps each new column to the old column it copies from;
 * new columns without a source take their default.
 */
export function rebuildTable(reader: SchemaReader, old: TableState, next: Table, sources: ReadonlyMap<string, string>): DdlPlan {
  const copy = new Map([...sources].map(([column, origin]) => [column, { origin, sql: quoteIdent(origin) }]));
  return { ...rebuildFrom(reader, old, next, copy), change: { table: old.table.name, next, sources } };
}

/** Rebuilds `old` as `next`, filling each column in `copy` from its SQL (the others take their default). */
export function rebuildFrom(reader: SchemaReader, old: TableState, next: Table, copy: ReadonlyMap<string, CopySource>): DdlPlan {
  const name = old.table.name;
  if (old.rebuildBlockers.length > 0) {
    throw new OperationError(
      'REBUILD_UNSAFE',
      `table '${name}' must be rebuilt for this change, but the rebuild would drop ${old.rebuildBlockers.join(', ')}; write this change with op.execute instead`,
    );
  }
  const kept = next.columns.map((c) => copy.get(c.name)?.origin).filter((c) => c !== undefined && c !== null);
  const broken = brokenDependents(old, new Set(kept));
  if (broken.length > 0) {
    throw new OperationError(
      'DEPENDENT_OBJECTS',
      `table '${name}': ${broken.join(', ')} use${broken.length === 1 ? 's' : ''} a column this change removes; drop or rewrite ${broken.length === 1 ? 'it' : 'them'} first (op.execute('DROP TRIGGER …'))`,
    );
  }
  const temp = rebuildTempName(name);
  const copied = next.columns.map((c) => c.name).filter((c) => copy.has(c));
  const from = copied.map((c) => copy.get(c)?.sql ?? quoteIdent(c));
  const statements: Statement[] = [
    statement(createTableSql(next, temp)),
    {
      ...statement(`INSERT INTO ${quoteIdent(temp)} (${quoteList(copied)}) SELECT ${from.join(', ')} FROM ${quoteIdent(name)}`),
      copyFrom: name,
    },
  ];
  const hadSequence = old.table.columns.some((c) => c.autoincrement);
  if (hadSequence && next.columns.some((c) => c.autoincrement)) {
    const seqOf = (table: string) => `(SELECT seq FROM sqlite_sequence WHERE name = ${quoteLiteral(table)})`;
    statements.push(
      statement(
        `UPDATE sqlite_sequence SET seq = max(seq, ${seqOf(name)}) WHERE name = ${quoteLiteral(temp)} AND ${seqOf(name)} IS NOT NULL`,
      ),
    );
  }
  statements.push(
    statement(`DROP TABLE ${quoteIdent(name)}`),
    // legacy mode: the rename must not rewrite (or validate) views and triggers that name the old table.
    statement('PRAGMA legacy_alter_table = ON'),
    statement(`ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(name)}`),
    statement('PRAGMA legacy_alter_table = OFF'),
  );
  for (const index of next.indexes) statements.push(statement(createIndexSql(name, index, next.columns)));
  for (const trigger of old.triggers) statements.push(statement(trigger.sql));
  return { statements, rebuild: { table: name, referencedBy: reader.referencing(name) }, change: null };
}

/** Identity column mapping for a table: every column copies from itself. */
export function sameColumns(table: Table): Map<string, string> {
  return new Map(table.columns.map((c) => [c.name, c.name]));
}
