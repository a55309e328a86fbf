/** The revision graph: a pure DAG of migration scripts, its heads and bases, and upgrade/downgrade plans. */
import { RevisionError, ScriptDirectoryError } from '../errors';
import { checkEdges, indexLabels, sortIds, topologicalOrder } from './revision-graph-checks';
import { selectHistoryRange } from './history-range';
import { selectDowngradeRemovals, selectUpgradeTargets } from './target-selections';
import type { Edges, MigrationStep, Revision, RevisionGraph } from './revision';

export type { Edges, MigrationStep, Revision, RevisionGraph } from './revision';
export { RESERVED_NAMES, sortIds } from './revision-graph-checks';

/** The revision graph, built once from a plain list and validated; every query is pure. */
export class RevisionMap implements RevisionGraph {
  /** The revisions in input order. */
  readonly revisions: ReadonlyArray<Revision>;
  private readonly byId: ReadonlyMap<string, Revision>;
  private readonly childIds: ReadonlyMap<string, ReadonlyArray<string>>;
  private readonly dependentIds: ReadonlyMap<string, ReadonlyArray<string>>;
  private readonly labels: ReadonlyMap<string, string>;
  /** Each revision's dependsOn as revision ids (labels resolved). */
  private readonly dependencyIds: ReadonlyMap<string, ReadonlyArray<string>>;
  private readonly topo: ReadonlyArray<string>;

  private constructor(
    revisions: ReadonlyArray<Revision>,
    byId: ReadonlyMap<string, Revision>,
    labels: ReadonlyMap<string, string>,
    dependencyIds: ReadonlyMap<string, ReadonlyArray<string>>,
  ) {
    this.revisions = revisions;
    this.byId = byId;
    this.labels = labels;
    this.dependencyIds = dependencyIds;
    this.childIds = reverseEdges(revisions, (r) => r.downRevisions);
    this.dependentIds = reverseEdges(revisions, (r) => dependencyIds.get(r.id) ?? []);
    this.topo = topologicalOrder(revisions, dependencyIds);
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
    const labels = indexLabels(list, byId);
    const dependencyIds = new Map(list.map((rev) => [rev.id, Object.freeze(checkEdges(rev, byId, labels))]));
    return new RevisionMap(list, byId, labels, dependencyIds);
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

  /** The revisions `id` depends on (its dependsOn, labels resolved to the revisions declaring them). */
  dependencies(id: string): ReadonlyArray<string> {
    this.get(id);
    return this.dependencyIds.get(id) ?? [];
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

  /** How many revisions name `id` in their downRevisions (2+: a branch point). */
  childCount(id: string): number {
    return this.childIds.get(id)?.length ?? 0;
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
      return edges === 'all' ? [...rev.downRevisions, ...(this.dependencyIds.get(id) ?? [])] : rev.downRevisions;
    });
  }

  /** The given revisions and all their descendants, via downRevisions and (by default) dependsOn. */
  descendants(ids: Iterable<string>, edges: Edges = 'all'): Set<string> {
    return this.walk(ids, (id) => (edges === 'all' ? this.above(id) : (this.childIds.get(id) ?? [])));
  }

  /** The revision's branch as Alembic sees it: its ancestors and descendants through downRevisions, itself included. */
  lineage(id: string): Set<string> {
    const line = this.ancestors([id], 'parents');
    for (const above of this.descendants([id], 'parents')) line.add(above);
    return line;
  }

  /**
   * The version-table rows for an applied set: the applied revisions that no other applied revision reaches
   * through downRevision or dependsOn (as alembic_version keeps them), sorted.
   */
  headsOf(applied: ReadonlySet<string>): string[] {
    const heads: string[] = [];
    for (const id of applied) {
      this.get(id);
      if (!this.above(id).some((other) => applied.has(other))) heads.push(id);
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
    return this.steps(this.orderOf(new Set([...wanted].filter((id) => !applied.has(id)))), applied, 'upgrade');
  }

  /** Scripts to undo, children first, to bring the database at `current` down to `target`. */
  planDowngrade(current: ReadonlyArray<string>, target: string): MigrationStep[] {
    const applied = this.appliedSet(current);
    const removed = selectDowngradeRemovals(this, applied, target);
    return this.steps(this.orderOf(removed).reverse(), applied, 'downgrade');
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

  /** `ids` in an order that runs each branch of them in one stretch, prerequisites first (the global order filtered could interleave). */
  private orderOf(ids: ReadonlySet<string>): string[] {
    if (ids.size === 0) return [];
    return topologicalOrder(
      this.revisions.filter((rev) => ids.has(rev.id)),
      this.dependencyIds,
    );
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

  /** Revisions naming `id` in downRevision or dependsOn. */
  private above(id: string): ReadonlyArray<string> {
    const children = this.childIds.get(id) ?? [];
    const dependants = this.dependentIds.get(id);
    return dependants === undefined ? children : [...children, ...dependants];
  }

  /** Steps for `ids` in order; the rows are kept incrementally, which is headsOf(state) as every state is ancestor-closed. */
  private steps(ids: ReadonlyArray<string>, applied: ReadonlySet<string>, direction: MigrationStep['direction']): MigrationStep[] {
    const state = new Set(applied);
    const heads = new Set(this.headsOf(state));
    let before: ReadonlyArray<string> = Object.freeze(sortIds(heads));
    return ids.map((id) => {
      const revision = this.get(id);
      const below = [...revision.downRevisions, ...(this.dependencyIds.get(id) ?? [])];
      if (direction === 'upgrade') {
        state.add(id);
        for (const parent of below) heads.delete(parent);
        heads.add(id);
      } else {
        state.delete(id);
        heads.delete(id);
        for (const parent of below) {
          if (!this.above(parent).some((other) => state.has(other))) heads.add(parent);
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

/** parent → ids naming it through `edges` (deduplicated, input order). */
function reverseEdges(revisions: ReadonlyArray<Revision>, edges: (rev: Revision) => ReadonlyArray<string>): Map<string, string[]> {
  const reversed = new Map<string, string[]>();
  for (const rev of revisions) {
    const targets = edges(rev);
    // most revisions have one parent: no Set to build for them
    for (const parent of targets.length < 2 ? targets : new Set(targets)) {
      const list = reversed.get(parent);
      if (list === undefined) reversed.set(parent, [rev.id]);
      else list.push(rev.id);
    }
  }
  return reversed;
}
