/** Offline SQL in tests: replay it with the sqlite3 shell, and read back everything it could have made. */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** `sqlite3 -bail FILE < sql`, with foreign keys switched on first (as a ~/.sqliterc might); throws with the shell's output on failure. */
export function sqlite3Replay(file: string, sql: string): void {
  const result = spawnSync('sqlite3', ['-bail', '-cmd', 'PRAGMA foreign_keys = ON', file], { input: sql, encoding: 'utf8' });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0 || result.stderr !== '') {
    throw new Error(`sqlite3 ${file} exited ${String(result.status)}\nstderr:\n${result.stderr}\nstdout:\n${result.stdout}`);
  }
}

/** A database's schema (sqlite_master, SQL whitespace folded) and rows (each value through quote(), so 1 and 1.0 differ); the log table is left out. */
export interface DatabaseContents {
  readonly schema: ReadonlyArray<{ type: string; name: string; tblName: string; sql: string | null }>;
  readonly rows: Readonly<Record<string, ReadonlyArray<string>>>;
}

/** Reads `file` (which must exist) read-only. The version log is live-only bookkeeping and is skipped. */
export function contents(file: string, skip: ReadonlyArray<string> = ['tsdb_version_log']): DatabaseContents {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const master = db.prepare('SELECT type, name, tbl_name AS tblName, sql FROM sqlite_master ORDER BY type, name').all() as Array<{
      type: string;
      name: string;
      tblName: string;
      sql: string | null;
    }>;
    const schema = master
      .filter((m) => !skip.includes(m.tblName))
      .map((m) => ({ ...m, sql: m.sql === null ? null : m.sql.replace(/\s+/g, ' ').trim() }));
    const rows: Record<string, string[]> = {};
    for (const { type, name } of schema) {
      if (type !== 'table') continue;
      const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
      const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as Array<{ name: string }>).map(
        (c) => `quote(${q(c.name)})`,
      );
      rows[name] = db
        .prepare(`SELECT ${cols.join(" || ', ' || ")} AS r FROM ${q(name)} ORDER BY rowid`)
        .pluck()
        .all() as string[];
    }
    return { schema, rows };
  } finally {
    db.close();
  }
}
