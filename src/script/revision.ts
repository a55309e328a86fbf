/** The revision graph's vocabulary: a revision, a step to run, and the queries a graph answers (a leaf: no imports). */

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

/** The queries the target and range selections ask of the graph (RevisionMap answers them). */
export interface RevisionGraph {
  readonly revisions: ReadonlyArray<Revision>;
  get(id: string): Revision;
  has(id: string): boolean;
  /** The revisions `id` depends on (dependsOn, labels resolved to ids). */
  dependencies(id: string): ReadonlyArray<string>;
  isName(name: string): boolean;
  heads(): string[];
  bases(): string[];
  childCount(id: string): number;
  children(id: string): string[];
  resolve(ref: string): Revision;
  ancestors(ids: Iterable<string>, edges?: Edges): Set<string>;
  descendants(ids: Iterable<string>, edges?: Edges): Set<string>;
  lineage(id: string): Set<string>;
  headsOf(applied: ReadonlySet<string>): string[];
  appliedSet(current: ReadonlyArray<string>): Set<string>;
}
