/** A SchemaReader over the live SQLite database, read fresh for each op. */
import { introspectTable, listTriggers, listViews } from './introspect';
import { rebuildBlockers } from './rebuild-blockers';
import type { SchemaReader, TableState } from './plan-types';
import { quoteIdent } from './quote';
import type { SqliteDb } from './connection';

/** Reads tables, triggers and referencing tables from `db` on demand. */
export function liveSchemaReader(db: SqliteDb): SchemaReader {
  return {
    table(name: string): TableState | null {
      const table = introspectTable(db, name);
      return table === null
        ? null
        : { table, triggers: listTriggers(db, name), views: listViews(db), rebuildBlockers: rebuildBlockers(db, name) };
    },
    referencing(name: string): string[] {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as ReadonlyArray<{
        name: string;
      }>;
      return tables
        .map((t) => t.name)
        .filter((other) => other !== name)
        .filter((other) => {
          const fks = db.prepare(`PRAGMA foreign_key_list(${quoteIdent(other)})`).all() as ReadonlyArray<{ table: string }>;
          return fks.some((fk) => fk.table.toLowerCase() === name.toLowerCase());
        });
    },
  };
}

/** Row count of a table. */
export function countRows(db: SqliteDb, table: string): number {
  const row = db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number };
  return row.n;
}

/** Row count of a table and, in the same pass, how many values of each of `columns` are stored as text or blob. */
export function rowsAndTextValues(db: SqliteDb, table: string, columns: ReadonlyArray<string>): { rows: number; text: number[] } {
  if (columns.length === 0) return { rows: countRows(db, table), text: [] };
  // numbers sort before text and blobs: `+c >= ''` holds exactly for text and blob values (and costs less than typeof)
  const sums = columns.map((c) => `coalesce(sum(+${quoteIdent(c)} >= ''), 0)`);
  const [rows, ...text] = db
    .prepare(`SELECT count(*), ${sums.join(', ')} FROM ${quoteIdent(table)}`)
    .raw()
    .get() as number[];
  return { rows: rows ?? 0, text };
}

/** A foreign-key violation found by PRAGMA foreign_key_check. */
export interface ForeignKeyViolation {
  readonly table: string;
  readonly rowid: number | null;
  readonly parent: string;
}

/** Runs PRAGMA foreign_key_check over the whole database. */
export function foreignKeyViolations(db: SqliteDb): ForeignKeyViolation[] {
  const rows = db.prepare('PRAGMA foreign_key_check').all() as ReadonlyArray<{ table: string; rowid: number | null; parent: string }>;
  return rows.map((r) => ({ table: r.table, rowid: r.rowid, parent: r.parent }));
}
