/**
 * The declared schema as PostgreSQL holds it (pure): a table in the default schema names none, a sole
 * integer primary key without a default is an identity (what `integer().primaryKey()` means: an id the
 * database generates), and enum types sit in the default schema unless they name another.
 */
import type { Column, EnumType, Schema, Table } from '../../schema/types';
import { makeColumn, makeTable } from '../../schema/types';
import { isIntegerType } from './types';

function inDefault<T extends { readonly schema?: string }>(x: T, defaultSchema: string): T {
  if (x.schema !== defaultSchema) return x;
  const { schema: _schema, ...rest } = x;
  return rest as T;
}

/** True for the column an identity stands behind: the table's only key column, an integer type, no default, no foreign key (as SQLAlchemy's autoincrement='auto'). */
function isAutoId(table: Table, column: Column): boolean {
  const pk = table.primaryKey;
  const sole = pk !== null && pk.columns.length === 1 && pk.columns[0] === column.name;
  return sole && isIntegerType(column.type) && column.default === null && !table.foreignKeys.some((fk) => fk.columns.includes(column.name));
}

/** `public.status` → `status` when `public` is the default schema: names in it are bare, as introspection writes them. */
function bare(name: string, defaultSchema: string): string {
  return name.startsWith(`${defaultSchema}.`) ? name.slice(defaultSchema.length + 1) : name;
}

function compileColumn(table: Table, c: Column, defaultSchema: string): Column {
  const identity = c.identity === undefined && isAutoId(table, c);
  const type = c.enumValues === undefined ? c.type : bare(c.type, defaultSchema);
  return identity || type !== c.type ? makeColumn({ ...c, type, ...(identity ? { identity } : {}) }) : c;
}

/** A declared table as PostgreSQL holds it; `.using('btree')` is the default method, which introspection leaves out. */
export function compileTable(table: Table, defaultSchema: string): Table {
  const columns = table.columns.map((c) => compileColumn(table, c, defaultSchema));
  const indexes = table.indexes.map(({ method, ...index }) => (method === undefined || method === 'btree' ? index : { ...index, method }));
  const foreignKeys = table.foreignKeys.map((fk) => ({ ...fk, refTable: bare(fk.refTable, defaultSchema) }));
  return makeTable({ ...inDefault(table, defaultSchema), columns, indexes, foreignKeys });
}

/** The declared schema as PostgreSQL holds it. */
export function compileSchema(schema: Schema, defaultSchema: string): Schema {
  const tables = schema.tables.map((t) => compileTable(t, defaultSchema));
  const enums: EnumType[] | undefined = schema.enums?.map((e) => inDefault(e, defaultSchema));
  return enums === undefined ? { tables } : { tables, enums };
}
