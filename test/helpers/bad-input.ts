/**
 * Shared by the bad-input e2e tests (test/e2e/bad-input-*.test.ts): a fixed starting project, a
 * before/after picture of everything a failing command must leave alone, the one-line error check,
 * and a way to run the CLI as an unprivileged user (file permissions do not stop root).
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { addRevision, initProject, mustSucceed, snapshot } from './cli-project';
import { CLI, type RunResult, type TempProject } from './temp-project';

/** The revisions of the starting project (fixed ids; A and B share the prefix 'aaaa'). */
export const A = 'aaaa11112222';
export const B = 'aaaa33334444';
export const C = 'cccc55556666';

/** Their script files. */
export const FILE_A = `migrations/versions/${A}_create_customer.ts`;
export const FILE_B = `migrations/versions/${B}_add_customer_email.ts`;
export const FILE_C = `migrations/versions/${C}_create_invoice.ts`;

/** The upgrade statement of C, for tests that replace it. */
export const C_UPGRADE = "await op.execute('CREATE TABLE invoice (id INTEGER PRIMARY KEY)');";

/**
 * `tsdb init`, the config pointed at sqlite:///app.db, A (creates `customer`) and B (adds a column),
 * applied, with one row in `customer` (so a test that loses data notices); then C (creates
 * `invoice`), not applied, so `upgrade` has work to do.
 */
export function setupProject(p: TempProject): void {
  initProject(p);
  const a = addRevision(
    p,
    'create customer',
    {
      imports: ['integer', 'text'],
      upgrade: "await op.createTable('customer', { id: integer().primaryKey(), name: text() });",
      downgrade: "await op.dropTable('customer');",
    },
    A,
  );
  const b = addRevision(
    p,
    'add customer email',
    {
      imports: ['text'],
      upgrade: "await op.addColumn('customer', text('email'));",
      downgrade: "await op.dropColumn('customer', 'email');",
    },
    B,
  );
  mustSucceed(p, ['upgrade']);
  const db = p.sqlite('app.db');
  db.prepare("INSERT INTO customer (id, name, email) VALUES (1, 'ada', 'ada@example.com')").run();
  db.close();
  const c = addRevision(p, 'create invoice', { upgrade: C_UPGRADE, downgrade: "await op.execute('DROP TABLE invoice');" }, C);
  if (a.file !== FILE_A || b.file !== FILE_B || c.file !== FILE_C)
    throw new Error(`unexpected script names ${a.file}, ${b.file}, ${c.file}`);
}

/** Everything a failing command must not touch. */
export interface ProjectState {
  /** Every file and folder of the project except node_modules and the transpile cache: path -> sha256 (or 'dir'). */
  readonly files: Record<string, string>;
  /** The database as schema + rows (null when the file is missing or not a readable SQLite file). */
  readonly db: string | null;
}

function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** What the project looks like now: the listing and contents of every file (so also the database bytes and migrations/). */
export function projectState(p: TempProject, dbfile = 'app.db'): ProjectState {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(p.dir, relative), { withFileTypes: true })) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (relative === '' && (entry.name === 'node_modules' || entry.name === '.tsdb-cache')) continue;
      const full = path.join(p.dir, name);
      if (entry.isSymbolicLink()) {
        files[name] = `symlink -> ${fs.readlinkSync(full)}`;
      } else if (entry.isDirectory()) {
        files[`${name}/`] = 'dir';
        walk(name);
      } else {
        try {
          files[name] = sha256(fs.readFileSync(full));
        } catch (error) {
          files[name] = `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
        }
      }
    }
  };
  walk('');
  return { files, db: databaseSnapshot(p, dbfile) };
}

function databaseSnapshot(p: TempProject, dbfile: string): string | null {
  const file = p.path(dbfile);
  try {
    if (!fs.statSync(file).isFile()) return null;
    const header = Buffer.alloc(16);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, header, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (header.toString('latin1') !== 'SQLite format 3\0') return null;
    return snapshot(p, dbfile);
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}

/** What a failure must look like. */
export interface ExpectedError {
  /** 1: the command failed; 2: bad usage. */
  readonly code: 1 | 2;
  /** Texts (or patterns) the error line must contain: the object at fault. */
  readonly names: ReadonlyArray<string | RegExp>;
  /** What the line must say to do, when the case has an obvious fix. */
  readonly fix?: RegExp;
}

/** The command's output, for assertion messages. */
export function describeRun(args: ReadonlyArray<string>, result: RunResult): string {
  return `tsdb ${args.join(' ')}\nexit ${result.code}\nstdout: ${JSON.stringify(result.stdout)}\nstderr: ${JSON.stringify(result.stderr)}`;
}

/**
 * The failure contract: the exit code, nothing on stdout, stderr exactly one line (after its
 * trailing newline) starting with `error: `, no stack trace, naming the object and the fix.
 * Returns the error line. The checks are soft, so a failing test lists every part of the contract it breaks.
 */
export function expectOneLineError(args: ReadonlyArray<string>, result: RunResult, expected: ExpectedError): string {
  const context = describeRun(args, result);
  expect.soft(result.code, context).toBe(expected.code);
  expect.soft(result.stderr, `${context}\n(no stack trace)`).not.toMatch(/^\s+at \S|node:internal|\(\/.+:\d+:\d+\)/m);
  const text = result.stderr.replace(/\r?\n$/, '');
  expect
    .soft(text.split(/\r?\n/), `${context}\n(exactly one stderr line, starting with 'error: ')`)
    .toEqual([expect.stringMatching(/^error: \S/)]);
  for (const name of expected.names) {
    if (typeof name === 'string') expect.soft(text, `${context}\n(must name ${JSON.stringify(name)})`).toContain(name);
    else expect.soft(text, `${context}\n(must name ${String(name)})`).toMatch(name);
  }
  if (expected.fix !== undefined) expect.soft(text, `${context}\n(must say what to do: ${String(expected.fix)})`).toMatch(expected.fix);
  expect.soft(result.stdout, `${context}\n(nothing on stdout)`).toBe('');
  return text;
}

/** Runs `args` (with `run`, default the project's own runner), checks the failure contract and that the project did not change. */
export function expectCleanFailure(
  p: TempProject,
  args: ReadonlyArray<string>,
  expected: ExpectedError,
  run: (args: ReadonlyArray<string>) => RunResult = (a) => p.run(a),
): string {
  const before = projectState(p);
  const result = run(args);
  const line = expectOneLineError(args, result, expected);
  expect.soft(projectState(p), `${describeRun(args, result)}\n(the project and the database must be unchanged)`).toEqual(before);
  return line;
}

/** True when the tests run as root, where chmod does not stop reads or writes. */
export const IS_ROOT = process.getuid?.() === 0;

/** The unprivileged user the CLI is run as when the tests run as root (nobody). */
const NOBODY = 65534;

/**
 * Runs the CLI so that file permissions apply: as this user normally, and as `nobody` when the tests
 * run as root (root reads and writes a chmod 000 / 444 file regardless). The project folder is made
 * traversable for that user; the transpile cache is disabled (its folder belongs to root).
 */
export function runWithPermissions(p: TempProject, args: ReadonlyArray<string>): RunResult {
  if (!IS_ROOT) return p.run(args);
  fs.chmodSync(p.dir, 0o755);
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TSDB_CACHE_DIR: '', HOME: '/nonexistent' };
  delete env['FORCE_COLOR'];
  delete env['DATABASE_URL'];
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: p.dir,
    env,
    encoding: 'utf8',
    timeout: 30_000,
    uid: NOBODY,
    gid: NOBODY,
  });
  if (result.error !== undefined) throw new Error(`cannot run tsdb as uid ${NOBODY}: ${result.error.message}`);
  if (result.status === null) throw new Error(`tsdb ${args.join(' ')} was killed by ${String(result.signal)}\n${result.stderr}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
