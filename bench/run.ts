/**
 * `npm run bench`: whole-process timings of tsdb against physical floors and against knex.
 * Every compared command runs in the same bench, interleaved; medians (and min) over N runs.
 * TSDB_BENCH_QUICK=1 runs each case 3 times (for working on the bench, not for numbers);
 * TSDB_BENCH_KEEP=1 keeps the temp folder. `node dist/bench/run.js pg` runs the PostgreSQL cases (8, 9) only,
 * on a throwaway server (test/helpers/pg-server.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkBench } from './check-bench';
import { pgCheckBench, pgUpgradeBench } from './pg-bench';
import { startPostgres } from '../test/helpers/pg-server';
import { batchRebuildBench } from './batch-rebuild-bench';
import { rebuildBench } from './rebuild-bench';
import { performance } from 'node:perf_hooks';
import {
  CLI,
  EMPTY_BODY,
  REPO_ROOT,
  createTableBody,
  createTableSql,
  makeTsdbProject,
  removeDatabase,
  tableName,
  writeKnexMigrations,
  writeLoaderModules,
  writeRevisions,
  waitPastRacyWindow,
} from './fixtures';
import { BenchFailure, interleave, median, ms, repeat, runOnce, type ProcessSpec } from './measure';
import { atMost, check, header, print, printVerdicts, row, sampleRow, times, verifyDatabase, type Verdict } from './report';

const QUICK = process.env['TSDB_BENCH_QUICK'] === '1';
const RUNS = {
  start: QUICK ? 3 : 20,
  upgrade: QUICK ? 3 : 7,
  history: QUICK ? 3 : 15,
  loader: QUICK ? 3 : 9,
  typeCheck: QUICK ? 1 : 3,
  rebuild: QUICK ? 2 : 5,
  pgUpgrade: QUICK ? 3 : 7,
  pgCheck: QUICK ? 3 : 9,
};
const UPGRADE_REVISIONS = 200;
const HISTORY_REVISIONS = 1000;
const LOADER_MODULES = 200;

const FLOOR_SCRIPT = path.join(__dirname, 'floor-sqlite.js');
const LOAD_CHILD = path.join(__dirname, 'load-child.js');
const NODE_EMPTY = (cwd: string): ProcessSpec => ({ label: 'node -e 0', args: ['-e', '0'], cwd });

/** An empty TSDB_CACHE_DIR for every run (a new folder each call, never reused). */
function freshCacheDir(root: string, name: string): () => Readonly<Record<string, string>> {
  let n = 0;
  return () => ({ TSDB_CACHE_DIR: path.join(root, `cache-cold-${name}-${n++}`) });
}

/** A row for a single timed run (cold-cache first runs). */
function single(label: string, value: number, floor: number | null): void {
  row({ label, runs: 1, median: value, min: value, ratio: floor === null ? '' : times(value / floor) });
}

/** 1. A tiny project (one revision, applied): tsdb current against node -e 0, and where start-up time goes. */
function startup(root: string): Verdict {
  const dir = makeTsdbProject(path.join(root, 'tiny'));
  const cache = { TSDB_CACHE_DIR: path.join(root, 'cache-tiny') };
  const [id] = writeRevisions(dir, 1, 'tiny', () => EMPTY_BODY);
  runOnce({ label: 'tsdb upgrade (tiny)', args: [CLI, 'upgrade'], cwd: dir, env: cache });
  const current: ProcessSpec = { label: 'tsdb current (warm cache)', args: [CLI, 'current'], cwd: dir, env: cache };
  check(runOnce(current).stdout.trim() === `${id} (head)`, `tsdb current does not print '${id} (head)'`);
  const commander = require.resolve('commander');
  const bare = `const { Command } = require(${JSON.stringify(commander)}); new Command('tsdb').version('0.1.0', '-V, --version').parse(['--version'], { from: 'user' });`;
  const [node, warm, cold, version, commanderCli] = interleave(
    [
      NODE_EMPTY(dir),
      current,
      { ...current, label: 'tsdb current (cold cache: empty cache dir)', envFor: freshCacheDir(root, 'current') },
      { label: 'tsdb --version', args: [CLI, '--version'], cwd: dir },
      { label: 'bare commander CLI --version (node -e)', args: ['-e', bare], cwd: dir },
    ],
    RUNS.start,
  );
  if (!node || !warm || !cold || !version || !commanderCli) throw new Error('missing sample');
  const floor = median(node.times);
  header('1. start-up: tiny project, 1 revision applied', '×node');
  for (const s of [node, warm, cold, version, commanderCli]) row(sampleRow(s, floor));
  const [v, c, w] = [median(version.times), median(commanderCli.times), median(warm.times)];
  print(
    `  split of warm current: node ${ms(floor)} + commander ${ms(c - floor)} + rest of bundle ${ms(v - c)} + config/scripts/sqlite ${ms(w - v)}`,
  );
  return atMost('1  tsdb current ≤ 1.5× node -e 0 (warm cache)', w, floor, 1.5);
}

/** 2. tsdb upgrade over 200 createTable revisions from an empty database, against the better-sqlite3 floor and knex. */
function upgrade(root: string): Verdict[] {
  const dir = makeTsdbProject(path.join(root, 'upgrade'));
  const ids = writeRevisions(dir, UPGRADE_REVISIONS, 'upgrade', createTableBody);
  const last = ids[ids.length - 1] ?? '';
  const plan = path.join(root, 'floor-plan.json');
  fs.writeFileSync(plan, JSON.stringify(ids.map((id, i) => ({ id, sql: createTableSql(tableName(i + 1)) }))));
  const knexDir = path.join(root, 'knex');
  writeKnexMigrations(knexDir, UPGRADE_REVISIONS);

  const appDb = path.join(dir, 'app.db');
  const tsdb: ProcessSpec = {
    label: 'tsdb upgrade (warm cache)',
    args: [CLI, 'upgrade'],
    cwd: dir,
    env: { TSDB_CACHE_DIR: path.join(root, 'cache-upgrade') },
    before: () => removeDatabase(appDb),
  };
  // The first run of all, on an empty cache: the cold-cache number.
  const coldRun = runOnce(tsdb);
  const steps = coldRun.stderr.split('\n').filter((line) => line.startsWith('Running upgrade')).length;
  check(steps === UPGRADE_REVISIONS, `tsdb upgrade reported ${steps} steps, expected ${UPGRADE_REVISIONS}`);
  verifyDatabase(appDb, 'tsdb upgrade (cold cache)', UPGRADE_REVISIONS, last);

  const floorDb = (mode: string) => path.join(root, `floor-${mode}.db`);
  const floor = (mode: string, label: string): ProcessSpec => ({
    label,
    args: [FLOOR_SCRIPT, floorDb(mode), plan, mode],
    cwd: root,
    before: () => removeDatabase(floorDb(mode)),
  });
  const knexDb = path.join(knexDir, 'knex.db');
  const knexCode =
    `require(${JSON.stringify(require.resolve('knex'))})({ client: 'better-sqlite3', connection: { filename: ${JSON.stringify(knexDb)} }, useNullAsDefault: true })` +
    '.migrate.latest().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })';
  const [a, b, knex, warm] = interleave(
    [
      floor('savepoints', 'a. floor: better-sqlite3, 1 txn + savepoints'),
      floor('per-revision', 'b. better-sqlite3, 1 txn per revision'),
      { label: 'c. knex migrate:latest (200 JS migrations)', args: ['-e', knexCode], cwd: knexDir, before: () => removeDatabase(knexDb) },
      tsdb,
    ],
    RUNS.upgrade,
  );
  if (!a || !b || !knex || !warm) throw new Error('missing sample');
  verifyDatabase(appDb, 'tsdb upgrade (warm cache)', UPGRADE_REVISIONS, last);
  verifyDatabase(floorDb('savepoints'), 'floor a', UPGRADE_REVISIONS, last);
  verifyDatabase(floorDb('per-revision'), 'floor b', UPGRADE_REVISIONS, last);
  verifyDatabase(knexDb, 'knex', UPGRADE_REVISIONS, null);

  const floorA = median(a.times);
  const knexMedian = median(knex.times);
  const tsdbMedian = median(warm.times);
  header(`2. upgrade: ${UPGRADE_REVISIONS} createTable revisions, fresh db`, '×floor a');
  for (const s of [a, b, knex, warm]) row(sampleRow(s, floorA));
  single('tsdb upgrade (cold cache, first run)', coldRun.ms, floorA);
  print(`  verified: tsdb_version = ${last}, ${UPGRADE_REVISIONS} tables (tsdb cold + warm, floors a/b, knex)`);
  return [
    atMost('2a tsdb upgrade ≤ 2× floor a (warm cache)', tsdbMedian, floorA, 2),
    {
      name: '2c tsdb upgrade faster than knex migrate:latest',
      pass: tsdbMedian < knexMedian,
      detail: `${times(tsdbMedian / knexMedian)} of knex (${ms(tsdbMedian)} vs ${ms(knexMedian)})`,
    },
  ];
}

/** 3. tsdb history over a 1,000-revision chain, against node -e 0. */
function history(root: string): Verdict {
  const dir = makeTsdbProject(path.join(root, 'history'));
  const ids = writeRevisions(dir, HISTORY_REVISIONS, 'history', () => EMPTY_BODY);
  const spec: ProcessSpec = {
    label: 'tsdb history (warm cache)',
    args: [CLI, 'history'],
    cwd: dir,
    env: { TSDB_CACHE_DIR: path.join(root, 'cache-history') },
  };
  const cold = runOnce(spec);
  const lines = cold.stdout.trimEnd().split('\n');
  check(lines.length === HISTORY_REVISIONS, `tsdb history printed ${lines.length} lines, expected ${HISTORY_REVISIONS}`);
  check(
    (lines[0] ?? '').includes(ids[ids.length - 1] ?? '?') && (lines[0] ?? '').includes('(head)'),
    `tsdb history's first line is not the head: ${lines[0]}`,
  );
  const [node, warm] = interleave([NODE_EMPTY(dir), spec], RUNS.history);
  if (!node || !warm) throw new Error('missing sample');
  const floor = median(node.times);
  header(`3. history: ${HISTORY_REVISIONS} revisions, linear chain`, '×node');
  row(sampleRow(node, floor));
  row(sampleRow(warm, floor));
  single('tsdb history (cold cache, first run)', cold.ms, floor);
  return atMost('3  tsdb history ≤ 2× node -e 0 (warm cache)', median(warm.times), floor, 2);
}

/** 4. Loading 200 small TypeScript modules in a fresh process: tsdb's loader against ts-node (README design notes). */
function loaders(root: string): void {
  const dir = path.join(root, 'loader');
  writeLoaderModules(dir, LOADER_MODULES);
  waitPastRacyWindow();
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'tsdb'), 'dir');
  const spec = (mode: string, label: string, env: Readonly<Record<string, string>> = {}): ProcessSpec => ({
    label,
    args: [LOAD_CHILD, mode, dir],
    cwd: dir,
    env,
  });
  const count = (s: ProcessSpec) =>
    check(runOnce(s).stdout.trim() === String(LOADER_MODULES), `${s.label} did not load ${LOADER_MODULES} modules`);
  const js = spec('js', 'plain require of the same modules as .js (floor)');
  const warm = spec('tsdb', "(i) tsdb's loader, warm cache", { TSDB_CACHE_DIR: path.join(root, 'cache-loader') });
  const cold: ProcessSpec = { ...spec('tsdb', "(ii) tsdb's loader, cold cache"), envFor: freshCacheDir(root, 'loader') };
  const transpileOnly = spec('ts-node', '(iii) ts-node, transpileOnly');
  const typeCheck = spec('ts-node-check', '(iv) ts-node, type-checking');
  for (const s of [js, warm, cold, transpileOnly]) count(s);
  const samples = interleave([js, warm, cold, transpileOnly], RUNS.loader, 0);
  const checked = repeat(typeCheck, RUNS.typeCheck);
  const floor = median(samples[0]?.times ?? []);
  header(`4. load ${LOADER_MODULES} small .ts modules, fresh process`, '×floor');
  for (const s of [...samples, checked]) row(sampleRow(s, floor));
}

/** Cases 8 and 9 on one throwaway PostgreSQL server, stopped afterwards. */
async function postgres(root: string, only: ReadonlyArray<string>): Promise<Verdict[]> {
  const server = await startPostgres();
  try {
    print(`PostgreSQL: ${server.bin}, fsync off, port ${server.port}`);
    return [
      ...(only.includes('8') ? pgUpgradeBench(server, root, CLI, RUNS.pgUpgrade) : []),
      ...(only.includes('9') ? pgCheckBench(server, root, CLI, RUNS.pgCheck) : []),
    ];
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!fs.existsSync(CLI)) throw new BenchFailure(`${CLI} is missing; run npm run build first`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-bench-'));
  print(
    `tsdb bench: node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs, temp ${root}${QUICK ? ' (QUICK: numbers are rough)' : ''}`,
  );
  print('whole processes (spawnSync), compared commands interleaved; ratio = median / median of the row it names');
  const verdicts: Verdict[] = [];
  try {
    // TSDB_BENCH_ONLY=1,3 runs some cases only (for working on one figure); `run.js pg` the PostgreSQL ones.
    const only = (process.argv[2] === 'pg' ? '8,9' : (process.env['TSDB_BENCH_ONLY'] ?? '1,2,3,4,5,6,7,8,9')).split(',');
    if (only.includes('1')) verdicts.push(startup(root));
    if (only.includes('2')) verdicts.push(...upgrade(root));
    if (only.includes('3')) verdicts.push(history(root));
    if (only.includes('4')) loaders(root);
    if (only.includes('5')) verdicts.push(checkBench(root, CLI, RUNS.history));
    if (only.includes('6')) verdicts.push(...rebuildBench(root, CLI, RUNS.rebuild));
    if (only.includes('7')) verdicts.push(...batchRebuildBench(root, CLI, RUNS.rebuild));
    if (only.includes('8') || only.includes('9')) verdicts.push(...(await postgres(root, only)));
  } finally {
    if (process.env['TSDB_BENCH_KEEP'] !== '1') fs.rmSync(root, { recursive: true, force: true });
  }
  print(`bench took ${ms(performance.now() - started)}`);
  printVerdicts(verdicts);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nBENCH FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
