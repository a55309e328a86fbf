/** tsdb revision -m MSG: a new, empty script whose parent is the current head. */
import { MultipleHeadsError, TsdbError } from '../errors';
import type { CommandContext } from './context';
import { openWorkspace } from './context';

/** Options of revision. */
export interface RevisionOptions {
  readonly message: string;
  readonly revId?: string;
  readonly head?: string;
  readonly branchLabel?: ReadonlyArray<string>;
  readonly dependsOn?: ReadonlyArray<string>;
}

/** What revision wrote. */
export interface RevisionResult {
  readonly revision: string;
  readonly path: string;
  readonly downRevisions: ReadonlyArray<string>;
}

const REV_ID = /^[0-9A-Za-z_]{1,32}$/;

/** Writes the script; needs no database. */
export async function revision(ctx: CommandContext, options: RevisionOptions): Promise<RevisionResult> {
  if (options.message.trim() === '') throw new TsdbError('BAD_MESSAGE', 'the message (-m) is empty; say what the revision does');
  if (options.revId !== undefined && !REV_ID.test(options.revId)) {
    throw new TsdbError('BAD_REV_ID', `--rev-id '${options.revId}' is not valid; use 1-32 letters, digits or underscores`);
  }
  const { scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  let parents: ReadonlyArray<string>;
  if (options.head !== undefined && options.head !== 'head') {
    parents = options.head === 'base' ? [] : [map.resolve(options.head).id];
  } else {
    const heads = map.heads();
    if (heads.length > 1) {
      throw new MultipleHeadsError(heads, `Multiple heads are present (${heads.join(', ')}); pass --head REV to choose the parent, or merge them first`);
    }
    parents = heads;
  }
  const id = options.revId ?? scripts.newRevisionId();
  const file = scripts.writeScript({
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
  return { revision: id, path: file, downRevisions: parents };
}
