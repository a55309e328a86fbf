/**
 * Experiment a: several `tsdb upgrade` processes started at once on one fresh database. The write
 * lock must serialise them: every revision applied exactly once, every runner exits 0.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import { describeExit, makeProject, runCli, waitPastRacyWindow, type Project, type RevisionScript, type StressRun } from './stress-project';

/** What experiment a counts; all zero when tsdb behaves. */
export interface ParallelCounts {
  trials: number;
  runners: number;
  doubleApplies: number;
  missing: number;
  failedRunners: number;
  badVersionTables: number;
}

/** Rows each revision inserts, so that it holds the lock for a while (real work, not a sleep). */
const WORK_ROWS = 3000;

/** Revision i (1-based) creates and fills its own table and leaves a marker row (rev, pid) in `applied`. */
function parallelScript(i: number): RevisionScript {
  return {
    imports: [],
    upgrade: [
      ...(i === 1 ? ["await op.execute('CREATE TABLE applied (rev TEXT NOT NULL, pid INTEGER NOT NULL)');"] : []),
      "await op.execute('INSERT INTO applied (rev, pid) VALUES (?, ?)', [revision, process.pid]);",
      `await op.execute('CREATE TABLE work_${i} (n INTEGER PRIMARY KEY, v TEXT)');`,
      `await op.execute('WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${WORK_ROWS}) INSERT INTO work_${i} SELECT n, hex(randomblob(16)) FROM c');`,
    ],
  };
}

/** The marker rows per revision and the version rows of a project's database. */
function readOutcome(project: Project): { applied: Map<string, number[]>; versions: string[] } {
  const applied = new Map<string, number[]>();
  if (!fs.existsSync(project.db)) return { applied, versions: [] };
  const db = new Database(project.db, { readonly: true });
  try {
    const has = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (has('applied')) {
      for (const row of db.prepare('SELECT rev, pid FROM applied ORDER BY rowid').all() as Array<{ rev: string; pid: number }>) {
        applied.set(row.rev, [...(applied.get(row.rev) ?? []), row.pid]);
      }
    }
    const versions = has('tsdb_version')
      ? (db.prepare('SELECT version_num FROM tsdb_version').all() as Array<{ version_num: string }>).map((r) => r.version_num)
      : [];
    return { applied, versions };
  } finally {
    db.close();
  }
}

/** Runs `trials` trials of `runners` parallel upgrades over `revisions` revisions; `report` gets one line per problem. */
export async function parallelUpgrades(
  run: StressRun,
  trials: number,
  runners: number,
  revisions: number,
  report: (line: string) => void,
): Promise<ParallelCounts> {
  const counts: ParallelCounts = { trials, runners, doubleApplies: 0, missing: 0, failedRunners: 0, badVersionTables: 0 };
  if (trials === 0) return counts;
  const scripts = Array.from({ length: revisions }, (_, i) => parallelScript(i + 1));
  const projects = Array.from({ length: trials }, (_, t) => makeProject(run, `parallel-${t + 1}`, scripts));
  await waitPastRacyWindow();
  for (const [t, project] of projects.entries()) {
    const trial = `parallel trial ${t + 1} (${project.dir})`;
    // All runners are spawned before any is awaited; the lock timeout outlasts every other runner's upgrade.
    const exits = await Promise.all(
      Array.from({ length: runners }, () => runCli(project.dir, ['upgrade', '--lock-timeout', '120'], run.env)),
    );
    for (const [r, exit] of exits.entries()) {
      if (exit.code === 0) continue;
      counts.failedRunners++;
      report(`${trial}: runner ${r + 1}: ${describeExit(exit)}`);
    }
    const { applied, versions } = readOutcome(project);
    for (const [index, id] of project.ids.entries()) {
      const pids = applied.get(id) ?? [];
      if (pids.length > 1) {
        counts.doubleApplies++;
        report(`${trial}: revision ${index + 1} (${id}) applied ${pids.length} times, by pids ${pids.join(', ')}`);
      } else if (pids.length === 0) {
        counts.missing++;
        report(`${trial}: revision ${index + 1} (${id}) never applied`);
      }
    }
    const head = project.ids[project.ids.length - 1];
    if (versions.length !== 1 || versions[0] !== head) {
      counts.badVersionTables++;
      report(`${trial}: version table is [${versions.join(', ')}], expected [${String(head)}]`);
    }
    if (!run.keep) fs.rmSync(project.dir, { recursive: true, force: true });
  }
  return counts;
}
