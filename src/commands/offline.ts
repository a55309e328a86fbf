/**
 * tsdb upgrade|downgrade|stamp --sql: the SQL those commands would run, printed instead of run. The
 * migrations run for real against a scratch in-memory database (replayed up to FROM first), through a
 * recorder that keeps every write, so table rebuilds are planned from the schema the earlier
 * migrations produce. The configured database is never opened, or created.
 */
import type { Dialect } from '../dialect/dialect';
import { dialectFor } from '../dialect/dialects';
import { splitRecordedRun, type OfflineScript, type RecordingScratch } from '../dialect/offline';
import { MigrationError, TsdbError } from '../errors';
import { runMigrations } from '../runtime/migration-context';
import { ensureVersionTable, writeVersions } from '../runtime/version-table';
import { sortIds, type MigrationStep, type Revision } from '../script/revision-map';
import type { CommandContext, Workspace } from './context';
import { openWorkspace } from './context';
import { parseOfflineRange, type OfflineDirection, type OfflineRange } from './offline-range';
import { stampedVersions, targetsOf } from './stamp';

/** One migration (or the stamp) in the offline SQL. */
export interface OfflineStep {
  readonly direction: OfflineDirection;
  /** The revision whose script runs; null for a stamp. */
  readonly revision: string | null;
  readonly versionsBefore: ReadonlyArray<string>;
  readonly versionsAfter: ReadonlyArray<string>;
  /** Its statements with bound values written in, without the BEGIN/COMMIT around them. */
  readonly statements: ReadonlyArray<string>;
}

/** The script text, and its parts for other printers (e.g. JSON). */
export interface OfflineSqlResult {
  readonly sql: string;
  /** Version rows the SQL starts from and leaves. */
  readonly from: ReadonlyArray<string>;
  readonly to: ReadonlyArray<string>;
  readonly steps: ReadonlyArray<OfflineStep>;
}

/** Options of offlineSql. */
export interface OfflineSqlOptions {
  readonly direction: OfflineDirection;
  /** `[FROM:]TO` (downgrade: `FROM:TO`); stamp also takes several revisions. Omitted: upgrade base:head. */
  readonly range?: string | ReadonlyArray<string>;
}

/** A script used op.knex, whose queries depend on live data and cannot be printed ahead of time. */
class KnexOfflineError extends TsdbError {
  constructor(direction: OfflineDirection, revision: Revision) {
    super(
      'KNEX_OFFLINE',
      `${direction} ${revision.id} (${revision.path}) uses op.knex, which --sql cannot print (Knex builds its queries while it runs); ` +
        `write that change with op.execute(sql, bindings), which --sql prints with its values, or apply this revision with \`tsdb ${direction}\` without --sql`,
    );
  }
}

/** Renders the SQL of `tsdb <direction> --sql <range>`; touches no database but a scratch one in memory. */
export async function offlineSql(ctx: CommandContext, options: OfflineSqlOptions): Promise<OfflineSqlResult> {
  const args = typeof options.range === 'string' ? [options.range] : (options.range ?? []);
  const range = parseOfflineRange(options.direction, args);
  const workspace = await openWorkspace(ctx);
  const dialect = dialectFor(workspace.config.database);
  const scratch = await dialect.offline.recordingScratch();
  try {
    if (options.direction === 'stamp') return await renderStamp(workspace, dialect, scratch, range);
    return await failingOffline(workspace, () =>
      renderMigrations(ctx, workspace, dialect, scratch, options.direction as 'upgrade' | 'downgrade', range),
    );
  } finally {
    await scratch.close();
  }
}

/** Upgrade or downgrade: replay base → FROM unrecorded, then run FROM → TO through the recorder. */
async function renderMigrations(
  ctx: CommandContext,
  workspace: Workspace,
  dialect: Dialect,
  scratch: RecordingScratch,
  direction: 'upgrade' | 'downgrade',
  range: OfflineRange,
): Promise<OfflineSqlResult> {
  const { config, scripts } = workspace;
  const from =
    range.from === null
      ? []
      : (
          await runMigrations({
            db: { dialect, conn: scratch.plain },
            versionTable: config.versionTable,
            // as the printed run does: PostgreSQL refuses a statement that cannot run in a transaction inside one
            transactionPerMigration: config.transactionPerMigration,
            plan: () => scripts.map.planUpgrade([], range.from ?? 'base'),
            loadScript: (revision) => scripts.loadScript(revision),
          })
        ).versions;
  const target = range.to[0] ?? 'head';
  const stepStarts: number[] = [];
  // No log table: the log records runs tsdb performed and timed; this SQL may be edited, applied later, or never.
  // No progress listener: a rebuild's copy must print as one statement, never as ranges of the scratch data.
  const result = await runMigrations({
    db: { dialect, conn: scratch.recording },
    versionTable: config.versionTable,
    transactionPerMigration: config.transactionPerMigration,
    plan: (current) => (direction === 'upgrade' ? scripts.map.planUpgrade(current, target) : scripts.map.planDowngrade(current, target)),
    loadScript: (revision) => scripts.loadScript(revision),
    onStep: () => stepStarts.push(scratch.recorded().length),
    refuseKnex: (revision) => new KnexOfflineError(direction, revision),
    onWarning: (message) => ctx.onEvent?.({ type: 'warning', message }),
  });
  const run = splitRecordedRun(scratch.recorded(), stepStarts);
  const steps = result.steps.map((step, i): OfflineStep => ({
    direction: step.direction,
    revision: step.revision.id,
    versionsBefore: step.versionsBefore,
    versionsAfter: step.versionsAfter,
    statements: run.steps[i] ?? [],
  }));
  const sql = dialect.offline.render({
    header: header(dialect, direction, from, result.versions, steps.length),
    outside: run.outside,
    setup: run.setup,
    epilogue: run.epilogue,
    steps: result.steps.map((step, i) => ({ comment: stepComment(step), statements: steps[i]?.statements ?? [] })),
    transactionPerStep: config.transactionPerMigration,
  });
  return { sql, from, to: result.versions, steps };
}

/** Stamp: the version table's creation and its row changes; no script runs, so nothing is replayed. */
async function renderStamp(
  workspace: Workspace,
  dialect: Dialect,
  scratch: RecordingScratch,
  range: OfflineRange,
): Promise<OfflineSqlResult> {
  const { config, scripts } = workspace;
  const from = range.from === null ? [] : sortIds(stampedVersions(scripts.map, targetsOf(scripts, [range.from]), []));
  const to = sortIds(stampedVersions(scripts.map, targetsOf(scripts, range.to), from));
  const db = { dialect, conn: scratch.recording };
  await ensureVersionTable(db, config.versionTable);
  const setupCount = scratch.recorded().length;
  await writeVersions(db, config.versionTable, from, to);
  const statements = scratch
    .recorded()
    .slice(setupCount)
    .map((r) => r.sql);
  const steps: OfflineStep[] =
    statements.length === 0 ? [] : [{ direction: 'stamp', revision: null, versionsBefore: from, versionsAfter: to, statements }];
  const script: OfflineScript = {
    header: header(dialect, 'stamp', from, to, steps.length),
    outside: [],
    setup: scratch
      .recorded()
      .slice(0, setupCount)
      .map((r) => r.sql),
    epilogue: [],
    steps: steps.map((step) => ({ comment: `Running stamp_revision ${from.join(', ')} -> ${to.join(', ')}`, statements: step.statements })),
    transactionPerStep: true,
  };
  return { sql: dialect.offline.render(script), from, to, steps };
}

function header(
  dialect: Dialect,
  direction: OfflineDirection,
  from: ReadonlyArray<string>,
  to: ReadonlyArray<string>,
  count: number,
): string[] {
  const what =
    direction === 'stamp'
      ? count === 0
        ? 'nothing to change'
        : 'version table only'
      : `${count === 0 ? 'no' : count} revision${count === 1 ? '' : 's'}`;
  return [`tsdb ${direction} --sql: ${from.join(', ') || 'base'} -> ${to.join(', ') || 'base'} (${what})`, dialect.offline.applyHint];
}

/** `Running upgrade a -> b, message`, the wording of the live progress lines. */
function stepComment(step: MigrationStep): string {
  const rev = step.revision;
  const message = rev.message.split('\n')[0] ?? '';
  const parents = rev.downRevisions.join(', ');
  return step.direction === 'upgrade'
    ? `Running upgrade ${parents} -> ${rev.id}, ${message}`
    : `Running downgrade ${rev.id} -> ${parents}, ${message}`;
}

/** A migration that fails offline changed nothing anywhere: say so, instead of "rolled back, the database is at …". */
async function failingOffline<T>(workspace: Workspace, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    if (error.cause instanceof KnexOfflineError) throw error.cause;
    const map = workspace.scripts.map;
    const where = map.has(error.revision) ? map.get(error.revision).path : error.revision;
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    throw new TsdbError(
      'OFFLINE_FAILED',
      `${error.direction} ${error.revision} (${where}) failed while rendering offline SQL: ${cause.trim().replace(/\s*\n\s*/g, ' | ')}; no database was changed`,
      { cause: error },
    );
  }
}
