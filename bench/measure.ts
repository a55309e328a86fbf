/** Whole-process timing: spawn with this node, interleave the compared commands, report median and min. */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** One command to time: `node ...args` in `cwd`. */
export interface ProcessSpec {
  readonly label: string;
  /** The program to run (default: this node); e.g. script(1) to give the command a terminal. */
  readonly command?: string;
  readonly args: ReadonlyArray<string>;
  readonly cwd: string;
  /** Extra environment; the bench's own environment is the base. */
  readonly env?: Readonly<Record<string, string>>;
  /** Runs before each timed run, untimed (e.g. delete the database file). */
  readonly before?: (run: number) => void;
  /** A fresh environment per run (e.g. an empty cache directory); merged over `env`. */
  readonly envFor?: (run: number) => Readonly<Record<string, string>>;
}

/** Timings of one spec, in milliseconds. */
export interface Sample {
  readonly label: string;
  readonly times: ReadonlyArray<number>;
}

/** The result of one spawned run. */
export interface RunOutput {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Thrown when a benchmarked command fails: a fast wrong result is worthless. */
export class BenchFailure extends Error {}

/** Runs `spec` once and returns its wall time; throws BenchFailure on a non-zero exit. */
export function runOnce(spec: ProcessSpec, run = 0): RunOutput {
  spec.before?.(run);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...spec.env, ...spec.envFor?.(run) };
  const start = performance.now();
  const result = spawnSync(spec.command ?? process.execPath, [...spec.args], {
    cwd: spec.cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error?.message ?? `exit ${String(result.status)}${result.signal === null ? '' : ` (${result.signal})`}`;
    throw new BenchFailure(
      `${spec.label} failed: ${why}\n  ${spec.command ?? 'node'} ${spec.args.join(' ')}\n  cwd ${spec.cwd}\n${result.stderr.slice(-2000)}`,
    );
  }
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Times every spec `runs` times, interleaved (A B C, C B A, A B C …) so machine noise and order
 * effects fall on all of them alike. `warmup` untimed rounds go first.
 */
export function interleave(specs: ReadonlyArray<ProcessSpec>, runs: number, warmup = 1): Sample[] {
  for (let w = 0; w < warmup; w++) for (const spec of specs) runOnce(spec, -1 - w);
  const times = specs.map((): number[] => []);
  for (let round = 0; round < runs; round++) {
    const order = specs.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const spec = specs[i];
      if (spec !== undefined) times[i]?.push(runOnce(spec, round).ms);
    }
  }
  return specs.map((spec, i) => ({ label: spec.label, times: times[i] ?? [] }));
}

/** Times one spec alone, `runs` times. */
export function repeat(spec: ProcessSpec, runs: number, warmup = 0): Sample {
  const [sample] = interleave([spec], runs, warmup);
  if (sample === undefined) throw new Error('no sample');
  return sample;
}

/** The median of a non-empty list. */
export function median(values: ReadonlyArray<number>): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? NaN) + upper) / 2;
}

/** The smallest value. */
export function min(values: ReadonlyArray<number>): number {
  return Math.min(...values);
}

/** Milliseconds, aligned. */
export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}
