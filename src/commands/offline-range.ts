/** `FROM:TO` ranges of offline SQL (`tsdb upgrade --sql base:head`), and their refusal where a database is changed. */
import { TsdbError } from '../errors';

/** What offline SQL renders: which command, and where it starts and ends. */
export type OfflineDirection = 'upgrade' | 'downgrade' | 'stamp';

/** A parsed range: `from` null means base (an empty database); `to` is one target, or several revisions for stamp. */
export interface OfflineRange {
  readonly from: string | null;
  readonly to: ReadonlyArray<string>;
}

const EXAMPLES: Readonly<Record<OfflineDirection, string>> = {
  upgrade: 'tsdb upgrade --sql head, or tsdb upgrade --sql 1a2b3c:head',
  downgrade: 'tsdb downgrade --sql head:base, or tsdb downgrade --sql head:-1',
  stamp: 'tsdb stamp --sql head, or tsdb stamp --sql 1a2b3c:head',
};

function badRange(direction: OfflineDirection, text: string, why: string): TsdbError {
  const got = text === '' ? '' : ` (got '${text}')`;
  return new TsdbError('BAD_SQL_RANGE', `${direction} --sql: ${why}${got}; e.g. ${EXAMPLES[direction]}`);
}

/**
 * Reads the arguments of `upgrade --sql [FROM:]TO` (FROM defaults to base, an empty TO to head),
 * `downgrade --sql FROM:TO` (both required: offline there is no database to start from) and
 * `stamp --sql [FROM:]REV` (or several revisions, from base).
 */
export function parseOfflineRange(direction: OfflineDirection, args: ReadonlyArray<string>): OfflineRange {
  const [only, ...more] = args;
  const text = args.join(' ');
  if (only === undefined) {
    if (direction === 'upgrade') return { from: null, to: ['head'] };
    throw badRange(
      direction,
      text,
      direction === 'downgrade' ? 'offline mode reads no database, so it needs FROM:TO' : 'give the revision to stamp',
    );
  }
  if (!args.some((a) => a.includes(':'))) {
    if (direction === 'downgrade')
      throw badRange(direction, text, 'offline mode reads no database, so it needs FROM:TO, not a target alone');
    if (more.length > 0 && direction === 'upgrade') throw badRange(direction, text, 'give one target or one FROM:TO range');
    return { from: null, to: args };
  }
  const parts = only.split(':');
  const [from = '', to = ''] = parts;
  if (more.length > 0 || parts.length !== 2) throw badRange(direction, text, 'give exactly one FROM:TO range');
  if (direction === 'downgrade' && (from === '' || to === '')) throw badRange(direction, text, 'both FROM and TO are needed');
  if (direction === 'stamp' && to === '') throw badRange(direction, text, 'give the revision to stamp after the colon');
  return { from: from === '' || from === 'base' ? null : from, to: [to === '' ? 'head' : to] };
}

/** Online commands take one target; a FROM:TO range only makes sense with --sql. */
export function refuseRangeOnline(command: 'upgrade' | 'downgrade' | 'stamp', targets: ReadonlyArray<string>): void {
  const range = targets.find((t) => t.includes(':'));
  if (range === undefined) return;
  const to = range.slice(range.indexOf(':') + 1) || 'head';
  throw new TsdbError(
    'RANGE_NEEDS_SQL',
    `'${range}' is a FROM:TO range, which only \`tsdb ${command} --sql\` (offline SQL) takes; to change the database give one target, e.g. \`tsdb ${command} ${to}\``,
  );
}
