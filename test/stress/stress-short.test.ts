/**
 * A short stress run (bench/stress.ts, built to dist/bench/stress.js): parallel upgrades and
 * SIGKILLed upgrades must leave every count at zero. The full run is `node dist/bench/stress.js`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/temp-project';

const STRESS = path.join(REPO_ROOT, 'dist', 'bench', 'stress.js');

const SMALL = { TSDB_STRESS_TRIALS: '2', TSDB_STRESS_RUNNERS: '4', TSDB_STRESS_KILLS: '6', TSDB_STRESS_REVISIONS: '30' };

const PARALLEL =
  /^parallel: (\d+) trials x (\d+) runners .*: double applies (\d+), missing (\d+), failed runners (\d+), bad version tables (\d+)$/m;
const KILL = /^kill -9: (\d+) kills .*: inconsistent states (\d+), rows lost (\d+), double applies (\d+), failed re-runs (\d+)$/m;

function runStress(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...SMALL };
    delete env['TSDB_STRESS_KEEP'];
    execFile(process.execPath, [STRESS], { cwd: REPO_ROOT, env, timeout: 55_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

/** The numbers a report line captured. */
function numbers(match: RegExpExecArray | null): number[] {
  return match === null ? [] : match.slice(1).map(Number);
}

describe('stress run (short)', () => {
  it('parallel upgrades and kill -9 mid-upgrade leave every count at zero', async () => {
    expect(fs.existsSync(STRESS), `${STRESS} is missing: run npm run build`).toBe(true);
    const result = await runStress();
    const output = `${result.stdout}\n${result.stderr}`;
    // [trials, runners, double applies, missing, failed runners, bad version tables]
    expect(numbers(PARALLEL.exec(result.stdout)), output).toEqual([2, 4, 0, 0, 0, 0]);
    // [kills, inconsistent states, rows lost, double applies, failed re-runs]
    expect(numbers(KILL.exec(result.stdout)), output).toEqual([6, 0, 0, 0, 0]);
    expect(result.stdout, output).not.toContain('PROBLEM');
    expect(result.code, output).toBe(0);
  }, 60_000);
});
