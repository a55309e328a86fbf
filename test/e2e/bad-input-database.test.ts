/**
 * Bad input, part 2: the database file. Missing, a directory, unreadable, read-only, locked by
 * another process, not SQLite, damaged, holding tables but no version table, or a version row no
 * script defines. Each case runs the built CLI against a real SQLite file in a temp project and
 * checks the failure contract (SPEC.md "Exit codes"): exit 1, one `error: …` line naming the file
 * (or revision) and the fix, no stack trace, and nothing in the project changed — database bytes
 * and rows, migrations/ listing and contents.
 */
import Database from 'better-sqlite3';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  A,
  B,
  expectCleanFailure,
  expectOneLineError,
  FILE_B,
  FILE_C,
  projectState,
  runWithPermissions,
  setupProject,
} from '../helpers/bad-input';
import { versions } from '../helpers/cli-project';
import { useSharedTempProject, useTempProject, type RunResult } from '../helpers/temp-project';

/** The starting project (A and B applied, C pending), made once; every test works on its own copy. */
const template = useSharedTempProject({}, setupProject);

describe('bad input: the database file', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it('control: the starting database is at B with its row', () => {
    const p = project();
    expect(versions(p)).toEqual([B]);
    expect(p.sqlite('app.db').prepare('SELECT id, name, email FROM customer').all()).toEqual([
      { id: 1, name: 'ada', email: 'ada@example.com' },
    ]);
  });

  it('current on a database file that does not exist: a note, exit 0, and the file is not created', () => {
    const p = project();
    fs.rmSync(p.path('app.db'));
    const before = projectState(p);
    const result = p.run(['current']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^The database file does not exist yet: no revision is applied\.\n$/);
    expect(fs.existsSync(p.path('app.db'))).toBe(false);
    expect(projectState(p)).toEqual(before);
  });

  it.each([
    ['downgrade (default -1)', ['downgrade']],
    ['downgrade to a revision', ['downgrade', A]],
    ['upgrade past head', ['upgrade', '+5']],
  ])('%s on a database file that does not exist fails and does not create the file', (_name, args) => {
    const p = project();
    fs.rmSync(p.path('app.db'));
    expectCleanFailure(p, args, { code: 1, names: [/app\.db|nothing is applied|base/], fix: /tsdb (upgrade|downgrade)|does not exist/ });
    expect(fs.existsSync(p.path('app.db'))).toBe(false);
  });

  it('a database path that is a directory says so', () => {
    const p = project();
    fs.rmSync(p.path('app.db'));
    fs.mkdirSync(p.path('app.db'));
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['app.db'], fix: /director/i });
  });

  // Root reads a chmod 000 file anyway: as root, runWithPermissions runs the CLI as `nobody`, for
  // whom the mode applies (the "path is a directory" case above covers an unopenable path for root too).
  it('an unreadable database file (chmod 000) names the file and says to check its permissions', () => {
    const p = project();
    fs.chmodSync(p.path('app.db'), 0o000);
    try {
      expectCleanFailure(p, ['upgrade'], { code: 1, names: ['app.db'], fix: /permission|readable/i }, (args) =>
        runWithPermissions(p, args),
      );
    } finally {
      fs.chmodSync(p.path('app.db'), 0o644);
    }
  });

  // Same as above: chmod 444 does not stop root, so the CLI runs as `nobody` when the tests run as root.
  it('upgrade on a read-only database file (chmod 444) refuses before running any script, in one line', () => {
    const p = project();
    fs.chmodSync(p.path('app.db'), 0o444);
    try {
      expectCleanFailure(p, ['upgrade'], { code: 1, names: ['app.db'], fix: /permission/i }, (args) => runWithPermissions(p, args));
    } finally {
      fs.chmodSync(p.path('app.db'), 0o644);
    }
    expect(versions(p)).toEqual([B]);
  });

  it('stamp on a read-only database file (chmod 444) names the file and its permissions', () => {
    const p = project();
    fs.chmodSync(p.path('app.db'), 0o444);
    try {
      expectCleanFailure(p, ['stamp', A], { code: 1, names: ['app.db'], fix: /permission/i }, (args) => runWithPermissions(p, args));
    } finally {
      fs.chmodSync(p.path('app.db'), 0o644);
    }
  });

  it.each([
    ['upgrade', ['upgrade']],
    ['stamp', ['stamp', A]],
  ])('%s on a database another process holds (BEGIN EXCLUSIVE) gives up after --lock-timeout 1', (_name, args) => {
    const p = project();
    const before = projectState(p);
    const holder = new Database(p.path('app.db'));
    const started = Date.now();
    const result = ((): RunResult => {
      try {
        holder.exec('BEGIN EXCLUSIVE');
        return p.run(['--lock-timeout', '1', ...args]);
      } finally {
        if (holder.inTransaction) holder.exec('ROLLBACK');
        holder.close();
      }
    })();
    const elapsed = Date.now() - started;
    expectOneLineError(['--lock-timeout', '1', ...args], result, {
      code: 1,
      names: ['app.db', /locked|held/],
      fix: /--lock-timeout|retry/,
    });
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(10_000);
    expect(projectState(p)).toEqual(before);
  });

  it.each([
    ['upgrade', ['upgrade']],
    ['current', ['current']],
  ])('%s on a file of random bytes says it is not a SQLite database', (_name, args) => {
    const p = project();
    fs.writeFileSync(p.path('app.db'), crypto.randomBytes(4096));
    expectCleanFailure(p, args, { code: 1, names: ['app.db'], fix: /not a SQLite database|check the url/ });
  });

  it('a text file as the database says it is not a SQLite database', () => {
    const p = project();
    p.writeFile('app.db', 'these are my notes, not a database\n');
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['app.db'], fix: /not a SQLite database|check the url/ });
  });

  it('a truncated SQLite file says it is damaged and what to do', () => {
    const p = project();
    const bytes = fs.readFileSync(p.path('app.db'));
    fs.writeFileSync(p.path('app.db'), bytes.subarray(0, 2000));
    expectCleanFailure(p, ['upgrade'], { code: 1, names: ['app.db'], fix: /damaged|corrupt|backup|restore|not a SQLite/i });
  });

  it('a database with tables but no version table: upgrade refuses and hints at `tsdb stamp`', () => {
    const p = project();
    fs.rmSync(p.path('app.db'));
    const db = new Database(p.path('app.db'));
    db.exec("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customer VALUES (1, 'ada');");
    db.close();
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [/tsdb_version|version table/], fix: /tsdb stamp/ });
  });

  it.each([
    ['upgrade', ['upgrade']],
    ['downgrade', ['downgrade']],
  ])('%s when the version row names a revision no script defines hints at `stamp --purge`', (_name, args) => {
    const p = project();
    const db = p.sqlite('app.db');
    db.exec("UPDATE tsdb_version SET version_num = 'ffff00000000'");
    db.close();
    expectCleanFailure(p, args, { code: 1, names: ['ffff00000000'], fix: /stamp --purge/ });
  });

  it('upgrade after the applied head script was deleted names the revision and says to restore it or stamp --purge', () => {
    const p = project();
    fs.rmSync(p.path(FILE_B));
    fs.rmSync(p.path(FILE_C));
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [B], fix: /restore the script|stamp --purge/ });
  });

  it('upgrade after an applied script with a child was deleted names the orphaned parent and says to restore it', () => {
    const p = project();
    fs.rmSync(p.path(FILE_B));
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [B], fix: /restore/ });
  });
});
