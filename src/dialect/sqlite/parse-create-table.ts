/** Parses SQLite CREATE TABLE / CREATE INDEX text (as kept in sqlite_master.sql) into plain data. */
import type { ColumnDefault, ReferentialAction } from '../../schema/types';
import { indexedColumns, qualifiedName, type ParsedIndexedColumn } from './parse-create-index';
import { TokenCursor } from '../../schema/sql-tokenizer';

/** A REFERENCES clause; `columns` is empty when the parent's primary key is meant. */
export interface ParsedReference {
  readonly table: string;
  readonly columns: ReadonlyArray<string>;
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly match: string | null;
  /** The DEFERRABLE clause as written, e.g. `DEFERRABLE INITIALLY DEFERRED`. */
  readonly deferrable: string | null;
}

/** A constraint written on a column; `name` comes from a preceding `CONSTRAINT name`. */
export type ParsedColumnConstraint = { readonly name: string | null } & (
  | {
      readonly kind: 'primaryKey';
      readonly order: 'ASC' | 'DESC' | null;
      readonly onConflict: string | null;
      readonly autoincrement: boolean;
    }
  | { readonly kind: 'notNull'; readonly onConflict: string | null }
  | { readonly kind: 'null'; readonly onConflict: string | null }
  | { readonly kind: 'unique'; readonly onConflict: string | null }
  | { readonly kind: 'check'; readonly expression: string }
  | { readonly kind: 'default'; readonly value: ColumnDefault | null; readonly sql: string }
  | { readonly kind: 'collate'; readonly collation: string }
  | { readonly kind: 'references'; readonly reference: ParsedReference }
  | { readonly kind: 'generated'; readonly expression: string; readonly storage: 'STORED' | 'VIRTUAL' }
);

/** A column definition: name, declared type text exactly as written ('' when none), constraints. */
export interface ParsedColumn {
  readonly name: string;
  readonly type: string;
  readonly constraints: ReadonlyArray<ParsedColumnConstraint>;
}

/** A table constraint; `name` comes from a preceding `CONSTRAINT name`. */
export type ParsedTableConstraint = { readonly name: string | null } & (
  | {
      readonly kind: 'primaryKey';
      readonly columns: ReadonlyArray<ParsedIndexedColumn>;
      readonly autoincrement: boolean;
      readonly onConflict: string | null;
    }
  | { readonly kind: 'unique'; readonly columns: ReadonlyArray<ParsedIndexedColumn>; readonly onConflict: string | null }
  | { readonly kind: 'check'; readonly expression: string }
  | { readonly kind: 'foreignKey'; readonly columns: ReadonlyArray<string>; readonly reference: ParsedReference }
);

/** A parsed CREATE TABLE statement. */
export interface ParsedCreateTable {
  readonly schema: string | null;
  readonly name: string;
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly columns: ReadonlyArray<ParsedColumn>;
  readonly constraints: ReadonlyArray<ParsedTableConstraint>;
  readonly withoutRowid: boolean;
  readonly strict: boolean;
}

const COLUMN_CONSTRAINT_STARTS = [
  'CONSTRAINT',
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
];
const TABLE_CONSTRAINT_STARTS = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'];
const ACTIONS: ReadonlyArray<ReadonlyArray<string>> = [['SET', 'NULL'], ['SET', 'DEFAULT'], ['CASCADE'], ['RESTRICT'], ['NO', 'ACTION']];

function optionalOrder(c: TokenCursor): 'ASC' | 'DESC' | null {
  if (c.acceptWords('ASC')) return 'ASC';
  if (c.acceptWords('DESC')) return 'DESC';
  return null;
}

function optionalConflict(c: TokenCursor): string | null {
  if (!c.acceptWords('ON', 'CONFLICT')) return null;
  return c.next().value.toUpperCase();
}

function nameList(c: TokenCursor): string[] {
  c.expectPunct('(');
  const names = [c.name()];
  while (c.acceptPunct(',')) names.push(c.name());
  c.expectPunct(')');
  return names;
}

function referentialAction(c: TokenCursor): ReferentialAction {
  for (const words of ACTIONS) if (c.acceptWords(...words)) return words.join(' ') as ReferentialAction;
  throw c.error('expected a referential action');
}

/** Reads `REFERENCES t [(cols)]` and its ON / MATCH / DEFERRABLE clauses (REFERENCES already read). */
function reference(c: TokenCursor): ParsedReference {
  const table = c.name();
  const columns = c.isPunct('(') ? nameList(c) : [];
  let onDelete: ReferentialAction = 'NO ACTION';
  let onUpdate: ReferentialAction = 'NO ACTION';
  let match: string | null = null;
  let deferrable: string | null = null;
  for (;;) {
    if (c.acceptWords('ON', 'DELETE')) onDelete = referentialAction(c);
    else if (c.acceptWords('ON', 'UPDATE')) onUpdate = referentialAction(c);
    else if (c.acceptWords('MATCH')) match = c.name();
    else if (c.isWord('DEFERRABLE') || (c.isWord('NOT') && c.isWord('DEFERRABLE', 1))) {
      const first = c.next();
      let end = first.value.toUpperCase() === 'NOT' ? c.next().end : first.end;
      if (c.acceptWords('INITIALLY')) end = c.next().end;
      deferrable = c.sql.slice(first.start, end);
    } else break;
  }
  return { table, columns, onDelete, onUpdate, match, deferrable };
}

const SIGNED_NUMBER = /^[+-]?(?:[0-9][0-9_]*|0[xX][0-9A-Fa-f_]+)$/;

/** A number literal's value; integers too large for a JS number stay expressions (null here). */
function numberValue(text: string): number | null {
  const clean = text.replace(/_/g, '');
  const unsigned = clean.replace(/^[+-]/, '');
  const value = (clean.startsWith('-') ? -1 : 1) * Number(unsigned);
  if (Number.isNaN(value)) return null;
  if (SIGNED_NUMBER.test(clean) && !Number.isSafeInteger(value)) return null;
  return value;
}

/** Reads a DEFAULT value (DEFAULT already read) as tsdb's ColumnDefault; see introspect.ts for the rules. */
function defaultValue(c: TokenCursor): { value: ColumnDefault | null; sql: string } {
  if (c.isPunct('(')) {
    const group = c.parenthesized();
    return { value: { kind: 'expression', sql: group.text }, sql: c.sql.slice(group.start, group.end) };
  }
  const first = c.next();
  if (first.kind === 'punct' && (first.value === '-' || first.value === '+')) {
    const num = c.next();
    if (num.kind !== 'number') throw c.error('expected a number after a sign in DEFAULT');
    const sql = c.sql.slice(first.start, num.end);
    const value = numberValue(`${first.value}${num.value}`);
    return { value: value === null ? { kind: 'expression', sql } : { kind: 'literal', value }, sql };
  }
  const sql = c.sql.slice(first.start, first.end);
  switch (first.kind) {
    case 'string':
    case 'quoted':
      return { value: { kind: 'literal', value: first.value }, sql };
    case 'number': {
      const value = numberValue(first.value);
      return { value: value === null ? { kind: 'expression', sql } : { kind: 'literal', value }, sql };
    }
    case 'word': {
      const upper = first.value.toUpperCase();
      if (upper === 'NULL') return { value: null, sql };
      if (upper === 'TRUE' || upper === 'FALSE') return { value: { kind: 'literal', value: upper === 'TRUE' }, sql };
      if (upper.startsWith('CURRENT_')) return { value: { kind: 'expression', sql }, sql };
      // SQLite stores any other bare word after DEFAULT as a string literal.
      return { value: { kind: 'literal', value: first.value }, sql };
    }
    default:
      return { value: { kind: 'expression', sql }, sql };
  }
}

/** Reads the type words and optional `(n[, m])` after a column name; returns the exact source text. */
function columnType(c: TokenCursor): string {
  const first = c.peek();
  let end: number | null = null;
  for (let t = c.peek(); t !== undefined; t = c.peek()) {
    const isTypeWord =
      (t.kind === 'word' && !COLUMN_CONSTRAINT_STARTS.includes(t.value.toUpperCase())) || t.kind === 'quoted' || t.kind === 'string';
    if (!isTypeWord) break;
    end = c.next().end;
  }
  if (end !== null && c.isPunct('(')) end = c.parenthesized().end;
  return first === undefined || end === null ? '' : c.sql.slice(first.start, end);
}

function columnConstraint(c: TokenCursor, name: string | null): ParsedColumnConstraint {
  if (c.acceptWords('PRIMARY', 'KEY')) {
    const order = optionalOrder(c);
    const onConflict = optionalConflict(c);
    return { name, kind: 'primaryKey', order, onConflict, autoincrement: c.acceptWords('AUTOINCREMENT') };
  }
  if (c.acceptWords('NOT', 'NULL')) return { name, kind: 'notNull', onConflict: optionalConflict(c) };
  if (c.acceptWords('NULL')) return { name, kind: 'null', onConflict: optionalConflict(c) };
  if (c.acceptWords('UNIQUE')) return { name, kind: 'unique', onConflict: optionalConflict(c) };
  if (c.acceptWords('CHECK')) return { name, kind: 'check', expression: c.parenthesized().text };
  if (c.acceptWords('DEFAULT')) return { name, kind: 'default', ...defaultValue(c) };
  if (c.acceptWords('COLLATE')) return { name, kind: 'collate', collation: c.name() };
  if (c.acceptWords('REFERENCES')) return { name, kind: 'references', reference: reference(c) };
  if (c.acceptWords('GENERATED', 'ALWAYS', 'AS') || c.acceptWords('AS')) {
    const expression = c.parenthesized().text;
    const storage = c.acceptWords('STORED') ? 'STORED' : 'VIRTUAL';
    if (storage === 'VIRTUAL') c.acceptWords('VIRTUAL');
    return { name, kind: 'generated', expression, storage };
  }
  throw c.error('expected a column constraint');
}

function column(c: TokenCursor): ParsedColumn {
  const name = c.name();
  const type = columnType(c);
  const constraints: ParsedColumnConstraint[] = [];
  let constraintName: string | null = null;
  while (!c.isPunct(',') && !c.isPunct(')')) {
    // SQLite accepts a dangling `CONSTRAINT name`; the name applies to the next constraint only.
    if (c.acceptWords('CONSTRAINT')) {
      constraintName = c.name();
      continue;
    }
    constraints.push(columnConstraint(c, constraintName));
    constraintName = null;
  }
  return { name, type, constraints };
}

function tableConstraint(c: TokenCursor): ParsedTableConstraint | null {
  let name: string | null = null;
  while (c.acceptWords('CONSTRAINT')) name = c.name();
  if (c.isPunct(',') || c.isPunct(')')) return null;
  if (c.acceptWords('PRIMARY', 'KEY')) {
    const { columns, autoincrement } = indexedColumns(c);
    return { name, kind: 'primaryKey', columns, autoincrement, onConflict: optionalConflict(c) };
  }
  if (c.acceptWords('UNIQUE')) {
    const { columns } = indexedColumns(c);
    return { name, kind: 'unique', columns, onConflict: optionalConflict(c) };
  }
  if (c.acceptWords('CHECK')) {
    const expression = c.parenthesized().text;
    optionalConflict(c);
    return { name, kind: 'check', expression };
  }
  if (c.acceptWords('FOREIGN', 'KEY')) {
    const columns = nameList(c);
    c.expectWords('REFERENCES');
    return { name, kind: 'foreignKey', columns, reference: reference(c) };
  }
  throw c.error('expected a table constraint');
}

function isTableConstraintStart(c: TokenCursor): boolean {
  return TABLE_CONSTRAINT_STARTS.some((w) => c.isWord(w));
}

/** Parses one CREATE TABLE statement (not CREATE VIRTUAL TABLE, not AS SELECT); throws SqlParseError. */
export function parseCreateTable(sql: string): ParsedCreateTable {
  const c = new TokenCursor(sql);
  c.expectWords('CREATE');
  const temporary = c.acceptWords('TEMP') || c.acceptWords('TEMPORARY');
  c.expectWords('TABLE');
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const { schema, name } = qualifiedName(c);
  c.expectPunct('(');
  const columns: ParsedColumn[] = [];
  const constraints: ParsedTableConstraint[] = [];
  let inConstraints = false;
  do {
    if (!inConstraints && !isTableConstraintStart(c)) {
      columns.push(column(c));
      continue;
    }
    inConstraints = true;
    // SQLite accepts table constraints without a separating comma.
    do {
      const constraint = tableConstraint(c);
      if (constraint !== null) constraints.push(constraint);
    } while (isTableConstraintStart(c));
  } while (c.acceptPunct(','));
  c.expectPunct(')');
  let withoutRowid = false;
  let strict = false;
  do {
    if (c.acceptWords('WITHOUT', 'ROWID')) withoutRowid = true;
    else if (c.acceptWords('STRICT')) strict = true;
  } while (c.acceptPunct(','));
  c.acceptPunct(';');
  if (!c.atEnd()) throw c.error('unexpected text after the table definition');
  return { schema, name, temporary, ifNotExists, columns, constraints, withoutRowid, strict };
}
