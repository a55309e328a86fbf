/** What a rebuild could not carry over: SQLite features the Schema shape does not hold. Fail closed on them. */
import type Database from 'better-sqlite3';
import { parseCreateIndex, type ParsedIndexedColumn } from './parse-create-index';
import { parseCreateTable } from './parse-create-table';
import { readMasterRows } from './pragma-rows';

/** `expressionsCarry`: an index's expression terms are in Index.columns and recreated as written; a constraint's are not. */
function termBlockers(terms: ReadonlyArray<ParsedIndexedColumn>, where: string, expressionsCarry = false): string[] {
  return terms.flatMap((term) => [
    ...(term.column === null && !expressionsCarry ? [`the expression ${term.expression} in ${where}`] : []),
    ...(term.collate !== null ? [`COLLATE ${term.collate} in ${where}`] : []),
    ...(term.order === 'DESC' ? [`DESC in ${where}`] : []),
  ]);
}

/** Features of `table` (and its indexes) that a copy-and-move rebuild would silently drop. */
export function rebuildBlockers(db: Database.Database, table: string): string[] {
  const lower = table.toLowerCase();
  const tableRow = readMasterRows(db, 'table').find((r) => r.name.toLowerCase() === lower);
  if (tableRow?.sql == null) return [];
  const parsed = parseCreateTable(tableRow.sql);
  const found: string[] = [];
  if (parsed.withoutRowid) found.push('WITHOUT ROWID');
  if (parsed.strict) found.push('STRICT');
  for (const column of parsed.columns) {
    for (const c of column.constraints) {
      if (c.kind === 'collate') found.push(`COLLATE ${c.collation} on column ${column.name}`);
      if (c.kind === 'generated') found.push(`generated column ${column.name}`);
      if ((c.kind === 'primaryKey' || c.kind === 'notNull' || c.kind === 'unique') && c.onConflict !== null)
        found.push(`ON CONFLICT ${c.onConflict} on column ${column.name}`);
      if (c.kind === 'references' && (c.reference.deferrable !== null || c.reference.match !== null))
        found.push(`DEFERRABLE/MATCH on the reference of ${column.name}`);
    }
  }
  for (const c of parsed.constraints) {
    if (c.kind === 'primaryKey' || c.kind === 'unique') {
      found.push(...termBlockers(c.columns, `the ${c.kind === 'unique' ? 'UNIQUE' : 'PRIMARY KEY'} constraint ${c.name ?? ''}`.trim()));
      if (c.onConflict !== null) found.push(`ON CONFLICT ${c.onConflict}`);
    }
    if (c.kind === 'foreignKey' && (c.reference.deferrable !== null || c.reference.match !== null))
      found.push(`DEFERRABLE/MATCH on foreign key ${c.name ?? c.columns.join(', ')}`);
  }
  for (const index of readMasterRows(db, 'index')) {
    if (index.tblName.toLowerCase() !== lower || index.sql === null) continue;
    found.push(...termBlockers(parseCreateIndex(index.sql).columns, `index ${index.name}`, true));
  }
  return found;
}
