/**
 * Alembic's own revision-traversal cases, replayed against RevisionMap: the same scripts run (each branch in one
 * stretch, either branch first), the same version rows left, the same refusals. The data and the cases not
 * replayed (with why) are in test/helpers/alembic-*-cases.ts; the two deliberate differences are asserted as such.
 */
import { describe, expect, it } from 'vitest';
import { TsdbError } from '../../src/errors';
import { RevisionMap, type MigrationStep, type Revision } from '../../src/script/revision-map';
import { selectUpgradeTargets } from '../../src/script/target-selections';
import { stampedVersions, selectStampTargets } from '../../src/script/target-selections';
import { DOWNGRADES, REVISION_DOWNGRADES } from '../helpers/alembic-downgrade-cases';
import { BAD_TARGETS, GRAPH_ERRORS, HISTORIES, RESOLVES } from '../helpers/alembic-revision-cases';
import { DIFFERENCES, REFUSALS, REPLAYS, STAMPS, type MoveCase } from '../helpers/alembic-traversal-cases';
import { REVISION_UPGRADES, UPGRADES } from '../helpers/alembic-upgrade-cases';

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TsdbError) {
      expect(error.message).not.toContain('\n');
      return error.code;
    }
    throw error;
  }
  return 'no error';
}

/** Each revision comes before what needs it (upgrade) or after (downgrade), and a link of a chain is never split. */
function expectBranchesInOneStretch(
  map: RevisionMap,
  order: ReadonlyArray<string>,
  direction: 'upgrade' | 'downgrade',
  name: string,
): void {
  const upward = direction === 'upgrade' ? [...order] : [...order].reverse();
  const at = new Map(upward.map((id, i) => [id, i]));
  const inPlan = (ids: ReadonlyArray<string>): string[] => ids.filter((id) => at.has(id));
  const needs = (id: string): string[] => inPlan([...map.get(id).downRevisions, ...map.dependencies(id)]);
  for (const id of upward) {
    for (const before of needs(id)) expect((at.get(before) ?? 0) < (at.get(id) ?? 0), `${name}: ${before} before ${id}`).toBe(true);
    const [only, ...more] = needs(id);
    if (only === undefined || more.length > 0) continue;
    const followers = upward.filter((other) => needs(other).includes(only));
    if (followers.length === 1) expect(at.get(id), `${name}: ${id} right after ${only} (one stretch)`).toBe((at.get(only) ?? 0) + 1);
  }
}

function expectMove(kase: MoveCase, direction: 'upgrade' | 'downgrade'): void {
  const map = RevisionMap.build(kase.graph);
  const steps: MigrationStep[] =
    direction === 'upgrade' ? map.planUpgrade(kase.from, kase.target) : map.planDowngrade(kase.from, kase.target);
  const ids = steps.map((step) => step.revision.id);
  expect(sorted(ids), `${kase.name}: scripts run`).toEqual(sorted(kase.steps));
  expectBranchesInOneStretch(map, ids, direction, kase.name);
  expect(steps.at(-1)?.versionsAfter ?? map.headsOf(map.appliedSet(kase.from)), `${kase.name}: version rows`).toEqual(sorted(kase.rows));
  // Alembic's own order leaves the same rows after its last step
  const state = map.appliedSet(kase.from);
  for (const id of kase.steps) direction === 'upgrade' ? state.add(id) : state.delete(id);
  expect(map.headsOf(state), `${kase.name}: rows after Alembic's order`).toEqual(sorted(kase.rows));
}

describe("Alembic's test_version_traversal.py", () => {
  it.each(UPGRADES.map((kase) => [kase.name, kase] as const))('upgrade: %s', (_name, kase) => expectMove(kase, 'upgrade'));

  it.each(DOWNGRADES.map((kase) => [kase.name, kase] as const))('downgrade: %s', (_name, kase) => expectMove(kase, 'downgrade'));

  it.each(STAMPS.map((kase) => [kase.name, kase] as const))('stamp: %s', (_name, kase) => {
    const map = RevisionMap.build(kase.graph);
    expect(stampedVersions(map, selectStampTargets(map, kase.targets), kase.from)).toEqual(sorted(kase.rows));
  });

  it.each(REFUSALS.map((kase) => [kase.name, kase] as const))('refused: %s', (_name, kase) => {
    const map = RevisionMap.build(kase.graph);
    const plan = (): unknown =>
      kase.command === 'upgrade' ? map.planUpgrade(kase.from, kase.target) : map.planDowngrade(kase.from, kase.target);
    expect(codeOf(plan)).toBe(kase.code);
  });

  it.each(REPLAYS.map((kase) => [kase.name, kase] as const))("rows after each of Alembic's steps: %s", (_name, kase) => {
    const map = RevisionMap.build(kase.graph);
    const state = map.appliedSet(kase.from);
    for (const [id, rows] of kase.steps) {
      state.add(id);
      expect(map.headsOf(state), `after ${id}`).toEqual(sorted(rows));
    }
    // and tsdb's own order over the same scripts ends in the same rows
    const ours = map.planUpgrade(kase.from, 'heads');
    expect(sorted(ours.map((step) => step.revision.id))).toEqual(sorted(kase.steps.map(([id]) => id)));
    expectBranchesInOneStretch(
      map,
      ours.map((step) => step.revision.id),
      'upgrade',
      kase.name,
    );
    expect(ours.at(-1)?.versionsAfter).toEqual(sorted(kase.steps.at(-1)?.[1] ?? []));
  });

  it.each(DIFFERENCES.map((kase) => [kase.name, kase] as const))('deliberately refused: %s', (_name, kase) => {
    const map = RevisionMap.build(kase.graph);
    expect(codeOf(() => map.planDowngrade(kase.from, kase.target))).toBe(kase.code);
    // what Alembic does instead is still one command away: the rows it would leave are reachable
    const state = map.appliedSet(kase.from);
    for (const id of kase.alembic.steps) state.delete(id);
    expect(map.headsOf(state)).toEqual(sorted(kase.alembic.rows));
  });
});

describe("Alembic's test_revision.py", () => {
  it.each(HISTORIES.map((kase) => [kase.name, kase] as const))('history: %s', (_name, kase) => {
    const map = RevisionMap.build(kase.graph);
    const listed = new Set(kase.ranges.flatMap((range) => map.historyRange(range, []).map((rev) => rev.id)));
    for (const id of kase.exclusive ?? []) listed.delete(id);
    expect(sorted(listed)).toEqual(sorted(kase.ids));
    // newest first: nothing is listed after one of its ancestors
    for (const range of kase.ranges) {
      const order = map.historyRange(range, []).map((rev) => rev.id);
      expectBranchesInOneStretch(map, order, 'downgrade', `${kase.name} ${range}`);
    }
  });

  it.each(REVISION_UPGRADES.map((kase) => [kase.name, kase] as const))('upgrade (implicit base): %s', (_name, kase) =>
    expectMove(kase, 'upgrade'),
  );

  it.each(REVISION_DOWNGRADES.map((kase) => [kase.name, kase] as const))('downgrade (select_for_downgrade): %s', (_name, kase) =>
    expectMove(kase, 'downgrade'),
  );

  it.each(RESOLVES.map((kase) => [kase.name, kase] as const))('target: %s', (_name, kase) => {
    const map = RevisionMap.build(kase.graph);
    expect(sorted(selectUpgradeTargets(map, new Set(), kase.target))).toEqual(sorted(kase.ids));
  });

  it.each(BAD_TARGETS.map((kase) => [kase.name, kase] as const))('refused: %s', (_name, kase) => {
    const map = RevisionMap.build(kase.graph);
    const use = (): unknown => (kase.command === 'upgrade' ? map.planUpgrade([], kase.text) : map.historyRange(kase.text, []));
    expect(codeOf(use)).toBe(kase.code);
  });

  it.each(GRAPH_ERRORS.map((kase) => [kase.name, kase] as const))('graph refused: %s', (_name, kase) => {
    expect(codeOf(() => RevisionMap.build(kase.graph as Revision[]))).toBe(kase.code);
  });
});

describe('the replay covers Alembic', () => {
  it('replays every case named above', () => {
    const total = [
      UPGRADES,
      DOWNGRADES,
      STAMPS,
      REFUSALS,
      REPLAYS,
      DIFFERENCES,
      HISTORIES,
      REVISION_UPGRADES,
      REVISION_DOWNGRADES,
      RESOLVES,
      BAD_TARGETS,
      GRAPH_ERRORS,
    ].reduce((sum, list) => sum + list.length, 0);
    expect(total).toBeGreaterThanOrEqual(150);
    expect(DIFFERENCES).toHaveLength(5);
  });
});
