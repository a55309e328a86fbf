/** The table of the rebuild benchmark: `big` with an index, filled with N rows, at revision 1 of a tsdb project. */
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { makeTsdbProject, revisionId, writeRevisions } from './fixtures';
import { runOnce } from './measure';

/** CREATE TABLE of `big` (or its rebuilt copy), as tsdb writes it; `n` is the column whose type changes. */
export function bigTableSql(name: string, nType: string): string {
  return `CREATE TABLE "${name}" (\n  "id" INTEGER PRIMARY KEY NOT NULL,\n  "n" ${nType} NOT NULL,\n  "label" TEXT NOT NULL,\n  "score" REAL\n)`;
}

export const BIG_INDEX_SQL = 'CREATE INDEX "ix_big_n" ON "big" ("n")';

/** A project whose revision 1 creates `big` and revision 2 changes `n` to BIGINT; returns the base database (at revision 1, `rows` rows). */
export function makeRebuildProject(
  dir: string,
  cli: string,
  rows: number,
): { readonly dir: string; readonly baseDb: string; readonly head: string } {
  makeTsdbProject(dir);
  const ids = writeRevisions(dir, 2, `rebuild-${rows}`, (i) =>
    i === 1
      ? {
          imports: [],
          upgrades: [
            `await op.execute(${JSON.stringify(bigTableSql('big', 'INTEGER'))});`,
            `await op.execute(${JSON.stringify(BIG_INDEX_SQL)});`,
          ],
          downgrades: [],
        }
      : { imports: [], upgrades: ["await op.alterColumn('big', 'n', { type: 'BIGINT' });"], downgrades: [] },
  );
  const [first, head] = ids;
  if (first === undefined || head === undefined || first !== revisionId(`rebuild-${rows}`, 1))
    throw new Error('rebuild fixture: unexpected ids');
  runOnce({
    label: 'rebuild fixture: upgrade to revision 1',
    args: [cli, 'upgrade', first],
    cwd: dir,
    env: { TSDB_CACHE_DIR: path.join(dir, '.cache') },
  });
  const baseDb = path.join(dir, 'base.db');
  const db = new Database(path.join(dir, 'app.db'));
  db.exec(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${rows})
    INSERT INTO big (id, n, label, score) SELECT i, i * 7 % 100003, 'label number ' || i, i / 3.0 FROM c`);
  db.exec(`VACUUM INTO '${baseDb.replace(/'/g, "''")}'`);
  db.close();
  return { dir, baseDb, head };
}
