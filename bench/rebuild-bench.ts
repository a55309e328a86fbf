/**
 * 6. A column type change on a 1,000,000-row table (a full rebuild), against the same statements run
 * by hand with better-sqlite3; with stderr piped and on a terminal (progress drawn); peak RSS of each,
 * and of tsdb on a table ten times smaller, to show memory does not grow with the table.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interleave, median, ms, runOnce, type ProcessSpec, type RunOutput } from './measure';
import { makeRebuildProject } from './rebuild-fixture';
import { atMost, check, header, print, row, sampleRow, type Verdict } from './report';

const ROWS = 1_000_000;
const SMALL_ROWS = 100_000;
const FLOOR = path.join(__dirname, 'floor-rebuild.js');
const RSS = path.join(__dirname, 'rss-report.js');

function peakRssMb(out: RunOutput): number {
  const match = /BENCH_MAXRSS_KB=(\d+)/.exec(`${out.stdout}\n${out.stderr}`);
  check(match !== null, 'a benchmarked process did not report its peak RSS');
  return Number(match?.[1]) / 1024;
}

function verifyRebuilt(file: string, head: string, rows: number, what: string): void {
  const db = new Database(file, { readonly: true });
  try {
    const version = (db.prepare('SELECT version_num FROM tsdb_version').get() as { version_num: string } | undefined)?.version_num;
    const count = (db.prepare('SELECT count(*) AS n FROM big').get() as { n: number }).n;
    const type = (db.prepare("SELECT type FROM pragma_table_info('big') WHERE name = 'n'").get() as { type: string }).type;
    check(
      version === head && count === rows && type === 'BIGINT',
      `${what}: expected ${head}, ${rows} rows, n BIGINT; found ${version}, ${count}, ${type}`,
    );
  } finally {
    db.close();
  }
}

export function rebuildBench(root: string, cli: string, runs: number): Verdict[] {
  const big = makeRebuildProject(path.join(root, 'rebuild'), cli, ROWS);
  const appDb = path.join(big.dir, 'app.db');
  const floorDb = path.join(big.dir, 'floor.db');
  const env = { TSDB_CACHE_DIR: path.join(big.dir, '.cache') };
  const fresh = (file: string) => () => fs.copyFileSync(big.baseDb, file);
  const piped: ProcessSpec = {
    label: 'tsdb upgrade (stderr piped)',
    args: ['-r', RSS, cli, 'upgrade'],
    cwd: big.dir,
    env,
    before: fresh(appDb),
  };
  const tty: ProcessSpec = {
    label: 'tsdb upgrade (on a terminal: progress drawn)',
    command: 'script',
    args: ['-qec', `${JSON.stringify(process.execPath)} -r ${JSON.stringify(RSS)} ${JSON.stringify(cli)} upgrade`, '/dev/null'],
    cwd: big.dir,
    env,
    before: fresh(appDb),
  };
  const floor: ProcessSpec = {
    label: 'floor: INSERT INTO new SELECT … by hand',
    args: ['-r', RSS, FLOOR, floorDb, big.head],
    cwd: big.dir,
    before: fresh(floorDb),
  };
  const rss = [floor, piped, tty].map((spec) => peakRssMb(runOnce(spec)));
  verifyRebuilt(appDb, big.head, ROWS, 'tsdb upgrade');
  verifyRebuilt(floorDb, big.head, ROWS, 'floor');
  const ttyOut = runOnce(tty).stdout;
  check(ttyOut.includes('[1/1] Running upgrade') && ttyOut.includes('Done: upgrade of 1 revision'), 'tsdb on a terminal drew no progress');
  const [f, p, t] = interleave([floor, piped, tty], runs);
  if (!f || !p || !t) throw new Error('missing sample');

  const small = makeRebuildProject(path.join(root, 'rebuild-small'), cli, SMALL_ROWS);
  const smallRss = peakRssMb(
    runOnce({
      ...piped,
      cwd: small.dir,
      env: { TSDB_CACHE_DIR: path.join(small.dir, '.cache') },
      before: () => fs.copyFileSync(small.baseDb, path.join(small.dir, 'app.db')),
    }),
  );

  const floorMedian = median(f.times);
  header(`6. column type change on a ${ROWS.toLocaleString('en')}-row table (rebuild)`, '×floor');
  for (const s of [f, p, t]) row(sampleRow(s, floorMedian));
  print(
    `  peak RSS: floor ${rss[0]?.toFixed(0)} MB, tsdb piped ${rss[1]?.toFixed(0)} MB, tsdb on a terminal ${rss[2]?.toFixed(0)} MB; tsdb on ${SMALL_ROWS.toLocaleString('en')} rows ${smallRss.toFixed(0)} MB`,
  );
  print(`  verified: ${ROWS.toLocaleString('en')} rows, n BIGINT, version ${big.head} (tsdb and floor); ${ms(floorMedian)} floor`);
  return [
    atMost('6a rebuild ≤ 1.3× floor (stderr piped)', median(p.times), floorMedian, 1.3),
    atMost('6b rebuild ≤ 1.3× floor (terminal, progress drawn)', median(t.times), floorMedian, 1.3),
  ];
}
