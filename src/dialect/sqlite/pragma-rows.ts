/** Typed reads of sqlite_master and the schema PRAGMAs (main schema), narrowed from `unknown`. */
import type Database from 'better-sqlite3';
import { DatabaseError } from '../../errors';
import type { ReferentialAction } from '../../schema/types';

/** A row of sqlite_master; `sql` is null for autoindexes. */
export interface MasterRow {
  readonly name: string;
  readonly tblName: string;
  readonly sql: string | null;
}

/** A row of PRAGMA table_xinfo. */
export interface XinfoRow {
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly pk: number;
  /** 0 normal, 1 hidden (virtual tables), 2 generated VIRTUAL, 3 generated STORED. */
  readonly hidden: number;
}

/** A row of PRAGMA index_list; origin is 'c' (CREATE INDEX), 'u' (UNIQUE) or 'pk'. */
export interface IndexListRow {
  readonly name: string;
  readonly unique: boolean;
  readonly origin: string;
}

/** A row of PRAGMA foreign_key_list; `to` is null when the parent's primary key is meant. */
export interface ForeignKeyRow {
  readonly id: number;
  readonly seq: number;
  readonly table: string;
  readonly from: string;
  readonly to: string | null;
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

const ACTIONS: ReadonlyArray<ReferentialAction> = ['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];

function unexpected(what: string, row: unknown): DatabaseError {
  return new DatabaseError('INTROSPECTION', `unexpected ${what} row from SQLite: ${JSON.stringify(row)}`);
}

function field(row: unknown, key: string): unknown {
  return typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[key] : undefined;
}

function text(row: unknown, key: string, what: string): string {
  const value = field(row, key);
  if (typeof value !== 'string') throw unexpected(what, row);
  return value;
}

function textOrNull(row: unknown, key: string, what: string): string | null {
  const value = field(row, key);
  if (value === null) return null;
  if (typeof value !== 'string') throw unexpected(what, row);
  return value;
}

function int(row: unknown, key: string, what: string): number {
  const value = field(row, key);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number') throw unexpected(what, row);
  return value;
}

function action(row: unknown, key: string): ReferentialAction {
  const value = text(row, key, 'foreign_key_list');
  const found = ACTIONS.find((a) => a === value.toUpperCase());
  if (found === undefined) throw unexpected('foreign_key_list', row);
  return found;
}

/** sqlite_master rows of one type ('table', 'index', 'view', 'trigger'), in creation order. */
export function readMasterRows(db: Database.Database, type: string): MasterRow[] {
  const rows: unknown[] = db.prepare('SELECT name, tbl_name, sql FROM main.sqlite_master WHERE type = ? ORDER BY rowid').all(type);
  return rows.map((r) => ({
    name: text(r, 'name', 'sqlite_master'),
    tblName: text(r, 'tbl_name', 'sqlite_master'),
    sql: textOrNull(r, 'sql', 'sqlite_master'),
  }));
}

/** PRAGMA table_list for the main schema: name and type ('table', 'view', 'virtual', 'shadow'). */
export function readTableList(db: Database.Database): Array<{ name: string; type: string }> {
  const rows: unknown[] = db.prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main'").all();
  return rows.map((r) => ({ name: text(r, 'name', 'table_list'), type: text(r, 'type', 'table_list') }));
}

/** PRAGMA table_xinfo: every column, including generated ones, in declaration order. */
export function readTableXinfo(db: Database.Database, table: string): XinfoRow[] {
  const rows: unknown[] = db.prepare("SELECT * FROM pragma_table_xinfo(?, 'main') ORDER BY cid").all(table);
  return rows.map((r) => ({
    name: text(r, 'name', 'table_xinfo'),
    type: text(r, 'type', 'table_xinfo'),
    notnull: int(r, 'notnull', 'table_xinfo'),
    pk: int(r, 'pk', 'table_xinfo'),
    hidden: int(r, 'hidden', 'table_xinfo'),
  }));
}

/** PRAGMA index_list: the indexes on a table. */
export function readIndexList(db: Database.Database, table: string): IndexListRow[] {
  const rows: unknown[] = db.prepare("SELECT * FROM pragma_index_list(?, 'main')").all(table);
  return rows.map((r) => ({
    name: text(r, 'name', 'index_list'),
    unique: int(r, 'unique', 'index_list') === 1,
    origin: text(r, 'origin', 'index_list'),
  }));
}

/** PRAGMA index_info: the indexed column names in key order (null for an expression term). */
export function readIndexInfo(db: Database.Database, index: string): Array<string | null> {
  const rows: unknown[] = db.prepare("SELECT * FROM pragma_index_info(?, 'main') ORDER BY seqno").all(index);
  return rows.map((r) => textOrNull(r, 'name', 'index_info'));
}

/** PRAGMA foreign_key_list: one row per column of each foreign key. */
export function readForeignKeys(db: Database.Database, table: string): ForeignKeyRow[] {
  const rows: unknown[] = db.prepare("SELECT * FROM pragma_foreign_key_list(?, 'main')").all(table);
  return rows.map((r) => ({
    id: int(r, 'id', 'foreign_key_list'),
    seq: int(r, 'seq', 'foreign_key_list'),
    table: text(r, 'table', 'foreign_key_list'),
    from: text(r, 'from', 'foreign_key_list'),
    to: textOrNull(r, 'to', 'foreign_key_list'),
    onDelete: action(r, 'on_delete'),
    onUpdate: action(r, 'on_update'),
  }));
}
