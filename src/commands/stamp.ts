/** tsdb stamp REV [--purge] and tsdb stamp --repair REV: set the version table, or accept an edited script, without running scripts. */
import { RevisionError } from '../errors';
import { ensureLogTable, logTableName, LogWriter, readLatestLog } from '../runtime/revision-log';
import { stampVersions } from '../runtime/migration-context';
import { selectStampTargets, stampedVersions, type StampTargets } from '../script/target-selections';
import type { ScriptDirectory } from '../script/script-directory';
import type { CommandContext } from './context';
import { assertKnownVersions, openWorkspace, withWritableDatabase } from './context';
import { refuseRangeOnline } from './offline-range';

/** What stamp changed. */
export interface StampResult {
  readonly before: ReadonlyArray<string>;
  readonly after: ReadonlyArray<string>;
}

/** Options of stamp. */
export interface StampOptions {
  readonly revisions: ReadonlyArray<string>;
  readonly purge?: boolean;
  /** Accept the current text of this one applied revision as its new checksum; the version table is not changed. */
  readonly repair?: boolean;
}

/** The revisions `refs` name (any TARGET: ids, `head`, `heads`, `base`, `LABEL@head`, `LABEL@base`, `REV+N`…). */
export function targetsOf(scripts: ScriptDirectory, refs: ReadonlyArray<string>): StampTargets {
  return selectStampTargets(scripts.map, refs);
}

export { stampedVersions };

/** Stamps `revisions` (any TARGETs; `base` alone empties the table); --purge first empties the table, unknown rows included. */
export async function stamp(ctx: CommandContext, options: StampOptions): Promise<StampResult> {
  refuseRangeOnline('stamp', options.revisions);
  const { config, scripts } = await openWorkspace(ctx);
  if (options.repair === true) return repair(ctx, scripts, config, options.revisions);
  const map = scripts.map;
  const targets = targetsOf(scripts, options.revisions);
  const logTable = logTableName(config.versionTable);
  return withWritableDatabase(ctx, config, async (db) => {
    const result = await stampVersions(
      db,
      config.versionTable,
      (current) => {
        if (!options.purge) assertKnownVersions(scripts, current);
        return stampedVersions(map, targets, options.purge ? [] : current);
      },
      async (before, after) => {
        // The log learns which scripts are now counted as applied, and their text, so later edits show.
        await ensureLogTable(db, logTable);
        const was = map.ancestors(before.filter((id) => map.has(id)));
        const now = map.ancestors(after);
        const log = new LogWriter(db, logTable);
        const at = new Date();
        for (const id of now) if (!was.has(id)) log.record(id, 'stamp', scripts.files.get(id)?.checksum ?? null, at, 0);
        for (const id of was) if (!now.has(id)) log.record(id, 'unstamp', null, at, 0);
        await log.flush();
      },
      ctx.lockTimeoutMs,
    );
    ctx.onEvent?.({ type: 'stamp', ...result });
    return result;
  });
}

/** Records the script's current checksum for one applied revision, so check and upgrade accept the edit. */
function repair(
  ctx: CommandContext,
  scripts: ScriptDirectory,
  config: Parameters<typeof withWritableDatabase>[1],
  refs: ReadonlyArray<string>,
): Promise<StampResult> {
  const [ref, ...more] = refs;
  if (ref === undefined || more.length > 0 || ['head', 'heads', 'base'].includes(ref)) {
    throw new RevisionError(
      'BAD_REPAIR',
      `stamp --repair takes exactly one revision id (got ${refs.join(' ') || 'none'}); repair edited scripts one at a time, after reviewing each`,
    );
  }
  const id = scripts.map.resolve(ref).id;
  const logTable = logTableName(config.versionTable);
  return withWritableDatabase(ctx, config, async (db) => {
    const result = await stampVersions(
      db,
      config.versionTable,
      (current) => {
        assertKnownVersions(scripts, current);
        if (!scripts.map.appliedSet(current).has(id)) {
          throw new RevisionError(
            'NOT_APPLIED',
            `Revision ${id} is not applied, so there is nothing to repair; --repair accepts an edit to an applied script`,
          );
        }
        return current;
      },
      async () => {
        await ensureLogTable(db, logTable);
        const checksum = scripts.files.get(id)?.checksum ?? null;
        if ((await readLatestLog(db, logTable)).get(id)?.checksum === checksum) {
          ctx.onEvent?.({ type: 'info', message: `Revision ${id}: the script matches its recorded checksum; nothing to repair` });
          return;
        }
        const log = new LogWriter(db, logTable);
        log.record(id, 'repair', checksum, new Date(), 0);
        await log.flush();
        ctx.onEvent?.({
          type: 'info',
          message: `Revision ${id}: accepted the edited script (${scripts.files.get(id)?.revision.path ?? id}) as applied`,
        });
      },
      ctx.lockTimeoutMs,
    );
    return result;
  });
}
