/** tsdb upgrade [TARGET] and tsdb downgrade [TARGET]: plan under the write lock, run atomically. */
import { TsdbError } from '../errors';
import type { MigrationStep } from '../script/revision-map';
import { runMigrations } from '../runtime/migration-context';
import type { CommandContext } from './context';
import { openWorkspace, withDatabase } from './context';

/** What an upgrade or downgrade did. */
export interface MigrateResult {
  readonly steps: ReadonlyArray<MigrationStep>;
  readonly current: ReadonlyArray<string>;
}

async function migrateTo(ctx: CommandContext, direction: 'upgrade' | 'downgrade', target: string): Promise<MigrateResult> {
  const { config, scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  return withDatabase(ctx, config, false, async (db) => {
    if (db === null) throw new Error('database was not opened');
    const result = await runMigrations({
      db,
      versionTable: config.versionTable,
      transactionPerMigration: config.transactionPerMigration,
      plan: (current) => {
        const unknown = current.filter((id) => !map.has(id));
        if (unknown.length > 0) {
          throw new TsdbError('UNKNOWN_VERSION', `the version table names ${unknown.join(', ')}, which no script in ${scripts.versionsDir} defines; restore the script, or run \`tsdb stamp --purge <revision>\` to say where the database really is`);
        }
        return direction === 'upgrade' ? map.planUpgrade(current, target) : map.planDowngrade(current, target);
      },
      loadScript: (revision) => scripts.loadScript(revision),
      onStep: (step) => ctx.onEvent?.({ type: 'step', step }),
    });
    return { steps: result.steps, current: result.versions };
  });
}

/** Applies every revision up to TARGET (default head). */
export function upgrade(ctx: CommandContext, options: { target?: string }): Promise<MigrateResult> {
  return migrateTo(ctx, 'upgrade', options.target ?? 'head');
}

/** Reverts revisions down to TARGET (default -1). */
export function downgrade(ctx: CommandContext, options: { target?: string }): Promise<MigrateResult> {
  return migrateTo(ctx, 'downgrade', options.target ?? '-1');
}
