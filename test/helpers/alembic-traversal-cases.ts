/**
 * Alembic's upgrade/downgrade/stamp cases (tests/test_version_traversal.py) as data: the graph, the version
 * rows before, the command, and what Alembic runs and leaves in alembic_version. Step lists are in Alembic's
 * order; tsdb may take independent branches in the other order, each in one stretch.
 */
import type { Revision } from '../../src/script/revision-map';
import * as G from './alembic-graphs';

/** `tsdb upgrade TARGET` / `tsdb downgrade TARGET` from the rows `from`. */
export interface MoveCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly from: ReadonlyArray<string>;
  readonly target: string;
  /** The scripts Alembic runs, in its order. */
  readonly steps: ReadonlyArray<string>;
  /** alembic_version afterwards. */
  readonly rows: ReadonlyArray<string>;
}

/** `tsdb stamp TARGET…` from the rows `from`. */
export interface StampCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly from: ReadonlyArray<string>;
  readonly targets: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<string>;
}

/** A command Alembic refuses too (tsdb's code given). */
export interface RefusalCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly command: 'upgrade' | 'downgrade';
  readonly from: ReadonlyArray<string>;
  readonly target: string;
  readonly code: string;
}

/** Alembic's own step order, with alembic_version after each step (HeadMaintainer), replayed through our rows. */
export interface ReplayCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly from: ReadonlyArray<string>;
  readonly steps: ReadonlyArray<readonly [string, ReadonlyArray<string>]>;
}

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
    name: 'BranchedPath upgrade_multiple_branch', graph: G.BRANCHED, from: ['a'], target: 'heads',
    steps: ['b', 'c2', 'd2', 'c1', 'd1'], rows: ['d1', 'd2'],
  },
  { name: 'BranchedPath relative_upgrade c2branch@head-1', graph: G.BRANCHED, from: ['b'], target: 'c2branch@head-1', steps: ['c2'], rows: ['c2'] },
  { name: 'BranchedPath other_branch_from_mergepoint', graph: G.BRANCHED, from: ['c1'], target: 'c2branch@+1', steps: ['c2'], rows: ['c1', 'c2'] },
  { name: 'BranchedPath one_branch_of_heads', graph: G.BRANCHED, from: ['c1', 'c2'], target: 'c2branch@+1', steps: ['d2'], rows: ['c1', 'd2'] },
  { name: 'BranchedPath upgrade_from_base base+1', graph: G.BRANCHED, from: [], target: 'base+1', steps: ['a'], rows: ['a'] },
  { name: 'BranchedPath upgrade_from_base_implicit +1', graph: G.BRANCHED, from: [], target: '+1', steps: ['a'], rows: ['a'] },
  {
    name: 'BranchFromMergepoint mergepoint_to_only_one_side', graph: G.FROM_MERGEPOINT, from: ['d2', 'b1'], target: 'd1',
    steps: ['c1', 'd1'], rows: ['d1', 'd2'],
  },
  {
    name: 'BranchFrom3WayMergepoint mergepoint_to_only_one_side', graph: G.FROM_3WAY_MERGEPOINT, from: ['d3', 'd2', 'b1'], target: 'd1',
    steps: ['c1', 'd1'], rows: ['d1', 'd2', 'd3'],
  },
  {
    name: 'BranchFrom3WayMergepoint mergepoint_to_two_sides', graph: G.FROM_3WAY_MERGEPOINT, from: ['d3', 'b2', 'b1'], target: 'd1',
    steps: ['c2', 'c1', 'd1'], rows: ['d1', 'd3'],
  },
  {
    name: 'BranchFrom3WayMergepoint mergepoint_to_two_sides, then d2', graph: G.FROM_3WAY_MERGEPOINT, from: ['d3', 'd1'], target: 'd2',
    steps: ['d2'], rows: ['d1', 'd2', 'd3'],
  },
  { name: 'DependsOnOwnDownrev traverse', graph: G.DEPENDS_OWN_PARENT, from: [], target: 'a2', steps: ['a1', 'a2'], rows: ['a2'] },
  { name: 'DependsOnBranchFive a1->b1', graph: G.DEPENDS_FIVE, from: ['a1'], target: 'b1', steps: ['b1'], rows: ['b1'] },
  { name: 'DependsOnBranchFive b1->bmerge', graph: G.DEPENDS_FIVE, from: ['b1'], target: 'bmerge', steps: ['bmerge'], rows: ['bmerge'] },
  {
    name: 'DependsOnBranchLabel upgrade_path', graph: G.DEPENDS_ON_LABEL, from: ['a2'], target: 'c2',
    steps: ['a1', 'b1', 'c1', 'b2', 'c2'], rows: ['c2'],
  },
  { name: 'Forest base_to_heads', graph: G.FOREST, from: [], target: 'heads', steps: ['a2', 'b2', 'a1', 'b1'], rows: ['b1', 'b2'] },
  {
    name: 'MergedPath upgrade_across_merge_point', graph: G.MERGED, from: ['b'], target: 'f',
    steps: ['c2', 'd2', 'c1', 'd1', 'e', 'f'], rows: ['f'],
  },
];

export const DOWNGRADES: ReadonlyArray<MoveCase> = [
  { name: 'RevisionPath downgrade_base_no_version', graph: G.LINEAR, from: [], target: 'base', steps: [], rows: [] },
  { name: 'RevisionPath downgrade_to_existing', graph: G.LINEAR, from: ['a'], target: 'a', steps: [], rows: ['a'] },
  { name: 'RevisionPath downgrade_to_existing_head', graph: G.LINEAR, from: ['e'], target: 'e', steps: [], rows: ['e'] },
  { name: 'RevisionPath downgrade_path e->c', graph: G.LINEAR, from: ['e'], target: 'c', steps: ['e', 'd'], rows: ['c'] },
  { name: 'RevisionPath downgrade_path c->base', graph: G.LINEAR, from: ['c'], target: 'base', steps: ['c', 'b', 'a'], rows: [] },
  { name: 'RevisionPath relative -1', graph: G.LINEAR, from: ['c'], target: '-1', steps: ['c'], rows: ['b'] },
  { name: 'RevisionPath relative -3', graph: G.LINEAR, from: ['e'], target: '-3', steps: ['e', 'd', 'c'], rows: ['b'] },
  { name: 'RevisionPath relative a+2', graph: G.LINEAR, from: ['d'], target: 'a+2', steps: ['d'], rows: ['c'] },
  { name: 'RevisionPath relative c-2', graph: G.LINEAR, from: ['d'], target: 'c-2', steps: ['d', 'c', 'b'], rows: ['a'] },
  {
    name: 'BranchedPath downgrade_multiple_branch', graph: G.BRANCHED, from: ['d1', 'd2'], target: 'a',
    steps: ['d1', 'c1', 'd2', 'c2', 'b'], rows: ['a'],
  },
  { name: 'BranchedPath relative_downgrade_baseplus2', graph: G.BRANCHED, from: ['d2', 'd1'], target: 'base+2', steps: ['d1', 'c1', 'd2', 'c2'], rows: ['b'] },
  { name: 'BranchedPath relative_downgrade_branchplus2', graph: G.BRANCHED, from: ['d2', 'd1'], target: 'c2branch@base+2', steps: ['d2', 'c2'], rows: ['d1'] },
  { name: 'BranchedPath relative_downgrade_branchplus3 (c2)', graph: G.BRANCHED, from: ['d2', 'd1'], target: 'c2', steps: ['d2'], rows: ['c2', 'd1'] },
  { name: 'BranchedPath relative_downgrade_branchplus3', graph: G.BRANCHED, from: ['d2', 'd1'], target: 'c2branch@base+3', steps: ['d2'], rows: ['c2', 'd1'] },
  { name: 'BranchedPath once_order_left_unbalanced_labelled', graph: G.BRANCHED, from: ['d1', 'd2'], target: 'c1branch@-1', steps: ['d1'], rows: ['c1', 'd2'] },
  { name: 'BranchedPath relative_order_right d2-1', graph: G.BRANCHED, from: ['d2', 'c1'], target: 'd2-1', steps: ['d2'], rows: ['c1', 'c2'] },
  { name: 'BranchedPath relative_order_left d2-1', graph: G.BRANCHED, from: ['c1', 'd2'], target: 'd2-1', steps: ['d2'], rows: ['c1', 'c2'] },
  { name: 'BranchedPath single_branch_c1branch', graph: G.BRANCHED, from: ['c1', 'd2'], target: 'c1branch@b', steps: ['c1'], rows: ['d2'] },
  { name: 'BranchedPath single_branch_c2branch_from_d1_head', graph: G.BRANCHED, from: ['c1', 'd2'], target: 'c2branch@b', steps: ['d2', 'c2'], rows: ['c1'] },
  { name: 'BranchedPath single_branch_c2 (REV@REV)', graph: G.BRANCHED, from: ['d1', 'd2'], target: 'c2@b', steps: ['d2', 'c2'], rows: ['d1'] },
  { name: 'BranchedPath single_branch_d1 (head as branch)', graph: G.BRANCHED, from: ['d1', 'd2'], target: 'd1@b', steps: ['d1', 'c1'], rows: ['d2'] },
  { name: 'BranchedPath relative_to_branch_head', graph: G.BRANCHED, from: ['d1', 'd2'], target: 'c1branch@head-1', steps: ['d1'], rows: ['c1', 'd2'] },
  { name: 'BranchedPath downgrade_minus1_to_base', graph: G.BRANCHED, from: ['a'], target: '-1', steps: ['a'], rows: [] },
  { name: 'BranchedPath downgrade_no_effect_branched c2', graph: G.BRANCHED, from: ['d1', 'c2'], target: 'c2', steps: [], rows: ['c2', 'd1'] },
  { name: 'BranchedPath downgrade_no_effect_branched d1', graph: G.BRANCHED, from: ['d1', 'c2'], target: 'd1', steps: [], rows: ['c2', 'd1'] },
  {
    name: 'BranchFromMergepoint mergepoint_to_only_one_side', graph: G.FROM_MERGEPOINT, from: ['d2', 'd1'], target: 'b1',
    steps: ['d1', 'c1'], rows: ['b1', 'd2'],
  },
  {
    name: 'BranchFrom3WayMergepoint mergepoint_to_only_one_side', graph: G.FROM_3WAY_MERGEPOINT, from: ['d3', 'd2', 'd1'], target: 'b1',
    steps: ['d1', 'c1'], rows: ['b1', 'd2', 'd3'],
  },
  // the step of test_downgrade_to_dependency, as the command that runs it
  { name: 'DependsOnBranchOne downgrade_to_dependency', graph: G.DEPENDS_ONE, from: ['c2', 'd1'], target: 'c1', steps: ['d1'], rows: ['c2'] },
  {
    name: 'DependsOnBranchTwo kaboom: b2', graph: G.DEPENDS_TWO, from: ['amerge', 'bmerge', 'cmerge', 'd1'], target: 'b2',
    steps: ['bmerge'], rows: ['amerge', 'b1', 'cmerge', 'd1'],
  },
  {
    name: 'DependsOnBranchTwo kaboom: d1@base', graph: G.DEPENDS_TWO, from: ['amerge', 'd1', 'b1', 'cmerge'], target: 'd1@base',
    steps: ['d1'], rows: ['amerge', 'b1', 'b2', 'cmerge'],
  },
  {
    name: 'DependsOnBranchTwo kaboom: base', graph: G.DEPENDS_TWO, from: ['amerge', 'b1', 'b2', 'cmerge'], target: 'base',
    steps: ['amerge', 'a1', 'b1', 'b2', 'cmerge', 'c1', 'a2', 'a3', 'c2', 'c3'], rows: [],
  },
  { name: 'DependsOnBranchThree downgrade_over_crisscross', graph: G.DEPENDS_THREE, from: ['a3', 'b2'], target: 'b1', steps: ['b2'], rows: ['a3'] },
  { name: 'DependsOnOwnDownrev traverse_down', graph: G.DEPENDS_OWN_PARENT, from: ['a2'], target: 'a1', steps: ['a2'], rows: ['a1'] },
  { name: 'DependsOnBranchFour dependencies_are_normalized', graph: G.DEPENDS_FOUR, from: ['b4'], target: 'b3', steps: ['b4'], rows: ['b3'] },
  { name: 'DependsOnBranchFive bmerge->a1', graph: G.DEPENDS_FIVE, from: ['bmerge'], target: 'a1', steps: ['bmerge'], rows: ['b1'] },
  { name: 'DependsOnBranchFive bmerge->b1', graph: G.DEPENDS_FIVE, from: ['bmerge'], target: 'b1', steps: ['bmerge'], rows: ['b1'] },
  {
    name: 'MergedPath downgrade_across_merge_point', graph: G.MERGED, from: ['f'], target: 'b',
    steps: ['f', 'e', 'd1', 'c1', 'd2', 'c2'], rows: ['b'],
  },
  {
    name: 'BranchedPathCrossDependencies downgrade_independent_branch', graph: G.BRANCHED_CROSS_DEPENDENCY, from: ['d1', 'd2'],
    target: 'c2branch@b', steps: ['d2', 'c2'], rows: ['d1'],
  },
  // Alembic asserts only that d1 and d2 come before c1
  {
    name: 'BranchedPathCrossDependencies downgrade_branch_dependency', graph: G.BRANCHED_CROSS_DEPENDENCY, from: ['d1', 'd2'],
    target: 'c1branch@b', steps: ['d2', 'd1', 'c1'], rows: ['c2'],
  },
];

export const STAMPS: ReadonlyArray<StampCase> = [
  { name: 'RevisionPath stamp_to_base', graph: G.LINEAR, from: ['d'], targets: ['base'], rows: [] },
  { name: 'BranchedPath stamp_down_across_multiple_branch_to_branchpoint', graph: G.BRANCHED, from: ['d1', 'c2'], targets: ['b'], rows: ['b'] },
  { name: 'BranchedPath stamp_to_labeled_base_multiple_heads', graph: G.BRANCHED, from: ['d1', 'c2'], targets: ['c1branch@base'], rows: ['c2'] },
  { name: 'BranchedPath stamp_to_labeled_head_multiple_heads', graph: G.BRANCHED, from: ['d1', 'c2'], targets: ['c2branch@head'], rows: ['d1', 'd2'] },
  { name: 'DependsOnBranchOne stamp_across_dependency', graph: G.DEPENDS_ONE, from: ['e1', 'c2'], targets: ['b1'], rows: ['b1'] },
  { name: 'Forest stamp_to_heads', graph: G.FOREST, from: [], targets: ['heads'], rows: ['b1', 'b2'] },
  { name: 'Forest stamp_to_heads_no_moves_needed', graph: G.FOREST, from: ['b1', 'b2'], targets: ['heads'], rows: ['b1', 'b2'] },
  { name: 'MergedPath stamp_down_across_merge_point_branch', graph: G.MERGED, from: ['e'], targets: ['c2'], rows: ['c2'] },
  { name: 'MergedPath stamp_down_across_merge_prior_branching', graph: G.MERGED, from: ['e'], targets: ['a'], rows: ['a'] },
  { name: 'MergedPath stamp_up_across_merge_from_single_branch', graph: G.MERGED, from: ['c2'], targets: ['e'], rows: ['e'] },
  { name: 'MergedPath stamp_labeled_head_across_merge_from_multiple_branch', graph: G.MERGED, from: ['d1', 'c2'], targets: ['c2branch@head'], rows: ['f'] },
  { name: 'MergedPath stamp_up_across_merge_from_multiple_branch', graph: G.MERGED, from: ['d1', 'c2'], targets: ['e'], rows: ['e'] },
  { name: 'MergedPath stamp_up_across_merge_prior_branching', graph: G.MERGED, from: ['b'], targets: ['e'], rows: ['e'] },
];

export const REFUSALS: ReadonlyArray<RefusalCase> = [
  { name: 'RevisionPath invalid_relative_upgrade -2', graph: G.LINEAR, command: 'upgrade', from: ['b'], target: '-2', code: 'BAD_TARGET' },
  { name: 'RevisionPath invalid_relative_upgrade +5', graph: G.LINEAR, command: 'upgrade', from: ['b'], target: '+5', code: 'OUT_OF_RANGE' },
  { name: 'RevisionPath invalid_relative_downgrade -5', graph: G.LINEAR, command: 'downgrade', from: ['b'], target: '-5', code: 'OUT_OF_RANGE' },
  { name: 'RevisionPath invalid_relative_downgrade +2', graph: G.LINEAR, command: 'downgrade', from: ['b'], target: '+2', code: 'BAD_TARGET' },
  { name: 'RevisionPath invalid_move_rev_to_none', graph: G.LINEAR, command: 'downgrade', from: [], target: 'b', code: 'NOT_APPLIED' },
  { name: 'RevisionPath invalid_move_higher_to_lower', graph: G.LINEAR, command: 'downgrade', from: ['b'], target: 'c', code: 'NOT_APPLIED' },
  { name: 'BranchedPath ambiguous_upgrade +1', graph: G.BRANCHED, command: 'upgrade', from: ['c1', 'c2'], target: '+1', code: 'MULTIPLE_HEADS' },
  { name: 'BranchedPath downgrade_minus1_from_base', graph: G.BRANCHED, command: 'downgrade', from: [], target: '-1', code: 'OUT_OF_RANGE' },
];

export const REPLAYS: ReadonlyArray<ReplayCase> = [
  {
    name: 'TwinMerge upgrade', graph: G.TWIN_MERGE, from: ['a'],
    steps: [['b3', ['b3']], ['b1', ['b1', 'b3']], ['b2', ['b1', 'b2', 'b3']], ['c2', ['c2']], ['d2', ['d2']], ['c1', ['c1', 'd2']], ['d1', ['d1', 'd2']]],
  },
  {
    name: 'NotQuiteTwinMerge upgrade', graph: G.NOT_QUITE_TWIN_MERGE, from: ['a'],
    steps: [['b2', ['b2']], ['b3', ['b2', 'b3']], ['c2', ['c2']], ['d2', ['d2']], ['b1', ['b1', 'd2']], ['c1', ['c1', 'd2']], ['d1', ['d1', 'd2']]],
  },
];

/**
 * The two deliberate differences. Alembic's `downgrade -1` with several rows warns and takes back the first row
 * listed; tsdb refuses and names one `REV@-1` per head (test_downgrade_once_order_right / _unbalanced /
 * order_left / _left_unbalanced). And `REV-1` that lands on a branch point: Alembic takes back every branch above
 * it; tsdb refuses and names `REV@-1` (that branch) and the branch point itself (every branch) — Alembic has no
 * test of it; the example is the last case.
 */
export const DIFFERENCES: ReadonlyArray<RefusalCase & { readonly alembic: Pick<MoveCase, 'steps' | 'rows'> }> = [
  {
    name: 'BranchedPath downgrade_once_order_right', graph: G.BRANCHED, command: 'downgrade', from: ['d2', 'd1'], target: '-1',
    code: 'MULTIPLE_HEADS', alembic: { steps: ['d2'], rows: ['c2', 'd1'] },
  },
  {
    name: 'BranchedPath downgrade_once_order_right_unbalanced', graph: G.BRANCHED, command: 'downgrade', from: ['c2', 'd1'], target: '-1',
    code: 'MULTIPLE_HEADS', alembic: { steps: ['c2'], rows: ['d1'] },
  },
  {
    name: 'BranchedPath downgrade_once_order_left', graph: G.BRANCHED, command: 'downgrade', from: ['d1', 'd2'], target: '-1',
    code: 'MULTIPLE_HEADS', alembic: { steps: ['d1'], rows: ['c1', 'd2'] },
  },
  {
    name: 'BranchedPath downgrade_once_order_left_unbalanced', graph: G.BRANCHED, command: 'downgrade', from: ['c1', 'd2'], target: '-1',
    code: 'MULTIPLE_HEADS', alembic: { steps: ['c1'], rows: ['d2'] },
  },
  {
    name: 'issue 10 item 9: c2-1 is the branch point b', graph: G.BRANCHED, command: 'downgrade', from: ['d1', 'd2'], target: 'c2-1',
    code: 'BEYOND_BRANCH', alembic: { steps: ['d1', 'c1', 'd2', 'c2'], rows: ['b'] },
  },
];
