/** The SQLite objects the Schema shape does not hold: virtual tables, views and triggers, with the SQL that makes and drops each. */
import type Database from 'better-sqlite3';
import { readMasterRows, readTableList } from './pragma-rows';
import { quoteIdent } from './quote';
import { tokenize } from '../../schema/sql-tokenizer';

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
export function readSchemaObjects(
  db: Database.Database,
  tables: ReadonlyArray<string>,
  includeTable: (name: string) => boolean,
): SchemaObject[] {
  const virtual = new Set(
    readTableList(db)
      .filter((t) => t.type === 'virtual')
      .map((t) => t.name),
  );
  const withSql = (type: string) => readMasterRows(db, type).flatMap((r) => (r.sql === null ? [] : [{ ...r, sql: r.sql }]));
  const virtualTables = withSql('table')
    .filter((r) => virtual.has(r.name) && includeTable(r.name))
    .map((r) => object('virtual table', r.name, r.name, r.sql));
  const views = withSql('view').map((r) => object('view', r.name, r.name, r.sql));
  const owners = new Set([...tables, ...virtualTables.map((o) => o.name), ...views.map((o) => o.name)].map((n) => n.toLowerCase()));
  const triggers = withSql('trigger')
    .filter((r) => owners.has(r.tblName.toLowerCase()))
    .map((r) => object('trigger', r.name, r.tblName, r.sql));
  return [...virtualTables, ...views, ...triggers];
}

/** Clauses of a table or index definition that the Schema shape does not hold, so a baseline script leaves them out. */
export interface UnrepresentedClauses {
  readonly table: string;
  readonly clauses: ReadonlyArray<string>;
}

/** The lossy clauses in one CREATE TABLE or CREATE INDEX: only at the definition's own level, not inside CHECK or DEFAULT expressions. */
function lossyClauses(sql: string, kind: 'table' | 'index'): string[] {
  const found = new Set<string>();
  let depth = 0;
  let bodyClosed = false;
  let previous = '';
  for (const token of tokenize(sql)) {
    const word = token.kind === 'word' ? token.value.toUpperCase() : '';
    if (token.kind === 'punct' && token.value === '(') depth++;
    else if (token.kind === 'punct' && token.value === ')') bodyClosed ||= --depth === 0;
    else if (depth === 1 && (word === 'COLLATE' || word === 'DEFERRABLE')) found.add(word);
    else if (depth === 1 && kind === 'index' && word === 'DESC') found.add('DESC');
    else if (depth === 1 && kind === 'table' && word === 'AS') found.add('generated columns');
    else if (depth <= 1 && kind === 'table' && previous === 'ON' && word === 'CONFLICT') found.add('ON CONFLICT');
    else if (depth === 0 && bodyClosed && kind === 'table' && (word === 'STRICT' || word === 'WITHOUT'))
      found.add(word === 'WITHOUT' ? 'WITHOUT ROWID' : word);
    previous = word;
  }
  return [...found];
}

/** Per table of `tables`, the clauses of its CREATE TABLE and CREATE INDEX statements that a rendered script cannot reproduce. */
export function unrepresentedClauses(db: Database.Database, tables: ReadonlyArray<string>): UnrepresentedClauses[] {
  const wanted = new Set(tables.map((t) => t.toLowerCase()));
  const byTable = new Map<string, Set<string>>();
  for (const kind of ['table', 'index'] as const) {
    for (const row of readMasterRows(db, kind)) {
      if (row.sql === null || !wanted.has(row.tblName.toLowerCase())) continue;
      const clauses = lossyClauses(row.sql, kind);
      if (clauses.length > 0) byTable.set(row.tblName, new Set([...(byTable.get(row.tblName) ?? []), ...clauses]));
    }
  }
  return [...byTable].map(([table, clauses]) => ({ table, clauses: [...clauses] }));
}
