/**
 * 7. Five consecutive column changes of one 1,000,000-row table in one revision (tsdb copies the table
 * once), against the same result written by hand as one rebuild with better-sqlite3; and the same five
 * changes as five revisions (five copies: what one revision cost before changes were batched).
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeBatchProject } from './batch-rebuild-fixture';
import { interleave, median, ms, runOnce, type ProcessSpec } from './measure';
import { atMost, check, header, print, row, sampleRow, type Verdict } from './report';

const ROWS = 1_000_000;
const FLOOR = path.join(__dirname, 'floor-batch-rebuild.js');

/** The table's columns (name, type, NOT NULL, default), its row count, non-integer codes and the version row. */
function outcome(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const columns = db.prepare('SELECT name, type, "notnull", dflt_value FROM pragma_table_info(\'wide\')').raw().all();
    const rows = db.prepare('SELECT count(*) FROM wide').pluck().get();
    const text = db.prepare("SELECT count(*) FROM wide WHERE typeof(code) <> 'integer'").pluck().get();
    const version = db.prepare('SELECT version_num FROM tsdb_version').pluck().all();
    const index = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'ix_wide_code'").pluck().get();
    return JSON.stringify({ columns, rows, text, version, index });
  } finally {
    db.close();
  }
}

export function batchRebuildBench(root: string, cli: string, runs: number): Verdict[] {
  const one = makeBatchProject(path.join(root, 'batch-one'), cli, ROWS, true);
  const five = makeBatchProject(path.join(root, 'batch-five'), cli, ROWS, false);
  const spec = (project: typeof one, label: string): ProcessSpec => ({
    label,
    args: [cli, 'upgrade'],
    cwd: project.dir,
    env: { TSDB_CACHE_DIR: path.join(project.dir, '.cache') },
    before: () => fs.copyFileSync(project.baseDb, path.join(project.dir, 'app.db')),
  });
  const floorDb = path.join(one.dir, 'floor.db');
  const floor: ProcessSpec = {
    label: 'floor: one rebuild written by hand',
    args: [FLOOR, floorDb, one.head],
    cwd: one.dir,
    before: () => fs.copyFileSync(one.baseDb, floorDb),
  };
  const together = spec(one, 'tsdb upgrade: 5 changes in 1 revision');
  const apart = spec(five, 'tsdb upgrade: 5 changes in 5 revisions');
  for (const s of [floor, together]) runOnce(s);
  const [byHand, byTsdb] = [outcome(floorDb), outcome(path.join(one.dir, 'app.db'))];
  check(byHand === byTsdb, `the floor and tsdb end differently:\n${byHand}\n${byTsdb}`);
  const printed = runOnce(together).stderr;
  check(!printed.includes('warning:'), `tsdb warned: ${printed}`);
  const [f, t, a] = interleave([floor, together, apart], runs);
  if (!f || !t || !a) throw new Error('missing sample');
  const floorMedian = median(f.times);
  header(`7. five column changes, ${ROWS.toLocaleString('en')}-row table`, '×floor');
  for (const s of [f, t, a]) row(sampleRow(s, floorMedian));
  const rows = ROWS.toLocaleString('en');
  print(
    `  verified: tsdb and the floor end with the same columns, index, ${rows} rows, integer codes, version ${one.head}; ${ms(floorMedian)} floor`,
  );
  return [atMost('7  five changes, one revision ≤ 1.3× one hand-written rebuild', median(t.times), floorMedian, 1.3)];
}
