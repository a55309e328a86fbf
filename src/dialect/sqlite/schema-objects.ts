/** The SQLite objects the Schema shape does not hold: virtual tables, views and triggers, with the SQL that makes and drops each. */
import type Database from 'better-sqlite3';
import { readMasterRows, readTableList } from './pragma-rows';
import { quoteIdent } from './quote';

/** A virtual table, view or trigger as the database keeps it. */
export interface SchemaObject {
  readonly type: 'virtual table' | 'view' | 'trigger';
  readonly name: string;
  /** The table or view a trigger is on; the object's own name otherwise. */
  readonly table: string;
  /** The CREATE statement exactly as sqlite_master holds it. */
  readonly createSql: string;
  readonly dropSql: string;
}

function object(type: SchemaObject['type'], name: string, table: string, createSql: string): SchemaObject {
  const keyword = type === 'virtual table' ? 'TABLE' : type.toUpperCase();
  return Object.freeze({ type, name, table, createSql, dropSql: `DROP ${keyword} ${quoteIdent(name)}` });
}

/**
 * Virtual tables (those `includeTable` accepts), then views, then triggers on `tables` or on those,
 * each in creation order: creating them in this order works on a database that has `tables`.
 */
export function readSchemaObjects(db: Database.Database, tables: ReadonlyArray<string>, includeTable: (name: string) => boolean): SchemaObject[] {
  const virtual = new Set(readTableList(db).filter((t) => t.type === 'virtual').map((t) => t.name));
  const withSql = (type: string) => readMasterRows(db, type).flatMap((r) => (r.sql === null ? [] : [{ ...r, sql: r.sql }]));
  const virtualTables = withSql('table').filter((r) => virtual.has(r.name) && includeTable(r.name)).map((r) => object('virtual table', r.name, r.name, r.sql));
  const views = withSql('view').map((r) => object('view', r.name, r.name, r.sql));
  const owners = new Set([...tables, ...virtualTables.map((o) => o.name), ...views.map((o) => o.name)].map((n) => n.toLowerCase()));
  const triggers = withSql('trigger').filter((r) => owners.has(r.tblName.toLowerCase())).map((r) => object('trigger', r.name, r.tblName, r.sql));
  return [...virtualTables, ...views, ...triggers];
}
