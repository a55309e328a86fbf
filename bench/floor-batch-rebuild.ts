/**
 * The hand-written single rebuild of the one-rebuild benchmark, run as its own process:
 *   node dist/bench/floor-batch-rebuild.js DB NEW_VERSION
 * What a person writes for the five changes by hand with better-sqlite3, in one transaction: create the
 * final table, one `INSERT INTO new SELECT … FROM old`, drop, rename, recreate the index, move the version row.
 */
import Database from 'better-sqlite3';
import { WIDE_INDEX_SQL, wideFinalSql } from './batch-rebuild-fixture';

const [file, version] = process.argv.slice(2);
if (file === undefined || version === undefined) throw new Error('usage: floor-batch-rebuild DB NEW_VERSION');
const db = new Database(file);
db.pragma('foreign_keys = OFF');
db.exec('BEGIN IMMEDIATE');
db.exec(wideFinalSql('wide_new'));
db.exec('INSERT INTO "wide_new" ("id", "code", "label", "score") SELECT "id", "code", "label", "score" FROM "wide"');
db.exec('DROP TABLE "wide"');
db.exec('ALTER TABLE "wide_new" RENAME TO "wide"');
db.exec(WIDE_INDEX_SQL);
db.prepare('UPDATE tsdb_version SET version_num = ?').run(version);
db.exec('COMMIT');
db.close();
