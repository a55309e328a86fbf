/**
 * Alembic's target grammar (`head`, `abc+2`, `label@-1`, `label@base`, `label@head-1`, `base+2`, `label@REV`),
 * parsed and resolved against a RevisionGraph into the revision(s) or base a target stands for.
 */
import { MultipleHeadsError, RevisionError } from '../errors';
import type { RevisionGraph } from './revision';
import { sortIds } from './revision-graph-checks';

/** What a target is relative to: a named point, or (`current`) the database's position. */
export type Anchor =
  | { readonly kind: 'head' }
  | { readonly kind: 'heads' }
  | { readonly kind: 'base' }
  | { readonly kind: 'revision'; readonly ref: string }
  | { readonly kind: 'current' };

/** A target string, parsed but not yet resolved: `[BRANCH@]ANCHOR[±N]`. */
export interface ParsedTarget {
  /** The text before `@` (a branch label, or a revision naming its branch); null without `@`. */
  readonly branch: string | null;
  readonly anchor: Anchor;
  /** The relative step, +N or -N; null when there is none. */
  readonly steps: number | null;
}

/** What a target stands for: revisions, just below a merge (its parents; a downgrade removes only the merge), or base. */
export type TargetPoint =
  | { readonly kind: 'revisions'; readonly ids: ReadonlyArray<string> }
  | { readonly kind: 'below'; readonly id: string }
  | { readonly kind: 'base' };

/** A resolved target. */
export interface ResolvedTarget {
  readonly point: TargetPoint;
  /** The revision whose branch (lineage) a downgrade keeps to when the target's children are several; null: all. */
  readonly branch: string | null;
  /** For `REV-N`: REV, the branch the user named (a downgrade reaching beyond it is refused). */
  readonly relativeTo: string | null;
}

/**
 * Whether a choice a refusal would offer works from the current revisions; null: offer every choice (used while
 * checking a choice, so checking never recurses).
 */
export type ChoiceCheck = (choice: string) => boolean;

/** True when `fn` returns, false when it throws. */
export function resolves(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** Which command the target is for: it decides the messages and what is refused. */
export type TargetUse = 'upgrade' | 'downgrade' | 'stamp' | 'history';

/** A walk's context for messages and for keeping to one branch. */
interface WalkContext {
  readonly text: string;
  readonly use: TargetUse;
  readonly from: string;
  readonly region: ReadonlySet<string> | null;
  /** The choice to offer for a parent at a merge, with `left` steps still to go. */
  readonly downChoice: (parent: string, left: number) => string;
  /** Whether a choice would work from the current revisions. */
  readonly works: (choice: string) => boolean;
}

type Landing = TargetPoint;

const SEVERAL_HEADS = 'heads is several revisions; step from head, LABEL@head or a revision';

/** Parses a target; a text that is exactly a revision id or a label (`isName`) is that revision, whatever it looks like. */
export function parseTarget(text: string, isName: (name: string) => boolean): ParsedTarget {
  if (text === '') throw badTarget(text, 'it is empty');
  if (isName(text)) return { branch: null, anchor: { kind: 'revision', ref: text }, steps: null };
  const at = text.indexOf('@');
  const branch = at < 0 ? null : text.slice(0, at);
  const rest = at < 0 ? text : text.slice(at + 1);
  if (branch === '') throw badTarget(text, 'a branch label or revision must come before @');
  if (rest === '' || rest.includes('@')) throw badTarget(text, 'after @ comes head, heads, base, a revision, +N or -N');
  // `+N` / `-N` alone, or a trailing step after a name (`abc-2`, `my-label+1`); `-x` or `+0` is a malformed step
  const relative = isName(rest) ? null : /^[+-]/.test(rest) ? ['', '', rest] : /^(.*?)([+-]\d+)$/.exec(rest);
  const symbol = relative === null ? rest : (relative[1] ?? '');
  const steps = relative === null ? null : parseSteps(text, relative[2] ?? '');
  const named = symbol === 'head' || symbol === 'heads' || symbol === 'base';
  const anchor: Anchor = symbol === '' ? { kind: 'current' } : named ? { kind: symbol } : { kind: 'revision', ref: symbol };
  if (anchor.kind === 'heads' && steps !== null) throw badTarget(text, SEVERAL_HEADS);
  return { branch, anchor, steps };
}

/**
 * Resolves `text` for `use`; `applied` is where relative steps start from (the database's applied set; for stamp
 * and history ranges, every revision, so `-1` is one below the head as in Alembic).
 */
export function resolveTarget(
  map: RevisionGraph,
  text: string,
  applied: ReadonlySet<string>,
  use: TargetUse,
  works: ChoiceCheck | null = (choice) => resolves(() => resolveTarget(map, choice, applied, use, null)),
): ResolvedTarget {
  const target = parseTarget(text, (name) => map.isName(name));
  const branchRef = target.branch;
  const branch = branchRef === null ? null : resolveBranch(map, branchRef, text);
  const region = branch === null ? null : map.lineage(branch);
  const { anchor, steps } = target;
  const ctx = (from: string, walkRegion: ReadonlySet<string> | null, downChoice: WalkContext['downChoice']): WalkContext => ({
    text,
    use,
    from,
    region: walkRegion,
    downChoice,
    works: works ?? (() => true),
  });
  const anchored = (parent: string, left: number): string => (left === 0 ? parent : `${parent}-${left}`);
  if (steps === null) return { point: resolveAbsolute(map, target, branch, text, use), branch, relativeTo: null };
  switch (anchor.kind) {
    case 'heads':
      throw badTarget(text, SEVERAL_HEADS);
    case 'base': {
      if (steps < 0) throw badTarget(text, 'nothing is below base; count up from it, e.g. base+1');
      const from = branchRef === null ? 'base' : `the base of branch ${branchRef}`;
      return { point: on(walkUp(map, null, steps, ctx(from, region, anchored))), branch, relativeTo: null };
    }
    case 'head':
    case 'revision': {
      const start =
        anchor.kind === 'revision'
          ? branch === null
            ? map.resolve(anchor.ref).id
            : resolveOnBranch(map, anchor.ref, branch, branchRef ?? '', text)
          : branchRef === null
            ? singleHead(map, text, use)
            : branchHead(map, branchRef, `${branchRef}@head`);
      if (start === null) throw badTarget(text, 'there are no revisions yet');
      const walk = ctx(start, region, anchored);
      const point = steps > 0 ? on(walkUp(map, start, steps, walk)) : walkDown(map, start, -steps, walk);
      return { point, branch, relativeTo: anchor.kind === 'revision' && branch === null && steps < 0 ? start : null };
    }
    case 'current': {
      if (steps < 0 && use === 'upgrade') throw badTarget(text, 'an upgrade goes up: use `tsdb downgrade ' + text + '`');
      if (steps > 0 && use === 'downgrade') throw badTarget(text, 'a downgrade goes down: use `tsdb upgrade ' + text + '`');
      const position = currentPosition(map, applied, region, text, steps, works ?? (() => true));
      const from = branchRef === null ? `current ${position ?? 'base'}` : `current ${position ?? 'base'} of branch ${branchRef}`;
      const walk = ctx(from, region, (parent) => `${parent}@${steps}`);
      if (steps > 0) return { point: on(walkUp(map, position, steps, walk)), branch, relativeTo: null };
      if (position === null) throw outOfRange(text, 0, branchRef === null ? 'base (nothing is applied)' : from, 'base');
      // As in Alembic, a step down from the current head keeps to that head's branch.
      return { point: walkDown(map, position, -steps, walk), branch: branch ?? position, relativeTo: null };
    }
  }
}

/** The one head above `ref` (a label or revision) for `LABEL@head`; throws when the line has several. */
export function branchHead(map: RevisionGraph, ref: string, text = `${ref}@head`): string {
  const heads = branchHeads(map, resolveBranch(map, ref, text));
  const [only, ...more] = heads;
  if (only === undefined || more.length > 0) {
    throw new MultipleHeadsError(
      heads,
      `Multiple head revisions are present on branch ${ref}: ${heads.join(', ')}; name one of them instead of ${text}`,
    );
  }
  return only;
}

/** A target without a step: the named revision(s) or base. */
function resolveAbsolute(map: RevisionGraph, target: ParsedTarget, branch: string | null, text: string, use: TargetUse): TargetPoint {
  const { anchor } = target;
  if (use === 'downgrade' && (anchor.kind === 'head' || anchor.kind === 'heads')) {
    throw badTarget(text, 'a downgrade needs base, a revision or -N; to go up run `tsdb upgrade ' + text + '`');
  }
  switch (anchor.kind) {
    case 'head': {
      const head = branch === null ? singleHead(map, text, use) : branchHead(map, target.branch ?? '', text);
      return { kind: 'revisions', ids: head === null ? [] : [head] };
    }
    case 'heads':
      return { kind: 'revisions', ids: branch === null ? map.heads() : branchHeads(map, branch) };
    case 'base':
      return { kind: 'base' };
    case 'revision':
      return on(branch === null ? map.resolve(anchor.ref).id : resolveOnBranch(map, anchor.ref, branch, target.branch ?? '', text));
    case 'current':
      throw badTarget(text, 'after @ comes head, heads, base, a revision, +N or -N');
  }
}

function on(id: string): TargetPoint {
  return { kind: 'revisions', ids: [id] };
}

/** The only head; null when there are no revisions; throws MULTIPLE_HEADS when there are several. */
function singleHead(map: RevisionGraph, text: string, use: TargetUse): string | null {
  const heads = map.heads();
  const [only, ...more] = heads;
  if (more.length > 0) {
    const list = heads.join(', ');
    throw new MultipleHeadsError(
      heads,
      use === 'upgrade'
        ? `Multiple head revisions are present; heads: ${list}. Apply all of them with \`tsdb upgrade heads\`, ` +
            `or join them with \`tsdb merge\` and upgrade to the merge`
        : use === 'stamp'
          ? `Multiple head revisions are present (${list}); stamp 'heads' or name one`
          : `Multiple head revisions are present (${list}); ${text} needs one: use LABEL@head or name a revision`,
    );
  }
  return only ?? null;
}

/** The heads on the branch of `branch` (heads among its descendants). */
function branchHeads(map: RevisionGraph, branch: string): string[] {
  const line = map.descendants([branch], 'parents');
  return map.heads().filter((id) => line.has(id));
}

/** The revision the text before `@` names: a label, a revision id or a unique prefix. */
function resolveBranch(map: RevisionGraph, ref: string, text: string): string {
  try {
    return map.resolve(ref).id;
  } catch (error) {
    if (error instanceof RevisionError && error.code === 'UNKNOWN_REVISION') {
      throw new RevisionError(
        'UNKNOWN_REVISION',
        `No branch label or revision '${ref}' (before @ in '${text}'); run \`tsdb branches\` or \`tsdb history\` to list them`,
      );
    }
    throw error;
  }
}

/** `ref` (an id, a label or a prefix) among the revisions of the branch of `branch`, as in `label@REV`. */
function resolveOnBranch(map: RevisionGraph, ref: string, branch: string, branchRef: string, text: string): string {
  const line = map.lineage(branch);
  const notMember = (id: string): RevisionError =>
    new RevisionError(
      'NOT_ON_BRANCH',
      `Revision ${id} is not on branch ${branchRef} (in '${text}'); run \`tsdb history -r ${branchRef}@base:\` to list it`,
    );
  if (map.isName(ref)) {
    const id = map.resolve(ref).id;
    if (!line.has(id)) throw notMember(id);
    return id;
  }
  const candidates = sortIds([...line].filter((id) => id.startsWith(ref)));
  const [only, ...more] = candidates;
  if (more.length > 0) {
    throw new RevisionError(
      'AMBIGUOUS_REVISION',
      `Revision prefix '${ref}' is ambiguous on branch ${branchRef}: it matches ${candidates.join(', ')}; type more characters of the id`,
    );
  }
  if (only !== undefined) return only;
  throw notMember(map.resolve(ref).id);
}

/**
 * The single applied head (of the whole graph or of one branch); null when nothing there is applied. With several,
 * the refusal names the choices that `works` accepts.
 */
function currentPosition(
  map: RevisionGraph,
  applied: ReadonlySet<string>,
  region: ReadonlySet<string> | null,
  text: string,
  steps: number,
  works: (choice: string) => boolean,
): string | null {
  const heads = map.headsOf(region === null ? applied : new Set([...applied].filter((id) => region.has(id))));
  const [first, ...more] = heads;
  if (first !== undefined && more.length > 0) {
    // `REV+N` counts from REV; `REV@-N` steps down REV's branch from where it is now.
    const choices = heads.map((id) => (steps > 0 ? `${id}+${steps}` : `${id}@${steps}`)).filter(works);
    const way =
      choices.length > 0
        ? `so name it: ${choices.join(' or ')}`
        : `and none of them has ${Math.abs(steps)} revision${Math.abs(steps) === 1 ? '' : 's'} ${steps > 0 ? 'above' : 'below'} it; ` +
          (steps > 0 ? 'use `tsdb upgrade heads`' : 'use `tsdb downgrade base`');
    const list = heads.join(', ');
    throw new MultipleHeadsError(heads, `Multiple head revisions are applied: ${list}; relative target ${text} needs one, ${way}`);
  }
  return first ?? null;
}

/** `steps` children up from `start` (null = below the bases); throws AMBIGUOUS_STEP at a branch point, OUT_OF_RANGE past head. */
function walkUp(map: RevisionGraph, start: string | null, steps: number, ctx: WalkContext): string {
  let position = start;
  for (let taken = 0; taken < steps; taken += 1) {
    const next = (position === null ? map.bases() : map.children(position)).filter((id) => ctx.region?.has(id) ?? true);
    const [only, ...more] = next;
    if (only === undefined) throw outOfRange(ctx.text, taken, ctx.from, 'head');
    if (more.length > 0) {
      const where = position === null ? 'at base: there are several bases' : `at ${position}: it branches`;
      const left = steps - taken - 1;
      throw ambiguousStep(
        ctx,
        `${where} to ${next.join(', ')}`,
        next.map((id) => (left === 0 ? id : `${id}+${left}`)),
      );
    }
    position = only;
  }
  if (position === null) throw badTarget(ctx.text, 'N must be a positive whole number');
  return position;
}

/**
 * `steps` parents down from `start`: on a revision, or base past a root; a last step down from a merge lands
 * just below it (on both parents), a merge on the way is a choice the user must make.
 */
function walkDown(map: RevisionGraph, start: string, steps: number, ctx: WalkContext): Landing {
  let here = start;
  for (let moved = 0; moved < steps; moved += 1) {
    const parents = map.get(here).downRevisions.filter((id) => ctx.region?.has(id) ?? true);
    const last = moved === steps - 1;
    const [only, ...more] = parents;
    if (only === undefined) {
      if (last) return { kind: 'base' };
      throw outOfRange(ctx.text, moved + 1, ctx.from, 'base');
    }
    if (more.length > 0) {
      if (last) return { kind: 'below', id: here };
      throw ambiguousStep(
        ctx,
        `at ${here}: it merges ${parents.join(', ')}`,
        parents.map((id) => ctx.downChoice(id, steps - moved - 1)),
      );
    }
    here = only;
  }
  return on(here);
}

function parseSteps(text: string, signed: string): number {
  const match = /^([+-])(\d+)$/.exec(signed);
  const count = Number(match?.[2] ?? NaN);
  if (match === null || !Number.isSafeInteger(count) || count < 1) {
    throw badTarget(text, 'a relative step must be +N or -N with N a positive whole number, e.g. +1 or -2');
  }
  return match[1] === '-' ? -count : count;
}

/** A BAD_TARGET error for `text`. */
export function badTarget(text: string, why: string): RevisionError {
  return new RevisionError('BAD_TARGET', `Invalid target '${text}': ${why}`);
}

function outOfRange(text: string, taken: number, from: string, edge: 'head' | 'base'): RevisionError {
  const count = `${taken} revision${taken === 1 ? '' : 's'}`;
  return new RevisionError(
    'OUT_OF_RANGE',
    edge === 'head'
      ? `Relative revision ${text} is beyond head: only ${count} above ${from}; use \`tsdb upgrade head\``
      : `Relative revision ${text} is beyond base: only ${count} below ${from}; use \`tsdb downgrade base\``,
  );
}

/** How a choice is typed for `use`. */
export function commandFor(use: TargetUse, target: string): string {
  return use === 'history' ? `tsdb history -r ${target}:` : `tsdb ${use} ${target}`;
}

/** The walk forks: the message lists one command per way it could go from here. */
function ambiguousStep(ctx: WalkContext, where: string, choices: ReadonlyArray<string>): RevisionError {
  const working = choices.filter(ctx.works);
  if (working.length === 0) {
    const ways = choices.join(', ');
    const message = `Relative revision ${ctx.text} is ambiguous ${where}, and no way on (${ways}) works from the current revisions`;
    return new RevisionError('AMBIGUOUS_STEP', message);
  }
  const commands = working.map((choice) => `\`${commandFor(ctx.use, choice)}\``).join(' or ');
  return new RevisionError('AMBIGUOUS_STEP', `Relative revision ${ctx.text} is ambiguous ${where}; choose one: ${commands}`);
}
