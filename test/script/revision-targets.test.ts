/** Alembic's target grammar: parsing, branch-restricted resolution, dependsOn labels, and refusals whose every choice works. */
import { describe, expect, it } from 'vitest';
import { MultipleHeadsError, RevisionError, ScriptDirectoryError, TsdbError } from '../../src/errors';
import { RevisionMap } from '../../src/script/revision-map';
import { parseTarget } from '../../src/script/revision-targets';
import { selectStampTargets, stampedVersions } from '../../src/script/target-selections';
import { BRANCHED, FOREST, LABELED, MERGED, r } from '../helpers/alembic-graphs';
import { prng, randomApplied, randomLabelledDag, randomTarget } from '../helpers/random-dag';

function refusal(fn: () => unknown): TsdbError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TsdbError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const removedBy = (map: RevisionMap, rows: ReadonlyArray<string>, target: string): string[] =>
  map
    .planDowngrade(rows, target)
    .map((step) => step.revision.id)
    .sort();

describe('parseTarget', () => {
  const names = new Set(['v-1', 'my-feature']);
  const parse = (text: string): unknown => parseTarget(text, (name) => names.has(name));

  it('reads [BRANCH@]ANCHOR[±N]', () => {
    expect(parse('feat@base+2')).toEqual({ branch: 'feat', anchor: { kind: 'base' }, steps: 2 });
    expect(parse('feat@head-1')).toEqual({ branch: 'feat', anchor: { kind: 'head' }, steps: -1 });
    expect(parse('feat@-3')).toEqual({ branch: 'feat', anchor: { kind: 'current' }, steps: -3 });
    expect(parse('feat@heads')).toEqual({ branch: 'feat', anchor: { kind: 'heads' }, steps: null });
    expect(parse('c2@ab12')).toEqual({ branch: 'c2', anchor: { kind: 'revision', ref: 'ab12' }, steps: null });
    expect(parse('ab12-2')).toEqual({ branch: null, anchor: { kind: 'revision', ref: 'ab12' }, steps: -2 });
    expect(parse('+1')).toEqual({ branch: null, anchor: { kind: 'current' }, steps: 1 });
  });

  it('reads a name that looks relative as that name, and a step after a dashed label as a step', () => {
    expect(parse('v-1')).toEqual({ branch: null, anchor: { kind: 'revision', ref: 'v-1' }, steps: null });
    expect(parse('my-feature+1')).toEqual({ branch: null, anchor: { kind: 'revision', ref: 'my-feature' }, steps: 1 });
    expect(parse('x@v-1')).toEqual({ branch: 'x', anchor: { kind: 'revision', ref: 'v-1' }, steps: null });
  });

  it('refuses malformed targets with BAD_TARGET', () => {
    for (const text of ['', '@head', 'x@', 'a@b@c', '+0', '-x', 'b2+0', 'heads+1', 'x@heads-1']) {
      const error = refusal(() => parse(text));
      expect(error.code, text).toBe('BAD_TARGET');
      expect(error.message, text).toMatch(/^Invalid target '/);
    }
  });
});

describe('targets on a branch', () => {
  const labeled = RevisionMap.build(LABELED);

  it('resolves LABEL@REV and REV@REV among the revisions of that branch only', () => {
    expect(labeled.planUpgrade([], 'ebranch@some').map((s) => s.revision.id)).toEqual(['d', 'e', 'someothername']);
    const outside = refusal(() => labeled.planUpgrade([], 'ebranch@b'));
    expect(outside.code).toBe('NOT_ON_BRANCH');
    expect(outside.message).toBe("Revision b is not on branch ebranch (in 'ebranch@b'); run `tsdb history -r ebranch@base:` to list it");
    const map = RevisionMap.build([r('a'), r('ab1', 'a', { labels: ['x'] }), r('ab2', 'ab1'), r('ab3', 'a')]);
    expect(refusal(() => map.planUpgrade([], 'x@ab')).message).toContain(
      "Revision prefix 'ab' is ambiguous on branch x: it matches ab1, ab2",
    );
    expect(map.planUpgrade([], 'ab3@a').map((s) => s.revision.id)).toEqual(['a']);
    expect(refusal(() => map.planUpgrade([], 'zz@a')).message).toBe(
      "No branch label or revision 'zz' (before @ in 'zz@a'); run `tsdb branches` or `tsdb history` to list them",
    );
  });

  it('refuses head forms as downgrade targets', () => {
    for (const text of ['ebranch@head', 'ebranch@heads', 'heads']) {
      expect(refusal(() => labeled.planDowngrade(['c', 'f'], text)).code, text).toBe('BAD_TARGET');
    }
  });

  it('counts relative stamp targets from the heads of the scripts, as Alembic does', () => {
    const linear = RevisionMap.build([r('a'), r('b', 'a'), r('c', 'b')]);
    expect(stampedVersions(linear, selectStampTargets(linear, ['-1']), ['a'])).toEqual(['b']);
    expect(stampedVersions(linear, selectStampTargets(linear, ['base', 'b']), ['c'])).toEqual(['b']);
  });
});

describe('dependsOn naming a branch label', () => {
  it('means the revision that declares the label', () => {
    const map = RevisionMap.build([r('a', [], { labels: ['lib'] }), r('b', 'a'), r('x'), r('y', 'x', { deps: ['lib'] })]);
    expect(map.dependencies('y')).toEqual(['a']);
    expect(map.planUpgrade([], 'y').map((s) => s.revision.id)).toEqual(['a', 'x', 'y']);
    expect(map.planUpgrade([], 'y').at(-1)?.versionsAfter).toEqual(['y']);
  });

  it('refuses a label nobody declares, and a revision depending on its own label', () => {
    const missing = refusal(() => RevisionMap.build([r('a'), r('b', 'a', { deps: ['nolabel'] })]));
    expect(missing).toBeInstanceOf(ScriptDirectoryError);
    expect(missing.message).toBe(
      'versions/b.ts: revision b names dependency nolabel, which no script defines; fix dependsOn or restore the missing script',
    );
    expect(refusal(() => RevisionMap.build([r('a', [], { labels: ['me'], deps: ['me'] })])).code).toBe('CYCLE');
  });
});

describe('the two refusals Alembic would guess through', () => {
  const branched = RevisionMap.build(BRANCHED);

  it('REV-1 on a branch point: one command for that branch only, one for everything above it', () => {
    const error = refusal(() => branched.planDowngrade(['c2', 'd1'], 'c2-1'));
    expect(error).toBeInstanceOf(RevisionError);
    expect(error.code).toBe('BEYOND_BRANCH');
    expect(error.message).toBe(
      'Relative revision c2-1 is b, and taking back everything above b would also take back c1, d1 on another branch; ' +
        'choose one: `tsdb downgrade c2@-1` or `tsdb downgrade c2branch@-1` (branch c2 only) or `tsdb downgrade b` (everything above b)',
    );
    expect(removedBy(branched, ['c2', 'd1'], 'c2@-1')).toEqual(['c2']);
    expect(removedBy(branched, ['c2', 'd1'], 'b')).toEqual(['c1', 'c2', 'd1']);
    // a step that stays on the branch is no question
    expect(removedBy(branched, ['d2', 'd1'], 'd2-1')).toEqual(['d2']);
    const forest = RevisionMap.build(FOREST);
    expect(refusal(() => forest.planDowngrade(['b1', 'b2'], 'a1-1')).message).toContain(
      'choose one: `tsdb downgrade a1@-2` (branch a1 only) or `tsdb downgrade base` (everything above base)',
    );
  });

  it('-1 with several applied heads names REV@-1 for each', () => {
    const error = refusal(() => branched.planDowngrade(['d1', 'd2'], '-1'));
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect(error.message).toBe('Multiple head revisions are applied: d1, d2; relative target -1 needs one, so name it: d1@-1 or d2@-1');
    expect(removedBy(branched, ['d1', 'd2'], 'd1@-1')).toEqual(['d1']);
  });

  it('a merge on the way down of REV-N asks which parent, naming revisions', () => {
    const merged = RevisionMap.build(MERGED);
    expect(refusal(() => merged.planDowngrade(['f'], 'f-3')).message).toContain(
      'choose one: `tsdb downgrade d1-1` or `tsdb downgrade d2-1`',
    );
  });
});

describe('every choice a refusal lists is a command that works', () => {
  it('holds on random labelled graphs', () => {
    let checked = 0;
    for (let seed = 1; seed <= 600; seed += 1) {
      const random = prng(seed * 31337);
      const map = RevisionMap.build(randomLabelledDag(random));
      const rows = map.headsOf(randomApplied(map, random));
      const direction = random() < 0.5 ? 'upgrade' : 'downgrade';
      const target = randomTarget(map, random, direction);
      const plan = (text: string): unknown => (direction === 'upgrade' ? map.planUpgrade(rows, text) : map.planDowngrade(rows, text));
      let error: TsdbError;
      try {
        plan(target);
        continue;
      } catch (caught) {
        if (!(caught instanceof TsdbError)) throw caught;
        error = caught;
      }
      if (!['AMBIGUOUS_STEP', 'BEYOND_BRANCH', 'MULTIPLE_HEADS'].includes(error.code)) continue;
      const commands = [...error.message.matchAll(/`tsdb (upgrade|downgrade) ([^`]+)`/g)];
      const named = [...error.message.matchAll(/name it: (.+)$/g)].flatMap((m) => (m[1] ?? '').split(' or '));
      for (const [, command, choice] of commands) {
        if (command !== direction) continue;
        expect(() => plan(choice ?? ''), `seed ${seed}: ${target} -> ${choice}`).not.toThrow();
        checked += 1;
      }
      for (const choice of named) {
        if (choice.startsWith('+') || /^\S+@/.test(choice) || /\+\d+$/.test(choice)) {
          expect(() => plan(choice), `seed ${seed}: ${target} -> ${choice}`).not.toThrow(RevisionError);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
