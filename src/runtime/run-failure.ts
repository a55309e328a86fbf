/** The one line a failed revision ends with: what failed, and where the database stands after the rollback (or split). */
import { MigrationError } from '../errors';
import type { MigrationStep } from '../script/revision-map';

/** The last statement of the revision in progress that ran outside its transaction, and whether it succeeded. */
export interface Split {
  readonly sql: string;
  readonly ran: boolean;
}

export function shortSql(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function rolledBackOutcome(at: string, split: Split | null): string {
  if (split === null) return `it was rolled back and the database is at ${at}`;
  const upTo = split.ran ? `up to and including '${shortSql(split.sql)}'` : `before '${shortSql(split.sql)}' (which failed)`;
  return (
    `the revision was split to run '${shortSql(split.sql)}' outside a transaction: what it ran ${upTo} was committed and stands, ` +
    `the rest was rolled back; the version table still says ${at}; \`tsdb upgrade\` again re-runs the whole revision, ` +
    'so what runs before the split must be re-runnable (IF NOT EXISTS)'
  );
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : `a non-Error value was thrown: ${JSON.stringify(error) ?? String(error)}`;
  return text.trim().replace(/\s*\n\s*/g, ' | '); // one line on stderr, always
}

function standingText(standing: ReadonlyArray<string>): string {
  return standing.length === 0 ? 'base (empty)' : standing.join(', ');
}

/** The COMMIT of a run that is one transaction failed (a deferred constraint): every revision of the run rolled back. */
export function describeCommitFailure(
  steps: ReadonlyArray<MigrationStep>,
  error: unknown,
  standing: ReadonlyArray<string>,
): MigrationError {
  const last = steps[steps.length - 1];
  if (last === undefined) return new MigrationError('', 'upgrade', oneLine(error), { cause: error });
  const { revision, direction } = last;
  const ran =
    steps.length === 1
      ? `${direction} ${revision.id}`
      : `${direction} ${steps[0]?.revision.id ?? ''} … ${revision.id} (${steps.length} revisions)`;
  return new MigrationError(
    revision.id,
    direction,
    `${ran} failed at COMMIT (transactionPerMigration: false, one transaction): ${oneLine(error)}; ` +
      `every revision of this run was rolled back and the database is at ${standingText(standing)}`,
    { cause: error },
  );
}

export function describeFailure(
  step: MigrationStep,
  error: unknown,
  standing: ReadonlyArray<string>,
  rolledBack: boolean,
  split: Split | null = null,
): MigrationError {
  const cause = oneLine(error);
  const at = standingText(standing);
  const { revision, direction } = step;
  const outcome = rolledBack
    ? rolledBackOutcome(at, split)
    : `the transaction had already ended, so tsdb could not roll it back: the version table says ${at}; check the database before running again`;
  return new MigrationError(revision.id, direction, `${direction} ${revision.id} (${revision.path}) failed: ${cause}; ${outcome}`, {
    cause: error,
  });
}
