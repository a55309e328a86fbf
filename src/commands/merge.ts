/** tsdb merge [REVS…] -m MSG: a script whose parents are several heads, joining their branches again. */
import { RevisionError } from '../errors';
import type { RevisionMap } from '../script/revision-map';
import { sortIds } from '../script/revision-map';
import { branchHead } from '../script/revision-targets';
import type { CommandContext } from './context';
import { openWorkspace } from './context';
import { checkNewScriptOptions, writeNewScript } from './new-script';

/** Options of merge. */
export interface MergeOptions {
  readonly message: string;
  /** Revisions to join (`heads`, ids, prefixes, labels, `LABEL@head`); empty or omitted: every head. */
  readonly revisions?: ReadonlyArray<string>;
  readonly revId?: string;
  readonly branchLabel?: ReadonlyArray<string>;
}

/** What merge wrote. */
export interface MergeResult {
  readonly revision: string;
  readonly path: string;
  readonly downRevisions: ReadonlyArray<string>;
}

/** The distinct revisions the arguments name, each checked to be on its own branch. */
function mergeParents(map: RevisionMap, refs: ReadonlyArray<string>): string[] {
  const ids = new Set<string>();
  for (const ref of refs.length === 0 ? ['heads'] : refs) {
    if (ref === 'heads' || ref === 'head') map.heads().forEach((id) => ids.add(id));
    else if (ref.endsWith('@head')) ids.add(branchHead(map, ref.slice(0, -'@head'.length), ref));
    else ids.add(map.resolve(ref).id);
  }
  const parents = sortIds(ids);
  if (parents.length < 2) {
    const what =
      refs.length === 0
        ? `there is only one head (${parents.join(', ') || 'none'})`
        : `only ${parents.join(', ') || 'no revision'} was named`;
    throw new RevisionError('NOTHING_TO_MERGE', `Nothing to merge: ${what}; a merge joins two or more heads (see tsdb heads)`);
  }
  for (const id of parents) {
    const above = parents.find((other) => other !== id && map.ancestors([other], 'parents').has(id));
    if (above !== undefined) {
      throw new RevisionError(
        'BAD_MERGE',
        `Cannot merge ${id} with ${above}: ${id} is an ancestor of ${above}, so they are on one branch; leave ${id} out of the merge`,
      );
    }
  }
  return parents;
}

/** Writes the merge script (empty upgrade and downgrade); needs no database. */
export async function merge(ctx: CommandContext, options: MergeOptions): Promise<MergeResult> {
  checkNewScriptOptions(options);
  const workspace = await openWorkspace(ctx);
  const parents = mergeParents(workspace.scripts.map, options.revisions ?? []);
  const id = options.revId ?? workspace.scripts.newRevisionId();
  const file = await writeNewScript(ctx, workspace, {
    revision: id,
    downRevisions: parents,
    branchLabels: options.branchLabel ?? [],
    dependsOn: [],
    message: options.message,
    createDate: new Date(),
    imports: [],
    upgrades: ['// A merge point: nothing to run unless the joined branches conflict.'],
    downgrades: ['// A merge point: nothing to undo.'],
  });
  return { revision: id, path: file, downRevisions: parents };
}
