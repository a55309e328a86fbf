/** Real SQLite files in fresh temp dirs, and snapshots of everything a migration could change. */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteConnection } from '../../src/dialect/sqlite/connection';
import { sqliteDialect } from '../../src/dialect/sqlite/sqlite-dialect';
import type { Database as TsdbDatabase } from '../../src/runtime/database';

/** A temp folder with a database file; call cleanup() in afterEach. */
export function tempDatabase(): { dir: string; file: string; db: Database.Database; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-test-'));
  const file = path.join(dir, 'test.db');
  const db = new Database(file);
  return {
    dir,
    file,
    db,
    cleanup: () => {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every schema object and every row of every table, for before/after equality. */
export function snapshot(db: Database.Database): { schema: unknown[]; rows: Record<string, unknown[]> } {
  const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
  const rows: Record<string, unknown[]> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    rows[name] = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`).all();
  }
  return { schema, rows };
}

/** A raw better-sqlite3 handle as the runtime's Database (the SQLite dialect over it); closing it is the caller's. */
export function asDatabase(db: Database.Database): TsdbDatabase {
  return { dialect: sqliteDialect, conn: new SqliteConnection(db) };
}
