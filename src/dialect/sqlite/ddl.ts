/** Op → SQL for SQLite. Plain ALTER TABLE where SQLite can; a rebuild where it cannot. */
import { compileSqliteColumn, compileSqliteTable, enumCheck } from './compile';
import { OperationError, assertNever } from '../../errors';
import type { AddColumnOp, AlterColumnOp, DropColumnOp, DropConstraintOp, Op } from '../../operations/ops';
import type { Column, Table } from '../../schema/types';
import { makeColumn, makeTable } from '../../schema/types';
import { createIndexSql, createTableSql } from './create-table';
import type { DdlPlan, SchemaReader, Statement, TableState } from './plan-types';
import { statement } from './plan-types';
import { quoteIdent, renderDefault } from './quote';
import { mentions, rebuildTable, sameColumns } from './rebuild';
import { splitStatements, type SqlStatement } from '../../schema/sql-statements';

type Planners = { readonly [K in Op['kind']]: (op: Extract<Op, { kind: K }>, reader: SchemaReader) => DdlPlan };

function plain(...statements: Statement[]): DdlPlan {
  return { statements, rebuild: null, change: null };
}

/** A plain ALTER that reshapes a table: pending rebuilds of that table take `next` in instead of running it. */
function plainChange(state: TableState, next: Table, alter: Statement): DdlPlan {
  return { statements: [alter], rebuild: null, change: { table: state.table.name, next, sources: sameColumns(state.table) } };
}

function requireTable(reader: SchemaReader, name: string, action: string): TableState {
  const state = reader.table(name);
  if (state === null) throw new OperationError('NO_SUCH_TABLE', `${action}: table '${name}' does not exist`);
  return state;
}

function requireColumn(state: TableState, name: string, action: string): Column {
  const column = state.table.columns.find((c) => c.name === name);
  if (!column) {
    const known = state.table.columns.map((c) => c.name).join(', ');
    throw new OperationError('NO_SUCH_COLUMN', `${action}: table '${state.table.name}' has no column '${name}' (columns: ${known})`);
  }
  return column;
}

function columnSqlForAdd(op: AddColumnOp): string {
  const c = op.column;
  let sql = `${quoteIdent(c.name)} ${c.type}`.trimEnd();
  if (!c.nullable) sql += ' NOT NULL';
  if (c.default !== null) sql += ` DEFAULT ${renderDefault(c.default)}`;
  const fk = op.foreignKey;
  if (fk !== null) {
    const name = fk.name === null ? '' : `CONSTRAINT ${quoteIdent(fk.name)} `;
    sql += ` ${name}REFERENCES ${quoteIdent(fk.refTable)} (${fk.refColumns.map(quoteIdent).join(', ')})`;
    if (fk.onDelete !== 'NO ACTION') sql += ` ON DELETE ${fk.onDelete}`;
    if (fk.onUpdate !== 'NO ACTION') sql += ` ON UPDATE ${fk.onUpdate}`;
  }
  return sql;
}

/** SQLite's ADD COLUMN refuses UNIQUE, PRIMARY KEY, expression defaults and NOT NULL without a default. */
function canAddInPlace(op: AddColumnOp): boolean {
  const c = op.column;
  if (op.unique !== null || c.autoincrement) return false;
  if (c.default?.kind === 'expression') return false;
  const hasDefault = c.default !== null && !(c.default.kind === 'literal' && c.default.value === null);
  if (!c.nullable && !hasDefault) return false;
  return op.foreignKey === null || !hasDefault;
}

function addColumn(declared: AddColumnOp, reader: SchemaReader): DdlPlan {
  const op = { ...declared, column: compileSqliteColumn(declared.column) };
  // an enum column's CHECK is a table constraint: the table is rebuilt with it
  const enumChecks =
    declared.column.enumValues === undefined ? [] : [enumCheck(op.table, { ...declared.column, enumValues: declared.column.enumValues })];
  const state = requireTable(reader, op.table, `addColumn('${op.table}', '${op.column.name}')`);
  if (state.table.columns.some((c) => c.name === op.column.name)) {
    throw new OperationError('COLUMN_EXISTS', `addColumn: table '${op.table}' already has a column '${op.column.name}'`);
  }
  const t = state.table;
  if (enumChecks.length === 0 && canAddInPlace(op)) {
    const foreignKeys = op.foreignKey ? [...t.foreignKeys, op.foreignKey] : t.foreignKeys;
    const next = makeTable({ ...t, columns: [...t.columns, op.column], foreignKeys });
    return plainChange(state, next, statement(`ALTER TABLE ${quoteIdent(op.table)} ADD COLUMN ${columnSqlForAdd(op)}`));
  }
  const next = makeTable({
    ...t,
    columns: [...t.columns, op.column],
    uniques: op.unique ? [...t.uniques, op.unique] : t.uniques,
    foreignKeys: op.foreignKey ? [...t.foreignKeys, op.foreignKey] : t.foreignKeys,
    checks: [...t.checks, ...enumChecks],
  });
  return rebuildTable(reader, state, next, sameColumns(t));
}

function dropColumn(op: DropColumnOp, reader: SchemaReader): DdlPlan {
  const action = `dropColumn('${op.table}', '${op.name}')`;
  const state = requireTable(reader, op.table, action);
  requireColumn(state, op.name, action);
  const t = state.table;
  const uses = (cols: ReadonlyArray<string>) => cols.includes(op.name);
  const entangled =
    (t.primaryKey !== null && uses(t.primaryKey.columns)) ||
    t.uniques.some((u) => uses(u.columns)) ||
    t.foreignKeys.some((f) => uses(f.columns)) ||
    t.indexes.some((i) => uses(i.columns) || (i.where !== null && mentions(i.where, op.name))) ||
    t.checks.some((c) => mentions(c.expression, op.name));
  if (!entangled) {
    const next = makeTable({ ...t, columns: t.columns.filter((c) => c.name !== op.name) });
    return plainChange(state, next, statement(`ALTER TABLE ${quoteIdent(op.table)} DROP COLUMN ${quoteIdent(op.name)}`));
  }
  const blocking = t.checks.find((c) => mentions(c.expression, op.name));
  if (blocking) {
    throw new OperationError(
      'COLUMN_IN_CHECK',
      `${action}: CHECK constraint ${blocking.name ?? `(${blocking.expression})`} uses the column; drop the constraint first with op.dropConstraint`,
    );
  }
  const next = makeTable({
    ...t,
    columns: t.columns.filter((c) => c.name !== op.name),
    primaryKey: t.primaryKey && uses(t.primaryKey.columns) ? null : t.primaryKey,
    uniques: t.uniques.filter((u) => !uses(u.columns)),
    foreignKeys: t.foreignKeys.filter((f) => !uses(f.columns)),
    indexes: t.indexes.filter((i) => !uses(i.columns) && !(i.where !== null && mentions(i.where, op.name))),
  });
  const sources = sameColumns(next);
  return rebuildTable(reader, state, next, sources);
}

function alterColumn(op: AlterColumnOp, reader: SchemaReader): DdlPlan {
  const action = `alterColumn('${op.table}', '${op.name}')`;
  const state = requireTable(reader, op.table, action);
  const column = requireColumn(state, op.name, action);
  const { newName, ...rest } = op.changes;
  if (newName !== undefined && Object.keys(rest).length > 0) {
    throw new OperationError('ALTER_SPLIT', `${action}: a rename and other changes must be separate alterColumn calls`);
  }
  if (newName !== undefined) {
    if (state.table.columns.some((c) => c.name === newName)) {
      throw new OperationError('COLUMN_EXISTS', `${action}: table '${op.table}' already has a column '${newName}'`);
    }
    // No `change`: SQLite's RENAME COLUMN also rewrites triggers and views, which a rebuild would not.
    return plain(statement(`ALTER TABLE ${quoteIdent(op.table)} RENAME COLUMN ${quoteIdent(op.name)} TO ${quoteIdent(newName)}`));
  }
  const changed = makeColumn({
    ...column,
    type: rest.type ?? column.type,
    nullable: rest.nullable ?? column.nullable,
    default: rest.default !== undefined ? rest.default : column.default,
  });
  const t = state.table;
  const next = makeTable({ ...t, columns: t.columns.map((c) => (c.name === op.name ? changed : c)) });
  return rebuildTable(reader, state, next, sameColumns(t));
}

function requireNewConstraintName(state: TableState, name: string | null, action: string): void {
  if (name === null) throw new OperationError('UNNAMED_CONSTRAINT', `${action}: the constraint needs a name`);
  const t = state.table;
  const taken = [...t.uniques, ...t.foreignKeys, ...t.checks].some((c) => c.name === name) || t.primaryKey?.name === name;
  if (taken) throw new OperationError('CONSTRAINT_EXISTS', `${action}: table '${t.name}' already has a constraint named '${name}'`);
}

/** Adds a named constraint to a table by rebuilding it. */
function addConstraint(
  reader: SchemaReader,
  table: string,
  action: string,
  name: string | null,
  columns: ReadonlyArray<string>,
  change: (t: Table) => Table,
): DdlPlan {
  const state = requireTable(reader, table, action);
  requireNewConstraintName(state, name, action);
  for (const c of columns) requireColumn(state, c, action);
  return rebuildTable(reader, state, makeTable(change(state.table)), sameColumns(state.table));
}

function dropConstraint(op: DropConstraintOp, reader: SchemaReader): DdlPlan {
  const action = `dropConstraint('${op.name}', '${op.table}')`;
  const state = requireTable(reader, op.table, action);
  const t = state.table;
  const keep = <T extends { readonly name: string | null }>(list: ReadonlyArray<T>) => list.filter((c) => c.name !== op.name);
  const next = makeTable({ ...t, uniques: keep(t.uniques), foreignKeys: keep(t.foreignKeys), checks: keep(t.checks) });
  const removed =
    t.uniques.length + t.foreignKeys.length + t.checks.length - (next.uniques.length + next.foreignKeys.length + next.checks.length);
  if (removed === 0) {
    const names = [...t.uniques, ...t.foreignKeys, ...t.checks].map((c) => c.name).filter((n) => n !== null);
    const hint = t.indexes.some((i) => i.name === op.name) ? `; '${op.name}' is an index: use op.dropIndex` : '';
    throw new OperationError(
      'NO_SUCH_CONSTRAINT',
      `${action}: table '${op.table}' has no constraint named '${op.name}' (named constraints: ${names.join(', ') || 'none'})${hint}`,
    );
  }
  return rebuildTable(reader, state, next, sameColumns(t));
}

/** tsdb owns the transaction: a script that commits or rolls back would break its atomicity. */
function refuseTransactionControl(statements: ReadonlyArray<SqlStatement>): void {
  const control = statements.find((s) => s.transactionControl);
  if (control !== undefined) {
    throw new OperationError(
      'TRANSACTION_CONTROL',
      `execute: '${control.keyword ?? ''}' is not allowed in a migration; tsdb runs each revision in its own transaction already`,
    );
  }
}

function bulkInsertValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value === undefined ? null : value;
}

const planners: Planners = {
  createTable: (op) => {
    const table = compileSqliteTable(op.table);
    return plain(
      statement(createTableSql(table)),
      ...table.indexes.map((index) => statement(createIndexSql(table.name, index, table.columns))),
    );
  },
  dropTable: (op) => plain(statement(`DROP TABLE ${quoteIdent(op.name)}`)),
  renameTable: (op) => plain(statement(`ALTER TABLE ${quoteIdent(op.from)} RENAME TO ${quoteIdent(op.to)}`)),
  addColumn,
  dropColumn,
  alterColumn,
  createIndex: (op, reader) =>
    plain(statement(createIndexSql(op.table, op.index, requireTable(reader, op.table, `createIndex('${op.index.name}')`).table.columns))),
  dropIndex: (op) => plain(statement(`DROP INDEX ${quoteIdent(op.name)}`)),
  createUniqueConstraint: (op, reader) =>
    addConstraint(
      reader,
      op.table,
      `createUniqueConstraint('${op.constraint.name}', '${op.table}')`,
      op.constraint.name,
      op.constraint.columns,
      (t) => ({ ...t, uniques: [...t.uniques, op.constraint] }),
    ),
  createForeignKey: (op, reader) =>
    addConstraint(
      reader,
      op.table,
      `createForeignKey('${op.constraint.name}', '${op.table}')`,
      op.constraint.name,
      op.constraint.columns,
      (t) => ({ ...t, foreignKeys: [...t.foreignKeys, op.constraint] }),
    ),
  createCheckConstraint: (op, reader) =>
    addConstraint(reader, op.table, `createCheckConstraint('${op.constraint.name}', '${op.table}')`, op.constraint.name, [], (t) => ({
      ...t,
      checks: [...t.checks, op.constraint],
    })),
  dropConstraint,
  alterPrimaryKey: (op, reader) => {
    const action = `alterPrimaryKey('${op.table}')`;
    const state = requireTable(reader, op.table, action);
    const pk = op.primaryKey;
    for (const c of pk?.columns ?? []) requireColumn(state, c, action);
    const t = state.table;
    // Key columns are NOT NULL; a column that leaves the key keeps its nullability.
    const columns = t.columns.map((c) => (pk?.columns.includes(c.name) ? makeColumn({ ...c, nullable: false }) : c));
    return rebuildTable(reader, state, makeTable({ ...t, columns, primaryKey: pk }), sameColumns(t));
  },
  execute: (op) => {
    const statements = splitStatements(op.sql);
    refuseTransactionControl(statements);
    // Bindings belong to the SQL as written (one statement); without them each statement runs on its own.
    if (op.bindings.length > 0) return plain(statement(op.sql, op.bindings));
    return plain(...statements.map((s) => statement(s.sql)));
  },
  bulkInsert: (op) => {
    const columns = [...new Set(op.rows.flatMap((row) => Object.keys(row)))];
    if (columns.length === 0) return plain();
    const sql = `INSERT INTO ${quoteIdent(op.table)} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    return plain(
      ...op.rows.map((row) =>
        statement(
          sql,
          columns.map((c) => bulkInsertValue(row[c])),
        ),
      ),
    );
  },
  // SQLite keeps an enum as a CHECK on each of its columns: the type itself is nothing to create or drop
  createEnum: () => plain(),
  dropEnum: () => plain(),
  addEnumValue: (op) => enumValueChange(op.name),
  dropEnumValue: (op) => enumValueChange(op.name),
  createSchema: (op) => noSchemas(op.name),
  dropSchema: (op) => noSchemas(op.name),
};

function enumValueChange(name: string): never {
  throw new OperationError(
    'NOT_ON_SQLITE',
    `enum type '${name}': SQLite keeps an enum as a CHECK constraint of each column that uses it, so its values change with that CHECK; ` +
      'change the values in the models and run `tsdb migrate`, which rewrites the CHECK',
  );
}

function noSchemas(name: string): never {
  throw new OperationError('NOT_ON_SQLITE', `schema '${name}': SQLite has no schemas; tables declared with { schema } need PostgreSQL`);
}

/** The SQL that performs `op` against the schema `reader` describes. */
export function planSqliteOp(op: Op, reader: SchemaReader): DdlPlan {
  const planner = planners[op.kind] as (o: Op, r: SchemaReader) => DdlPlan;
  if (planner === undefined) assertNever(op as never);
  return planner(op, reader);
}
