/** Turns table declarations into the Schema shape (pure). */
import { ModelError } from '../errors';
import type { CheckConstraint, Column, ColumnDefault, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from '../schema/types';
import { makeColumn, makeTable } from '../schema/types';
import { toReferentialAction, type ColumnBuilder, type ColumnRef } from './column';
import { isSqlExpression } from './sql';
import type { ForeignKeyTarget, TableDeclaration, TableExtra } from './table';

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
  if (name === null || name === '') throw new ModelError("a column needs a name: pass it to the type builder, e.g. text('bio')");
  return makeColumn({
    name,
    type: builder.spec.type,
    nullable: !builder.spec.notNull,
    default: toColumnDefault(builder),
    autoincrement: builder.spec.autoincrement,
    ...(builder.spec.enumType === null ? {} : { enumValues: builder.spec.enumType.values }),
  });
}

/**
 * The column-level UNIQUE of a builder as a named table constraint. A column with `.index()` has none (its
 * uniqueness is the index's), so a caller that cannot create that index (op.addColumn) is refused here.
 */
export function toColumnUnique(tableName: string, builder: ColumnBuilder<unknown>, columnName: string): UniqueConstraint | null {
  if (builder.spec.index !== null) {
    const unique = builder.spec.unique === null ? '' : ', { unique: true }';
    throw new ModelError(
      `'${tableName}.${columnName}': .index() is declared in createTable and models only; add the column ` +
        `without it, then await op.createIndex('ix_${tableName}_${columnName}', '${tableName}', ['${columnName}']${unique})`,
    );
  }
  const declared = builder.spec.unique;
  return declared === null ? null : { name: declared.name ?? `uq_${tableName}_${columnName}`, columns: [columnName] };
}

/** The column-level `.index()` of a builder: `ix_<table>_<column>`, unique when `.unique()` is declared too. */
export function toColumnIndex(tableName: string, builder: ColumnBuilder<unknown>, columnName: string): Index | null {
  const { index, unique } = builder.spec;
  if (index === null) return null;
  if (unique !== null && unique.name !== null) {
    throw new ModelError(
      `'${tableName}.${columnName}': .unique('${unique.name}').index() is one unique index, named by index(): ` +
        `write .unique().index('${unique.name}')`,
    );
  }
  return { name: index.name ?? `ix_${tableName}_${columnName}`, columns: [columnName], unique: unique !== null, where: null };
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

function isColumnRef(value: unknown): value is ColumnRef {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'columnRef';
}

/** The referenced columns of a table-level foreign key, all in one table, as many as its own columns. */
function foreignKeyTargets(tableName: string, name: string, columns: ReadonlyArray<string>, target: ForeignKeyTarget): ColumnRef[] {
  const where = `foreign key '${name}' of '${tableName}'`;
  const resolved: unknown = typeof target === 'function' ? target() : target;
  const list: ReadonlyArray<unknown> = Array.isArray(resolved) ? resolved : [resolved];
  const refs = list.map((item) => (typeof item === 'string' ? parseColumnPath(item, tableName, name) : item));
  if (!refs.every(isColumnRef)) {
    throw new ModelError(`${where}: references() must give columns of a table, e.g. () => [grid.x, grid.y] or ['grid.x', 'grid.y']`);
  }
  if (columns.length === 0 || refs.length !== columns.length) {
    throw new ModelError(
      `${where}: on() names ${columns.length} column(s) and references() ${refs.length}; ` + 'give as many of each, in pairs',
    );
  }
  const tables = [...new Set(refs.map((r) => r.table))];
  if (tables.length > 1) {
    throw new ModelError(`${where}: references() names columns of ${tables.join(' and ')}; a foreign key references one table`);
  }
  return refs;
}

/** A `foreignKey(name).on(…).references(…)` extra as a ForeignKey. */
function extraForeignKey(tableName: string, extra: Extract<TableExtra, { kind: 'foreignKey' }>): ForeignKey {
  const columns = extra.columns.map((ref) => ref.column);
  const refs = foreignKeyTargets(tableName, extra.name, columns, extra.target);
  return {
    name: extra.name,
    columns,
    refTable: refs[0]?.table ?? '',
    refColumns: refs.map((r) => r.column),
    onDelete: toReferentialAction(extra.options.onDelete),
    onUpdate: toReferentialAction(extra.options.onUpdate),
  };
}

function columnNames(refs: ReadonlyArray<ColumnRef>): string[] {
  return refs.map((ref) => ref.column);
}

/**
 * An index's terms as Index.columns: a column by name, an expression as its SQL. An expression always holds a
 * parenthesis (`lower(email)`; `a + b` becomes `(a + b)`), which is how DDL tells it from a column name.
 */
function indexTerms(tableName: string, extra: Extract<TableExtra, { kind: 'index' }>): string[] {
  if (extra.columns.length === 0) throw new ModelError(`index '${extra.name}' on '${tableName}' names no columns; pass them to on()`);
  return extra.columns.map((term) => {
    if (!isSqlExpression(term)) return term.column;
    if (term.text === '') throw new ModelError(`index '${extra.name}' on '${tableName}': an expression term is empty`);
    return term.text.includes('(') ? term.text : `(${term.text})`;
  });
}

/** A table-level index extra as an Index; its column terms must be the table's own columns. */
function extraIndex(tableName: string, extra: Extract<TableExtra, { kind: 'index' }>, columns: ReadonlyArray<Column>): Index {
  for (const term of extra.columns) {
    if (isSqlExpression(term) || columns.some((c) => c.name === term.column)) continue;
    throw new ModelError(
      `index '${extra.name}' on '${tableName}' names column '${term.column}', which '${tableName}' does not have; use the table's own columns (t.…)`,
    );
  }
  const index: Index = {
    name: extra.name,
    columns: indexTerms(tableName, extra),
    unique: extra.unique,
    where: extra.predicate?.text ?? null,
  };
  return extra.method === null ? index : { ...index, method: extra.method };
}

/** Extras come from user code: a half-built one (`foreignKey(n).on(…)` without `.references`) fails here, clearly. */
function unknownExtra(tableName: string, extra: never): ModelError {
  const halfForeignKey = typeof extra === 'object' && extra !== null && 'references' in extra;
  const seen = halfForeignKey ? 'foreignKey(…).on(…) without .references(…)' : JSON.stringify(extra);
  return new ModelError(
    `table '${tableName}': the extras callback returned ${seen}; ` +
      'return index(…).on(…), uniqueIndex(…), unique(…), check(…), primaryKey(…) or foreignKey(…).on(…).references(…)',
  );
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
  const pkNames = new Set<string>();
  for (const [key, builder] of Object.entries(declaration.columns)) {
    const column = toColumn(builder, key);
    if (columns.some((c) => c.name === column.name)) {
      throw new ModelError(`table '${declaration.name}' declares column '${column.name}' twice`);
    }
    columns.push(column);
    if (builder.spec.primaryKey) pkColumns.push(column.name);
    if (builder.spec.primaryKeyName !== null) pkNames.add(builder.spec.primaryKeyName);
    const index = toColumnIndex(declaration.name, builder, column.name);
    if (index) indexes.push(index);
    const unique = index === null ? toColumnUnique(declaration.name, builder, column.name) : null;
    if (unique) uniques.push(unique);
    const fk = toColumnForeignKey(declaration.name, builder, column.name);
    if (fk) foreignKeys.push(fk);
  }
  if (pkNames.size > 0 && pkColumns.length > 1) {
    throw new ModelError(
      `table '${declaration.name}': name a composite primary key with primaryKey('pk_…').on(t.a, t.b), ` + 'not .primaryKey({ name })',
    );
  }
  if (pkColumns.length > 0) primaryKey = { name: [...pkNames][0] ?? null, columns: pkColumns };
  for (const extra of declaration.extras) {
    switch (extra.kind) {
      case 'index':
        indexes.push(extraIndex(declaration.name, extra, columns));
        break;
      case 'unique':
        uniques.push({ name: extra.name, columns: columnNames(extra.columns) });
        break;
      case 'check':
        checks.push({ name: extra.name, expression: extra.expression.text });
        break;
      case 'foreignKey':
        foreignKeys.push(extraForeignKey(declaration.name, extra));
        break;
      case 'primaryKey':
        if (primaryKey !== null) throw new ModelError(`table '${declaration.name}' declares its primary key twice`);
        if (extra.columns.length === 0) {
          throw new ModelError(`table '${declaration.name}': primaryKey() names no columns; pass them, e.g. (t.a, t.b)`);
        }
        primaryKey = { name: extra.name, columns: columnNames(extra.columns) };
        break;
      default:
        throw unknownExtra(declaration.name, extra);
    }
  }
  if (primaryKey !== null && primaryKey.columns.length > 1) {
    const pkNames = new Set(primaryKey.columns);
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      if (c && pkNames.has(c.name)) columns[i] = makeColumn({ ...c, nullable: false });
    }
  }
  const schemaName = declaration.schema ?? null;
  const schema = schemaName === null ? {} : { schema: schemaName };
  return makeTable({ ...schema, name: declaration.name, columns, primaryKey, indexes, uniques, foreignKeys, checks });
}
