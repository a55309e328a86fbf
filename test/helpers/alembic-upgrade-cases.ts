/**
 * Upgrade cases: Alembic's test_version_traversal.py upgrades, and test_revision.py iterations with implicit_base
 * (what an upgrade from `lower` runs).
 */
import type { MoveCase } from './alembic-traversal-cases';
import * as G from './alembic-graphs';

export const UPGRADES: ReadonlyArray<MoveCase> = [
  { name: 'RevisionPath upgrade_path c->e', graph: G.LINEAR, from: ['c'], target: 'e', steps: ['d', 'e'], rows: ['e'] },
  { name: 'RevisionPath upgrade_path base->c', graph: G.LINEAR, from: [], target: 'c', steps: ['a', 'b', 'c'], rows: ['c'] },
  { name: 'RevisionPath relative +2', graph: G.LINEAR, from: ['a'], target: '+2', steps: ['b', 'c'], rows: ['c'] },
  { name: 'RevisionPath relative +1', graph: G.LINEAR, from: ['a'], target: '+1', steps: ['b'], rows: ['b'] },
  { name: 'RevisionPath relative +3', graph: G.LINEAR, from: ['b'], target: '+3', steps: ['c', 'd', 'e'], rows: ['e'] },
  { name: 'RevisionPath relative b+2', graph: G.LINEAR, from: ['a'], target: 'b+2', steps: ['b', 'c', 'd'], rows: ['d'] },
  { name: 'RevisionPath relative d-2', graph: G.LINEAR, from: ['a'], target: 'd-2', steps: ['b'], rows: ['b'] },
  { name: 'BranchedPath upgrade_single_branch', graph: G.BRANCHED, from: ['b'], target: 'd1', steps: ['c1', 'd1'], rows: ['d1'] },
  // Alembic upgrades to the tuple (d1, d2): both heads
  {
    name: 'BranchedPath upgrade_multiple_branch',
    graph: G.BRANCHED,
    from: ['a'],
    target: 'heads',
    steps: ['b', 'c2', 'd2', 'c1', 'd1'],
    rows: ['d1', 'd2'],
  },
  {
    name: 'BranchedPath relative_upgrade c2branch@head-1',
    graph: G.BRANCHED,
    from: ['b'],
    target: 'c2branch@head-1',
    steps: ['c2'],
    rows: ['c2'],
  },
  {
    name: 'BranchedPath other_branch_from_mergepoint',
    graph: G.BRANCHED,
    from: ['c1'],
    target: 'c2branch@+1',
    steps: ['c2'],
    rows: ['c1', 'c2'],
  },
  {
    name: 'BranchedPath one_branch_of_heads',
    graph: G.BRANCHED,
    from: ['c1', 'c2'],
    target: 'c2branch@+1',
    steps: ['d2'],
    rows: ['c1', 'd2'],
  },
  { name: 'BranchedPath upgrade_from_base base+1', graph: G.BRANCHED, from: [], target: 'base+1', steps: ['a'], rows: ['a'] },
  { name: 'BranchedPath upgrade_from_base_implicit +1', graph: G.BRANCHED, from: [], target: '+1', steps: ['a'], rows: ['a'] },
  {
    name: 'BranchFromMergepoint mergepoint_to_only_one_side',
    graph: G.FROM_MERGEPOINT,
    from: ['d2', 'b1'],
    target: 'd1',
    steps: ['c1', 'd1'],
    rows: ['d1', 'd2'],
  },
  {
    name: 'BranchFrom3WayMergepoint mergepoint_to_only_one_side',
    graph: G.FROM_3WAY_MERGEPOINT,
    from: ['d3', 'd2', 'b1'],
    target: 'd1',
    steps: ['c1', 'd1'],
    rows: ['d1', 'd2', 'd3'],
  },
  {
    name: 'BranchFrom3WayMergepoint mergepoint_to_two_sides',
    graph: G.FROM_3WAY_MERGEPOINT,
    from: ['d3', 'b2', 'b1'],
    target: 'd1',
    steps: ['c2', 'c1', 'd1'],
    rows: ['d1', 'd3'],
  },
  {
    name: 'BranchFrom3WayMergepoint mergepoint_to_two_sides, then d2',
    graph: G.FROM_3WAY_MERGEPOINT,
    from: ['d3', 'd1'],
    target: 'd2',
    steps: ['d2'],
    rows: ['d1', 'd2', 'd3'],
  },
  { name: 'DependsOnOwnDownrev traverse', graph: G.DEPENDS_OWN_PARENT, from: [], target: 'a2', steps: ['a1', 'a2'], rows: ['a2'] },
  { name: 'DependsOnBranchFive a1->b1', graph: G.DEPENDS_FIVE, from: ['a1'], target: 'b1', steps: ['b1'], rows: ['b1'] },
  { name: 'DependsOnBranchFive b1->bmerge', graph: G.DEPENDS_FIVE, from: ['b1'], target: 'bmerge', steps: ['bmerge'], rows: ['bmerge'] },
  {
    name: 'DependsOnBranchLabel upgrade_path',
    graph: G.DEPENDS_ON_LABEL,
    from: ['a2'],
    target: 'c2',
    steps: ['a1', 'b1', 'c1', 'b2', 'c2'],
    rows: ['c2'],
  },
  { name: 'Forest base_to_heads', graph: G.FOREST, from: [], target: 'heads', steps: ['a2', 'b2', 'a1', 'b1'], rows: ['b1', 'b2'] },
  {
    name: 'MergedPath upgrade_across_merge_point',
    graph: G.MERGED,
    from: ['b'],
    target: 'f',
    steps: ['c2', 'd2', 'c1', 'd1', 'e', 'f'],
    rows: ['f'],
  },
];

/** iterate_revisions with implicit_base: what `upgrade` runs from `lower`; the rows are Alembic's HeadMaintainer result. */
export const REVISION_UPGRADES: ReadonlyArray<MoveCase> = [
  {
    name: 'BranchTravelling iterate_one_branch_both_to_merge',
    graph: G.TRAVELLING,
    from: ['db1'],
    target: 'merge',
    steps: ['b2', 'cb2', 'db2', 'e2b2', 'e2b1', 'merge'],
    rows: ['merge'],
  },
  ...['heads_to_revs_plus_implicit_base_exclusive', 'heads_to_revs_plus_implicit_base_inclusive'].map((test) => ({
    name: `MultipleBase ${test}`,
    graph: G.MULTIPLE_BASE,
    from: ['c2'],
    target: 'heads',
    steps: ['base1', 'a1b', 'b1b', 'a1a', 'b1a', 'base3', 'a3', 'b3', 'd2', 'mergeb3d2'],
    rows: ['b1a', 'b1b', 'mergeb3d2'],
  })),
  // upper ends b3 and b2: one upgrade to each
  {
    name: 'MultipleBase specific_path_two_implicit_base (b3)',
    graph: G.MULTIPLE_BASE,
    from: ['base3'],
    target: 'b3',
    steps: ['a3', 'b3'],
    rows: ['b3'],
  },
  {
    name: 'MultipleBase specific_path_two_implicit_base (b2)',
    graph: G.MULTIPLE_BASE,
    from: ['b3'],
    target: 'b2',
    steps: ['base2', 'a2', 'b2'],
    rows: ['b2', 'b3'],
  },
  {
    name: 'NormalizedDownRev partial_traversal_implicit_base_two',
    graph: G.NORMALIZED,
    from: ['b1'],
    target: 'b5',
    steps: ['a1', 'a2', 'a3', 'b2', 'b3', 'b4', 'b5'],
    rows: ['b5'],
  },
  {
    name: 'NormalizedDownRev partial_traversal_implicit_base_three',
    graph: G.NORMALIZED_THREE,
    from: ['b1'],
    target: 'b5',
    steps: ['c1', 'a1', 'a2', 'a3', 'b2', 'b3', 'b4', 'b5'],
    rows: ['b5'],
  },
];
