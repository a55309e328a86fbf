/** Temp projects for the stress run, with scripts written from a template string, and the built CLI as a child process. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLI, REPO_ROOT, revisionId } from './fixtures';

export { removeDatabase } from './fixtures';

/** The temp folder of one stress run and the environment its children get. */
export interface StressRun {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly keep: boolean;
}

/** A temp folder in os.tmpdir(), with its own transpile cache (TSDB_CACHE_DIR) and no colour. */
export function startRun(): StressRun {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-stress-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: path.join(root, 'cache') };
  delete env['FORCE_COLOR'];
  delete env['DATABASE_URL']; // the config's url must be the one used
  return { root, env, keep: process.env['TSDB_STRESS_KEEP'] === '1' };
}

/** What one revision script does: names imported from 'tsdb' and the statements of upgrade(op). */
export interface RevisionScript {
  readonly imports: ReadonlyArray<string>;
  readonly upgrade: ReadonlyArray<string>;
}

/** A project: its folder, its database file and its revision ids, oldest first (a linear chain). */
export interface Project {
  readonly dir: string;
  readonly db: string;
  readonly ids: ReadonlyArray<string>;
}

function scriptText(id: string, parent: string | null, message: string, script: RevisionScript): string {
  return `/**
 * ${message}
 *
 * Revision ID: ${id}
 * Revises: ${parent ?? ''}
 */
import { ${[...script.imports, 'type Operations'].join(', ')} } from 'tsdb';

export const revision = '${id}';
export const downRevision: string | string[] | null = ${parent === null ? 'null' : `'${parent}'`};
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
${script.upgrade.map((line) => `  ${line}`).join('\n')}
}

export async function downgrade(op: Operations): Promise<void> {
  throw new Error('the stress run never downgrades');
}
`;
}

/**
 * Makes `root/name`: node_modules/tsdb → this checkout, a tsdb.config.ts with `sqlite:///app.db`,
 * migrations/ from `tsdb init`, and one script per entry of `scripts` (a linear chain).
 */
export function makeProject(run: StressRun, name: string, scripts: ReadonlyArray<RevisionScript>): Project {
  const dir = path.join(run.root, name);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'tsdb'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'tsdb.config.ts'),
    "import { defineConfig } from 'tsdb';\n\nexport default defineConfig({ url: 'sqlite:///app.db' });\n",
  );
  const init = spawnSync(process.execPath, [CLI, 'init'], { cwd: dir, env: run.env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`tsdb init in ${dir} exited ${String(init.status)}: ${init.stderr}`);
  const ids: string[] = [];
  scripts.forEach((script, i) => {
    const id = revisionId(name, i + 1);
    const message = `${name} revision ${i + 1}`;
    fs.writeFileSync(
      path.join(dir, 'migrations', 'versions', `${id}_revision_${i + 1}.ts`),
      scriptText(id, ids[i - 1] ?? null, message, script),
    );
    ids.push(id);
  });
  return { dir, db: path.join(dir, 'app.db'), ids };
}

/** How a CLI child ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly ms: number;
  /** True when the stress run killed it because it ran past its time limit. */
  readonly timedOut: boolean;
}

/** A started `tsdb ...args` child; `exit` settles when it has ended. */
export interface Started {
  readonly child: ChildProcess;
  readonly exit: Promise<Exit>;
}

/** Spawns `node dist/bin/tsdb.js ...args` in `dir` now (not when awaited); SIGKILLed after `timeoutMs`. */
export function startCli(dir: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Started {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let timedOut = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: performance.now() - started, timedOut });
    });
  });
  return { child, exit };
}

/** Runs `tsdb ...args` and waits for it. */
export function runCli(dir: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<Exit> {
  return startCli(dir, args, env, timeoutMs).exit;
}

/** One line saying how a child ended, with the end of its stderr. */
export function describeExit(exit: Exit): string {
  const how = exit.timedOut
    ? `timed out after ${Math.round(exit.ms)} ms`
    : exit.signal !== null
      ? `killed by ${exit.signal}`
      : `exit ${String(exit.code)}`;
  const tail = exit.stderr.trim().split('\n').slice(-2).join(' | ');
  return tail === '' ? how : `${how}: ${tail}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** tsdb caches no file changed in the last two seconds; waiting once lets the children share the cache. */
export function waitPastRacyWindow(): Promise<void> {
  return sleep(2100);
}

/** A non-negative integer from the environment, or `fallback`. */
export function envCount(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${text}: expected a whole number`);
  return value;
}
