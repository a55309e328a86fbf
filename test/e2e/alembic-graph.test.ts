/**
 * A few of Alembic's traversal cases through the built CLI on a real SQLite file: the version rows Alembic would
 * keep (dependsOn included), what a downgrade takes back, its target grammar, and the one refusal tsdb adds.
 * Each revision creates a table t_<id>, so the tables show what ran.
 */
import * as fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { fillScript, initProject, mustSucceed, replaceInFile, snapshot, tables, versions } from '../helpers/cli-project';
import { lines, useSharedTempProject, type TempProject } from '../helpers/temp-project';

// b branches into c1 → d1 (c1branch) and c2 → d2 (c2branch); d2 depends on the label c1branch; x1 → x2 is its own line (audit).
const GRAPH: ReadonlyArray<{ id: string; head: string; label?: string; dependsOn?: string }> = [
  { id: 'a', head: 'base' },
  { id: 'b', head: 'a' },
  { id: 'c1', head: 'b', label: 'c1branch' },
  { id: 'd1', head: 'c1' },
  { id: 'c2', head: 'b', label: 'c2branch' },
  { id: 'd2', head: 'c2', dependsOn: 'c1branch' },
  { id: 'x1', head: 'base', label: 'audit' },
  { id: 'x2', head: 'x1' },
];

function setup(p: TempProject): void {
  initProject(p);
  for (const { id, head, label, dependsOn } of GRAPH) {
    const args = ['revision', '-m', `make ${id}`, '--rev-id', id, '--head', head, '--splice'];
    if (label !== undefined) args.push('--branch-label', label);
    if (dependsOn !== undefined) args.push('--depends-on', dependsOn);
    mustSucceed(p, args);
    fillScript(p, `migrations/versions/${id}_make_${id}.ts`, {
      imports: ['integer'],
      upgrade: `await op.createTable('t_${id}', { id: integer().primaryKey() });`,
      downgrade: `await op.dropTable('t_${id}');`,
    });
  }
  // `revision --depends-on` writes the revision id; a script ported from Alembic may name the label itself
  const d2 = 'migrations/versions/d2_make_d2.ts';
  replaceInFile(p, d2, "dependsOn: string[] | null = ['c1'];", "dependsOn: string[] | null = ['c1branch'];");
}

describe("Alembic's traversal cases through the CLI", { timeout: 60_000 }, () => {
  const project = useSharedTempProject({}, setup);

  beforeEach(() => {
    fs.rmSync(project().path('app.db'), { force: true });
  });

  /** Runs a command that must succeed; returns the revisions it ran, in order. */
  function ran(args: ReadonlyArray<string>): string[] {
    const result = project().run(args);
    expect(result.code, result.stderr).toBe(0);
    return lines(result.stderr).map((line) => /, make (\w+)$/.exec(line)?.[1] ?? line);
  }

  /** The revisions whose tables exist. */
  function applied(): string[] {
    return tables(project())
      .filter((name) => name.startsWith('t_'))
      .map((name) => name.slice(2));
  }

  /** Runs a command that must fail with one line on stderr and change nothing. */
  function refused(args: ReadonlyArray<string>): string {
    const before = snapshot(project());
    const result = project().run(args);
    expect(result.code, result.stderr).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(snapshot(project())).toBe(before);
    return result.stderr.trim();
  }

  it('a dependsOn naming a branch label means the revision that declares it', () => {
    expect(lines(mustSucceed(project(), ['show', 'd2']).stdout)).toContain('Also depends on: c1branch');
    expect(ran(['upgrade', 'd2'])).toEqual(['a', 'b', 'c1', 'c2', 'd2']);
  });

  it('upgrade heads takes each branch in one stretch and leaves one row per head', () => {
    expect(ran(['upgrade', 'heads'])).toEqual(['a', 'b', 'c1', 'd1', 'c2', 'd2', 'x1', 'x2']);
    expect(versions(project())).toEqual(['d1', 'd2', 'x2']);
  });

  it('a revision that another reaches through dependsOn is no row, so downgrade -1 has one head to step from', () => {
    expect(ran(['upgrade', 'd2'])).toEqual(['a', 'b', 'c1', 'c2', 'd2']);
    // alembic_version would hold d2 alone: d2 reaches c1 through dependsOn
    expect(versions(project())).toEqual(['d2']);
    expect(ran(['downgrade', '-1'])).toEqual(['d2']);
    expect(versions(project())).toEqual(['c1', 'c2']);
  });

  it('downgrade X takes back what lies above X, not what merely depends on X', () => {
    ran(['upgrade', 'heads']);
    expect(ran(['downgrade', 'c1'])).toEqual(['d1']);
    expect(versions(project())).toEqual(['d2', 'x2']);
    expect(applied()).toEqual(['a', 'b', 'c1', 'c2', 'd2', 'x1', 'x2']);
  });

  it('LABEL@REV takes back that branch above REV, and the dependants of what it removes', () => {
    ran(['upgrade', 'heads']);
    expect(ran(['downgrade', 'c2branch@b'])).toEqual(['d2', 'c2']);
    expect(versions(project())).toEqual(['d1', 'x2']);
    ran(['upgrade', 'heads']);
    expect(ran(['downgrade', 'c1branch@b']).sort()).toEqual(['c1', 'd1', 'd2']);
    expect(versions(project())).toEqual(['c2', 'x2']);
  });

  it('downgrade LABEL@base takes the whole labelled line back, its root included', () => {
    ran(['upgrade', 'heads']);
    expect(ran(['downgrade', 'audit@base'])).toEqual(['x2', 'x1']);
    expect(versions(project())).toEqual(['d1', 'd2']);
  });

  it('REV-1 on a branch point is refused with the branch-only and the everything-above choices', () => {
    ran(['upgrade', 'heads']);
    expect(refused(['downgrade', 'c2-1'])).toBe(
      'error: Relative revision c2-1 is b, and taking back everything above b would also take back c1, d1 on another branch; ' +
        'choose one: `tsdb downgrade c2@-2` or `tsdb downgrade c2branch@-2` (branch c2 only) or `tsdb downgrade b` (everything above b)',
    );
    expect(ran(['downgrade', 'c2@-2'])).toEqual(['d2', 'c2']);
    expect(versions(project())).toEqual(['d1', 'x2']);
  });

  it('LABEL@head-N, LABEL@base+N, and base+N refused with one command per base', () => {
    expect(ran(['upgrade', 'c2branch@head-1'])).toEqual(['a', 'b', 'c2']);
    expect(ran(['upgrade', 'audit@base+1'])).toEqual(['x1']);
    expect(versions(project())).toEqual(['c2', 'x1']);
    expect(refused(['upgrade', 'base+2'])).toBe(
      'error: Relative revision base+2 is ambiguous at base: there are several bases to a, x1; ' +
        'choose one: `tsdb upgrade a+1` or `tsdb upgrade x1+1`',
    );
  });

  it('stamp LABEL@base drops the rows on that line; stamp LABEL@heads adds its head', () => {
    ran(['upgrade', 'heads']);
    mustSucceed(project(), ['stamp', 'audit@base']);
    expect(versions(project())).toEqual(['d1', 'd2']);
    mustSucceed(project(), ['stamp', 'audit@heads']);
    expect(versions(project())).toEqual(['d1', 'd2', 'x2']);
  });

  it('history -r LABEL@base: lists that branch and what it needs', () => {
    const result = mustSucceed(project(), ['history', '-r', 'c2branch@base:']);
    expect(lines(result.stdout).map((line) => /, make (\w+)$/.exec(line)?.[1])).toEqual(['d2', 'c2', 'c1', 'b', 'a']);
  });
});
