/**
 * The physical floor of a column type change on SQLite, run as its own process:
 *   node dist/bench/floor-rebuild.js DB NEW_VERSION
 * The same statements tsdb's rebuild runs, by hand with better-sqlite3 in one transaction: create the
 * new table, `INSERT INTO new SELECT … FROM old`, drop, rename, recreate the index, move the version row.
 */
import Database from 'better-sqlite3';
import { BIG_INDEX_SQL, bigTableSql } from './rebuild-fixture';

const [file, version] = process.argv.slice(2);
if (file === undefined || version === undefined) throw new Error('usage: floor-rebuild DB NEW_VERSION');
const db = new Database(file);
db.pragma('foreign_keys = OFF');
db.exec('BEGIN IMMEDIATE');
db.exec(bigTableSql('big_new', 'BIGINT'));
db.exec('INSERT INTO "big_new" ("id", "n", "label", "score") SELECT "id", "n", "label", "score" FROM "big"');
db.exec('DROP TABLE "big"');
db.exec('ALTER TABLE "big_new" RENAME TO "big"');
db.exec(BIG_INDEX_SQL);
db.prepare('UPDATE tsdb_version SET version_num = ?').run(version);
db.exec('COMMIT');
db.close();
