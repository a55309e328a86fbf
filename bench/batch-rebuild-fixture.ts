/**
 * The table of the one-rebuild benchmark: `wide` (five columns, an index) with N rows at revision 1,
 * and five consecutive column changes of it, written as one revision or as five.
 */
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { makeTsdbProject, revisionId, writeRevisions, type RevisionBody } from './fixtures';
import { runOnce } from './measure';

const WIDE_SQL = 'CREATE TABLE "wide" ("id" INTEGER PRIMARY KEY NOT NULL, "code" TEXT NOT NULL, "label" TEXT, "score" REAL, "note" TEXT)';
export const WIDE_INDEX_SQL = 'CREATE INDEX "ix_wide_code" ON "wide" ("code")';

/** The five changes: a type change with checks (text → integer), NOT NULL, a new default, a column added, one dropped. */
export const FIVE_CHANGES = [
  "await op.alterColumn('wide', 'code', { type: 'INTEGER' });",
  "await op.alterColumn('wide', 'label', { nullable: false });",
  "await op.alterColumn('wide', 'score', { default: 0 });",
  "await op.addColumn('wide', text('source').notNull().default('import'));",
  "await op.dropColumn('wide', 'note');",
];

/** `wide` after the five changes, as tsdb's rebuild creates it (the hand-written floor creates the same). */
export function wideFinalSql(name: string): string {
  return (
    `CREATE TABLE "${name}" (\n  "id" INTEGER PRIMARY KEY NOT NULL,\n  "code" INTEGER NOT NULL,\n  "label" TEXT NOT NULL,\n` +
    `  "score" REAL DEFAULT 0,\n  "source" TEXT NOT NULL DEFAULT 'import'\n)`
  );
}

/** A project whose revision 1 creates `wide` and whose later revisions make the five changes: `together` in one revision, else one each. */
export function makeBatchProject(
  dir: string,
  cli: string,
  rows: number,
  together: boolean,
): { readonly dir: string; readonly baseDb: string; readonly head: string } {
  makeTsdbProject(dir);
  const seed = `batch-${rows}`;
  const changes: RevisionBody[] = together
    ? [{ imports: ['text'], upgrades: FIVE_CHANGES, downgrades: [] }]
    : FIVE_CHANGES.map((change) => ({ imports: ['text'], upgrades: [change], downgrades: [] }));
  const ids = writeRevisions(dir, 1 + changes.length, seed, (i) =>
    i === 1
      ? { imports: [], upgrades: [WIDE_SQL, WIDE_INDEX_SQL].map((sql) => `await op.execute(${JSON.stringify(sql)});`), downgrades: [] }
      : (changes[i - 2] ?? { imports: [], upgrades: [], downgrades: [] }),
  );
  const [first] = ids;
  const head = ids[ids.length - 1];
  if (first === undefined || head === undefined || first !== revisionId(seed, 1)) throw new Error('batch fixture: unexpected ids');
  const env = { TSDB_CACHE_DIR: path.join(dir, '.cache') };
  runOnce({ label: 'batch fixture: upgrade to revision 1', args: [cli, 'upgrade', first], cwd: dir, env });
  const baseDb = path.join(dir, 'base.db');
  const db = new Database(path.join(dir, 'app.db'));
  db.exec(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${rows})
    INSERT INTO wide (id, code, label, score, note) SELECT i, CAST(i * 7 % 100003 AS TEXT), 'label number ' || i, i / 4.0, 'note ' || i FROM c`);
  db.exec(`VACUUM INTO '${baseDb.replace(/'/g, "''")}'`);
  db.close();
  return { dir, baseDb, head };
}
