/** Turns table declarations into the Schema shape (pure). */
import { ModelError } from '../errors';
import type { CheckConstraint, Column, ColumnDefault, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from '../schema/types';
import { makeColumn, makeTable } from '../schema/types';
import { toReferentialAction, type ColumnBuilder, type ColumnRef } from './column';
import { isSqlExpression } from './sql';
import type { TableDeclaration } from './table';

/** The default a builder declares, in the Schema shape. */
export function toColumnDefault(builder: ColumnBuilder<unknown>): ColumnDefault | null {
  const declared = builder.spec.default;
  if (declared === null || declared.value === null) return null;
  const value = declared.value;
  return isSqlExpression(value) ? { kind: 'expression', sql: value.text } : { kind: 'literal', value };
}

/** One builder as a Column; `fallbackName` is the property key. */
export function toColumn(builder: ColumnBuilder<unknown>, fallbackName: string | null): Column {
  const name = builder.spec.name ?? fallbackName;
  if (name === null || name === '') throw new ModelError('a column needs a name: pass it to the type builder, e.g. text(\'bio\')');
  return makeColumn({
    name,
    type: builder.spec.type,
    nullable: !builder.spec.notNull,
    default: toColumnDefault(builder),
    autoincrement: builder.spec.autoincrement,
  });
}

/** The column-level UNIQUE of a builder as a named table constraint. */
export function toColumnUnique(tableName: string, builder: ColumnBuilder<unknown>, columnName: string): UniqueConstraint | null {
  const declared = builder.spec.unique;
  return declared === null ? null : { name: declared.name ?? `uq_${tableName}_${columnName}`, columns: [columnName] };
}

/** The column-level REFERENCES of a builder as a named foreign key. */
export function toColumnForeignKey(tableName: string, builder: ColumnBuilder<unknown>, columnName: string): ForeignKey | null {
  const declared = builder.spec.references;
  if (declared === null) return null;
  const target = typeof declared.target === 'string' ? parseColumnPath(declared.target, tableName, columnName) : declared.target();
  if (typeof target !== 'object' || target === null || target.kind !== 'columnRef') {
    throw new ModelError(`${tableName}.${columnName}: references() must return a column of a table, e.g. () => team.id`);
  }
  return {
    name: declared.options.name ?? `fk_${tableName}_${columnName}_${target.table}`,
    columns: [columnName],
    refTable: target.table,
    refColumns: [target.column],
    onDelete: toReferentialAction(declared.options.onDelete),
    onUpdate: toReferentialAction(declared.options.onUpdate),
  };
}

function parseColumnPath(text: string, tableName: string, columnName: string): ColumnRef {
  const dot = text.lastIndexOf('.');
  if (dot <= 0 || dot === text.length - 1) {
    throw new ModelError(`${tableName}.${columnName}: references('${text}') must name 'table.column'`);
  }
  return { kind: 'columnRef', table: text.slice(0, dot), column: text.slice(dot + 1) };
}

/** A whole table declaration as a Table. */
export function declarationToTable(declaration: TableDeclaration): Table {
  const columns: Column[] = [];
  const uniques: UniqueConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  const indexes: Index[] = [];
  const checks: CheckConstraint[] = [];
  let primaryKey: PrimaryKey | null = null;
  const pkColumns: string[] = [];
  for (const [key, builder] of Object.entries(declaration.columns)) {
    const column = toColumn(builder, key);
    if (columns.some((c) => c.name === column.name)) {
      throw new ModelError(`table '${declaration.name}' declares column '${column.name}' twice`);
    }
    columns.push(column);
    if (builder.spec.primaryKey) pkColumns.push(column.name);
    const unique = toColumnUnique(declaration.name, builder, column.name);
    if (unique) uniques.push(unique);
    const fk = toColumnForeignKey(declaration.name, builder, column.name);
    if (fk) foreignKeys.push(fk);
  }
  if (pkColumns.length > 0) primaryKey = { name: null, columns: pkColumns };
  for (const extra of declaration.extras) {
    const names = extra.kind === 'check' ? [] : extra.columns.map((ref) => ref.column);
    switch (extra.kind) {
      case 'index': indexes.push({ name: extra.name, columns: names, unique: extra.unique, where: extra.predicate?.text ?? null }); break;
      case 'unique': uniques.push({ name: extra.name, columns: names }); break;
      case 'check': checks.push({ name: extra.name, expression: extra.expression.text }); break;
      case 'primaryKey':
        if (pkColumns.length > 0) throw new ModelError(`table '${declaration.name}' declares its primary key twice`);
        primaryKey = { name: extra.name, columns: names };
        break;
    }
  }
  if (primaryKey !== null && primaryKey.columns.length > 1) {
    const pkNames = new Set(primaryKey.columns);
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      if (c && pkNames.has(c.name)) columns[i] = makeColumn({ ...c, nullable: false });
    }
  }
  return makeTable({ name: declaration.name, columns, primaryKey, indexes, uniques, foreignKeys, checks });
}
