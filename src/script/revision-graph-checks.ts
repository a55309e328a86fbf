/** Building the revision graph: dangling edges, labels and cycles are refused with the file to fix; a stable topological order. */
import { ScriptDirectoryError } from '../errors';
import type { Revision } from './revision';

/** Ids sorted by plain code-unit order, the order every list of ids is reported in. */
export function sortIds(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Words that mean something in a target or range, so they cannot be branch labels. */
export const RESERVED_NAMES: ReadonlyArray<string> = Object.freeze(['head', 'heads', 'base', 'current']);

/**
 * Self-loops and dangling parents or dependencies of one revision; returns its dependencies as revision ids
 * (a dependsOn entry may name a branch label: it means the revision that declares the label, as in Alembic).
 */
export function checkEdges(rev: Revision, byId: ReadonlyMap<string, Revision>, labels: ReadonlyMap<string, string>): string[] {
  const kinds = [
    { ids: rev.downRevisions, noun: 'parent', field: 'downRevision', resolve: (id: string) => (byId.has(id) ? id : undefined) },
    { ids: rev.dependsOn, noun: 'dependency', field: 'dependsOn', resolve: (id: string) => (byId.has(id) ? id : labels.get(id)) },
  ] as const;
  const dependencies: string[] = [];
  for (const { ids, noun, field, resolve } of kinds) {
    for (const name of ids) {
      const id = resolve(name);
      if (id === rev.id) {
        throw new ScriptDirectoryError('CYCLE', `${rev.path}: revision ${rev.id} names itself as its own ${noun}; fix ${field}`);
      }
      if (id === undefined) {
        throw new ScriptDirectoryError(
          'MISSING_PARENT',
          `${rev.path}: revision ${rev.id} names ${noun} ${name}, which no script defines; fix ${field} or restore the missing script`,
        );
      }
      if (field === 'dependsOn' && !dependencies.includes(id)) dependencies.push(id);
    }
  }
  return dependencies;
}

/** Label → revision id; throws on a label used twice, one that is also a revision id, or a reserved or malformed one. */
export function indexLabels(revisions: ReadonlyArray<Revision>, byId: ReadonlyMap<string, Revision>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const rev of revisions) {
    for (const label of rev.branchLabels) {
      if (label === '' || RESERVED_NAMES.includes(label) || /[@:\s]/.test(label)) {
        throw new ScriptDirectoryError(
          'BAD_LABEL',
          `${rev.path}: branch label '${label}' of revision ${rev.id} is empty, reserved (${RESERVED_NAMES.join(', ')}) or contains '@', ':' or a space; rename it`,
        );
      }
      const owner = labels.get(label);
      if (owner !== undefined && owner !== rev.id) {
        const other = byId.get(owner)?.path ?? owner;
        throw new ScriptDirectoryError(
          'DUPLICATE_LABEL',
          `${rev.path}: branch label '${label}' of revision ${rev.id} is already used by revision ${owner} (${other}); rename one of the labels`,
        );
      }
      const clash = byId.get(label);
      if (clash !== undefined) {
        throw new ScriptDirectoryError(
          'DUPLICATE_LABEL',
          `${rev.path}: branch label '${label}' of revision ${rev.id} is also the id of revision ${clash.id} (${clash.path}); rename the label`,
        );
      }
      labels.set(label, rev.id);
    }
  }
  return labels;
}

/**
 * Kahn's algorithm, parents and dependencies first; depth first, so a branch runs in one stretch once it starts
 * (the revision a step made ready comes next), ties going to the earliest input index; throws CYCLE.
 */
export function topologicalOrder(revisions: ReadonlyArray<Revision>, dependencies: ReadonlyMap<string, ReadonlyArray<string>>): string[] {
  const index = new Map(revisions.map((rev, i) => [rev.id, i]));
  // prerequisites outside `revisions` (already applied, when ordering a plan) are not waited for
  const prerequisites = revisions.map((rev) => {
    const deps = dependencies.get(rev.id) ?? [];
    const ids = deps.length === 0 && rev.downRevisions.length < 2 ? rev.downRevisions : [...new Set([...rev.downRevisions, ...deps])];
    return ids.every((id) => index.has(id)) ? ids : ids.filter((id) => index.has(id));
  });
  const waiting = prerequisites.map((ids) => ids.length);
  const unlocks: number[][] = revisions.map(() => []);
  prerequisites.forEach((ids, i) => ids.forEach((id) => unlocks[index.get(id) ?? -1]?.push(i)));
  // a stack: the smallest index on top among those pushed together
  const ready: number[] = [];
  for (let i = waiting.length - 1; i >= 0; i -= 1) if (waiting[i] === 0) ready.push(i);
  const order: string[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    order.push(revisions[i]?.id ?? '');
    const unlocked: number[] = [];
    for (const j of unlocks[i] ?? []) {
      const left = (waiting[j] ?? 0) - 1;
      waiting[j] = left;
      if (left === 0) unlocked.push(j);
    }
    ready.push(...unlocked.sort((a, b) => b - a));
  }
  if (order.length < revisions.length) throw cycleError(revisions, prerequisites, waiting, index);
  return order;
}

/** Walks prerequisites among the revisions Kahn could not order until one repeats, and reports that cycle. */
function cycleError(
  revisions: ReadonlyArray<Revision>,
  prerequisites: ReadonlyArray<ReadonlyArray<string>>,
  waiting: ReadonlyArray<number>,
  index: ReadonlyMap<string, number>,
): ScriptDirectoryError {
  const stuck = (i: number): boolean => (waiting[i] ?? 0) > 0;
  const path: number[] = [];
  let at = waiting.findIndex((count) => count > 0);
  while (!path.includes(at)) {
    path.push(at);
    const next = (prerequisites[at] ?? []).map((id) => index.get(id) ?? -1).find(stuck);
    if (next === undefined) break;
    at = next;
  }
  const cycle = path.slice(path.indexOf(at)).map((i) => revisions[i]);
  const ids = cycle.map((rev) => rev?.id ?? '?');
  return new ScriptDirectoryError(
    'CYCLE',
    `Revisions form a cycle: ${[...ids, ids[0] ?? '?'].join(' -> ')} (each names the next as parent or dependency) in ` +
      `${cycle.map((rev) => rev?.path ?? '?').join(', ')}; fix downRevision or dependsOn in one of these scripts`,
  );
}
