/**
 * The declared schema as SQLite holds it (pure). SQLite has no enum types, schemas or index methods, and
 * keeps a declared type's text as written, so: an enum column is TEXT with a named CHECK listing its values,
 * TIMESTAMPTZ is DATETIME (the SPEC's spelling), a table's schema and an index's method are left out.
 */
import { ModelError } from '../../errors';
import type { CheckConstraint, Column, ForeignKey, Index, Schema, Table } from '../../schema/types';
import { makeColumn, makeTable } from '../../schema/types';
import { quoteIdent, quoteLiteral } from './quote';

/** Declared types SQLite spells differently. */
const SQLITE_SPELLING: ReadonlyMap<string, string> = new Map([['TIMESTAMPTZ', 'DATETIME']]);

/** The CHECK constraint that holds an enum column to its values: `ck_<table>_<column>`. */
export function enumCheck(table: string, column: Column & { readonly enumValues: ReadonlyArray<string> }): CheckConstraint {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(column.name) ? column.name : quoteIdent(column.name);
  return { name: `ck_${table}_${column.name}`, expression: `${name} IN (${column.enumValues.map(quoteLiteral).join(', ')})` };
}

/** A column as SQLite holds it (an enum column is TEXT; its CHECK is the table's, see enumCheck). */
export function compileSqliteColumn(column: Column): Column {
  if (column.enumValues !== undefined) {
    const { enumValues: _values, ...rest } = column;
    return makeColumn({ ...rest, type: 'TEXT' });
  }
  const spelled = SQLITE_SPELLING.get(column.type.trim().toUpperCase());
  return spelled === undefined ? column : makeColumn({ ...column, type: spelled });
}

/** `billing.invoice` → `invoice`: on SQLite every table lives in the one database. */
function unscoped(name: string, schemas: ReadonlySet<string>): string {
  const dot = name.indexOf('.');
  return dot > 0 && schemas.has(name.slice(0, dot)) ? name.slice(dot + 1) : name;
}

/** A table as SQLite holds it; `schemas` are the schema names that foreign keys may carry in front of a table name. */
export function compileSqliteTable(table: Table, schemas: ReadonlySet<string> = new Set()): Table {
  const { schema: _schema, ...rest } = table;
  const checks = table.columns.flatMap((c) =>
    c.enumValues === undefined ? [] : [enumCheck(table.name, { ...c, enumValues: c.enumValues })],
  );
  const indexes = table.indexes.map(({ method: _method, ...index }): Index => index);
  const foreignKeys = table.foreignKeys.map((fk): ForeignKey => ({ ...fk, refTable: unscoped(fk.refTable, schemas) }));
  return makeTable({
    ...rest,
    columns: table.columns.map(compileSqliteColumn),
    indexes,
    foreignKeys,
    checks: [...table.checks, ...checks],
  });
}

/** The declared schema as SQLite holds it; enum types live on as the CHECKs of their columns. */
export function compileSqliteSchema(schema: Schema): Schema {
  const schemas = new Set(schema.tables.flatMap((t) => (t.schema === undefined ? [] : [t.schema])));
  const seen = new Map<string, string>();
  for (const t of schema.tables) {
    const scoped = t.schema === undefined ? t.name : `${t.schema}.${t.name}`;
    const other = seen.get(t.name.toLowerCase());
    if (other !== undefined) {
      throw new ModelError(
        `tables '${other}' and '${scoped}' are one table '${t.name}' on SQLite, which has no schemas; give one of them another name`,
      );
    }
    seen.set(t.name.toLowerCase(), scoped);
  }
  return { tables: schema.tables.map((t) => compileSqliteTable(t, schemas)) };
}
