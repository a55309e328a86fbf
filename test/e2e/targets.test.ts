/**
 * Every TARGET form of upgrade/downgrade through the CLI, on three linear revisions with fixed ids,
 * and the failures: ambiguous or unknown revisions, steps past head or base, usage errors.
 */
import * as fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, scriptFiles, snapshot, tables, versions } from '../helpers/cli-project';
import { lines, REPO_ROOT, useSharedTempProject, type TempProject } from '../helpers/temp-project';

// A and B share the prefix 'aaaa'; 'aaaa3' and 'cccc' are unique prefixes.
const A = 'aaaa11112222';
const B = 'aaaa33334444';
const C = 'cccc55556666';

function setup(p: TempProject): void {
  initProject(p);
  for (const [id, name] of [
    [A, 't_a'],
    [B, 't_b'],
    [C, 't_c'],
  ] as const) {
    addRevision(
      p,
      `create ${name}`,
      {
        imports: ['integer'],
        upgrade: `await op.createTable('${name}', { id: integer().primaryKey() });`,
        downgrade: `await op.dropTable('${name}');`,
      },
      id,
    );
  }
  // Databases the tests start from, made by the CLI once: at A (after `upgrade +1`) and at head.
  mustSucceed(p, ['upgrade', '+1']);
  fs.copyFileSync(p.path('app.db'), p.path('at-a.db'));
  mustSucceed(p, ['upgrade']);
  fs.copyFileSync(p.path('app.db'), p.path('at-head.db'));
  fs.rmSync(p.path('app.db'));
}

describe('upgrade and downgrade targets', { timeout: 30_000 }, () => {
  const project = useSharedTempProject({}, setup);

  /** Starts every test from a database that does not exist yet. */
  beforeEach(() => {
    fs.rmSync(project().path('app.db'), { force: true });
  });

  /** Puts the database at A or at head (C), as `upgrade +1` / `upgrade` left it. */
  function startAt(where: 'a' | 'head'): void {
    fs.copyFileSync(project().path(`at-${where}.db`), project().path('app.db'));
    expect(versions(project())).toEqual([where === 'a' ? A : C]);
  }

  /** Runs a command that must succeed and returns its stderr lines. */
  function ok(args: ReadonlyArray<string>): string[] {
    const result = project().run(args);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    return lines(result.stderr);
  }

  function state(): { versions: string[] | null; tables: string[] } {
    return { versions: versions(project()), tables: tables(project()) };
  }

  it('the scripts form one line A -> B -> C', () => {
    const result = project().run(['history']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([`${B} -> ${C} (head), create t_c`, `${A} -> ${B}, create t_b`, `<base> -> ${A}, create t_a`]);
    expect(scriptFiles(project())).toEqual([`${A}_create_t_a.ts`, `${B}_create_t_b.ts`, `${C}_create_t_c.ts`]);
  });

  it('upgrade +1 from base applies the first revision only', () => {
    expect(ok(['upgrade', '+1'])).toEqual([`Running upgrade  -> ${A}, create t_a`]);
    expect(state()).toEqual({ versions: [A], tables: ['t_a', 'tsdb_version', 'tsdb_version_log'] });
    expect(ok(['upgrade', '+1'])).toEqual([`Running upgrade ${A} -> ${B}, create t_b`]);
    expect(state()).toEqual({ versions: [B], tables: ['t_a', 't_b', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('upgrade +2 applies two revisions', () => {
    expect(ok(['upgrade', '+2'])).toEqual([`Running upgrade  -> ${A}, create t_a`, `Running upgrade ${A} -> ${B}, create t_b`]);
    expect(state()).toEqual({ versions: [B], tables: ['t_a', 't_b', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('upgrade <full id> stops at that revision', () => {
    expect(ok(['upgrade', B])).toHaveLength(2);
    expect(state()).toEqual({ versions: [B], tables: ['t_a', 't_b', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('upgrade <unique prefix> resolves the prefix', () => {
    expect(ok(['upgrade', 'aaaa3'])).toEqual([`Running upgrade  -> ${A}, create t_a`, `Running upgrade ${A} -> ${B}, create t_b`]);
    expect(state().versions).toEqual([B]);
    expect(ok(['upgrade', 'cccc'])).toEqual([`Running upgrade ${B} -> ${C}, create t_c`]);
    expect(state().versions).toEqual([C]);
  });

  it('upgrade <REV>+1 goes one above the named revision', () => {
    expect(ok(['upgrade', `${A}+1`])).toEqual([`Running upgrade  -> ${A}, create t_a`, `Running upgrade ${A} -> ${B}, create t_b`]);
    expect(state()).toEqual({ versions: [B], tables: ['t_a', 't_b', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('upgrade head applies everything', () => {
    expect(ok(['upgrade', 'head'])).toHaveLength(3);
    expect(state()).toEqual({ versions: [C], tables: ['t_a', 't_b', 't_c', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('downgrade -1 (written without --) reverts one revision', () => {
    startAt('head');
    expect(ok(['downgrade', '-1'])).toEqual([`Running downgrade ${C} -> ${B}, create t_c`]);
    expect(state()).toEqual({ versions: [B], tables: ['t_a', 't_b', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('downgrade -2 reverts two revisions', () => {
    startAt('head');
    expect(ok(['downgrade', '-2'])).toEqual([`Running downgrade ${C} -> ${B}, create t_c`, `Running downgrade ${B} -> ${A}, create t_b`]);
    expect(state()).toEqual({ versions: [A], tables: ['t_a', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('downgrade <REV>-1 goes to just below the named revision', () => {
    startAt('head');
    expect(ok(['downgrade', `${C}-1`])).toEqual([`Running downgrade ${C} -> ${B}, create t_c`]);
    expect(state().versions).toEqual([B]);
    expect(ok(['downgrade', `${B}-1`])).toEqual([`Running downgrade ${B} -> ${A}, create t_b`]);
    expect(state()).toEqual({ versions: [A], tables: ['t_a', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('downgrade <full id> keeps that revision applied', () => {
    startAt('head');
    expect(ok(['downgrade', A])).toHaveLength(2);
    expect(state()).toEqual({ versions: [A], tables: ['t_a', 'tsdb_version', 'tsdb_version_log'] });
  });

  it('downgrade base reverts everything', () => {
    startAt('head');
    expect(ok(['downgrade', 'base'])).toEqual([
      `Running downgrade ${C} -> ${B}, create t_c`,
      `Running downgrade ${B} -> ${A}, create t_b`,
      `Running downgrade ${A} -> , create t_a`,
    ]);
    expect(state()).toEqual({ versions: [], tables: ['tsdb_version', 'tsdb_version_log'] });
  });

  it('an ambiguous prefix fails, lists both candidates and changes nothing', () => {
    startAt('a');
    const before = snapshot(project());
    const result = project().run(['upgrade', 'aaaa']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      `error: Revision prefix 'aaaa' is ambiguous: it matches ${A}, ${B}; type more characters of the id`,
    ]);
    expect(snapshot(project())).toBe(before);
    const down = project().run(['downgrade', 'aaaa']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(A);
    expect(down.stderr).toContain(B);
    expect(snapshot(project())).toBe(before);
  });

  it('an unknown revision fails and changes nothing', () => {
    startAt('a');
    const before = snapshot(project());
    for (const args of [
      ['upgrade', 'ffff00000000'],
      ['downgrade', 'ffff00000000'],
      ['show', 'ffff'],
    ]) {
      const result = project().run(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(lines(result.stderr), args.join(' ')).toEqual([
        expect.stringMatching(/^error: Can't locate revision identified by 'ffff(00000000)?'/),
      ]);
    }
    expect(snapshot(project())).toBe(before);
  });

  it('upgrade +5 beyond head fails with one line and changes nothing', () => {
    startAt('a');
    const before = snapshot(project());
    const result = project().run(['upgrade', '+5']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      `error: Relative revision +5 is beyond head: only 2 revisions above current ${A}; use \`tsdb upgrade head\``,
    ]);
    expect(snapshot(project())).toBe(before);
  });

  it('upgrade +5 from a database that does not exist yet fails without applying anything', () => {
    const result = project().run(['upgrade', '+5']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: Relative revision \+5 is beyond head/);
    const db = project().path('app.db');
    expect(fs.existsSync(db) ? tables(project()) : []).toEqual([]);
  });

  it('downgrade -5 beyond base fails and changes nothing', () => {
    startAt('head');
    const before = snapshot(project());
    const result = project().run(['downgrade', '-5']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `error: Relative revision -5 is beyond base: only 3 revisions below current ${C}; use \`tsdb downgrade base\``,
    ]);
    expect(snapshot(project())).toBe(before);
  });

  it('a relative step in the wrong direction, or from base, fails with exit 1', () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [
        ['downgrade', '-1'],
        'error: Relative revision -1 is beyond base: only 0 revisions below base (nothing is applied); use `tsdb downgrade base`',
      ],
      [['upgrade', '-1'], "error: Invalid target '-1': an upgrade goes up: use `tsdb downgrade -1`"],
      [['downgrade', '+1'], "error: Invalid target '+1': a downgrade goes down: use `tsdb upgrade +1`"],
      [['downgrade', 'head'], "error: Invalid target 'head': a downgrade needs base, a revision or -N; to go up run `tsdb upgrade head`"],
    ];
    for (const [args, message] of cases) {
      const result = project().run(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(lines(result.stderr), args.join(' ')).toEqual([message]);
    }
    const db = project().path('app.db');
    expect(fs.existsSync(db) ? tables(project()) : []).not.toContain('t_a');
  });

  it('revision --rev-id naming an existing revision fails and writes no file', () => {
    const files = scriptFiles(project());
    const result = project().run(['revision', '-m', 'again', '--rev-id', B]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      `error: revision id '${B}' already exists in migrations/versions/${B}_create_t_b.ts; choose another --rev-id`,
    ]);
    expect(scriptFiles(project())).toEqual(files);
  });

  it('an unknown command is a usage error (exit 2)', () => {
    const result = project().run(['upgrad']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual(["error: unknown command 'upgrad'; did you mean 'upgrade'?"]);
  });

  it('an unknown option is a usage error (exit 2)', () => {
    const result = project().run(['upgrade', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)[0]).toBe("error: unknown option '--frobnicate'");
    expect(fs.existsSync(project().path('app.db'))).toBe(false);
  });

  it('revision without -m is a usage error (exit 2) and writes no file', () => {
    const files = scriptFiles(project());
    const result = project().run(['revision']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual(["error: required option '-m, --message <message>' not specified"]);
    expect(scriptFiles(project())).toEqual(files);
  });

  it('--help prints usage and exits 0', () => {
    const result = project().run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tsdb \[options\] \[command\]/);
    for (const command of ['init', 'revision', 'upgrade', 'downgrade', 'current', 'history', 'heads', 'show', 'stamp']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    const sub = project().run(['upgrade', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^Usage: tsdb upgrade \[options\] \[target\]/);
    expect(sub.stdout).toContain('TARGET:');
  });

  it('--version and -V print the package version and exit 0', () => {
    const { version } = JSON.parse(fs.readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = project().run([flag]);
      expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('the database at the end of a failed command is still usable', () => {
    expect(project().run(['upgrade', 'aaaa']).code).toBe(1);
    mustSucceed(project(), ['upgrade']);
    expect(state().versions).toEqual([C]);
  });
});
