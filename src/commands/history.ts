/** tsdb history, heads and show: the revision graph, newest first. */
import type { Revision } from '../script/revision-map';
import { isAppliedEntry, logTableName, readLatestLog, type LogEntry } from '../runtime/revision-log';
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
  /** When the script ran (or was stamped) per the log, if it is applied and the log was read. */
  readonly applied: { readonly at: string; readonly how: string; readonly durationMs: number } | null;
}

/** Graph entries (head, branch/merge point, current, file) for revisions, ready to print. */
export function graphEntries(
  scripts: ScriptDirectory,
  revisions: ReadonlyArray<Revision>,
  current: ReadonlyArray<string>,
  log: ReadonlyMap<string, LogEntry> = new Map(),
): GraphEntry[] {
  const map = scripts.map;
  const heads = new Set(map.heads());
  const currentSet = new Set(current);
  return revisions.map((revision) => {
    const file = scripts.files.get(revision.id);
    return {
      revision,
      isHead: heads.has(revision.id),
      isBranchPoint: map.childCount(revision.id) > 1,
      isMergePoint: revision.downRevisions.length > 1,
      isCurrent: currentSet.has(revision.id),
      createDate: file?.createDate ?? null,
      absolutePath: file?.absolutePath ?? revision.path,
      applied: appliedFrom(log.get(revision.id)),
    };
  });
}

function appliedFrom(entry: LogEntry | undefined): GraphEntry['applied'] {
  if (entry === undefined || !isAppliedEntry(entry)) return null;
  return {
    at: entry.appliedAt,
    how: entry.direction === 'repair' ? 'upgrade, repaired since' : entry.direction,
    durationMs: entry.durationMs,
  };
}

/** Options of history. */
export interface HistoryOptions {
  readonly range?: string;
  readonly indicateCurrent?: boolean;
  /** Also read when each revision was applied (history -v). */
  readonly appliedTimes?: boolean;
}

/** The history, newest first; reads the database only for `current` ranges and --indicate-current. */
export async function history(ctx: CommandContext, options: HistoryOptions): Promise<{ entries: ReadonlyArray<GraphEntry> }> {
  const { config, scripts } = await openWorkspace(ctx);
  const needsDb = options.indicateCurrent === true || options.appliedTimes === true || (options.range ?? '').includes('current');
  const empty = { current: [] as string[], log: new Map<string, LogEntry>() };
  const { current, log } = needsDb
    ? await withDatabase(ctx, config, true, async (db) =>
        db === null
          ? empty
          : {
              current: await readVersions(db, config.versionTable),
              log: options.appliedTimes === true ? await readLatestLog(db, logTableName(config.versionTable)) : empty.log,
            },
      )
    : empty;
  const revisions = options.range === undefined ? scripts.map.history() : scripts.map.historyRange(options.range, current);
  return { entries: graphEntries(scripts, revisions, options.indicateCurrent ? current : [], log) };
}

/** The head revisions. */
export async function heads(ctx: CommandContext): Promise<{ entries: ReadonlyArray<GraphEntry> }> {
  const { scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  return {
    entries: graphEntries(
      scripts,
      map.heads().map((id) => map.get(id)),
      [],
    ),
  };
}

/** One revision, by full id, unique prefix, label or `head`. */
export async function show(ctx: CommandContext, options: { revision: string }): Promise<{ entries: ReadonlyArray<GraphEntry> }> {
  const { scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  const ids = options.revision === 'head' || options.revision === 'heads' ? map.heads() : [map.resolve(options.revision).id];
  return {
    entries: graphEntries(
      scripts,
      ids.map((id) => map.get(id)),
      [],
    ),
  };
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
