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

export const STAMPS: ReadonlyArray<StampCase> = [
  { name: 'RevisionPath stamp_to_base', graph: G.LINEAR, from: ['d'], targets: ['base'], rows: [] },
  {
    name: 'BranchedPath stamp_down_across_multiple_branch_to_branchpoint',
    graph: G.BRANCHED,
    from: ['d1', 'c2'],
    targets: ['b'],
    rows: ['b'],
  },
  {
    name: 'BranchedPath stamp_to_labeled_base_multiple_heads',
    graph: G.BRANCHED,
    from: ['d1', 'c2'],
    targets: ['c1branch@base'],
    rows: ['c2'],
  },
  {
    name: 'BranchedPath stamp_to_labeled_head_multiple_heads',
    graph: G.BRANCHED,
    from: ['d1', 'c2'],
    targets: ['c2branch@head'],
    rows: ['d1', 'd2'],
  },
  { name: 'DependsOnBranchOne stamp_across_dependency', graph: G.DEPENDS_ONE, from: ['e1', 'c2'], targets: ['b1'], rows: ['b1'] },
  { name: 'Forest stamp_to_heads', graph: G.FOREST, from: [], targets: ['heads'], rows: ['b1', 'b2'] },
  { name: 'Forest stamp_to_heads_no_moves_needed', graph: G.FOREST, from: ['b1', 'b2'], targets: ['heads'], rows: ['b1', 'b2'] },
  { name: 'MergedPath stamp_down_across_merge_point_branch', graph: G.MERGED, from: ['e'], targets: ['c2'], rows: ['c2'] },
  { name: 'MergedPath stamp_down_across_merge_prior_branching', graph: G.MERGED, from: ['e'], targets: ['a'], rows: ['a'] },
  { name: 'MergedPath stamp_up_across_merge_from_single_branch', graph: G.MERGED, from: ['c2'], targets: ['e'], rows: ['e'] },
  {
    name: 'MergedPath stamp_labeled_head_across_merge_from_multiple_branch',
    graph: G.MERGED,
    from: ['d1', 'c2'],
    targets: ['c2branch@head'],
    rows: ['f'],
  },
  { name: 'MergedPath stamp_up_across_merge_from_multiple_branch', graph: G.MERGED, from: ['d1', 'c2'], targets: ['e'], rows: ['e'] },
  { name: 'MergedPath stamp_up_across_merge_prior_branching', graph: G.MERGED, from: ['b'], targets: ['e'], rows: ['e'] },
];

export const REFUSALS: ReadonlyArray<RefusalCase> = [
  { name: 'RevisionPath invalid_relative_upgrade -2', graph: G.LINEAR, command: 'upgrade', from: ['b'], target: '-2', code: 'BAD_TARGET' },
  {
    name: 'RevisionPath invalid_relative_upgrade +5',
    graph: G.LINEAR,
    command: 'upgrade',
    from: ['b'],
    target: '+5',
    code: 'OUT_OF_RANGE',
  },
  {
    name: 'RevisionPath invalid_relative_downgrade -5',
    graph: G.LINEAR,
    command: 'downgrade',
    from: ['b'],
    target: '-5',
    code: 'OUT_OF_RANGE',
  },
  {
    name: 'RevisionPath invalid_relative_downgrade +2',
    graph: G.LINEAR,
    command: 'downgrade',
    from: ['b'],
    target: '+2',
    code: 'BAD_TARGET',
  },
  { name: 'RevisionPath invalid_move_rev_to_none', graph: G.LINEAR, command: 'downgrade', from: [], target: 'b', code: 'NOT_APPLIED' },
  {
    name: 'RevisionPath invalid_move_higher_to_lower',
    graph: G.LINEAR,
    command: 'downgrade',
    from: ['b'],
    target: 'c',
    code: 'NOT_APPLIED',
  },
  {
    name: 'BranchedPath ambiguous_upgrade +1',
    graph: G.BRANCHED,
    command: 'upgrade',
    from: ['c1', 'c2'],
    target: '+1',
    code: 'MULTIPLE_HEADS',
  },
  {
    name: 'BranchedPath downgrade_minus1_from_base',
    graph: G.BRANCHED,
    command: 'downgrade',
    from: [],
    target: '-1',
    code: 'OUT_OF_RANGE',
  },
];

export const REPLAYS: ReadonlyArray<ReplayCase> = [
  {
    name: 'TwinMerge upgrade',
    graph: G.TWIN_MERGE,
    from: ['a'],
    steps: [
      ['b3', ['b3']],
      ['b1', ['b1', 'b3']],
      ['b2', ['b1', 'b2', 'b3']],
      ['c2', ['c2']],
      ['d2', ['d2']],
      ['c1', ['c1', 'd2']],
      ['d1', ['d1', 'd2']],
    ],
  },
  {
    name: 'NotQuiteTwinMerge upgrade',
    graph: G.NOT_QUITE_TWIN_MERGE,
    from: ['a'],
    steps: [
      ['b2', ['b2']],
      ['b3', ['b2', 'b3']],
      ['c2', ['c2']],
      ['d2', ['d2']],
      ['b1', ['b1', 'd2']],
      ['c1', ['c1', 'd2']],
      ['d1', ['d1', 'd2']],
    ],
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
    name: 'BranchedPath downgrade_once_order_right',
    graph: G.BRANCHED,
    command: 'downgrade',
    from: ['d2', 'd1'],
    target: '-1',
    code: 'MULTIPLE_HEADS',
    alembic: { steps: ['d2'], rows: ['c2', 'd1'] },
  },
  {
    name: 'BranchedPath downgrade_once_order_right_unbalanced',
    graph: G.BRANCHED,
    command: 'downgrade',
    from: ['c2', 'd1'],
    target: '-1',
    code: 'MULTIPLE_HEADS',
    alembic: { steps: ['c2'], rows: ['d1'] },
  },
  {
    name: 'BranchedPath downgrade_once_order_left',
    graph: G.BRANCHED,
    command: 'downgrade',
    from: ['d1', 'd2'],
    target: '-1',
    code: 'MULTIPLE_HEADS',
    alembic: { steps: ['d1'], rows: ['c1', 'd2'] },
  },
  {
    name: 'BranchedPath downgrade_once_order_left_unbalanced',
    graph: G.BRANCHED,
    command: 'downgrade',
    from: ['c1', 'd2'],
    target: '-1',
    code: 'MULTIPLE_HEADS',
    alembic: { steps: ['c1'], rows: ['d2'] },
  },
  {
    name: 'issue 10 item 9: c2-1 is the branch point b',
    graph: G.BRANCHED,
    command: 'downgrade',
    from: ['d1', 'd2'],
    target: 'c2-1',
    code: 'BEYOND_BRANCH',
    alembic: { steps: ['d1', 'c1', 'd2', 'c2'], rows: ['b'] },
  },
];
