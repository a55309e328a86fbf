/** The revision graph: a pure DAG of migration scripts, its heads and bases, and upgrade/downgrade plans. */
import { RevisionError, ScriptDirectoryError } from '../errors';
import { selectDowngradeRemovals, selectHistoryRange, selectUpgradeTargets } from './revision-targets';

/** One migration script as the graph sees it; `downRevisions` is [] for a root and has 2+ ids for a merge. */
export interface Revision {
  readonly id: string;
  readonly downRevisions: ReadonlyArray<string>;
  readonly branchLabels: ReadonlyArray<string>;
  readonly dependsOn: ReadonlyArray<string>;
  readonly message: string;
  /** The script file, named in error messages. */
  readonly path: string;
}

/** One script to run, with the version-table rows (applied heads, sorted) before and after it. */
export interface MigrationStep {
  readonly revision: Revision;
  readonly direction: 'upgrade' | 'downgrade';
  readonly versionsBefore: ReadonlyArray<string>;
  readonly versionsAfter: ReadonlyArray<string>;
}

/** Which edges a walk follows: `downRevisions` only ('parents'), or `downRevisions` and `dependsOn` ('all'). */
export type Edges = 'parents' | 'all';

/** Words that mean something in a target or range, so they cannot be branch labels. */
export const RESERVED_NAMES: ReadonlyArray<string> = Object.freeze(['head', 'heads', 'base', 'current']);

/** Ids sorted by plain code-unit order, the order every list of ids is reported in. */
export function sortIds(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The revision graph, built once from a plain list and validated; every query is pure. */
export class RevisionMap {
  /** The revisions in input order. */
  readonly revisions: ReadonlyArray<Revision>;
  private readonly byId: ReadonlyMap<string, Revision>;
  private readonly childIds: ReadonlyMap<string, ReadonlyArray<string>>;
  private readonly dependentIds: ReadonlyMap<string, ReadonlyArray<string>>;
  private readonly labels: ReadonlyMap<string, string>;
  private readonly topo: ReadonlyArray<string>;

  private constructor(revisions: ReadonlyArray<Revision>, byId: ReadonlyMap<string, Revision>) {
    this.revisions = revisions;
    this.byId = byId;
    this.childIds = reverseEdges(revisions, (r) => r.downRevisions);
    this.dependentIds = reverseEdges(revisions, (r) => r.dependsOn);
    this.labels = indexLabels(revisions, byId);
    this.topo = topologicalOrder(revisions);
  }

  /** Validates the list (duplicates, self-loops, dangling parents, duplicate labels, cycles) and builds the map. */
  static build(revisions: ReadonlyArray<Revision>): RevisionMap {
    const list = Object.freeze([...revisions]);
    const byId = new Map<string, Revision>();
    for (const rev of list) {
      const other = byId.get(rev.id);
      if (other !== undefined) {
        throw new ScriptDirectoryError(
          'DUPLICATE_REVISION',
          `${rev.path}: revision ${rev.id} is also defined by ${other.path}; give one of the two scripts a new revision id`,
        );
      }
      byId.set(rev.id, rev);
    }
    for (const rev of list) checkEdges(rev, byId);
    return new RevisionMap(list, byId);
  }

  /** The revision with exactly this id; throws RevisionError UNKNOWN_REVISION. */
  get(id: string): Revision {
    const rev = this.byId.get(id);
    if (rev === undefined) throw unknownRevision(id);
    return rev;
  }

  /** True when a revision has exactly this id. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** True when `name` is a full revision id or a branch label (so it is never read as a relative target). */
  isName(name: string): boolean {
    return this.byId.has(name) || this.labels.has(name);
  }

  /** Revisions that no revision names as a parent, sorted by id. */
  heads(): string[] {
    return sortIds(this.revisions.filter((r) => (this.childIds.get(r.id) ?? []).length === 0).map((r) => r.id));
  }

  /** Revisions without a parent, sorted by id. */
  bases(): string[] {
    return sortIds(this.revisions.filter((r) => r.downRevisions.length === 0).map((r) => r.id));
  }

  /** Revisions naming `id` in their downRevisions, sorted by id. */
  children(id: string): string[] {
    this.get(id);
    return sortIds(this.childIds.get(id) ?? []);
  }

  /** The revision a full id, a branch label or a unique id prefix names; exact id wins, then label, then prefix. */
  resolve(ref: string): Revision {
    const exact = this.byId.get(ref);
    if (exact !== undefined) return exact;
    const labelled = this.labels.get(ref);
    if (labelled !== undefined) return this.get(labelled);
    const candidates = ref === '' ? [] : sortIds(this.revisions.filter((r) => r.id.startsWith(ref)).map((r) => r.id));
    const [only, ...more] = candidates;
    if (only === undefined) throw unknownRevision(ref);
    if (more.length > 0) {
      throw new RevisionError(
        'AMBIGUOUS_REVISION',
        `Revision prefix '${ref}' is ambiguous: it matches ${candidates.join(', ')}; type more characters of the id`,
      );
    }
    return this.get(only);
  }

  /** The given revisions and all their ancestors, via downRevisions and (by default) dependsOn. */
  ancestors(ids: Iterable<string>, edges: Edges = 'all'): Set<string> {
    return this.walk(ids, (id) => {
      const rev = this.get(id);
      return edges === 'all' ? [...rev.downRevisions, ...rev.dependsOn] : rev.downRevisions;
    });
  }

  /** The given revisions and all their descendants, via downRevisions and (by default) dependsOn. */
  descendants(ids: Iterable<string>, edges: Edges = 'all'): Set<string> {
    return this.walk(ids, (id) => {
      const children = this.childIds.get(id) ?? [];
      return edges === 'all' ? [...children, ...(this.dependentIds.get(id) ?? [])] : children;
    });
  }

  /** Applied revisions with no child (via downRevisions) that is applied: the version-table rows, sorted. */
  headsOf(applied: ReadonlySet<string>): string[] {
    const heads: string[] = [];
    for (const id of applied) {
      this.get(id);
      if (!(this.childIds.get(id) ?? []).some((child) => applied.has(child))) heads.push(id);
    }
    return sortIds(heads);
  }

  /** The applied set for the version-table rows `current`: their ancestors; throws when a row names no script. */
  appliedSet(current: ReadonlyArray<string>): Set<string> {
    for (const id of current) {
      if (!this.byId.has(id)) {
        throw new RevisionError(
          'UNKNOWN_REVISION',
          `The version table names revision '${id}', which no script defines; restore the script or fix the table with \`tsdb stamp\``,
        );
      }
    }
    return this.ancestors(current);
  }

  /** Scripts to run, parents and dependencies first, to bring the database at `current` up to `target`. */
  planUpgrade(current: ReadonlyArray<string>, target: string): MigrationStep[] {
    const applied = this.appliedSet(current);
    const wanted = this.ancestors(selectUpgradeTargets(this, applied, target));
    return this.steps(
      this.topo.filter((id) => wanted.has(id) && !applied.has(id)),
      applied,
      'upgrade',
    );
  }

  /** Scripts to undo, children first, to bring the database at `current` down to `target`. */
  planDowngrade(current: ReadonlyArray<string>, target: string): MigrationStep[] {
    const applied = this.appliedSet(current);
    const removed = selectDowngradeRemovals(this, applied, target);
    return this.steps(
      [...this.topo].reverse().filter((id) => removed.has(id)),
      applied,
      'downgrade',
    );
  }

  /** Every revision, newest first (reverse topological order, ties broken by input order). */
  history(): Revision[] {
    return [...this.topo].reverse().map((id) => this.get(id));
  }

  /** The revisions a `-r` range such as `A:B`, `A:`, `:B`, `current:`, `-3:` selects, newest first. */
  historyRange(range: string, current: ReadonlyArray<string>): Revision[] {
    const { ids, limit } = selectHistoryRange(this, range, current);
    const selected = this.history().filter((rev) => ids.has(rev.id));
    return limit === null ? selected : selected.slice(0, limit);
  }

  private walk(ids: Iterable<string>, next: (id: string) => ReadonlyArray<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...ids];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (seen.has(id)) continue;
      this.get(id);
      seen.add(id);
      stack.push(...next(id));
    }
    return seen;
  }

  /** Steps for `ids` in order; the rows are kept incrementally, which is headsOf(state) as every state is ancestor-closed. */
  private steps(ids: ReadonlyArray<string>, applied: ReadonlySet<string>, direction: MigrationStep['direction']): MigrationStep[] {
    const state = new Set(applied);
    const heads = new Set(this.headsOf(state));
    let before: ReadonlyArray<string> = Object.freeze(sortIds(heads));
    return ids.map((id) => {
      const revision = this.get(id);
      if (direction === 'upgrade') {
        state.add(id);
        for (const parent of revision.downRevisions) heads.delete(parent);
        heads.add(id);
      } else {
        state.delete(id);
        heads.delete(id);
        for (const parent of revision.downRevisions) {
          if (!(this.childIds.get(parent) ?? []).some((child) => state.has(child))) heads.add(parent);
        }
      }
      const after = Object.freeze(sortIds(heads));
      const step: MigrationStep = Object.freeze({ revision, direction, versionsBefore: before, versionsAfter: after });
      before = after;
      return step;
    });
  }
}

function unknownRevision(ref: string): RevisionError {
  return new RevisionError('UNKNOWN_REVISION', `Can't locate revision identified by '${ref}'; run \`tsdb history\` to list revisions`);
}

/** Self-loops and dangling parents or dependencies of one revision. */
function checkEdges(rev: Revision, byId: ReadonlyMap<string, Revision>): void {
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
function indexLabels(revisions: ReadonlyArray<Revision>, byId: ReadonlyMap<string, Revision>): Map<string, string> {
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

/** parent → ids naming it through `edges` (deduplicated, input order). */
function reverseEdges(revisions: ReadonlyArray<Revision>, edges: (rev: Revision) => ReadonlyArray<string>): Map<string, string[]> {
  const reversed = new Map<string, string[]>();
  for (const rev of revisions) {
    for (const parent of new Set(edges(rev))) {
      const list = reversed.get(parent);
      if (list === undefined) reversed.set(parent, [rev.id]);
      else list.push(rev.id);
    }
  }
  return reversed;
}

/** Kahn's algorithm, parents and dependencies first, the earliest input index first among ready ones; throws CYCLE. */
function topologicalOrder(revisions: ReadonlyArray<Revision>): string[] {
  const index = new Map(revisions.map((rev, i) => [rev.id, i]));
  const prerequisites = revisions.map((rev) => [...new Set([...rev.downRevisions, ...rev.dependsOn])]);
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
