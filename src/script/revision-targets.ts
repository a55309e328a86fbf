/** CLI target and range strings (`head`, `abc+2`, `label@-1`, `a:b`) parsed and resolved against a RevisionMap. */
import { MultipleHeadsError, RevisionError } from '../errors';
import type { RevisionMap } from './revision-map';

/** A target string, parsed but not yet resolved against the graph. */
export type ParsedTarget =
  | { readonly kind: 'head' }
  | { readonly kind: 'heads' }
  | { readonly kind: 'base' }
  | { readonly kind: 'revision'; readonly ref: string }
  | { readonly kind: 'branchHead'; readonly ref: string }
  | { readonly kind: 'relative'; readonly steps: number }
  | { readonly kind: 'revisionRelative'; readonly ref: string; readonly steps: number }
  | { readonly kind: 'branchRelative'; readonly ref: string; readonly steps: number };

/** Where a walk ends: on a revision, or just below one (below a root is base; below a merge, both its parents). */
type Landing = { readonly kind: 'on' | 'below'; readonly id: string };

/** A walk's context for messages and for restricting branch choices to one labelled line. */
interface WalkContext {
  readonly text: string;
  readonly from: string;
  readonly region: ReadonlySet<string> | null;
  readonly command: 'upgrade' | 'downgrade';
}

/** Parses a target; `isName(text)` (an exact id or a label) wins over the relative forms. */
export function parseTarget(text: string, isName: (name: string) => boolean): ParsedTarget {
  if (text === 'head' || text === 'heads' || text === 'base') return { kind: text };
  if (text === '') throw badTarget(text, 'it is empty');
  if (isName(text)) return { kind: 'revision', ref: text };
  const at = text.indexOf('@');
  if (at >= 0) {
    const ref = text.slice(0, at);
    const rest = text.slice(at + 1);
    if (ref === '') throw badTarget(text, 'a branch label must come before @');
    if (rest === 'head') return { kind: 'branchHead', ref };
    if (/^[+-]/.test(rest)) return { kind: 'branchRelative', ref, steps: parseSteps(text, rest) };
    throw badTarget(text, `after @ only head, +N or -N are allowed`);
  }
  if (/^[+-]/.test(text)) return { kind: 'relative', steps: parseSteps(text, text) };
  const relative = /^(.+?)([+-]\d+)$/.exec(text);
  if (relative !== null) return { kind: 'revisionRelative', ref: relative[1] ?? '', steps: parseSteps(text, relative[2] ?? '') };
  return { kind: 'revision', ref: text };
}

/** The revisions an upgrade target stands for; the plan is their ancestors that are not applied. */
export function selectUpgradeTargets(map: RevisionMap, applied: ReadonlySet<string>, text: string): string[] {
  const target = parseTarget(text, (name) => map.isName(name));
  const ctx = (from: string, region: ReadonlySet<string> | null = null): WalkContext => ({ text, from, region, command: 'upgrade' });
  switch (target.kind) {
    case 'head': {
      const heads = map.heads();
      if (heads.length > 1) {
        throw new MultipleHeadsError(
          heads,
          `Multiple head revisions are present; heads: ${heads.join(', ')}. Apply all of them with \`tsdb upgrade heads\`, ` +
            `or join them with \`tsdb merge\` and upgrade to the merge`,
        );
      }
      return heads;
    }
    case 'heads':
      return map.heads();
    case 'base':
      return [];
    case 'revision':
      return [map.resolve(target.ref).id];
    case 'branchHead':
      return [branchHead(map, target.ref, text)];
    case 'relative': {
      if (target.steps < 0) throw badTarget(text, 'an upgrade goes up: use `tsdb downgrade ' + text + '`');
      const position = currentPosition(map, applied, null, text);
      return [walkUp(map, position, target.steps, ctx(position === null ? 'base' : `current ${position}`))];
    }
    case 'revisionRelative': {
      const start = map.resolve(target.ref).id;
      if (target.steps > 0) return [walkUp(map, start, target.steps, ctx(start))];
      return [...map.get(walkDown(map, start, -target.steps, ctx(start)).id).downRevisions];
    }
    case 'branchRelative': {
      if (target.steps < 0) throw badTarget(text, 'an upgrade goes up: use `tsdb downgrade ' + text + '`');
      const region = lineOf(map, target.ref);
      const position = currentPosition(map, applied, region, text);
      const from = `current ${position ?? 'base'} of branch ${target.ref}`;
      return [walkUp(map, position, target.steps, ctx(from, region))];
    }
  }
}

/** The applied revisions a downgrade target unapplies: the target's strict descendants (everything for `base`). */
export function selectDowngradeRemovals(map: RevisionMap, applied: ReadonlySet<string>, text: string): Set<string> {
  const target = parseTarget(text, (name) => map.isName(name));
  const ctx = (from: string, region: ReadonlySet<string> | null = null): WalkContext => ({ text, from, region, command: 'downgrade' });
  // Unapplies the applied descendants of the landing (strict ones when landing on it), kept to `region` when given,
  // plus whatever depends on those: a branch-relative step leaves the other branches alone.
  const down = (landing: Landing, region: ReadonlySet<string> | null = null): Set<string> => {
    const missing = (landing.kind === 'on' ? [landing.id] : map.get(landing.id).downRevisions).filter((id) => !applied.has(id));
    if (missing.length > 0) {
      const current = map.headsOf(applied);
      const where = current.length === 0 ? 'the database is at base' : `current: ${current.join(', ')}`;
      throw new RevisionError(
        'NOT_APPLIED',
        `Revision ${missing.join(', ')} is not applied (${where}); downgrade to an applied revision, or run \`tsdb upgrade ${missing[0] ?? ''}\``,
      );
    }
    const below = map.descendants([landing.id]);
    if (landing.kind === 'on') below.delete(landing.id);
    return region === null ? intersect(below, applied) : intersect(map.descendants(intersect(below, region)), applied);
  };
  switch (target.kind) {
    case 'head':
    case 'heads':
    case 'branchHead':
      throw badTarget(text, 'a downgrade needs base, a revision or -N; to go up run `tsdb upgrade ' + text + '`');
    case 'base':
      return new Set(applied);
    case 'revision':
      return down({ kind: 'on', id: map.resolve(target.ref).id });
    case 'relative': {
      if (target.steps > 0) throw badTarget(text, 'a downgrade goes down: use `tsdb upgrade ' + text + '`');
      const position = currentPosition(map, applied, null, text);
      if (position === null) throw outOfRange(text, 0, 'base (nothing is applied)', 'base');
      return down(walkDown(map, position, -target.steps, ctx(`current ${position}`)));
    }
    case 'revisionRelative': {
      const start = map.resolve(target.ref).id;
      if (target.steps > 0) return down({ kind: 'on', id: walkUp(map, start, target.steps, ctx(start)) });
      return down(walkDown(map, start, -target.steps, ctx(start)));
    }
    case 'branchRelative': {
      if (target.steps > 0) throw badTarget(text, 'a downgrade goes down: use `tsdb upgrade ' + text + '`');
      const region = lineOf(map, target.ref);
      const position = currentPosition(map, applied, region, text);
      const from = `current ${position ?? 'base'} of branch ${target.ref}`;
      if (position === null) throw outOfRange(text, 0, from, 'base');
      return down(walkDown(map, position, -target.steps, ctx(from, region)), region);
    }
  }
}

/** The revisions a history range selects (unordered) and how many of the newest to keep (`-N:`). */
export function selectHistoryRange(
  map: RevisionMap,
  range: string,
  current: ReadonlyArray<string>,
): { readonly ids: ReadonlySet<string>; readonly limit: number | null } {
  const parts = range.split(':');
  const [lower, upper] = parts;
  if (parts.length !== 2 || lower === undefined || upper === undefined) {
    throw new RevisionError('BAD_RANGE', `History range '${range}' must be START:END, START: or :END (e.g. base:head, ae1027a6acf4:, -3:)`);
  }
  map.appliedSet(current);
  let limit: number | null = null;
  let from: string[] | null = null;
  if (/^-/.test(lower)) {
    const match = /^-(\d+)$/.exec(lower);
    const count = Number(match?.[1] ?? NaN);
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new RevisionError('BAD_RANGE', `History range '${range}': '${lower}' must be -N with N a positive whole number, e.g. -3:`);
    }
    limit = count;
  } else if (lower === 'current') from = current.length === 0 ? null : [...current];
  else if (lower === 'head' || lower === 'heads') from = map.heads();
  else if (lower !== '' && lower !== 'base') from = [map.resolve(lower).id];

  let to: string[] | null = null;
  if (upper === 'current') to = [...current];
  else if (upper === 'base') to = [];
  else if (/^-/.test(upper)) {
    throw new RevisionError('BAD_RANGE', `History range '${range}': -N is allowed only before the colon, e.g. -3:`);
  } else if (upper !== '' && upper !== 'head' && upper !== 'heads') to = [map.resolve(upper).id];

  let ids = new Set(map.revisions.map((rev) => rev.id));
  if (from !== null) ids = intersect(ids, map.descendants(from));
  if (to !== null) ids = intersect(ids, map.ancestors(to));
  const explicit = (side: string): boolean => !['', 'base', 'head', 'heads', 'current'].includes(side) && !side.startsWith('-');
  if (ids.size === 0 && explicit(lower) && explicit(upper)) {
    throw new RevisionError(
      'BAD_RANGE',
      `History range '${range}' is empty: ${lower} is not an ancestor of ${upper}; put the older revision first`,
    );
  }
  return { ids, limit };
}

/** The one head above `ref` (a label or revision) for `LABEL@head`; throws when the line has several. */
export function branchHead(map: RevisionMap, ref: string, text = `${ref}@head`): string {
  const line = map.descendants([map.resolve(ref).id], 'parents');
  const heads = map.heads().filter((id) => line.has(id));
  const [only, ...more] = heads;
  if (only === undefined || more.length > 0) {
    throw new MultipleHeadsError(
      heads,
      `Multiple head revisions are present on branch ${ref}: ${heads.join(', ')}; name one of them instead of ${text}`,
    );
  }
  return only;
}

/** The single applied head (of the whole graph or of one line); null when nothing there is applied. */
function currentPosition(map: RevisionMap, applied: ReadonlySet<string>, region: ReadonlySet<string> | null, text: string): string | null {
  const heads = map.headsOf(region === null ? applied : intersect(applied, region));
  const [first, ...more] = heads;
  if (first !== undefined && more.length > 0) {
    const sign = text.startsWith('+') || text.startsWith('-') ? text : text.slice(text.indexOf('@') + 1);
    throw new MultipleHeadsError(
      heads,
      `Multiple head revisions are applied: ${heads.join(', ')}; relative target ${text} needs one, so name it: ${heads.map((id) => `${id}${sign}`).join(' or ')}`,
    );
  }
  return first ?? null;
}

/** The labelled line of `ref`: its ancestors and descendants through downRevisions. */
function lineOf(map: RevisionMap, ref: string): Set<string> {
  const id = map.resolve(ref).id;
  const line = map.ancestors([id], 'parents');
  for (const below of map.descendants([id], 'parents')) line.add(below);
  return line;
}

/** `steps` children up from `start` (null = below the bases); throws AMBIGUOUS_STEP at a branch point, OUT_OF_RANGE past head. */
function walkUp(map: RevisionMap, start: string | null, steps: number, ctx: WalkContext): string {
  let position = start;
  for (let taken = 0; taken < steps; taken += 1) {
    const next = (position === null ? map.bases() : map.children(position)).filter((id) => ctx.region?.has(id) ?? true);
    const [only, ...more] = next;
    if (only === undefined) throw outOfRange(ctx.text, taken, ctx.from, 'head');
    if (more.length > 0) {
      const where = position === null ? 'at base: there are several bases' : `at ${position}: it branches`;
      const left = steps - taken - 1;
      throw ambiguousStep(ctx, `${where} to ${next.join(', ')}`, next.map((id) => (left === 0 ? id : `${id}+${left}`)));
    }
    position = only;
  }
  if (position === null) throw badTarget(ctx.text, 'N must be a positive whole number');
  return position;
}

/** `steps` parents down from `start`: just below the revision reached after `steps - 1` single-parent moves. */
function walkDown(map: RevisionMap, start: string, steps: number, ctx: WalkContext): Landing {
  let here = start;
  for (let moved = 0; moved < steps - 1; moved += 1) {
    const parents = map.get(here).downRevisions.filter((id) => ctx.region?.has(id) ?? true);
    const [only, ...more] = parents;
    if (only === undefined) throw outOfRange(ctx.text, moved + 1, ctx.from, 'base');
    if (more.length > 0) throw ambiguousStep(ctx, `at ${here}: it merges ${parents.join(', ')}`, parents.map((id) => `${id}-${steps - 1 - moved}`));
    here = only;
  }
  return { kind: 'below', id: here };
}

function parseSteps(text: string, signed: string): number {
  const match = /^([+-])(\d+)$/.exec(signed);
  const count = Number(match?.[2] ?? NaN);
  if (match === null || !Number.isSafeInteger(count) || count < 1) {
    throw badTarget(text, 'a relative step must be +N or -N with N a positive whole number, e.g. +1 or -2');
  }
  return match[1] === '-' ? -count : count;
}

function badTarget(text: string, why: string): RevisionError {
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

/** The walk forks: the message lists one command per way it could go. */
function ambiguousStep(ctx: WalkContext, where: string, choices: ReadonlyArray<string>): RevisionError {
  const commands = choices.map((choice) => `\`tsdb ${ctx.command} ${choice}\``).join(' or ');
  return new RevisionError('AMBIGUOUS_STEP', `Relative revision ${ctx.text} is ambiguous ${where}; choose one: ${commands}`);
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((id) => b.has(id)));
}
