/**
 * Temp projects for CLI end-to-end tests: a fresh folder under os.tmpdir() with `node_modules/tsdb`
 * linked to this repository, and `run(args)` that spawns the built CLI (dist/bin/tsdb.js) in it.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** The repository root (this file is test/helpers/temp-project.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The built CLI; `npm test` builds it before vitest runs. */
export const CLI = path.join(REPO_ROOT, 'dist', 'bin', 'tsdb.js');

/** What a CLI run returned. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of `run`. */
export interface RunOptions {
  /** Folder to run in, relative to the project (default: the project root). */
  readonly cwd?: string;
  /** Extra environment variables (added to the defaults). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Options of a temp project. */
export interface TempProjectOptions {
  /** Writes package.json with this `type`; omitted: no package.json. */
  readonly type?: 'module' | 'commonjs';
  /** Starts as a copy of this project's files (e.g. a template made once in beforeAll); `type` is then ignored. */
  readonly copyOf?: () => TempProject;
}

/** A temp project folder and the tools to drive the CLI in it. */
export interface TempProject {
  /** The project folder (absolute). */
  readonly dir: string;
  /** Runs `tsdb ...args` in the project and waits for it. */
  run(args: ReadonlyArray<string>, options?: RunOptions): RunResult;
  /** Writes a file (relative to the project), creating its folders. */
  writeFile(relative: string, content: string): string;
  /** Reads a file (relative to the project). */
  readFile(relative: string): string;
  /** The absolute path of a project file. */
  path(relative: string): string;
  /** Opens a SQLite file of the project for assertions; closed by cleanup. */
  sqlite(dbfile: string): Database.Database;
  /** Replaces revision ids, dates and this project's folder with placeholders. */
  normalize(text: string): string;
  /** Closes opened databases and removes the folder. */
  cleanup(): void;
}

function assertBuilt(): void {
  if (!fs.existsSync(CLI)) {
    throw new Error(`${CLI} does not exist: run \`npm run build\` (npm test builds first) before the e2e tests`);
  }
}

// Fail fast, once per test file, when the CLI has not been built.
assertBuilt();

const HEX12 = /(?<![0-9a-f])[0-9a-f]{12}(?![0-9a-f])/g;
const DATE = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?/g;

/** Replaces 12-hex revision ids with <REV>, dates with <DATE> and `dir` (when given) with <TMP>. */
export function normalize(text: string, dir?: string): string {
  let out = text;
  if (dir !== undefined) {
    const variants = new Set([dir, fs.existsSync(dir) ? fs.realpathSync(dir) : dir]);
    // Longest first, so /private/var/... is replaced before /var/...
    for (const variant of [...variants].sort((a, b) => b.length - a.length)) out = out.split(variant).join('<TMP>');
  }
  return out.replace(DATE, '<DATE>').replace(HEX12, '<REV>');
}

/** The non-empty lines of an output, each with trailing spaces removed. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}

/** Makes a temp project; the caller must call cleanup() (or use useTempProject / useSharedTempProject). */
export function createTempProject(options: TempProjectOptions = {}): TempProject {
  assertBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-e2e-'));
  const cacheDir = path.join(dir, '.tsdb-cache');
  if (options.copyOf !== undefined) {
    fs.cpSync(options.copyOf().dir, dir, { recursive: true, verbatimSymlinks: true });
  } else {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'tsdb'), 'dir');
    if (options.type !== undefined) {
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        `${JSON.stringify({ name: 'e2e-project', private: true, type: options.type }, null, 2)}\n`,
      );
    }
  }
  const opened: Database.Database[] = [];
  const resolve = (relative: string): string => path.resolve(dir, relative);

  return {
    dir,
    run(args, runOptions = {}) {
      const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: cacheDir, ...runOptions.env };
      delete env['FORCE_COLOR'];
      if (runOptions.env?.['DATABASE_URL'] === undefined) delete env['DATABASE_URL'];
      const result = spawnSync(process.execPath, [CLI, ...args], {
        cwd: runOptions.cwd === undefined ? dir : resolve(runOptions.cwd),
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      if (result.error !== undefined) throw result.error;
      if (result.status === null) throw new Error(`tsdb ${args.join(' ')} was killed by ${String(result.signal)}\n${result.stderr}`);
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    writeFile(relative, content) {
      const file = resolve(relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    readFile(relative) {
      return fs.readFileSync(resolve(relative), 'utf8');
    },
    path: resolve,
    sqlite(dbfile) {
      const db = new Database(resolve(dbfile), { fileMustExist: true });
      opened.push(db);
      return db;
    },
    normalize(text) {
      return normalize(text, dir);
    },
    cleanup() {
      for (const db of opened.splice(0)) if (db.open) db.close();
      if (process.env['TSDB_KEEP_E2E'] === undefined) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh temp project for every test (made in beforeEach, removed in afterEach); call the getter inside tests. */
export function useTempProject(options: TempProjectOptions = {}): () => TempProject {
  let project: TempProject | null = null;
  beforeEach(() => {
    project = createTempProject(options);
  });
  afterEach(() => {
    project?.cleanup();
    project = null;
  });
  return () => {
    if (project === null) throw new Error('useTempProject: the project exists only while a test runs');
    return project;
  };
}

/**
 * One temp project for a whole describe block (made in beforeAll, removed in afterAll); `setup` runs
 * once after it is made, e.g. `tsdb init` and the scripts every test of the block reads.
 */
export function useSharedTempProject(
  options: TempProjectOptions = {},
  setup: (project: TempProject) => void = () => undefined,
  setupTimeoutMs = 30_000,
): () => TempProject {
  let project: TempProject | null = null;
  beforeAll(() => {
    project = createTempProject(options);
    setup(project);
  }, setupTimeoutMs);
  afterAll(() => {
    project?.cleanup();
    project = null;
  });
  return () => {
    if (project === null) throw new Error('useSharedTempProject: the project exists only inside its describe block');
    return project;
  };
}
