/** `tsdb history -r START:END`: the revisions a range selects, each end any target (Alembic's walk_revisions). */
import { RevisionError } from '../errors';
import type { RevisionGraph } from './revision';
import { resolveTarget, type TargetPoint } from './revision-targets';

/** The revisions a history range selects (unordered) and how many of the newest to keep (`-N:`). */
export function selectHistoryRange(
  map: RevisionGraph,
  range: string,
  current: ReadonlyArray<string>,
): { readonly ids: ReadonlySet<string>; readonly limit: number | null } {
  const parts = range.split(':');
  const [lower, upper] = parts;
  if (parts.length !== 2 || lower === undefined || upper === undefined) {
    throw new RevisionError('BAD_RANGE', `History range '${range}' must be START:END, START: or :END (e.g. base:head, ae1027a6acf4:, -3:)`);
  }
  map.appliedSet(current);
  const everything = new Set(map.revisions.map((rev) => rev.id));
  let limit: number | null = null;
  let from: string[] | null = null;
  // `X@…` before the colon: only the ends on X's branch count (`label@base:` is that branch from its base)
  let branch: string | null = null;
  if (lower.startsWith('-')) {
    const match = /^-(\d+)$/.exec(lower);
    const count = Number(match?.[1] ?? NaN);
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new RevisionError('BAD_RANGE', `History range '${range}': '${lower}' must be -N with N a positive whole number, e.g. -3:`);
    }
    limit = count;
  } else if (lower === 'current') from = current.length === 0 ? null : [...current];
  else if (lower === 'head' || lower === 'heads') from = map.heads();
  else if (lower !== '' && lower !== 'base') {
    const resolved = resolveTarget(map, lower, everything, 'history');
    from = pointIds(map, resolved.point);
    if (lower.includes('@') && !map.isName(lower)) branch = resolved.branch;
  }

  let to: string[] | null = null;
  if (upper === 'current') to = [...current];
  else if (upper === 'base') to = [];
  else if (upper.startsWith('-')) {
    throw new RevisionError('BAD_RANGE', `History range '${range}': -N is allowed only before the colon, e.g. -3:`);
  } else if (upper !== '' && upper !== 'head' && upper !== 'heads') {
    // a relative end counts from the start of the range (`base:label@+2`)
    const below = from === null ? new Set<string>() : map.ancestors(from);
    to = pointIds(map, resolveTarget(map, upper, below, 'history').point) ?? [];
  }
  if (branch !== null) {
    const line = map.lineage(branch);
    to = (to ?? map.heads()).filter((id) => line.has(id));
  }

  let ids: Set<string> = everything;
  if (from !== null) ids = intersect(ids, map.descendants(from, 'parents'));
  if (to !== null) ids = intersect(ids, map.ancestors(to));
  const explicit = (side: string): boolean => !['', 'base', 'head', 'heads', 'current'].includes(side) && !side.startsWith('-');
  if (ids.size === 0 && explicit(lower) && (explicit(upper) || upper === 'base')) {
    throw new RevisionError(
      'BAD_RANGE',
      `History range '${range}' is empty: ${lower} is not an ancestor of ${upper}; put the older revision first`,
    );
  }
  return { ids, limit };
}

/** The revisions a resolved end stands for; null for base. */
function pointIds(map: RevisionGraph, point: TargetPoint): string[] | null {
  switch (point.kind) {
    case 'revisions':
      return [...point.ids];
    case 'below':
      return [...map.get(point.id).downRevisions];
    case 'base':
      return null;
  }
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((id) => b.has(id)));
}
