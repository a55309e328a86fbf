/**
 * The revision graphs of Alembic's traversal tests (tests/test_version_traversal.py, tests/test_revision.py),
 * redrawn as literals: each name says which Alembic fixture it mirrors. Input order is the order Alembic
 * generates them in, which only breaks ties.
 */
import type { Revision } from '../../src/script/revision-map';

/** One revision: its parents (none: a root), and optionally what it depends on and the labels it declares. */
export function r(id: string, down: string | ReadonlyArray<string> = [], extra: { deps?: string[]; labels?: string[] } = {}): Revision {
  return {
    id,
    downRevisions: typeof down === 'string' ? [down] : down,
    branchLabels: extra.labels ?? [],
    dependsOn: extra.deps ?? [],
    message: id,
    path: `versions/${id}.ts`,
  };
}

/** a → b → c → d → e (RevisionPathTest). */
export const LINEAR = [r('a'), r('b', 'a'), r('c', 'b'), r('d', 'c'), r('e', 'd')];

/** b branches into c1 → d1 (c1branch) and c2 → d2 (c2branch) (BranchedPathTest). */
export const BRANCHED = [
  r('a'),
  r('b', 'a'),
  r('c1', 'b', { labels: ['c1branch'] }),
  r('d1', 'c1'),
  r('c2', 'b', { labels: ['c2branch'] }),
  r('d2', 'c2'),
];

/** Two roots; d1 merges c1 and c2, and c2 also goes on to d2 (BranchFromMergepointTest). */
export const FROM_MERGEPOINT = [
  r('a1'),
  r('b1', 'a1'),
  r('c1', 'b1'),
  r('a2'),
  r('b2', 'a2'),
  r('c2', 'b2'),
  r('d1', ['c1', 'c2']),
  r('d2', 'c2'),
];

/** Three roots; d1 merges c1, c2, c3; c2 goes on to d2 and c3 to d3 (BranchFrom3WayMergepointTest). */
export const FROM_3WAY_MERGEPOINT = [
  r('a1'),
  r('b1', 'a1'),
  r('c1', 'b1'),
  r('a2'),
  r('b2', 'a2'),
  r('c2', 'b2'),
  r('a3'),
  r('b3', 'a3'),
  r('c3', 'b3'),
  r('d1', ['c1', 'c2', 'c3']),
  r('d2', 'c2'),
  r('d3', 'c3'),
];

/** a branches to b1, b2, b3; c1 and c2 both merge all three; d1 on c1, d2 on c2 (TwinMergeTest). */
export const TWIN_MERGE = [
  r('a'),
  r('b1', 'a'),
  r('b2', 'a'),
  r('b3', 'a'),
  r('c1', ['b1', 'b2', 'b3']),
  r('c2', ['b1', 'b2', 'b3']),
  r('d1', 'c1'),
  r('d2', 'c2'),
];

/** As TWIN_MERGE, but c1 merges b1, b2 and c2 merges b2, b3 (NotQuiteTwinMergeTest). */
export const NOT_QUITE_TWIN_MERGE = [
  r('a'),
  r('b1', 'a'),
  r('b2', 'a'),
  r('b3', 'a'),
  r('c1', ['b1', 'b2']),
  r('c2', ['b2', 'b3']),
  r('d1', 'c1'),
  r('d2', 'c2'),
];

/** Line 1 (labelled lib1) and line 2, whose c2 depends on c1 (DependsOnBranchTestOne). */
export const DEPENDS_ONE = [
  r('a1', [], { labels: ['lib1'] }),
  r('b1', 'a1'),
  r('c1', 'b1'),
  r('a2'),
  r('b2', 'a2'),
  r('c2', 'b2', { deps: ['c1'] }),
  r('d1', 'c1'),
  r('e1', 'd1'),
  r('f1', 'e1'),
];

/** Nine roots merged in threes; d1, a root, depends on a3, b2 and c1 (DependsOnBranchTestTwo). */
export const DEPENDS_TWO = [
  r('a1'),
  r('a2'),
  r('a3'),
  r('amerge', ['a1', 'a2', 'a3']),
  r('b1'),
  r('b2'),
  r('bmerge', ['b1', 'b2']),
  r('c1'),
  r('c2'),
  r('c3'),
  r('cmerge', ['c1', 'c2', 'c3']),
  r('d1', [], { deps: ['a3', 'b2', 'c1'] }),
];

/** Two lines that depend on each other crosswise: b2 on a2, a3 on b1 (DependsOnBranchTestThree). */
export const DEPENDS_THREE = [
  r('a1'),
  r('a2', 'a1'),
  r('b1'),
  r('b2', 'b1', { deps: ['a2'] }),
  r('b3', 'b2'),
  r('a3', 'a2', { deps: ['b1'] }),
];

/** a2 depends on its own parent (DependsOnOwnDownrevTest). */
export const DEPENDS_OWN_PARENT = [r('a1'), r('a2', 'a1', { deps: ['a1'] })];

/** b2 and b4 both depend on a3 (DependsOnBranchTestFour). */
export const DEPENDS_FOUR = [
  r('a1'),
  r('a2', 'a1'),
  r('a3', 'a2'),
  r('b1'),
  r('b2', 'b1', { deps: ['a3'] }),
  r('b3', 'b2'),
  r('b4', 'b3', { deps: ['a3'] }),
];

/** b1, a root, depends on a1; bmerge merges a1 and b1 (DependsOnBranchTestFive). */
export const DEPENDS_FIVE = [r('a1'), r('b1', [], { deps: ['a1'] }), r('bmerge', ['a1', 'b1'])];

/** c2 depends on the branch label c1lib, declared by c1 (DependsOnBranchLabelTest). */
export const DEPENDS_ON_LABEL = [
  r('a1', [], { labels: ['lib1'] }),
  r('b1', 'a1'),
  r('c1', 'b1', { labels: ['c1lib'] }),
  r('a2'),
  r('b2', 'a2'),
  r('c2', 'b2', { deps: ['c1lib'] }),
  r('d1', 'c1'),
  r('e1', 'd1'),
  r('f1', 'e1'),
];

/** Two independent lines (ForestTest). */
export const FOREST = [r('a1'), r('b1', 'a1'), r('a2'), r('b2', 'a2')];

/** b branches to c1 → d1 and c2 → d2 (c2branch), merged by e, then f (MergedPathTest). */
export const MERGED = [
  r('a'),
  r('b', 'a'),
  r('c1', 'b'),
  r('d1', 'c1'),
  r('c2', 'b', { labels: ['c2branch'] }),
  r('d2', 'c2'),
  r('e', ['d1', 'd2']),
  r('f', 'e'),
];

/** BRANCHED, with d2 depending on c1 (BranchedPathTestCrossDependencies). */
export const BRANCHED_CROSS_DEPENDENCY = [
  r('a'),
  r('b', 'a'),
  r('c1', 'b', { labels: ['c1branch'] }),
  r('d1', 'c1'),
  r('c2', 'b', { labels: ['c2branch'] }),
  r('d2', 'c2', { deps: ['c1'] }),
];

/** a, b1 and b2 on a, merged by c, then d (DiamondTest). */
export const DIAMOND = [r('a'), r('b1', 'a'), r('b2', 'a'), r('c', ['b1', 'b2']), r('d', 'c')];

/** Two labelled lines with long and short ids (LabeledBranchTest). */
export const LABELED = [
  r('a', [], { labels: ['abranch'] }),
  r('b', 'a'),
  r('somelongername', 'b'),
  r('c', 'somelongername'),
  r('d'),
  r('e', 'd', { labels: ['ebranch'] }),
  r('someothername', 'e'),
  r('f', 'someothername'),
];

/** a branches to b1 (which goes on, and branches again) and b2 (LongShortBranchTest). */
export const LONG_SHORT = [r('a'), r('b1', 'a'), r('b2', 'a'), r('c1', 'b1'), r('d11', 'c1'), r('d12', 'c1')];

/** Branches of branches, one pair merged (MultipleBranchTest). */
export const MULTIPLE_BRANCH = [
  r('a'),
  r('b1', 'a'),
  r('b2', 'a'),
  r('cb1', 'b1'),
  r('cb2', 'b2'),
  r('d1cb1', 'cb1'),
  r('d2cb1', 'cb1'),
  r('d1cb2', 'cb2'),
  r('d2cb2', 'cb2'),
  r('d3cb2', 'cb2'),
  r('d1d2cb2', ['d1cb2', 'd2cb2']),
];

/** Two labelled roots; y2 depends on x1 (MultipleBranchEffectiveHead). */
export const EFFECTIVE_HEAD = [
  r('y1', [], { labels: ['y'] }),
  r('x1', [], { labels: ['x'] }),
  r('y2', 'y1', { deps: ['x1'] }),
  r('x2', 'x1'),
];

/** A line that branches at a3; the b1 side branches again at db1; merge joins e2b1 and e2b2 (BranchTravellingTest). */
export const TRAVELLING = [
  r('a1'),
  r('a2', 'a1'),
  r('a3', 'a2'),
  r('b1', 'a3'),
  r('b2', 'a3'),
  r('cb1', 'b1'),
  r('cb2', 'b2'),
  r('db1', 'cb1'),
  r('db2', 'cb2'),
  r('e1b1', 'db1'),
  r('fe1b1', 'e1b1'),
  r('e2b1', 'db1'),
  r('e2b2', 'db2'),
  r('merge', ['e2b1', 'e2b2']),
];

/** Three roots; base1 branches; b3 and d2 are merged (MultipleBaseTest). */
export const MULTIPLE_BASE = [
  r('base1'),
  r('base2'),
  r('base3'),
  r('a1a', 'base1'),
  r('a1b', 'base1'),
  r('a2', 'base2'),
  r('a3', 'base3'),
  r('b1a', 'a1a'),
  r('b1b', 'a1b'),
  r('b2', 'a2'),
  r('b3', 'a3'),
  r('c2', 'b2'),
  r('d2', 'c2'),
  r('mergeb3d2', ['b3', 'd2']),
];

/** Three labelled roots; b1b and c2 depend on a3 (MultipleBaseCrossDependencyTestOne). */
export const CROSS_ONE = [
  r('base1', [], { labels: ['b_1'] }),
  r('a1a', 'base1'),
  r('a1b', 'base1'),
  r('b1a', 'a1a'),
  r('b1b', 'a1b', { deps: ['a3'] }),
  r('base2', [], { labels: ['b_2'] }),
  r('a2', 'base2'),
  r('b2', 'a2'),
  r('c2', 'b2', { deps: ['a3'] }),
  r('d2', 'c2'),
  r('base3', [], { labels: ['b_3'] }),
  r('a3', 'base3'),
  r('b3', 'a3'),
];

/** Three labelled roots; base2 depends on the label b_1, c3 on b2 (MultipleBaseCrossDependencyTestTwo). */
export const CROSS_TWO = [
  r('base1', [], { labels: ['b_1'] }),
  r('a1', 'base1'),
  r('b1', 'a1'),
  r('c1', 'b1'),
  r('base2', [], { deps: ['b_1'], labels: ['b_2'] }),
  r('a2', 'base2'),
  r('b2', 'a2'),
  r('c2', 'b2'),
  r('d2', 'c2'),
  r('base3', [], { labels: ['b_3'] }),
  r('a3', 'base3'),
  r('b3', 'a3'),
  r('c3', 'b3', { deps: ['b2'] }),
  r('d3', 'c3'),
];

/** c2 has no parent but depends on a1 (MultipleBaseCrossDependencyTestThree). */
export const CROSS_THREE = [r('base1'), r('a1', 'base1'), r('b1', 'a1'), r('c2', [], { deps: ['a1'] }), r('c3', 'c2')];

/** b2 and b4 depend on a3, b5 on its own parent (NormalizedDownRevTest). */
export const NORMALIZED = [
  r('a1'),
  r('a2', 'a1'),
  r('a3', 'a2'),
  r('b1'),
  r('b2', 'b1', { deps: ['a3'] }),
  r('b3', 'b2'),
  r('b4', 'b3', { deps: ['a3'] }),
  r('b5', 'b4', { deps: ['b4'] }),
];

/** NORMALIZED's third map: a2 and a3 also depend on the root c1. */
export const NORMALIZED_THREE = [
  r('c1'),
  r('a1'),
  r('a2', 'a1', { deps: ['c1'] }),
  r('a3', 'a2', { deps: ['c1'] }),
  r('b1'),
  r('b2', 'b1', { deps: ['a3'] }),
  r('b3', 'b2'),
  r('b4', 'b3', { deps: ['a3'] }),
  r('b5', 'b4'),
];

/** user depends on its own parent user_foo, whose id starts with its own (GraphWithLoopTest.test_revision_dupe_head). */
export const OVERLAPPING_NAMES = [r('user_foo'), r('user', 'user_foo', { deps: ['user_foo'] })];
