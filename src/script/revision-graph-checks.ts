/** Building the revision graph: dangling edges, labels and cycles are refused with the file to fix; a stable topological order. */
import { ScriptDirectoryError } from '../errors';
import type { Revision } from './revision-map';

/** Words that mean something in a target or range, so they cannot be branch labels. */
export const RESERVED_NAMES: ReadonlyArray<string> = Object.freeze(['head', 'heads', 'base', 'current']);

/** Self-loops and dangling parents or dependencies of one revision. */
export function checkEdges(rev: Revision, byId: ReadonlyMap<string, Revision>): void {
  const kinds = [
    { ids: rev.downRevisions, noun: 'parent', field: 'downRevision' },
    { ids: rev.dependsOn, noun: 'dependency', field: 'dependsOn' },
  ] as const;
  for (const { ids, noun, field } of kinds) {
    for (const id of ids) {
      if (id === rev.id) {
        throw new ScriptDirectoryError('CYCLE', `${rev.path}: revision ${rev.id} names itself as its own ${noun}; fix ${field}`);
      }
      if (!byId.has(id)) {
        throw new ScriptDirectoryError(
          'MISSING_PARENT',
          `${rev.path}: revision ${rev.id} names ${noun} ${id}, which no script defines; fix ${field} or restore the missing script`,
        );
      }
    }
  }
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

/** Kahn's algorithm, parents and dependencies first, the earliest input index first among ready ones; throws CYCLE. */
export function topologicalOrder(revisions: ReadonlyArray<Revision>): string[] {
  const index = new Map(revisions.map((rev, i) => [rev.id, i]));
  const prerequisites = revisions.map((rev) =>
    rev.dependsOn.length === 0 && rev.downRevisions.length < 2 ? rev.downRevisions : [...new Set([...rev.downRevisions, ...rev.dependsOn])]);
  const waiting = prerequisites.map((ids) => ids.length);
  const unlocks: number[][] = revisions.map(() => []);
  prerequisites.forEach((ids, i) => ids.forEach((id) => unlocks[index.get(id) ?? -1]?.push(i)));
  const ready = new ReadyQueue();
  waiting.forEach((count, i) => (count === 0 ? ready.push(i) : undefined));
  const order: string[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    order.push(revisions[i]?.id ?? '');
    for (const j of unlocks[i] ?? []) {
      const left = (waiting[j] ?? 0) - 1;
      waiting[j] = left;
      if (left === 0) ready.push(j);
    }
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

/** Input indexes of revisions ready to be ordered; `pop` gives the smallest (kept sorted descending). */
class ReadyQueue {
  private readonly items: number[] = [];

  push(value: number): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.items[mid] ?? 0) > value) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, value);
  }

  pop(): number | undefined {
    return this.items.pop();
  }
}
