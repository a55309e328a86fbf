import { describe, it, expect } from 'vitest';
import { MultipleHeadsError, RevisionError, ScriptDirectoryError } from '../../src/errors';
import { RevisionMap } from '../../src/script/revision-map';
import type { MigrationStep, Revision } from '../../src/script/revision-map';
import { prng, randomApplied, randomDag, randomLabelledDag, randomTarget } from '../helpers/random-dag';

function rev(id: string, down: ReadonlyArray<string> = [], opts: { labels?: string[]; dependsOn?: string[] } = {}): Revision {
  return {
    id,
    downRevisions: down,
    branchLabels: opts.labels ?? [],
    dependsOn: opts.dependsOn ?? [],
    message: `message ${id}`,
    path: `migrations/versions/${id}_script.ts`,
  };
}

const ids = (steps: ReadonlyArray<MigrationStep>): string[] => steps.map((s) => s.revision.id);
const after = (steps: ReadonlyArray<MigrationStep>): ReadonlyArray<string>[] => steps.map((s) => s.versionsAfter);
const before = (steps: ReadonlyArray<MigrationStep>): ReadonlyArray<string>[] => steps.map((s) => s.versionsBefore);

/** Runs `fn` and returns what it threw (fails the test when it returns). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected an error, nothing was thrown');
}

function expectError(fn: () => unknown, type: new (...args: never[]) => Error, code: string): Error & { code: string } {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(type);
  expect((error as Error & { code: string }).code).toBe(code);
  expect(error.message).not.toContain('\n');
  return error as Error & { code: string };
}

// a1 <- b2 <- c3 <- d4
const LINEAR = [rev('a1'), rev('b2', ['a1']), rev('c3', ['b2']), rev('d4', ['c3'])];

// r1 <- r2 <- f3 <- f4 (feature)
//          \- s3 (other branch)
// m5 merges f4 and s3
const BRANCHED = [rev('r1'), rev('r2', ['r1']), rev('f3', ['r2'], { labels: ['feature'] }), rev('s3', ['r2']), rev('f4', ['f3'])];
const MERGED = [...BRANCHED, rev('m5', ['f4', 's3'])];

// two independent lines; d2 depends on s2
const DEPENDS = [
  rev('s1', [], { labels: ['schema'] }),
  rev('s2', ['s1']),
  rev('s3', ['s2']),
  rev('d1', [], { labels: ['data'] }),
  rev('d2', ['d1'], { dependsOn: ['s2'] }),
  rev('d3', ['d2']),
];

describe('RevisionMap.build validation', () => {
  it('accepts branches, merges and dependencies', () => {
    expect(RevisionMap.build(MERGED).revisions.map((r) => r.id)).toEqual(['r1', 'r2', 'f3', 's3', 'f4', 'm5']);
    expect(RevisionMap.build(DEPENDS).heads()).toEqual(['d3', 's3']);
    expect(RevisionMap.build([]).heads()).toEqual([]);
  });

  it('rejects a duplicate id, naming both paths', () => {
    const error = expectError(
      () => RevisionMap.build([rev('a1'), { ...rev('a1'), path: 'migrations/versions/a1_copy.ts' }]),
      ScriptDirectoryError,
      'DUPLICATE_REVISION',
    );
    expect(error.message).toContain('migrations/versions/a1_script.ts');
    expect(error.message).toContain('migrations/versions/a1_copy.ts');
  });

  it('rejects a revision that is its own parent or dependency', () => {
    const parent = expectError(() => RevisionMap.build([rev('a1'), rev('b2', ['b2'])]), ScriptDirectoryError, 'CYCLE');
    expect(parent.message).toContain('migrations/versions/b2_script.ts');
    expect(parent.message).toContain('downRevision');
    const dep = expectError(() => RevisionMap.build([rev('a1', [], { dependsOn: ['a1'] })]), ScriptDirectoryError, 'CYCLE');
    expect(dep.message).toContain('migrations/versions/a1_script.ts');
    expect(dep.message).toContain('dependsOn');
  });

  it('rejects a dangling parent with the documented message', () => {
    const error = expectError(() => RevisionMap.build([rev('a1'), rev('b2', ['zz'])]), ScriptDirectoryError, 'MISSING_PARENT');
    expect(error.message).toBe(
      'migrations/versions/b2_script.ts: revision b2 names parent zz, which no script defines; fix downRevision or restore the missing script',
    );
  });

  it('rejects a dangling dependsOn', () => {
    const error = expectError(
      () => RevisionMap.build([rev('a1'), rev('b2', ['a1'], { dependsOn: ['qq'] })]),
      ScriptDirectoryError,
      'MISSING_PARENT',
    );
    expect(error.message).toContain('migrations/versions/b2_script.ts');
    expect(error.message).toContain('qq');
    expect(error.message).toContain('dependsOn');
  });

  it('rejects a cycle, listing its ids and paths only', () => {
    const error = expectError(
      () => RevisionMap.build([rev('r0'), rev('c1', ['c3']), rev('c2', ['c1']), rev('c3', ['c2', 'r0'])]),
      ScriptDirectoryError,
      'CYCLE',
    );
    expect(error.message).toContain('c1 -> c3 -> c2 -> c1');
    for (const id of ['c1', 'c2', 'c3']) expect(error.message).toContain(`migrations/versions/${id}_script.ts`);
    expect(error.message).not.toContain('r0_script');
  });

  it('rejects a cycle made through dependsOn', () => {
    const error = expectError(
      () => RevisionMap.build([rev('a1', [], { dependsOn: ['b1'] }), rev('b1', [], { dependsOn: ['a1'] })]),
      ScriptDirectoryError,
      'CYCLE',
    );
    expect(error.message).toContain('a1 -> b1 -> a1');
  });

  it('rejects a branch label used twice, or clashing with an id, or reserved', () => {
    const dup = expectError(
      () => RevisionMap.build([rev('a1', [], { labels: ['x'] }), rev('b2', ['a1'], { labels: ['x'] })]),
      ScriptDirectoryError,
      'DUPLICATE_LABEL',
    );
    expect(dup.message).toContain('migrations/versions/a1_script.ts');
    expect(dup.message).toContain('migrations/versions/b2_script.ts');
    expectError(() => RevisionMap.build([rev('a1', [], { labels: ['b2'] }), rev('b2', ['a1'])]), ScriptDirectoryError, 'DUPLICATE_LABEL');
    expectError(() => RevisionMap.build([rev('a1', [], { labels: ['head'] })]), ScriptDirectoryError, 'BAD_LABEL');
    expectError(() => RevisionMap.build([rev('a1', [], { labels: ['a@b'] })]), ScriptDirectoryError, 'BAD_LABEL');
  });
});

describe('graph queries', () => {
  const linear = RevisionMap.build(LINEAR);
  const branched = RevisionMap.build(BRANCHED);
  const merged = RevisionMap.build(MERGED);
  const depends = RevisionMap.build(DEPENDS);

  it('finds heads, bases and children, sorted by id', () => {
    expect(linear.heads()).toEqual(['d4']);
    expect(linear.bases()).toEqual(['a1']);
    expect(branched.heads()).toEqual(['f4', 's3']);
    expect(branched.children('r2')).toEqual(['f3', 's3']);
    expect(merged.heads()).toEqual(['m5']);
    expect(merged.children('s3')).toEqual(['m5']);
    expect(depends.heads()).toEqual(['d3', 's3']);
    expect(depends.bases()).toEqual(['d1', 's1']);
    expect(depends.children('s2')).toEqual(['s3']);
  });

  it('gets by exact id only', () => {
    expect(linear.get('b2').message).toBe('message b2');
    const error = expectError(() => linear.get('b'), RevisionError, 'UNKNOWN_REVISION');
    expect(error.message).toBe("Can't locate revision identified by 'b'; run `tsdb history` to list revisions");
  });

  it('resolves exact ids, labels and unique prefixes', () => {
    const map = RevisionMap.build([rev('ab'), rev('abc1', ['ab']), rev('abd2', ['abc1'], { labels: ['release'] })]);
    expect(map.resolve('ab').id).toBe('ab');
    expect(map.resolve('abc').id).toBe('abc1');
    expect(map.resolve('release').id).toBe('abd2');
    expect(map.resolve('abd').id).toBe('abd2');
    const ambiguous = expectError(() => map.resolve('a'), RevisionError, 'AMBIGUOUS_REVISION');
    for (const id of ['ab', 'abc1', 'abd2']) expect(ambiguous.message).toContain(id);
    const unknown = expectError(() => map.resolve('zz'), RevisionError, 'UNKNOWN_REVISION');
    expect(unknown.message).toBe("Can't locate revision identified by 'zz'; run `tsdb history` to list revisions");
    expectError(() => map.resolve(''), RevisionError, 'UNKNOWN_REVISION');
  });

  it('walks ancestors and descendants through dependsOn too', () => {
    expect([...depends.ancestors(['d2'])].sort()).toEqual(['d1', 'd2', 's1', 's2']);
    expect([...depends.ancestors(['d2'], 'parents')].sort()).toEqual(['d1', 'd2']);
    expect([...depends.descendants(['s2'])].sort()).toEqual(['d2', 'd3', 's2', 's3']);
    expect([...merged.descendants(['s3'])].sort()).toEqual(['m5', 's3']);
    expect([...merged.ancestors(['m5'])].sort()).toEqual(['f3', 'f4', 'm5', 'r1', 'r2', 's3']);
  });

  it('computes the version rows of an applied set', () => {
    expect(branched.headsOf(new Set(['r1', 'r2', 'f3', 's3']))).toEqual(['f3', 's3']);
    // d2 reaches s2 through dependsOn, so s2 is no row of its own (alembic_version keeps {d2})
    expect(depends.headsOf(new Set(['s1', 's2', 'd1', 'd2']))).toEqual(['d2']);
    expect(depends.headsOf(new Set(['s1', 's2', 's3', 'd1', 'd2']))).toEqual(['d2', 's3']);
    expect(linear.headsOf(new Set())).toEqual([]);
  });

  it('lists history newest first', () => {
    expect(linear.history().map((r) => r.id)).toEqual(['d4', 'c3', 'b2', 'a1']);
    // each branch in one stretch
    expect(merged.history().map((r) => r.id)).toEqual(['m5', 's3', 'f4', 'f3', 'r2', 'r1']);
    expect(depends.history().map((r) => r.id)).toEqual(['d3', 'd2', 'd1', 's3', 's2', 's1']);
    const shuffled = RevisionMap.build([LINEAR[3], LINEAR[1], LINEAR[0], LINEAR[2]].filter((r) => r !== undefined));
    expect(shuffled.history().map((r) => r.id)).toEqual(['d4', 'c3', 'b2', 'a1']);
  });
});

describe('planUpgrade', () => {
  const linear = RevisionMap.build(LINEAR);
  const branched = RevisionMap.build(BRANCHED);
  const merged = RevisionMap.build(MERGED);
  const depends = RevisionMap.build(DEPENDS);

  it('upgrades an empty database to head, one row per step', () => {
    const steps = linear.planUpgrade([], 'head');
    expect(ids(steps)).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(before(steps)).toEqual([[], ['a1'], ['b2'], ['c3']]);
    expect(after(steps)).toEqual([['a1'], ['b2'], ['c3'], ['d4']]);
    expect(steps.every((s) => s.direction === 'upgrade')).toBe(true);
  });

  it('accepts heads, base, ids, prefixes and labels', () => {
    expect(ids(linear.planUpgrade(['b2'], 'heads'))).toEqual(['c3', 'd4']);
    expect(linear.planUpgrade(['b2'], 'base')).toEqual([]);
    expect(ids(linear.planUpgrade([], 'c3'))).toEqual(['a1', 'b2', 'c3']);
    expect(ids(linear.planUpgrade(['a1'], 'c'))).toEqual(['b2', 'c3']);
    expect(ids(branched.planUpgrade(['r2'], 'feature'))).toEqual(['f3']);
    expect(ids(branched.planUpgrade(['r2'], 'feature@head'))).toEqual(['f3', 'f4']);
  });

  it('returns nothing for a target already applied', () => {
    expect(linear.planUpgrade(['d4'], 'head')).toEqual([]);
    expect(linear.planUpgrade(['c3'], 'b2')).toEqual([]);
  });

  it('steps +N from the current head, and from base on an empty database', () => {
    expect(ids(linear.planUpgrade([], '+1'))).toEqual(['a1']);
    expect(ids(linear.planUpgrade(['a1'], '+2'))).toEqual(['b2', 'c3']);
    expect(after(linear.planUpgrade(['a1'], '+2'))).toEqual([['b2'], ['c3']]);
    expect(ids(linear.planUpgrade([], 'b2+1'))).toEqual(['a1', 'b2', 'c3']);
    expect(ids(linear.planUpgrade(['a1'], 'c3-1'))).toEqual(['b2']);
  });

  it('rejects +N beyond head', () => {
    const error = expectError(() => linear.planUpgrade(['c3'], '+3'), RevisionError, 'OUT_OF_RANGE');
    expect(error.message).toBe('Relative revision +3 is beyond head: only 1 revision above current c3; use `tsdb upgrade head`');
    expectError(() => linear.planUpgrade(['d4'], '+1'), RevisionError, 'OUT_OF_RANGE');
    expectError(() => linear.planUpgrade([], 'c3+2'), RevisionError, 'OUT_OF_RANGE');
  });

  it('rejects malformed relative targets', () => {
    for (const target of ['+0', '-x', '+', 'b2+0', 'a1@', '@head', '', '-1', 'a1@b2@c3', 'heads+1']) {
      expectError(() => linear.planUpgrade(['a1'], target), RevisionError, 'BAD_TARGET');
    }
  });

  it('rejects an unknown target or version row', () => {
    expectError(() => linear.planUpgrade([], 'zz'), RevisionError, 'UNKNOWN_REVISION');
    const row = expectError(() => linear.planUpgrade(['zz'], 'head'), RevisionError, 'UNKNOWN_REVISION');
    expect(row.message).toContain('version table');
  });

  it('refuses head when there are several heads, naming them and the two ways out', () => {
    const error = expectError(() => branched.planUpgrade([], 'head'), MultipleHeadsError, 'MULTIPLE_HEADS');
    expect(error.message.startsWith('Multiple head revisions are present; ')).toBe(true);
    expect(error.message).toContain('f4, s3');
    expect(error.message).toContain('`tsdb upgrade heads`');
    expect(error.message).toContain('`tsdb merge`');
    expect(error instanceof MultipleHeadsError ? error.heads : []).toEqual(['f4', 's3']);
  });

  it('upgrades to every head, keeping one row per applied head', () => {
    const steps = branched.planUpgrade([], 'heads');
    // one branch after the other, never interleaved
    expect(ids(steps)).toEqual(['r1', 'r2', 'f3', 'f4', 's3']);
    expect(after(steps)).toEqual([['r1'], ['r2'], ['f3'], ['f4'], ['f4', 's3']]);
  });

  it('collapses the rows at a merge and pulls in the other parent', () => {
    const merge = merged.planUpgrade(['f4', 's3'], 'head');
    expect(ids(merge)).toEqual(['m5']);
    expect(before(merge)).toEqual([['f4', 's3']]);
    expect(after(merge)).toEqual([['m5']]);
    const partial = merged.planUpgrade(['s3'], 'm5');
    expect(ids(partial)).toEqual(['f3', 'f4', 'm5']);
    expect(after(partial)).toEqual([['f3', 's3'], ['f4', 's3'], ['m5']]);
  });

  it('refuses +N at a branch point and with several current heads', () => {
    const branch = expectError(() => branched.planUpgrade(['r2'], '+1'), RevisionError, 'AMBIGUOUS_STEP');
    expect(branch.message).toContain('f3, s3');
    expect(branch.message).toContain('choose one: `tsdb upgrade f3` or `tsdb upgrade s3`');
    const heads = expectError(() => branched.planUpgrade(['f3', 's3'], '+1'), MultipleHeadsError, 'MULTIPLE_HEADS');
    expect(heads.message).toContain('f3, s3');
    // s3 is a head of the scripts: s3+1 would go nowhere, so only f3+1 is offered
    expect(heads.message).toMatch(/so name it: f3\+1$/);
    const twoUp = expectError(() => branched.planUpgrade(['r1'], '+3'), RevisionError, 'AMBIGUOUS_STEP');
    // the way through s3 ends at s3, one step short, so it is not offered
    expect(twoUp.message).toMatch(/it branches to f3, s3; choose one: `tsdb upgrade f3\+1`$/);
    expect(ids(branched.planUpgrade(['r1'], 'f3+1'))).toEqual(['r2', 'f3', 'f4']);
    expectError(() => depends.planUpgrade([], '+1'), RevisionError, 'AMBIGUOUS_STEP');
  });

  it('steps LABEL@+N along the labelled line only', () => {
    expect(ids(branched.planUpgrade(['s3'], 'feature@+1'))).toEqual(['f3']);
    expect(after(branched.planUpgrade(['s3'], 'feature@+2'))).toEqual([
      ['f3', 's3'],
      ['f4', 's3'],
    ]);
    expect(ids(depends.planUpgrade(['s3'], 'data@+1'))).toEqual(['d1']);
    expectError(() => branched.planUpgrade(['f4', 's3'], 'feature@+1'), RevisionError, 'OUT_OF_RANGE');
  });

  it('refuses LABEL@head when the labelled line has several heads', () => {
    const map = RevisionMap.build([rev('r1'), rev('r2', ['r1'], { labels: ['trunk'] }), rev('x3', ['r2']), rev('y3', ['r2'])]);
    const error = expectError(() => map.planUpgrade([], 'trunk@head'), MultipleHeadsError, 'MULTIPLE_HEADS');
    expect(error.message).toContain('x3, y3');
  });

  it('upgrades to REV-N, landing below a merge on both parents', () => {
    expect(ids(merged.planUpgrade([], 'm5-1'))).toEqual(['r1', 'r2', 'f3', 'f4', 's3']);
    expect(ids(linear.planUpgrade([], 'b2-2'))).toEqual([]);
    const error = expectError(() => linear.planUpgrade([], 'b2-3'), RevisionError, 'OUT_OF_RANGE');
    expect(error.message).toContain('beyond base');
  });

  it('applies dependencies before the revision that needs them', () => {
    const steps = depends.planUpgrade([], 'd2');
    expect(ids(steps)).toEqual(['s1', 's2', 'd1', 'd2']);
    expect(after(steps)).toEqual([['s1'], ['s2'], ['d1', 's2'], ['d2']]);
    expect(ids(depends.planUpgrade(['d1', 's2'], 'data@head'))).toEqual(['d2', 'd3']);
  });
});

describe('planDowngrade', () => {
  const linear = RevisionMap.build(LINEAR);
  const branched = RevisionMap.build(BRANCHED);
  const merged = RevisionMap.build(MERGED);
  const depends = RevisionMap.build(DEPENDS);

  it('steps -N down from the current head', () => {
    const one = linear.planDowngrade(['d4'], '-1');
    expect(ids(one)).toEqual(['d4']);
    expect(before(one)).toEqual([['d4']]);
    expect(after(one)).toEqual([['c3']]);
    expect(one[0]?.direction).toBe('downgrade');
    expect(after(linear.planDowngrade(['d4'], '-2'))).toEqual([['c3'], ['b2']]);
    expect(after(linear.planDowngrade(['b2'], '-2'))).toEqual([['a1'], []]);
    expect(after(linear.planDowngrade(['a1'], '-1'))).toEqual([[]]);
  });

  it('downgrades to base, to a revision and to REV-N', () => {
    expect(ids(linear.planDowngrade(['d4'], 'base'))).toEqual(['d4', 'c3', 'b2', 'a1']);
    expect(after(linear.planDowngrade(['c3'], 'base'))).toEqual([['b2'], ['a1'], []]);
    expect(ids(linear.planDowngrade(['d4'], 'b'))).toEqual(['d4', 'c3']);
    expect(ids(linear.planDowngrade(['d4'], 'c3-1'))).toEqual(['d4', 'c3']);
    expect(ids(linear.planDowngrade(['d4'], 'a1+1'))).toEqual(['d4', 'c3']);
    expect(linear.planDowngrade(['d4'], 'd4')).toEqual([]);
    expect(linear.planDowngrade([], 'base')).toEqual([]);
  });

  it('rejects -N beyond base', () => {
    const error = expectError(() => linear.planDowngrade(['b2'], '-3'), RevisionError, 'OUT_OF_RANGE');
    expect(error.message).toBe('Relative revision -3 is beyond base: only 2 revisions below current b2; use `tsdb downgrade base`');
    expectError(() => linear.planDowngrade([], '-1'), RevisionError, 'OUT_OF_RANGE');
  });

  it('rejects a target that is not applied, saying what is', () => {
    const error = expectError(() => linear.planDowngrade(['b2'], 'c3'), RevisionError, 'NOT_APPLIED');
    expect(error.message).toContain('current: b2');
    const empty = expectError(() => linear.planDowngrade([], 'a1'), RevisionError, 'NOT_APPLIED');
    expect(empty.message).toContain('base');
  });

  it('rejects upward and malformed targets', () => {
    for (const target of ['+1', 'head', 'heads', 'feature@head', '-0', '-x', 'feature@+1']) {
      expectError(() => branched.planDowngrade(['f4', 's3'], target), RevisionError, 'BAD_TARGET');
    }
    expectError(() => branched.planDowngrade(['f4', 's3'], '-1'), MultipleHeadsError, 'MULTIPLE_HEADS');
  });

  it('downgrades one branch and leaves the other in the version rows', () => {
    const steps = branched.planDowngrade(['f4', 's3'], 'f3');
    expect(ids(steps)).toEqual(['f4']);
    expect(after(steps)).toEqual([['f3', 's3']]);
    expect(after(branched.planDowngrade(['f4', 's3'], 'feature@-1'))).toEqual([['f3', 's3']]);
    expect(after(branched.planDowngrade(['f4', 's3'], 'feature@-2'))).toEqual([['f3', 's3'], ['s3']]);
    expect(branched.planDowngrade(['f4', 's3'], 'feature@-4').at(-1)?.versionsAfter).toEqual([]);
    expectError(() => branched.planDowngrade(['f4', 's3'], 'feature@-5'), RevisionError, 'OUT_OF_RANGE');
    expect(after(branched.planDowngrade(['f4', 's3'], 'r2'))).toEqual([['f4'], ['f3'], ['r2']]);
    expect(after(branched.planDowngrade(['f4', 's3'], 's3@-1'))).toEqual([['f4']]);
  });

  it('splits a merge back into its parents and refuses -N across it', () => {
    expect(after(merged.planDowngrade(['m5'], '-1'))).toEqual([['f4', 's3']]);
    const error = expectError(() => merged.planDowngrade(['m5'], '-2'), RevisionError, 'AMBIGUOUS_STEP');
    expect(error.message).toContain('f4, s3');
    // each way the walk could go is a command that works
    expect(error.message).toContain('`tsdb downgrade f4@-2` or `tsdb downgrade s3@-2`');
    expect(after(merged.planDowngrade(['m5'], 'f4@-2'))).toEqual([
      ['f4', 's3'],
      ['f3', 's3'],
    ]);
    expect(after(merged.planDowngrade(['m5'], 's3@-2'))).toEqual([['f4', 's3'], ['f4']]);
    expect(after(merged.planDowngrade(['m5'], 'f4-1'))).toEqual([
      ['f4', 's3'],
      ['f3', 's3'],
    ]);
    expect(after(merged.planDowngrade(['m5'], 'feature@-2'))).toEqual([
      ['f4', 's3'],
      ['f3', 's3'],
    ]);
  });

  it('unapplies dependants of a downgraded revision, and only them', () => {
    const steps = depends.planDowngrade(['d2', 's2'], 'schema@-1');
    expect(ids(steps)).toEqual(['d2', 's2']);
    expect(after(steps)).toEqual([
      ['d1', 's2'],
      ['d1', 's1'],
    ]);
    expect(after(depends.planDowngrade(['d2', 's2'], 'd1'))).toEqual([['d1', 's2']]);
    expect(after(depends.planDowngrade(['d2', 's2'], 'data@-2'))).toEqual([['d1', 's2'], ['s2']]);
  });
});

describe('historyRange', () => {
  const linear = RevisionMap.build(LINEAR);
  const merged = RevisionMap.build(MERGED);
  const range = (map: RevisionMap, text: string, current: string[] = []): string[] => map.historyRange(text, current).map((r) => r.id);

  it('selects A:B, A:, :B and the named ends', () => {
    expect(range(linear, 'b2:c3')).toEqual(['c3', 'b2']);
    expect(range(linear, 'b:')).toEqual(['d4', 'c3', 'b2']);
    expect(range(linear, ':b2')).toEqual(['b2', 'a1']);
    expect(range(linear, 'base:')).toEqual(['d4', 'c3', 'b2', 'a1']);
    expect(range(linear, ':head')).toEqual(['d4', 'c3', 'b2', 'a1']);
    expect(range(linear, 'base:heads')).toEqual(['d4', 'c3', 'b2', 'a1']);
    expect(range(merged, 'f3:')).toEqual(['m5', 'f4', 'f3']);
    expect(range(merged, 's3:m5')).toEqual(['m5', 's3']);
  });

  it('reads current on either side', () => {
    expect(range(linear, 'current:', ['b2'])).toEqual(['d4', 'c3', 'b2']);
    expect(range(linear, 'current:', [])).toEqual(['d4', 'c3', 'b2', 'a1']);
    expect(range(linear, ':current', ['c3'])).toEqual(['c3', 'b2', 'a1']);
    expect(range(linear, ':current', [])).toEqual([]);
  });

  it('keeps the newest N with -N:', () => {
    expect(range(linear, '-2:')).toEqual(['d4', 'c3']);
    expect(range(linear, '-9:')).toEqual(['d4', 'c3', 'b2', 'a1']);
  });

  it('rejects malformed and empty explicit ranges', () => {
    for (const text of ['b2', 'a1:b2:c3', '-0:', '-x:', ':-2']) {
      expectError(() => linear.historyRange(text, []), RevisionError, 'BAD_RANGE');
    }
    const reversed = expectError(() => linear.historyRange('c3:a1', []), RevisionError, 'BAD_RANGE');
    expect(reversed.message).toContain('c3 is not an ancestor of a1');
    expectError(() => linear.historyRange('zz:', []), RevisionError, 'UNKNOWN_REVISION');
  });
});

describe('random DAG properties', () => {
  const SEEDS = 400;

  it('upgrade plans respect the graph and end at the heads of the target closure', () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = prng(seed);
      const map = RevisionMap.build(randomDag(random));
      const applied = randomApplied(map, random);
      const current = map.headsOf(applied);
      const all = map.revisions.map((r) => r.id);
      const some = all[Math.floor(random() * all.length)] ?? 'heads';
      const target = ['heads', '+1', some, some, `${some}+1`][Math.floor(random() * 5)] ?? 'heads';
      const relative = target.endsWith('+1');
      let steps: MigrationStep[];
      try {
        steps = map.planUpgrade(current, target);
      } catch (error) {
        const allowed = relative && (error instanceof RevisionError || error instanceof MultipleHeadsError);
        expect(allowed, `seed ${seed}: ${target} threw ${String(error)}`).toBe(true);
        continue;
      }
      const state = new Set(applied);
      let rows: ReadonlyArray<string> = current;
      for (const step of steps) {
        const r = step.revision;
        expect(state.has(r.id), `seed ${seed}: ${r.id} applied twice`).toBe(false);
        for (const p of [...r.downRevisions, ...r.dependsOn])
          expect(state.has(p), `seed ${seed}: ${p} not applied before ${r.id}`).toBe(true);
        expect(step.versionsBefore, `seed ${seed}: rows before ${r.id}`).toEqual(rows);
        state.add(r.id);
        rows = step.versionsAfter;
        expect(rows, `seed ${seed}: rows after ${r.id}`).toEqual(map.headsOf(state));
      }
      const named = target === `${some}+1` ? map.children(some) : [some];
      const targets = target === 'heads' ? map.heads() : target === '+1' ? steps.slice(-1).map((s) => s.revision.id) : named;
      const expected = map.headsOf(new Set([...map.ancestors(targets), ...applied]));
      expect(rows, `seed ${seed}: final rows for ${target} from [${current.join(', ')}]`).toEqual(expected);
      if (target === '+1') expect(steps.length > 0, `seed ${seed}: +1 made no step`).toBe(true);
    }
  });

  it('downgrade plans remove children first and are undone by upgrading back', () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = prng(seed * 7919);
      const map = RevisionMap.build(randomDag(random));
      const applied = randomApplied(map, random);
      const current = map.headsOf(applied);
      const appliedIds = [...applied];
      const roll = random();
      const target = roll < 0.2 ? 'base' : roll < 0.4 ? '-1' : (appliedIds[Math.floor(random() * appliedIds.length)] ?? 'base');
      let steps: MigrationStep[];
      try {
        steps = map.planDowngrade(current, target);
      } catch (error) {
        const allowed = target === '-1' && (error instanceof RevisionError || error instanceof MultipleHeadsError);
        expect(allowed, `seed ${seed}: ${target} threw ${String(error)}`).toBe(true);
        continue;
      }
      const state = new Set(applied);
      for (const step of steps) {
        const id = step.revision.id;
        expect(state.has(id), `seed ${seed}: ${id} removed but not applied`).toBe(true);
        state.delete(id);
        const stillNeeded = [...state].filter((other) => [...map.get(other).downRevisions, ...map.get(other).dependsOn].includes(id));
        expect(stillNeeded, `seed ${seed}: ${id} removed under ${stillNeeded.join(', ')}`).toEqual([]);
        expect(step.versionsAfter, `seed ${seed}`).toEqual(map.headsOf(state));
      }
      const [head] = current;
      const expected =
        target === 'base'
          ? new Set<string>()
          : target === '-1'
            ? new Set(appliedIds.filter((id) => id !== head))
            : new Set(appliedIds.filter((id) => !map.descendants(map.children(target)).has(id)));
      expect([...state].sort(), `seed ${seed}: downgrade to ${target} from [${current.join(', ')}]`).toEqual([...expected].sort());
      let rows: ReadonlyArray<string> = steps.at(-1)?.versionsAfter ?? current;
      for (const head of current) {
        const up = map.planUpgrade(rows, head);
        for (const step of up) state.add(step.revision.id);
        rows = up.at(-1)?.versionsAfter ?? rows;
      }
      expect([...state].sort(), `seed ${seed}: round trip`).toEqual([...applied].sort());
      expect(rows, `seed ${seed}: round trip rows`).toEqual(current);
    }
  });

  it('any upgrade target then any downgrade target keeps one row per applied head and runs each script at most once', () => {
    const ran = { upgrades: 0, downgrades: 0, refused: 0 };
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = prng(seed * 104729);
      const map = RevisionMap.build(randomLabelledDag(random));
      const state = new Set<string>();
      let rows: ReadonlyArray<string> = [];
      for (const direction of ['upgrade', 'downgrade'] as const) {
        const target = randomTarget(map, random, direction);
        let steps: MigrationStep[];
        try {
          steps = direction === 'upgrade' ? map.planUpgrade(rows, target) : map.planDowngrade(rows, target);
        } catch (error) {
          // a refusal is a documented one-line error, never a crash
          expect(
            error instanceof RevisionError || error instanceof MultipleHeadsError,
            `seed ${seed}: ${target} threw ${String(error)}`,
          ).toBe(true);
          expect(String((error as Error).message)).not.toContain('\n');
          ran.refused += 1;
          continue;
        }
        for (const step of steps) {
          const r = step.revision;
          expect(step.versionsBefore, `seed ${seed}: rows before ${direction} ${r.id}`).toEqual(rows);
          if (direction === 'upgrade') {
            expect(state.has(r.id), `seed ${seed}: ${r.id} applied twice`).toBe(false);
            for (const p of [...r.downRevisions, ...r.dependsOn]) expect(state.has(p), `seed ${seed}: ${p} not before ${r.id}`).toBe(true);
            state.add(r.id);
            ran.upgrades += 1;
          } else {
            expect(state.has(r.id), `seed ${seed}: ${r.id} undone but not applied`).toBe(true);
            state.delete(r.id);
            const needs = [...state].filter((o) => [...map.get(o).downRevisions, ...map.get(o).dependsOn].includes(r.id));
            expect(needs, `seed ${seed}: ${r.id} undone under ${needs.join(', ')}`).toEqual([]);
            ran.downgrades += 1;
          }
          rows = step.versionsAfter;
          expect(rows, `seed ${seed}: rows after ${direction} ${r.id}`).toEqual(map.headsOf(state));
        }
      }
      expect(map.ancestors(rows), `seed ${seed}: the rows stand for exactly the applied set`).toEqual(state);
    }
    // the generator reaches every kind of outcome, so the property is not vacuous
    expect(ran.upgrades).toBeGreaterThan(SEEDS);
    expect(ran.downgrades).toBeGreaterThan(SEEDS / 4);
    expect(ran.refused).toBeGreaterThan(0);
  });
});
