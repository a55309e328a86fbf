/**
 * Alembic's RevisionMap cases (tests/test_revision.py) as data. `iterate_revisions(upper, lower)` with its default
 * flags is what `alembic history -r lower:upper` lists, so those cases are history ranges; several upper ends are the
 * union of one range per end; with `implicit_base` it is what an upgrade from `lower` runs; with
 * `select_for_downgrade` what a downgrade to `lower` from `upper` takes back. Not replayed, because no command
 * reaches them: several lower ends (test_three_branches_end_multiple_bases[_exclusive], test_detect_invalid_base_selection),
 * upper ends that overlap or miss the lower end (test_detect_invalid_head_selection, test_iterate_multiple_heads_single_base),
 * a downgrade with implicit_base (test_partial_traversal_implicit_base_one), a deliberately corrupted map
 * (DepResolutionFailedTest), non-string ids (test_invalid_datatype), repr and internals (test_repr_revs,
 * test_normalized_down_revisions, test_filter_for_lineage_*), and the generated 1000-revision map (LargeMapTest: the
 * random-DAG properties in revision-map.test.ts check the same orders).
 */
import type { Revision } from '../../src/script/revision-map';
import * as G from './alembic-graphs';
import { r } from './alembic-graphs';

/** `tsdb history -r RANGE` for each range: the union of what they list; `exclusive` ids are left out (inclusive=False). */
export interface HistoryCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly ranges: ReadonlyArray<string>;
  readonly ids: ReadonlyArray<string>;
  readonly exclusive?: ReadonlyArray<string>;
}

/** The revisions a target names (Alembic's get_revision / get_revisions). */
export interface ResolveCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly target: string;
  readonly ids: ReadonlyArray<string>;
}

/** A target or range Alembic refuses; `command` decides how it is used. */
export interface BadCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly command: 'upgrade' | 'history';
  readonly text: string;
  readonly code: string;
}

/** A graph Alembic refuses to build. */
export interface GraphErrorCase {
  readonly name: string;
  readonly graph: ReadonlyArray<Revision>;
  readonly code: string;
}

const ABC = [r('a'), r('b', 'a'), r('c', 'b')];
const ABC12 = [r('a'), r('b', 'a'), r('c1', 'b'), r('c2', 'b')];
const TRAVEL_ALL = ['a1', 'a2', 'a3', 'b1', 'b2', 'cb1', 'cb2', 'db1', 'db2', 'e2b1', 'e2b2', 'merge'];
const MULTI_BASE_ALL = ['b1a', 'a1a', 'b1b', 'a1b', 'base1', 'mergeb3d2', 'b3', 'a3', 'base3', 'd2', 'c2', 'b2', 'a2', 'base2'];
/** Every revision of CROSS_ONE, in Alembic's listing order. */
export const CROSS_ONE_ALL = ['b1a', 'a1a', 'b1b', 'a1b', 'base1', 'd2', 'c2', 'b2', 'a2', 'base2', 'b3', 'a3', 'base3'];

export const HISTORIES: ReadonlyArray<HistoryCase> = [
  { name: 'iterate_tolerates_dupe_targets', graph: ABC, ranges: ['a:c'], ids: ['c', 'b'], exclusive: ['a'] },
  { name: 'Diamond iterate_simple_diamond', graph: G.DIAMOND, ranges: ['a:d'], ids: ['d', 'c', 'b1', 'b2', 'a'] },
  { name: 'EmptyMap iterate', graph: [], ranges: ['base:head'], ids: [] },
  { name: 'Labeled head_to_named_base ebranch', graph: G.LABELED, ranges: ['ebranch@base:heads'], ids: ['f', 'someothername', 'e', 'd'] },
  { name: 'Labeled head_to_named_base abranch', graph: G.LABELED, ranges: ['abranch@base:heads'], ids: ['c', 'somelongername', 'b', 'a'] },
  { name: 'Labeled named_head_to_base ebranch', graph: G.LABELED, ranges: ['base:ebranch@head'], ids: ['f', 'someothername', 'e', 'd'] },
  { name: 'Labeled named_head_to_base abranch', graph: G.LABELED, ranges: ['base:abranch@head'], ids: ['c', 'somelongername', 'b', 'a'] },
  { name: 'Labeled named_head_to_heads', graph: G.LABELED, ranges: ['ebranch@head:heads'], ids: ['f'] },
  { name: 'Labeled named_rev_to_heads', graph: G.LABELED, ranges: ['ebranch@d:heads'], ids: ['f', 'someothername', 'e', 'd'] },
  {
    name: 'Labeled head_to_version_specific_base e@base',
    graph: G.LABELED,
    ranges: ['e@base:heads'],
    ids: ['f', 'someothername', 'e', 'd'],
  },
  {
    name: 'Labeled head_to_version_specific_base c@base',
    graph: G.LABELED,
    ranges: ['c@base:heads'],
    ids: ['c', 'somelongername', 'b', 'a'],
  },
  { name: 'Labeled to_branch_at_rev', graph: G.LABELED, ranges: ['ebranch@d:heads'], ids: ['f', 'someothername', 'e', 'd'] },
  { name: 'Labeled branch_w_down_relative', graph: G.LABELED, ranges: ['ebranch@-2:heads'], ids: ['f', 'someothername', 'e'] },
  { name: 'Labeled branch_w_up_relative', graph: G.LABELED, ranges: ['base:ebranch@+2'], ids: ['e', 'd'] },
  { name: 'LongShortBranch iterate_full', graph: G.LONG_SHORT, ranges: ['base:heads'], ids: ['b2', 'd11', 'd12', 'c1', 'b1', 'a'] },
  {
    name: 'MultipleBranch from_merge_point',
    graph: G.MULTIPLE_BRANCH,
    ranges: ['a:d1d2cb2'],
    ids: ['d1d2cb2', 'd1cb2', 'd2cb2', 'cb2', 'b2', 'a'],
  },
  {
    name: 'MultipleBranch multiple_heads',
    graph: G.MULTIPLE_BRANCH,
    ranges: ['a:d2cb2', 'a:d3cb2'],
    ids: ['d2cb2', 'd3cb2', 'cb2', 'b2', 'a'],
  },
  { name: 'MultipleBranch single_branch', graph: G.MULTIPLE_BRANCH, ranges: ['a:d3cb2'], ids: ['d3cb2', 'cb2', 'b2', 'a'] },
  { name: 'MultipleBranch single_branch_to_base', graph: G.MULTIPLE_BRANCH, ranges: ['base:d3cb2'], ids: ['d3cb2', 'cb2', 'b2', 'a'] },
  {
    name: 'MultipleBranch multiple_branch_to_base',
    graph: G.MULTIPLE_BRANCH,
    ranges: ['base:d3cb2', 'base:cb1'],
    ids: ['cb1', 'b1', 'd3cb2', 'cb2', 'b2', 'a'],
  },
  {
    name: 'BranchTravelling three_branches_end_in_single_branch',
    graph: G.TRAVELLING,
    ranges: ['a3:merge', 'a3:fe1b1'],
    ids: ['fe1b1', 'e1b1', 'merge', 'e2b1', 'db1', 'cb1', 'b1', 'e2b2', 'db2', 'cb2', 'b2', 'a3'],
  },
  { name: 'BranchTravelling two_branches_to_root', graph: G.TRAVELLING, ranges: ['a1:merge'], ids: TRAVEL_ALL },
  {
    name: 'BranchTravelling two_branches_end_in_branch',
    graph: G.TRAVELLING,
    ranges: ['b1:merge'],
    ids: ['merge', 'e2b1', 'db1', 'cb1', 'b1'],
  },
  {
    name: 'BranchTravelling two_branches_end_behind_branch',
    graph: G.TRAVELLING,
    ranges: ['a2:merge'],
    ids: TRAVEL_ALL.filter((id) => id !== 'a1'),
  },
  {
    name: 'BranchTravelling three_branches_to_root',
    graph: G.TRAVELLING,
    ranges: ['a1:merge', 'a1:fe1b1'],
    ids: [...TRAVEL_ALL, 'e1b1', 'fe1b1'],
  },
  {
    name: 'BranchTravelling three_branches_end_multiple_bases_exclusive_blank',
    graph: G.TRAVELLING,
    ranges: [':e2b1', ':b2', ':fe1b1'],
    ids: ['b2', 'fe1b1', 'e1b1', 'e2b1', 'db1', 'cb1', 'b1', 'a3', 'a2', 'a1'],
  },
  {
    name: 'BranchTravelling iterate_to_symbolic_base',
    graph: G.TRAVELLING,
    ranges: ['base:fe1b1'],
    ids: ['fe1b1', 'e1b1', 'db1', 'cb1', 'b1', 'a3', 'a2', 'a1'],
  },
  { name: 'BranchTravelling ancestor_nodes', graph: G.TRAVELLING, ranges: [':merge'], ids: TRAVEL_ALL },
  { name: 'MultipleBase heads_to_base', graph: G.MULTIPLE_BASE, ranges: ['base:heads'], ids: MULTI_BASE_ALL },
  { name: 'MultipleBase heads_to_base_exclusive', graph: G.MULTIPLE_BASE, ranges: ['base:heads'], ids: MULTI_BASE_ALL },
  { name: 'MultipleBase heads_to_blank', graph: G.MULTIPLE_BASE, ranges: [':heads'], ids: MULTI_BASE_ALL },
  {
    name: 'MultipleBase heads_to_revs_base_exclusive',
    graph: G.MULTIPLE_BASE,
    ranges: ['c2:heads'],
    ids: ['mergeb3d2', 'd2'],
    exclusive: ['c2'],
  },
  { name: 'MultipleBase specific_path_one', graph: G.MULTIPLE_BASE, ranges: ['base3:b3'], ids: ['b3', 'a3', 'base3'] },
  { name: 'CrossOne heads_to_base', graph: G.CROSS_ONE, ranges: ['base:heads'], ids: CROSS_ONE_ALL },
  {
    name: 'CrossOne we_need_head2_upgrade',
    graph: G.CROSS_ONE,
    ranges: ['base:b_2@head'],
    ids: ['d2', 'c2', 'b2', 'a2', 'base2', 'a3', 'base3'],
  },
  { name: 'CrossOne we_need_head3_upgrade', graph: G.CROSS_ONE, ranges: ['base:b_3@head'], ids: ['b3', 'a3', 'base3'] },
  { name: 'CrossOne we_need_head1_upgrade', graph: G.CROSS_ONE, ranges: ['base:b1b@head'], ids: ['b1b', 'a1b', 'base1', 'a3', 'base3'] },
  {
    name: 'CrossOne we_need_base2_upgrade',
    graph: G.CROSS_ONE,
    ranges: ['b_2@base:heads'],
    ids: ['d2', 'c2', 'b2', 'a2', 'base2', 'a3', 'base3'],
  },
  { name: 'CrossOne we_need_base3_upgrade', graph: G.CROSS_ONE, ranges: ['b_3@base:heads'], ids: ['b3', 'a3', 'base3'] },
  {
    name: 'CrossTwo heads_to_base',
    graph: G.CROSS_TWO,
    ranges: ['base:heads'],
    ids: ['c1', 'b1', 'a1', 'd2', 'c2', 'd3', 'c3', 'b3', 'a3', 'base3', 'b2', 'a2', 'base2', 'base1'],
  },
  { name: 'CrossTwo we_need_head2', graph: G.CROSS_TWO, ranges: ['base:b_2@head'], ids: ['d2', 'c2', 'b2', 'a2', 'base2', 'base1'] },
  {
    name: 'CrossTwo we_need_head3',
    graph: G.CROSS_TWO,
    ranges: ['base:b_3@head'],
    ids: ['d3', 'c3', 'b3', 'a3', 'base3', 'b2', 'a2', 'base2', 'base1'],
  },
  { name: 'CrossTwo we_need_head1', graph: G.CROSS_TWO, ranges: ['base:b_1@head'], ids: ['c1', 'b1', 'a1', 'base1'] },
  { name: 'CrossTwo we_need_base1', graph: G.CROSS_TWO, ranges: ['b_1@base:heads'], ids: ['c1', 'b1', 'a1', 'base1'] },
  { name: 'CrossTwo we_need_base2', graph: G.CROSS_TWO, ranges: ['b_2@base:heads'], ids: ['d2', 'c2', 'b2', 'a2', 'base2', 'base1'] },
  {
    name: 'CrossTwo we_need_base3',
    graph: G.CROSS_TWO,
    ranges: ['b_3@base:heads'],
    ids: ['d3', 'c3', 'b3', 'a3', 'base3', 'b2', 'a2', 'base2', 'base1'],
  },
  { name: 'CrossThree traverse_no_parent_but_a_dep', graph: G.CROSS_THREE, ranges: ['base:heads'], ids: ['b1', 'c3', 'c2', 'a1', 'base1'] },
  { name: 'GraphWithLoop revision_dupe_head', graph: G.OVERLAPPING_NAMES, ranges: [':heads'], ids: ['user', 'user_foo'] },
  {
    name: 'GraphWithLoop no_loop_w_overlapping_substrings',
    graph: [r('user_foo'), r('user', 'user_foo')],
    ranges: [':heads'],
    ids: ['user', 'user_foo'],
  },
  {
    name: 'GraphWithLoop no_loop_w_overlapping_substrings_dependencies',
    graph: [r('user_foo'), r('user', [], { deps: ['user_foo'] })],
    ranges: [':heads'],
    ids: ['user', 'user_foo'],
  },
];

export const RESOLVES: ReadonlyArray<ResolveCase> = [
  { name: 'CrossOne what_are_the_heads', graph: G.CROSS_ONE, target: 'heads', ids: ['b1a', 'b1b', 'b3', 'd2'] },
  { name: 'CrossTwo what_are_the_heads', graph: G.CROSS_TWO, target: 'heads', ids: ['c1', 'd2', 'd3'] },
  { name: 'API add_revision_one_head', graph: [...ABC, r('d', 'c')], target: 'heads', ids: ['d'] },
  { name: 'API add_revision_two_head', graph: [...ABC12, r('d1', 'c1')], target: 'heads', ids: ['c2', 'd1'] },
  { name: 'API get_revision_head_single', graph: ABC, target: 'head', ids: ['c'] },
  { name: 'API get_revision_base_single', graph: ABC, target: 'base', ids: [] },
  { name: 'API get_revisions_heads_multiple', graph: ABC12, target: 'heads', ids: ['c1', 'c2'] },
  { name: 'API get_revision_base_multiple', graph: [r('a'), r('b', 'a'), r('c'), r('d', 'c')], target: 'base', ids: [] },
  { name: 'Labeled get_current_named_rev', graph: G.LABELED, target: 'ebranch@head', ids: ['f'] },
  { name: 'Labeled partial_id_resolve ebranch@some', graph: G.LABELED, target: 'ebranch@some', ids: ['someothername'] },
  { name: 'Labeled partial_id_resolve abranch@some', graph: G.LABELED, target: 'abranch@some', ids: ['somelongername'] },
  { name: 'Labeled branch_at_heads', graph: G.LABELED, target: 'abranch@heads', ids: ['c'] },
  { name: 'Labeled branch_at_syntax abranch@head', graph: G.LABELED, target: 'abranch@head', ids: ['c'] },
  { name: 'Labeled branch_at_syntax abranch@base', graph: G.LABELED, target: 'abranch@base', ids: [] },
  { name: 'Labeled branch_at_syntax ebranch@d', graph: G.LABELED, target: 'ebranch@d', ids: ['d'] },
  { name: 'Labeled branch_at_self', graph: G.LABELED, target: 'ebranch@ebranch', ids: ['e'] },
  { name: 'Labeled retrieve_branch_revision abranch', graph: G.LABELED, target: 'abranch', ids: ['a'] },
  { name: 'Labeled retrieve_branch_revision ebranch', graph: G.LABELED, target: 'ebranch', ids: ['e'] },
  { name: 'Labeled actually_short_rev_name', graph: G.LABELED, target: 'e', ids: ['e'] },
  { name: 'Labeled not_actually_a_branch', graph: G.LABELED, target: 'e@d', ids: ['d'] },
  { name: 'Labeled not_actually_a_branch_partial_resolution', graph: G.LABELED, target: 'someoth@d', ids: ['d'] },
  {
    name: 'Labeled filter_for_lineage_labeled_head_across_merge',
    graph: [...ABC12.slice(0, 2), r('c1', 'b', { labels: ['c1branch'] }), r('c2', 'b'), r('d', ['c1', 'c2'])],
    target: 'c1branch@head',
    ids: ['d'],
  },
];

export const BAD_TARGETS: ReadonlyArray<BadCase> = [
  { name: 'API get_revision_head_multiple', graph: ABC12, command: 'upgrade', text: 'head', code: 'MULTIPLE_HEADS' },
  { name: 'Labeled partial_id_resolve_too_short', graph: G.LABELED, command: 'upgrade', text: 'ebranch@sos', code: 'UNKNOWN_REVISION' },
  { name: 'Labeled rev_not_in_branch ebranch@b', graph: G.LABELED, command: 'upgrade', text: 'ebranch@b', code: 'NOT_ON_BRANCH' },
  { name: 'Labeled rev_not_in_branch abranch@d', graph: G.LABELED, command: 'upgrade', text: 'abranch@d', code: 'NOT_ON_BRANCH' },
  {
    name: 'Labeled no_revision_exists abranch@qprstuv',
    graph: G.LABELED,
    command: 'upgrade',
    text: 'abranch@qprstuv',
    code: 'UNKNOWN_REVISION',
  },
  { name: 'Labeled no_revision_exists abranch@qpr', graph: G.LABELED, command: 'upgrade', text: 'abranch@qpr', code: 'UNKNOWN_REVISION' },
  { name: 'Labeled no_such_branch', graph: G.LABELED, command: 'upgrade', text: 'x@d', code: 'UNKNOWN_REVISION' },
  { name: 'MultipleBranch same_branch_wrong_direction', graph: G.MULTIPLE_BRANCH, command: 'history', text: 'd1cb1:b1', code: 'BAD_RANGE' },
  { name: 'MultipleBranch distinct_branches', graph: G.MULTIPLE_BRANCH, command: 'history', text: 'b1:d2cb2', code: 'BAD_RANGE' },
  {
    name: 'MultipleBranch wrong_direction_to_base_as_none',
    graph: G.MULTIPLE_BRANCH,
    command: 'history',
    text: 'd1cb1:base',
    code: 'BAD_RANGE',
  },
  { name: 'CrossOne same_branch_wrong_direction', graph: G.CROSS_ONE, command: 'history', text: 'd2:b2', code: 'BAD_RANGE' },
  { name: 'CrossOne different_branch_not_wrong_direction', graph: G.CROSS_ONE, command: 'history', text: 'd2:b3', code: 'BAD_RANGE' },
];

const loop = (code: string, ...graph: Revision[]): { graph: Revision[]; code: string } => ({ graph, code });

export const GRAPH_ERRORS: ReadonlyArray<GraphErrorCase> = [
  {
    name: 'Labeled dupe_branch_collection',
    ...loop(
      'DUPLICATE_LABEL',
      r('a'),
      r('b', 'a'),
      r('c', 'b', { labels: ['xy1'] }),
      r('d'),
      r('e', 'd', { labels: ['xy1'] }),
      r('f', 'e'),
    ),
  },
  { name: 'Loop solitary_loop', ...loop('CYCLE', r('a', 'a')) },
  { name: 'Loop base_loop', ...loop('CYCLE', r('a', 'a'), r('b', 'a'), r('c', 'b')) },
  { name: 'Loop head_loop', ...loop('CYCLE', r('a'), r('b', 'a'), r('c', ['b', 'c'])) },
  { name: 'Loop branch_point_loop', ...loop('CYCLE', r('a'), r('b', ['a', 'b']), r('c1', 'b'), r('c2', 'b')) },
  { name: 'Loop merge_point_loop', ...loop('CYCLE', r('a'), r('b1', 'a'), r('b2', 'a'), r('c', ['b1', 'b2', 'c'])) },
  { name: 'Loop solitary_dependency_loop', ...loop('CYCLE', r('a', [], { deps: ['a'] })) },
  { name: 'Loop base_dependency_loop', ...loop('CYCLE', r('a', [], { deps: ['a'] }), r('b', 'a'), r('c', 'b')) },
  { name: 'Loop head_dep_loop', ...loop('CYCLE', r('a'), r('b', 'a'), r('c', 'b', { deps: ['c'] })) },
  { name: 'Loop branch_point_dep_loop', ...loop('CYCLE', r('a'), r('b', 'a', { deps: ['b'] }), r('c1', 'b'), r('c2', 'b')) },
  { name: 'Loop merge_point_dep_loop', ...loop('CYCLE', r('a'), r('b1', 'a'), r('b2', 'a'), r('c', ['b1', 'b2'], { deps: ['c'] })) },
  { name: 'Cycle simple_cycle', ...loop('CYCLE', r('a', 'c'), r('b', 'a'), r('c', 'b')) },
  { name: 'Cycle extra_simple_cycle', ...loop('CYCLE', r('a', 'c'), r('b', 'a'), r('c', 'b'), r('d'), r('e', 'd')) },
  { name: 'Cycle lower_simple_cycle', ...loop('CYCLE', r('a', 'c'), r('b', 'a'), r('c', 'b'), r('d', 'c'), r('e', 'd')) },
  { name: 'Cycle upper_simple_cycle', ...loop('CYCLE', r('a'), r('b', 'a'), r('c', ['b', 'e']), r('d', 'c'), r('e', 'd')) },
  { name: 'Cycle simple_dep_cycle', ...loop('CYCLE', r('a', [], { deps: ['c'] }), r('b', 'a'), r('c', 'b')) },
  { name: 'Cycle extra_simple_dep_cycle', ...loop('CYCLE', r('a', [], { deps: ['c'] }), r('b', 'a'), r('c', 'b'), r('d'), r('e', 'd')) },
  {
    name: 'Cycle lower_simple_dep_cycle',
    ...loop('CYCLE', r('a', [], { deps: ['c'] }), r('b', 'a'), r('c', 'b'), r('d', 'c'), r('e', 'd')),
  },
  { name: 'Cycle upper_simple_dep_cycle', ...loop('CYCLE', r('a'), r('b', 'a'), r('c', 'b', { deps: ['e'] }), r('d', 'c'), r('e', 'd')) },
];
