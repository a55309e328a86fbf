/**
 * The physical floor of `tsdb upgrade`, run as its own process:
 *   node dist/bench/floor-sqlite.js DB PLAN.json savepoints|per-revision
 * PLAN.json is [{ "id": "<revision>", "sql": "CREATE TABLE …" }, …], oldest first. Creates the
 * version table, then per revision runs its SQL and moves the version row (DELETE old / INSERT new),
 * either all in ONE transaction with a SAVEPOINT per revision, or in one transaction per revision.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPlan } from './floor-plan';

/** The addon's path, as tsdb passes it (skips the `bindings` package's search), so the floor is no slower than tsdb there. */
function nativeBinding(): string | undefined {
  const file = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

function main(): void {
  const [dbFile, planFile, mode] = process.argv.slice(2);
  if (dbFile === undefined || planFile === undefined || (mode !== 'savepoints' && mode !== 'per-revision')) {
    throw new Error('usage: floor-sqlite.js DB PLAN.json savepoints|per-revision');
  }
  const plan = readPlan(planFile);
  const addon = nativeBinding();
  const db = new Database(dbFile, addon === undefined ? {} : { nativeBinding: addon });
  if (mode === 'savepoints') db.exec('BEGIN IMMEDIATE');
  db.exec('CREATE TABLE IF NOT EXISTS "tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY)');
  const remove = db.prepare('DELETE FROM "tsdb_version" WHERE version_num = ?');
  const insert = db.prepare('INSERT INTO "tsdb_version" (version_num) VALUES (?)');
  let previous: string | null = null;
  for (const step of plan) {
    db.exec(mode === 'savepoints' ? 'SAVEPOINT rev' : 'BEGIN IMMEDIATE');
    db.exec(step.sql);
    if (previous !== null) remove.run(previous);
    insert.run(step.id);
    db.exec(mode === 'savepoints' ? 'RELEASE rev' : 'COMMIT');
    previous = step.id;
  }
  if (mode === 'savepoints') db.exec('COMMIT');
  db.close();
}

main();
