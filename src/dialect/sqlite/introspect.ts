/**
 * Reads the live SQLite schema back into the Schema shape: PRAGMA rows give structure, the parsed
 * CREATE TABLE / CREATE INDEX text gives what PRAGMAs omit (constraint names, CHECKs, defaults as
 * written, AUTOINCREMENT, partial-index predicates).
 *
 * Decisions (the normal form that compare relies on):
 * - A primary-key column is `nullable: false`, even in a rowid table where SQLite would accept NULL
 *   in a non-INTEGER key without NOT NULL: the Schema records the intent of PRIMARY KEY.
 * - DEFAULT 'x' / signed number / TRUE / FALSE / a bare word (SQLite stores that as a string) is a
 *   literal; DEFAULT NULL is no default; anything else, including every parenthesised default, is
 *   an expression with one layer of parentheses removed. Integers beyond 2^53 stay expressions.
 * - Not represented (lossy): COLLATE, ON CONFLICT, ASC/DESC, MATCH, DEFERRABLE, generated-column
 *   expressions (the column is kept, without default), WITHOUT ROWID, STRICT. An expression term of
 *   an index is kept as its source text in `columns`. A UNIQUE constraint identical to the primary
 *   key or to an earlier UNIQUE is merged by SQLite and so appears once (or not at all).
 * - A foreign key written without parent columns gets the parent's primary-key columns (empty when
 *   the parent is missing).
 * - Order: columns, uniques, foreign keys and checks as declared; indexes in creation order; tables by
 *   name in code-unit order (uppercase before lowercase).
 */
import type Database from 'better-sqlite3';
import { DatabaseError } from '../../errors';
import type { CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint } from '../../schema/types';
import { makeColumn, makeTable } from '../../schema/types';
import { parseCreateIndex } from './parse-create-index';
import { parseCreateTable, type ParsedCreateTable, type ParsedReference } from './parse-create-table';
import { SqlParseError } from '../../schema/sql-tokenizer';
import {
  readForeignKeys,
  readIndexInfo,
  readIndexList,
  readMasterRows as readMasterRowsFresh,
  readTableList as readTableListFresh,
  readTableXinfo,
  type XinfoRow,
} from './pragma-rows';

/** sqlite_master and the table list as one read sees them: cached for a whole-schema read, fresh for one table. */
interface Catalog {
  readonly db: Database.Database;
  masterRows(type: string): ReturnType<typeof readMasterRowsFresh>;
  tableList(): ReturnType<typeof readTableListFresh>;
}

function freshCatalog(db: Database.Database): Catalog {
  return { db, masterRows: (type) => readMasterRowsFresh(db, type), tableList: () => readTableListFresh(db) };
}

/** introspectSchema reads sqlite_master and the table list once, not once per table. */
function cachedCatalog(db: Database.Database): Catalog {
  const master = new Map<string, ReturnType<typeof readMasterRowsFresh>>();
  let tables: ReturnType<typeof readTableListFresh> | null = null;
  return {
    db,
    masterRows: (type) => {
      const rows = master.get(type) ?? readMasterRowsFresh(db, type);
      master.set(type, rows);
      return rows;
    },
    tableList: () => (tables ??= readTableListFresh(db)),
  };
}

/** Case-insensitive (ASCII) identifier equality, as SQLite compares names. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Maps a name as written in a constraint to the column's declared spelling. */
function canonical(columns: ReadonlyArray<XinfoRow>, name: string): string {
  return columns.find((c) => c.name === name)?.name ?? columns.find((c) => sameName(c.name, name))?.name ?? name;
}

function sameList(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  return a.length === b.length && a.every((x, k) => b[k] !== undefined && sameName(x, b[k]));
}

/** A constraint of the parsed table, column-level ones turned into table form. */
type FlatConstraint =
  | { readonly kind: 'primaryKey'; readonly name: string | null; readonly columns: ReadonlyArray<string>; readonly autoincrement: boolean }
  | { readonly kind: 'unique'; readonly name: string | null; readonly columns: ReadonlyArray<string> }
  | { readonly kind: 'check'; readonly name: string | null; readonly expression: string }
  | {
      readonly kind: 'foreignKey';
      readonly name: string | null;
      readonly columns: ReadonlyArray<string>;
      readonly reference: ParsedReference;
    };

/** Every constraint of the parsed table in source order: column constraints first, then table ones. */
function flatConstraints(parsed: ParsedCreateTable): FlatConstraint[] {
  const out: FlatConstraint[] = [];
  for (const col of parsed.columns) {
    for (const c of col.constraints) {
      const columns = [col.name];
      if (c.kind === 'primaryKey') out.push({ kind: 'primaryKey', name: c.name, columns, autoincrement: c.autoincrement });
      else if (c.kind === 'unique') out.push({ kind: 'unique', name: c.name, columns });
      else if (c.kind === 'check') out.push({ kind: 'check', name: c.name, expression: c.expression });
      else if (c.kind === 'references') out.push({ kind: 'foreignKey', name: c.name, columns, reference: c.reference });
    }
  }
  for (const c of parsed.constraints) {
    if (c.kind === 'primaryKey') out.push({ ...c, columns: c.columns.map((t) => t.column ?? t.expression) });
    else if (c.kind === 'unique') out.push({ ...c, columns: c.columns.map((t) => t.column ?? t.expression) });
    else out.push(c);
  }
  return out;
}

function readColumns(xinfo: ReadonlyArray<XinfoRow>, parsed: ParsedCreateTable, constraints: ReadonlyArray<FlatConstraint>): Column[] {
  const pk = constraints.find((c) => c.kind === 'primaryKey');
  return xinfo.map((row) => {
    const def = parsed.columns.find((c) => c.name === row.name) ?? parsed.columns.find((c) => sameName(c.name, row.name));
    const defaultClause = def?.constraints.find((c) => c.kind === 'default');
    const autoincrement =
      pk?.kind === 'primaryKey' && pk.autoincrement && pk.columns.length === 1 && sameName(pk.columns[0] ?? '', row.name);
    return makeColumn({
      name: row.name,
      type: def?.type ?? row.type,
      nullable: row.notnull === 0 && row.pk === 0,
      default: defaultClause?.kind === 'default' ? defaultClause.value : null,
      autoincrement,
    });
  });
}

function readPrimaryKey(xinfo: ReadonlyArray<XinfoRow>, constraints: ReadonlyArray<FlatConstraint>): PrimaryKey | null {
  const columns = xinfo
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  if (columns.length === 0) return null;
  const declared = constraints.find((c) => c.kind === 'primaryKey');
  return Object.freeze({ name: declared?.name ?? null, columns: Object.freeze(columns) });
}

/** The autoindexes behind UNIQUE constraints, in declaration order, named from the parsed SQL. */
function readUniques(db: Database.Database, table: string, constraints: ReadonlyArray<FlatConstraint>): UniqueConstraint[] {
  const declared = constraints.filter((c) => c.kind === 'unique');
  const used = new Set<number>();
  const autoNumber = (name: string): number => Number(/_(\d+)$/.exec(name)?.[1] ?? 0);
  return readIndexList(db, table)
    .filter((ix) => ix.origin === 'u')
    .sort((a, b) => autoNumber(a.name) - autoNumber(b.name))
    .map((ix) => {
      const columns = readIndexInfo(db, ix.name).map((c) => c ?? '');
      const k = declared.findIndex((d, i) => !used.has(i) && sameList(d.columns, columns));
      if (k >= 0) used.add(k);
      return Object.freeze({ name: declared[k]?.name ?? null, columns: Object.freeze(columns) });
    });
}

/** CREATE INDEX indexes (origin 'c') in creation order. */
function readIndexes(cat: Catalog, table: string, xinfo: ReadonlyArray<XinfoRow>): Index[] {
  const db = cat.db;
  const list = readIndexList(db, table);
  const created = new Set(list.filter((ix) => ix.origin === 'c').map((ix) => ix.name));
  return cat
    .masterRows('index')
    .filter((row) => created.has(row.name) && row.sql !== null)
    .map((row) => {
      const parsed = parseCreateIndex(row.sql ?? '');
      // an expression keeps a parenthesis (`(a + b)`), which is how Index.columns tells it from a column name
      const expression = (text: string) => (text.includes('(') ? text : `(${text})`);
      const columns = parsed.columns.map((term) => (term.column === null ? expression(term.expression) : canonical(xinfo, term.column)));
      const unique = list.find((ix) => ix.name === row.name)?.unique === true;
      return Object.freeze({ name: row.name, columns: Object.freeze(columns), unique, where: parsed.where });
    });
}

function parentPrimaryKey(db: Database.Database, parent: string): string[] {
  return readTableXinfo(db, parent)
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
}

/** PRAGMA foreign_key_list grouped by id, in declaration order (SQLite numbers them last-first). */
function readForeignKeyConstraints(
  db: Database.Database,
  table: string,
  constraints: ReadonlyArray<FlatConstraint>,
  xinfo: ReadonlyArray<XinfoRow>,
): ForeignKey[] {
  const declared = constraints.filter((c) => c.kind === 'foreignKey');
  const used = new Set<number>();
  const rows = readForeignKeys(db, table);
  const ids = [...new Set(rows.map((r) => r.id))].sort((a, b) => b - a);
  return ids.map((id) => {
    const group = rows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
    const first = group[0];
    if (first === undefined) throw new Error(`foreign key ${id} of "${table}" has no columns`);
    const columns = group.map((r) => r.from);
    const written = group.map((r) => r.to);
    const refColumns = written.every((c): c is string => c !== null) ? written : parentPrimaryKey(db, first.table);
    const k = declared.findIndex(
      (d, i) =>
        !used.has(i) &&
        sameList(
          d.columns.map((c) => canonical(xinfo, c)),
          columns,
        ) &&
        sameName(d.reference.table, first.table),
    );
    if (k >= 0) used.add(k);
    return Object.freeze({
      name: declared[k]?.name ?? null,
      columns: Object.freeze(columns),
      refTable: first.table,
      refColumns: Object.freeze(refColumns),
      onDelete: first.onDelete,
      onUpdate: first.onUpdate,
    });
  });
}

function readTable(cat: Catalog, name: string, sql: string): Table {
  const db = cat.db;
  const parsed = parseCreateTable(sql);
  const xinfo = readTableXinfo(db, name).filter((c) => c.hidden !== 1);
  const constraints = flatConstraints(parsed);
  const checks: CheckConstraint[] = constraints.flatMap((c) =>
    c.kind === 'check' ? [Object.freeze({ name: c.name, expression: c.expression })] : [],
  );
  return makeTable({
    name,
    columns: readColumns(xinfo, parsed, constraints),
    primaryKey: readPrimaryKey(xinfo, constraints),
    indexes: readIndexes(cat, name, xinfo),
    uniques: readUniques(db, name, constraints),
    foreignKeys: readForeignKeyConstraints(db, name, constraints, xinfo),
    checks,
  });
}

/** Reads one ordinary table of the main schema; null when there is none by that name (any case). */
export function introspectTable(db: Database.Database, name: string, cat: Catalog = freshCatalog(db)): Table | null {
  const tables = cat.masterRows('table');
  const row = tables.find((r) => r.name === name) ?? tables.find((r) => sameName(r.name, name));
  if (row === undefined || row.sql === null || !cat.tableList().some((t) => t.name === row.name && t.type === 'table')) return null;
  try {
    return readTable(cat, row.name, row.sql);
  } catch (cause) {
    if (!(cause instanceof SqlParseError)) throw cause;
    throw new DatabaseError(
      'INTROSPECTION',
      `cannot read table "${row.name}": tsdb does not understand its CREATE TABLE or CREATE INDEX text; please report this with the statement from sqlite_master`,
      { cause },
    );
  }
}

/** True for the tables introspection leaves out: SQLite's own, tsdb's own, the version table. */
function isInternal(name: string, versionTable: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('sqlite_') || lower.startsWith('tsdb_') || sameName(name, versionTable);
}

/** Reads every ordinary table of the main schema (not views, virtual or shadow tables), ordered by name. */
export function introspectSchema(
  db: Database.Database,
  options: { versionTable: string; includeTable?: (name: string) => boolean },
): Schema {
  const include = options.includeTable ?? (() => true);
  return readSchema(cachedCatalog(db), options.versionTable, include);
}

function readSchema(cat: Catalog, versionTable: string, include: (name: string) => boolean): Schema {
  const names = cat
    .tableList()
    .filter((t) => t.type === 'table' && !isInternal(t.name, versionTable) && include(t.name))
    .map((t) => t.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const tables = names.flatMap((n) => {
    const table = introspectTable(cat.db, n, cat);
    return table === null ? [] : [table];
  });
  return Object.freeze({ tables: Object.freeze(tables) });
}

/** The triggers on a table, in creation order, with their CREATE TRIGGER text. */
export function listTriggers(db: Database.Database, table: string): Array<{ name: string; sql: string }> {
  return readMasterRowsFresh(db, 'trigger').flatMap((r) =>
    sameName(r.tblName, table) && r.sql !== null ? [{ name: r.name, sql: r.sql }] : [],
  );
}

/** The views of the main schema, in creation order (so recreating them in order works). */
export function listViews(db: Database.Database): Array<{ name: string; sql: string }> {
  return readMasterRowsFresh(db, 'view').flatMap((r) => (r.sql !== null ? [{ name: r.name, sql: r.sql }] : []));
}
