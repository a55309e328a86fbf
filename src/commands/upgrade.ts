/** tsdb upgrade [TARGET] and tsdb downgrade [TARGET]: plan under the write lock, run atomically. */
import type { MigrationStep } from '../script/revision-map';
import { runMigrations } from '../runtime/migration-context';
import type { CommandContext } from './context';
import type { UpgradeOptions } from './shapes';
import { assertKnownVersions, databaseMissing, openWorkspace, withWritableDatabase } from './context';
import { logTableName } from '../runtime/revision-log';
import { findTampered, tamperError, tamperMessage } from './tamper';
import { refuseRangeOnline } from './offline-range';

/** What an upgrade or downgrade did. */
export interface UpgradeResult {
  readonly steps: ReadonlyArray<MigrationStep>;
  readonly current: ReadonlyArray<string>;
}

async function migrateTo(ctx: CommandContext, direction: 'upgrade' | 'downgrade', target: string, strict: boolean): Promise<UpgradeResult> {
  refuseRangeOnline(direction, [target]);
  const { config, scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  // a bad target on a database that does not exist yet fails before the file is created
  if (databaseMissing(config)) void (direction === 'upgrade' ? map.planUpgrade([], target) : map.planDowngrade([], target));
  return withWritableDatabase(ctx, config, async (db, guard) => {
    const result = await runMigrations({
      db,
      guard,
      lockTimeoutMs: ctx.lockTimeoutMs,
      progress: ctx.rowProgress ?? null,
      versionTable: config.versionTable,
      logTable: logTableName(config.versionTable),
      refuseUnversioned: direction === 'upgrade',
      checksumOf: (revision) => scripts.files.get(revision.id)?.checksum ?? null,
      verify: (log) => {
        const tampered = findTampered(scripts, log);
        if (tampered.length === 0) return;
        if (strict) throw tamperError(tampered);
        ctx.onEvent?.({ type: 'warning', message: `${tamperMessage(tampered)} (--strict makes this an error)` });
      },
      transactionPerMigration: config.transactionPerMigration,
      plan: (current) => {
        assertKnownVersions(scripts, current);
        return direction === 'upgrade' ? map.planUpgrade(current, target) : map.planDowngrade(current, target);
      },
      loadScript: (revision) => scripts.loadScript(revision),
      onStep: (step, index, total) => ctx.onEvent?.({ type: 'step', step, index, total }),
      onWarning: (message) => ctx.onEvent?.({ type: 'warning', message }),
    });
    return { steps: result.steps, current: result.versions };
  });
}

/** Applies every revision up to TARGET (default head). */
export function upgrade(ctx: CommandContext, options: UpgradeOptions = {}): Promise<UpgradeResult> {
  return migrateTo(ctx, 'upgrade', options.target ?? 'head', options.strict === true);
}

/** Reverts revisions down to TARGET (default -1). */
export function downgrade(ctx: CommandContext, options: UpgradeOptions = {}): Promise<UpgradeResult> {
  return migrateTo(ctx, 'downgrade', options.target ?? '-1', options.strict === true);
}
