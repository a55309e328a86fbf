/** The example app's database handle, shared by both app files. */
import Database from 'better-sqlite3';
import * as path from 'node:path';

/** Opens example/app.db, the database `npx tsdb upgrade` migrates. */
export function openDatabase(): Database.Database {
  return new Database(path.join(__dirname, 'app.db'), { fileMustExist: true });
}
