/**
 * Experiment b: `tsdb upgrade` killed with SIGKILL at a random moment of a long upgrade (table
 * rebuilds of 50k rows, DDL, ledger rows). The database must show exactly the revisions at or
 * below its version row, and a plain re-run must reach head with every effect exactly once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectDatabase, type Inspection } from './stress-check';
import { killPlan, type PlannedRevision } from './stress-kill-plan';
import {
  describeExit,
  makeProject,
  removeDatabase,
  runCli,
  sleep,
  startCli,
  waitPastRacyWindow,
  type Project,
  type StressRun,
} from './stress-project';

/** What experiment b counts; the first four are zero when tsdb behaves. */
export interface KillCounts {
  kills: number;
  inconsistent: number;
  rowsLost: number;
  doubleApplies: number;
  failedReruns: number;
  /** Where the killed upgrades left the database, and how many left a rollback journal (for the report, not failures). */
  landed: { base: number; partial: number; head: number; journalLeft: number };
  /** Wall time of one full upgrade, in ms: the kill delay is drawn uniformly from [0, this). */
  fullUpgradeMs: number;
}

const UPGRADE = ['upgrade', '--lock-timeout', '10'];
/** A re-run that takes longer than this is stuck (e.g. on a lock nobody holds any more). */
const RERUN_LIMIT_MS = 60_000;

/** Inspects a copy of the database and its journal, so the original's hot journal is left for tsdb itself to roll back. */
function inspectCopy(project: Project, plan: ReadonlyArray<PlannedRevision>, scratch: string): Inspection {
  removeDatabase(scratch);
  if (!fs.existsSync(project.db)) return inspectDatabase(scratch, project.ids, plan);
  fs.copyFileSync(project.db, scratch);
  if (fs.existsSync(`${project.db}-journal`)) fs.copyFileSync(`${project.db}-journal`, `${scratch}-journal`);
  try {
    return inspectDatabase(scratch, project.ids, plan);
  } finally {
    removeDatabase(scratch);
  }
}

/** Times a full upgrade from an empty database (after one untimed run that fills the transpile cache), checking both runs. */
async function timeFullUpgrade(run: StressRun, project: Project, plan: ReadonlyArray<PlannedRevision>): Promise<number> {
  let ms = 0;
  for (const label of ['warm-up', 'timed']) {
    removeDatabase(project.db);
    const exit = await runCli(project.dir, UPGRADE, run.env);
    const state = inspectDatabase(project.db, project.ids, plan);
    if (exit.code !== 0 || state.applied !== plan.length || state.problems.length > 0) {
      throw new Error(
        `the ${label} upgrade of ${project.dir} did not reach head cleanly (${describeExit(exit)}): ${state.problems.slice(0, 5).join('; ')}`,
      );
    }
    ms = exit.ms;
  }
  return ms;
}

/** Everything one kill trial needs. */
interface KillSetup {
  readonly run: StressRun;
  readonly project: Project;
  readonly plan: ReadonlyArray<PlannedRevision>;
  readonly scratch: string;
  readonly counts: KillCounts;
  readonly report: (line: string) => void;
}

/** Upgrades to revision `from` (when above base); false (counted and reported) when that fails. */
async function startFrom(setup: KillSetup, from: number, trial: string): Promise<boolean> {
  const { run, project, counts, report } = setup;
  removeDatabase(project.db);
  if (from === 0) return true;
  const exit = await runCli(project.dir, [...UPGRADE, project.ids[from - 1] ?? ''], run.env, RERUN_LIMIT_MS);
  if (exit.code === 0) return true;
  counts.failedReruns++;
  report(`${trial}: the upgrade to revision ${from} failed: ${describeExit(exit)}`);
  return false;
}

/** Kill k: upgrade, SIGKILL after a random delay, check the database, re-run, check again. */
async function killTrial(setup: KillSetup, k: number): Promise<void> {
  const { run, project, plan, counts, report } = setup;
  const head = plan.length;
  // Every third kill starts from a database already part-way up, so the killed run begins above base.
  const from = k % 3 === 0 && head > 2 ? 1 + Math.floor(Math.random() * (head - 2)) : 0;
  const trial = `kill ${k} (from ${from === 0 ? 'base' : `revision ${from}`})`;
  if (!(await startFrom(setup, from, trial))) return;

  const delay = Math.random() * counts.fullUpgradeMs;
  const upgrade = startCli(project.dir, UPGRADE, run.env);
  await sleep(delay);
  upgrade.child.kill('SIGKILL');
  const killed = await upgrade.exit;
  const at = `${trial}, SIGKILL after ${Math.round(delay)} ms`;
  if (killed.signal === null && killed.code !== 0) {
    counts.failedReruns++;
    report(`${at}: the upgrade failed before it was killed: ${describeExit(killed)}`);
  }

  if (fs.existsSync(`${project.db}-journal`)) counts.landed.journalLeft++; // killed inside a write transaction
  const state = inspectCopy(project, plan, setup.scratch);
  if (state.applied === 0) counts.landed.base++;
  else if (state.applied === head) counts.landed.head++;
  else counts.landed.partial++;
  if (state.problems.length > 0) {
    counts.inconsistent++;
    report(`${at}: inconsistent at ${String(state.applied)} applied: ${state.problems.slice(0, 5).join('; ')}`);
  }
  counts.rowsLost += state.rowsLost;
  counts.doubleApplies += state.doubleApplies;

  const rerun = await runCli(project.dir, UPGRADE, run.env, RERUN_LIMIT_MS);
  const after = inspectDatabase(project.db, project.ids, plan);
  // Only what the re-run added: a problem already there after the kill is counted once.
  counts.rowsLost += Math.max(0, after.rowsLost - state.rowsLost);
  counts.doubleApplies += Math.max(0, after.doubleApplies - state.doubleApplies);
  if (rerun.code !== 0 || after.applied !== head || after.problems.length > 0) {
    counts.failedReruns++;
    report(
      `${at}: re-run ${describeExit(rerun)}; then at ${String(after.applied)} of ${head} applied: ${after.problems.slice(0, 5).join('; ')}`,
    );
  }
}

/** Runs `kills` kill trials over a chain of `revisions`, each on a fresh database; `report` gets one line per problem. */
export async function killUpgrades(run: StressRun, kills: number, revisions: number, report: (line: string) => void): Promise<KillCounts> {
  const counts: KillCounts = {
    kills,
    inconsistent: 0,
    rowsLost: 0,
    doubleApplies: 0,
    failedReruns: 0,
    landed: { base: 0, partial: 0, head: 0, journalLeft: 0 },
    fullUpgradeMs: 0,
  };
  if (kills === 0) return counts;
  const plan = killPlan(revisions);
  const project = makeProject(
    run,
    'kill',
    plan.map((r) => r.script),
  );
  await waitPastRacyWindow();
  counts.fullUpgradeMs = await timeFullUpgrade(run, project, plan);
  const setup: KillSetup = { run, project, plan, scratch: path.join(run.root, 'inspect.db'), counts, report };
  for (let k = 1; k <= kills; k++) await killTrial(setup, k);
  if (!run.keep) fs.rmSync(project.dir, { recursive: true, force: true });
  return counts;
}
