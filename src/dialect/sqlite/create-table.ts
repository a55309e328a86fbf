/** CREATE TABLE / CREATE INDEX text for SQLite from the Schema shape. */
import type { Column, ForeignKey, Index, Table } from '../../schema/types';
import { quoteIdent, quoteList, renderDefault } from './quote';

function constraintPrefix(name: string | null): string {
  return name === null ? '' : `CONSTRAINT ${quoteIdent(name)} `;
}

/** True when the table's primary key is written inline on this column (single, unnamed). */
function hasInlinePrimaryKey(table: Table, column: Column): boolean {
  const pk = table.primaryKey;
  return pk !== null && pk.name === null && pk.columns.length === 1 && pk.columns[0] === column.name;
}

function columnSql(table: Table, column: Column): string {
  const parts = [quoteIdent(column.name)];
  if (column.type !== '') parts.push(column.type);
  if (hasInlinePrimaryKey(table, column)) {
    parts.push('PRIMARY KEY');
    if (column.autoincrement) parts.push('AUTOINCREMENT');
  }
  if (!column.nullable) parts.push('NOT NULL');
  if (column.default !== null) parts.push(`DEFAULT ${renderDefault(column.default)}`);
  return parts.join(' ');
}

function foreignKeySql(fk: ForeignKey): string {
  let sql = `${constraintPrefix(fk.name)}FOREIGN KEY (${quoteList(fk.columns)}) REFERENCES ${quoteIdent(fk.refTable)} (${quoteList(fk.refColumns)})`;
  if (fk.onDelete !== 'NO ACTION') sql += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== 'NO ACTION') sql += ` ON UPDATE ${fk.onUpdate}`;
  return sql;
}

/** The CREATE TABLE statement for a table, under `name` (defaults to the table's own name). */
export function createTableSql(table: Table, name: string = table.name): string {
  const lines = table.columns.map((column) => columnSql(table, column));
  const pk = table.primaryKey;
  if (pk !== null && !table.columns.some((c) => hasInlinePrimaryKey(table, c))) {
    const auto = pk.columns.length === 1 && table.columns.some((c) => c.name === pk.columns[0] && c.autoincrement) ? ' AUTOINCREMENT' : '';
    lines.push(`${constraintPrefix(pk.name)}PRIMARY KEY (${quoteList(pk.columns)}${auto})`);
  }
  for (const unique of table.uniques) lines.push(`${constraintPrefix(unique.name)}UNIQUE (${quoteList(unique.columns)})`);
  for (const fk of table.foreignKeys) lines.push(foreignKeySql(fk));
  for (const check of table.checks) lines.push(`${constraintPrefix(check.name)}CHECK (${check.expression})`);
  return `CREATE TABLE ${quoteIdent(name)} (\n  ${lines.join(',\n  ')}\n)`;
}

/**
 * An index term: a column of the table by name, quoted; anything else is an expression (`lower(email)`, `(a + b)`),
 * written as it is, which is also how SQLite's own CREATE INDEX text gives it back.
 */
function indexTerm(term: string, columns: ReadonlySet<string>): string {
  return columns.has(term.toLowerCase()) ? quoteIdent(term) : term;
}

/** The CREATE [UNIQUE] INDEX statement for an index on `tableName`, whose columns are `columns` (omitted: every term is one). */
export function createIndexSql(tableName: string, index: Index, columns?: ReadonlyArray<Pick<Column, 'name'>>): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const where = index.where === null ? '' : ` WHERE ${index.where}`;
  const names = new Set((columns ?? index.columns.map((name) => ({ name }))).map((c) => c.name.toLowerCase()));
  const terms = index.columns.map((term) => indexTerm(term, names)).join(', ');
  return `CREATE ${unique}INDEX ${quoteIdent(index.name)} ON ${quoteIdent(tableName)} (${terms})${where}`;
}
