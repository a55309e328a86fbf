/** tsdb history, heads and show: the revision graph, newest first. */
import type { Revision } from '../script/revision-map';
import { readVersions } from '../runtime/version-table';
import type { CommandContext } from './context';
import { openWorkspace, withDatabase } from './context';
import type { ScriptDirectory } from '../script/script-directory';

/** A revision with its place in the graph, ready to print. */
export interface GraphEntry {
  readonly revision: Revision;
  readonly isHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  readonly isCurrent: boolean;
  readonly createDate: string | null;
  readonly absolutePath: string;
}

/** Graph entries (head, branch/merge point, current, file) for revisions, ready to print. */
export function graphEntries(scripts: ScriptDirectory, revisions: ReadonlyArray<Revision>, current: ReadonlyArray<string>): GraphEntry[] {
  const map = scripts.map;
  const heads = new Set(map.heads());
  const currentSet = new Set(current);
  return revisions.map((revision) => {
    const file = scripts.files.get(revision.id);
    return {
      revision,
      isHead: heads.has(revision.id),
      isBranchPoint: map.children(revision.id).length > 1,
      isMergePoint: revision.downRevisions.length > 1,
      isCurrent: currentSet.has(revision.id),
      createDate: file?.createDate ?? null,
      absolutePath: file?.absolutePath ?? revision.path,
    };
  });
}

/** Options of history. */
export interface HistoryOptions {
  readonly range?: string;
  readonly indicateCurrent?: boolean;
}

/** The history, newest first; reads the database only for `current` ranges and --indicate-current. */
export async function history(ctx: CommandContext, options: HistoryOptions): Promise<{ entries: ReadonlyArray<GraphEntry> }> {
  const { config, scripts } = await openWorkspace(ctx);
  const needsDb = options.indicateCurrent === true || (options.range ?? '').includes('current');
  const current = needsDb
    ? await withDatabase(ctx, config, true, (db) => (db === null ? [] : readVersions(db, config.versionTable)))
    : [];
  const revisions = options.range === undefined ? scripts.map.history() : scripts.map.historyRange(options.range, current);
  return { entries: graphEntries(scripts, revisions, options.indicateCurrent ? current : []) };
}

/** The head revisions. */
export async function heads(ctx: CommandContext): Promise<{ entries: ReadonlyArray<GraphEntry> }> {
  const { scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  return { entries: graphEntries(scripts, map.heads().map((id) => map.get(id)), []) };
}

/** One revision, by full id, unique prefix, label or `head`. */
export async function show(ctx: CommandContext, options: { revision: string }): Promise<{ entries: ReadonlyArray<GraphEntry> }> {
  const { scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  const ids = options.revision === 'head' || options.revision === 'heads' ? map.heads() : [map.resolve(options.revision).id];
  return { entries: graphEntries(scripts, ids.map((id) => map.get(id)), []) };
}

/** One branch of a branch point: its first revision and the heads it leads to. */
export interface Branch {
  readonly entry: GraphEntry;
  readonly heads: ReadonlyArray<string>;
}

/** A revision with two or more children, and where each child's line ends. */
export interface BranchPoint {
  readonly entry: GraphEntry;
  readonly branches: ReadonlyArray<Branch>;
}

/** Every branch point, newest first, with its branches and their heads. */
export async function branches(ctx: CommandContext): Promise<{ branchPoints: ReadonlyArray<BranchPoint> }> {
  const { scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  const heads = map.heads();
  const points = map.history().filter((rev) => map.children(rev.id).length > 1);
  const branchPoints = graphEntries(scripts, points, []).map((entry) => {
    const children = map.children(entry.revision.id).map((id) => map.get(id));
    return {
      entry,
      branches: graphEntries(scripts, children, []).map((child) => {
        const line = map.descendants([child.revision.id], 'parents');
        return { entry: child, heads: heads.filter((id) => line.has(id)) };
      }),
    };
  });
  return { branchPoints };
}
