/** What upgrade, downgrade and stamp do with a resolved target: the revisions to reach, to take back, or to record. */
import { RevisionError } from '../errors';
import type { RevisionGraph } from './revision';
import { sortIds } from './revision-graph-checks';
import { resolves, resolveTarget, type ResolvedTarget } from './revision-targets';

/** The revisions an upgrade target stands for; the plan is their ancestors that are not applied. */
export function selectUpgradeTargets(map: RevisionGraph, applied: ReadonlySet<string>, text: string): string[] {
  const { point } = resolveTarget(map, text, applied, 'upgrade');
  switch (point.kind) {
    case 'revisions':
      return [...point.ids];
    case 'below':
      return [...map.get(point.id).downRevisions];
    case 'base':
      return [];
  }
}

/**
 * The applied revisions a downgrade takes back, as Alembic does: everything above the target (the applied
 * descendants of its children, through downRevision and dependsOn), kept to the target's branch when it names one.
 * A revision that only depends on the target stays while the target stays.
 */
export function selectDowngradeRemovals(map: RevisionGraph, applied: ReadonlySet<string>, text: string, offerChoices = true): Set<string> {
  // a refusal offers only the choices that would themselves go through
  const works = offerChoices ? (choice: string): boolean => resolves(() => selectDowngradeRemovals(map, applied, choice, false)) : null;
  const target = resolveTarget(map, text, applied, 'downgrade', works);
  const roots = downgradeRoots(map, applied, target, text);
  const removed = appliedAbove(map, applied, roots);
  if (target.relativeTo !== null) refuseBeyondBranch(map, applied, text, target, roots, removed, offerChoices);
  return removed;
}

/** What stamp records: these revisions, after dropping the rows on the branches of `clearBranches` (`LABEL@base`). */
export interface StampTargets {
  readonly ids: ReadonlySet<string>;
  readonly clearBranches: ReadonlyArray<string>;
}

/** The stamp targets `refs` name; relative steps count from the heads of the scripts, as in Alembic. */
export function selectStampTargets(map: RevisionGraph, refs: ReadonlyArray<string>): StampTargets {
  const everything = new Set(map.revisions.map((rev) => rev.id));
  const ids = new Set<string>();
  const clearBranches: string[] = [];
  for (const ref of refs) {
    const { point, branch } = resolveTarget(map, ref, everything, 'stamp');
    switch (point.kind) {
      case 'revisions':
        point.ids.forEach((id) => ids.add(id));
        break;
      case 'below':
        map.get(point.id).downRevisions.forEach((id) => ids.add(id));
        break;
      case 'base':
        if (branch !== null) clearBranches.push(branch);
        break;
    }
  }
  return { ids, clearBranches };
}

/** The version rows after stamping `targets` over the rows `current`; rows on branches the stamp does not touch stay. */
export function stampedVersions(map: RevisionGraph, targets: StampTargets, current: ReadonlyArray<string>): string[] {
  // `LABEL@base` drops the rows that share a line (through downRevision or dependsOn) with the label's revision.
  const cleared = targets.clearBranches.map((id) => new Set([...map.ancestors([id]), ...map.descendants([id])]));
  const rows = current.filter((id) => !cleared.some((line) => line.has(id)));
  if (targets.ids.size === 0) return targets.clearBranches.length === 0 ? [] : map.headsOf(map.ancestors(rows));
  const wanted = map.ancestors(targets.ids);
  const below = map.descendants(targets.ids);
  const kept = rows.filter((id) => !wanted.has(id) && !below.has(id));
  return map.headsOf(new Set([...wanted, ...map.ancestors(kept)]));
}

/** The revisions whose applied descendants the downgrade takes back. */
function downgradeRoots(map: RevisionGraph, applied: ReadonlySet<string>, target: ResolvedTarget, text: string): string[] {
  const { point } = target;
  let roots: string[];
  switch (point.kind) {
    case 'revisions': {
      requireApplied(map, applied, point.ids);
      roots = point.ids.flatMap((id) => map.children(id));
      break;
    }
    case 'below':
      requireApplied(map, applied, map.get(point.id).downRevisions);
      roots = [point.id];
      break;
    case 'base':
      roots = map.bases();
      break;
  }
  if (target.branch === null || roots.length < 2) return roots;
  const line = map.lineage(target.branch);
  const onBranch = roots.filter((id) => line.has(id));
  if (onBranch.length === 0) {
    throw new RevisionError(
      'NOT_ON_BRANCH',
      `Invalid target '${text}': nothing above it is on the branch it names; run \`tsdb branches\` to see the branches`,
    );
  }
  return onBranch;
}

function requireApplied(map: RevisionGraph, applied: ReadonlySet<string>, ids: ReadonlyArray<string>): void {
  const missing = ids.filter((id) => !applied.has(id));
  if (missing.length === 0) return;
  const current = map.headsOf(applied);
  const where = current.length === 0 ? 'the database is at base' : `current: ${current.join(', ')}`;
  throw new RevisionError(
    'NOT_APPLIED',
    `Revision ${missing.join(', ')} is not applied (${where}); downgrade to an applied revision, or run \`tsdb upgrade ${missing[0] ?? ''}\``,
  );
}

/** The applied revisions at or above `roots`, through downRevision and dependsOn. */
function appliedAbove(map: RevisionGraph, applied: ReadonlySet<string>, roots: ReadonlyArray<string>): Set<string> {
  return new Set([...map.descendants(roots)].filter((id) => applied.has(id)));
}

/**
 * `REV-N` is a revision like any other, but when taking everything above it back would reach branches other than
 * REV's (it is a branch point), the user is asked to choose rather than given either silently (Alembic takes all).
 */
function refuseBeyondBranch(
  map: RevisionGraph,
  applied: ReadonlySet<string>,
  text: string,
  target: ResolvedTarget,
  roots: ReadonlyArray<string>,
  removed: ReadonlySet<string>,
  offerChoices: boolean,
): void {
  const named = target.relativeTo ?? '';
  const line = map.lineage(named);
  const branchOnly = appliedAbove(
    map,
    applied,
    roots.filter((id) => line.has(id)),
  );
  if (branchOnly.size === removed.size) return;
  if (!offerChoices) throw new RevisionError('BEYOND_BRANCH', `Relative revision ${text} reaches beyond the branch of ${named}`);
  const where = target.point.kind === 'revisions' ? (target.point.ids[0] ?? '') : 'base';
  const others = sortIds([...removed].filter((id) => !branchOnly.has(id)));
  // -1: smaller than the branch-only set (step further), 0: the same set, 1: more or refused (stop)
  const compare = (candidate: string): number => {
    try {
      const got = selectDowngradeRemovals(map, applied, candidate, false);
      if (![...got].every((id) => branchOnly.has(id))) return 1;
      return got.size === branchOnly.size ? 0 : -1;
    } catch {
      return 1;
    }
  };
  // `X@-k` for REV and the labels on its branch, k counted from where that branch is now; else `REV@<target>`.
  const names = new Set([named, ...map.revisions.filter((rev) => line.has(rev.id)).flatMap((rev) => rev.branchLabels)]);
  const relative = [...names].flatMap((name) => {
    for (let k = 1; ; k += 1) {
      const outcome = compare(`${name}@-${k}`);
      if (outcome === 0) return [`${name}@-${k}`];
      if (outcome > 0) return [];
    }
  });
  const branchChoices = relative.length > 0 ? relative : [`${named}@${where}`];
  const branchOnlyCommands = branchChoices.map((choice) => `\`tsdb downgrade ${choice}\``).join(' or ');
  throw new RevisionError(
    'BEYOND_BRANCH',
    `Relative revision ${text} is ${where}, and taking back everything above ${where} would also take back ${others.join(', ')} ` +
      `on another branch; choose one: ${branchOnlyCommands} (branch ${named} only) ` +
      `or \`tsdb downgrade ${where}\` (everything above ${where})`,
  );
}
