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

/** A declared table as PostgreSQL holds it. */
export function compileTable(table: Table, defaultSchema: string): Table {
  const columns = table.columns.map((c) => (c.identity === undefined && isAutoId(table, c) ? makeColumn({ ...c, identity: true }) : c));
  return makeTable({ ...inDefault(table, defaultSchema), columns });
}

/** The declared schema as PostgreSQL holds it. */
export function compileSchema(schema: Schema, defaultSchema: string): Schema {
  const tables = schema.tables.map((t) => compileTable(t, defaultSchema));
  const enums: EnumType[] | undefined = schema.enums?.map((e) => inDefault(e, defaultSchema));
  return enums === undefined ? { tables } : { tables, enums };
}
