/** tsdb revision -m MSG: a new, empty script whose parent is the current head. */
import { MultipleHeadsError, RevisionError } from '../errors';
import { sortIds, type RevisionMap } from '../script/revision-map';
import { branchHead } from '../script/revision-targets';
import type { CommandContext } from './context';
import { checkNewScriptOptions, writeNewScript } from './new-script';
import { openWorkspace } from './context';

/** Options of revision. */
export interface RevisionOptions {
  readonly message: string;
  readonly revId?: string;
  readonly head?: string;
  readonly branchLabel?: ReadonlyArray<string>;
  readonly dependsOn?: ReadonlyArray<string>;
  /** Allows --head to name a revision that is not a head (a new branch from the middle of the graph). */
  readonly splice?: boolean;
}

/** What revision wrote. */
export interface RevisionResult {
  readonly revision: string;
  readonly path: string;
  readonly downRevisions: ReadonlyArray<string>;
  /** The heads once the script exists; more than one after --splice or --head base. */
  readonly heads: ReadonlyArray<string>;
}

/** The new script's parents for --head: `head` (the only head), `base` (a new root), `LABEL@head`, or a revision. */
function chooseParents(map: RevisionMap, head: string, splice: boolean): string[] {
  if (head === 'base') return [];
  if (head === 'head' || head === 'heads') {
    const heads = map.heads();
    if (heads.length > 1) {
      throw new MultipleHeadsError(
        heads,
        `Multiple heads are present (${heads.join(', ')}); pass --head REV to choose the parent, or join them first with \`tsdb merge heads -m MSG\``,
      );
    }
    return heads;
  }
  const id = head.endsWith('@head') ? branchHead(map, head.slice(0, -'@head'.length), head) : map.resolve(head).id;
  if (!splice && map.children(id).length > 0) {
    throw new RevisionError(
      'NOT_A_HEAD',
      `Revision ${id} is not a head revision (its children: ${map.children(id).join(', ')}); pass --splice to start a new branch from it, or use --head with a head: ${map.heads().join(', ')}`,
    );
  }
  return [id];
}

/** Writes the script; needs no database. */
export async function revision(ctx: CommandContext, options: RevisionOptions): Promise<RevisionResult> {
  checkNewScriptOptions(options);
  const workspace = await openWorkspace(ctx);
  const map = workspace.scripts.map;
  const parents = chooseParents(map, options.head ?? 'head', options.splice === true);
  const id = options.revId ?? workspace.scripts.newRevisionId();
  const file = await writeNewScript(ctx, workspace, {
    revision: id,
    downRevisions: parents,
    branchLabels: options.branchLabel ?? [],
    dependsOn: (options.dependsOn ?? []).map((ref) => map.resolve(ref).id),
    message: options.message,
    createDate: new Date(),
    imports: [],
    upgrades: [],
    downgrades: [],
  });
  const heads = sortIds([...map.heads().filter((h) => !parents.includes(h)), id]);
  return { revision: id, path: file, downRevisions: parents, heads };
}
