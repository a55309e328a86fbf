/** tsdb upgrade [TARGET] and tsdb downgrade [TARGET]: plan under the write lock, run atomically. */
import type { MigrationStep } from '../script/revision-map';
import { runMigrations } from '../runtime/migration-context';
import type { CommandContext } from './context';
import { assertKnownVersions, openWorkspace, withWritableDatabase } from './context';

/** What an upgrade or downgrade did. */
export interface MigrateResult {
  readonly steps: ReadonlyArray<MigrationStep>;
  readonly current: ReadonlyArray<string>;
}

async function migrateTo(ctx: CommandContext, direction: 'upgrade' | 'downgrade', target: string): Promise<MigrateResult> {
  const { config, scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  return withWritableDatabase(ctx, config, async (db) => {
    const result = await runMigrations({
      db,
      versionTable: config.versionTable,
      transactionPerMigration: config.transactionPerMigration,
      plan: (current) => {
        assertKnownVersions(scripts, current);
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
