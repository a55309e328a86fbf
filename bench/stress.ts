/**
 * The stress run: (a) parallel `tsdb upgrade` processes on one database, (b) `tsdb upgrade` killed
 * with SIGKILL at random moments. Prints one report line per experiment and exits 1 when any
 * count is non-zero. Run `npm run build && node dist/bench/stress.js`.
 *
 * Environment: TSDB_STRESS_TRIALS (parallel trials, default 20), TSDB_STRESS_RUNNERS (parallel
 * runners, default 8), TSDB_STRESS_KILLS (default 50), TSDB_STRESS_REVISIONS (revisions of the
 * killed upgrade, default 150; the parallel projects get a fifth of it), TSDB_STRESS_KEEP=1 keeps
 * the temp folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { CLI } from './fixtures';
import { killUpgrades } from './stress-kill';
import { parallelUpgrades } from './stress-parallel';
import { envCount, startRun } from './stress-project';

/** Problem lines printed in full; the rest are only counted (the counts say how many). */
const SHOWN_PROBLEMS = 20;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<boolean> {
  const started = performance.now();
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing; run npm run build first`);
  const trials = envCount('TSDB_STRESS_TRIALS', 20);
  const runners = envCount('TSDB_STRESS_RUNNERS', 8);
  const kills = envCount('TSDB_STRESS_KILLS', 50);
  const revisions = Math.max(2, envCount('TSDB_STRESS_REVISIONS', 150));
  const parallelRevisions = Math.max(2, Math.round(revisions / 5));
  const run = startRun();
  print(`tsdb stress: node ${process.version}, ${os.cpus().length} CPUs, temp ${run.root}${run.keep ? ' (kept)' : ''}`);
  let problems = 0;
  const report = (line: string): void => {
    problems++;
    if (problems <= SHOWN_PROBLEMS) print(`  PROBLEM ${line}`);
  };
  try {
    const a = await parallelUpgrades(run, trials, runners, parallelRevisions, report);
    const b = await killUpgrades(run, kills, revisions, report);
    if (problems > SHOWN_PROBLEMS) print(`  … ${problems - SHOWN_PROBLEMS} more problems`);
    print(
      `parallel: ${a.trials} trials x ${a.runners} runners (${parallelRevisions} revisions): ` +
        `double applies ${a.doubleApplies}, missing ${a.missing}, failed runners ${a.failedRunners}, bad version tables ${a.badVersionTables}`,
    );
    print(
      `kill -9: ${b.kills} kills (${revisions} revisions, full upgrade ${(b.fullUpgradeMs / 1000).toFixed(2)} s; ` +
        `left at base ${b.landed.base}, part-way ${b.landed.partial}, head ${b.landed.head}; ${b.landed.journalLeft} left a journal): ` +
        `inconsistent states ${b.inconsistent}, rows lost ${b.rowsLost}, double applies ${b.doubleApplies}, failed re-runs ${b.failedReruns}`,
    );
    const counts = [
      a.doubleApplies,
      a.missing,
      a.failedRunners,
      a.badVersionTables,
      b.inconsistent,
      b.rowsLost,
      b.doubleApplies,
      b.failedReruns,
    ];
    return counts.every((n) => n === 0);
  } finally {
    if (!run.keep) fs.rmSync(run.root, { recursive: true, force: true });
    print(`elapsed ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().then(
  (clean) => {
    process.exitCode = clean ? 0 : 1;
  },
  (error: unknown) => {
    process.stderr.write(`STRESS RUN FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
