/** tsdb stamp REV [--purge]: sets the version table without running scripts. */
import { MultipleHeadsError } from '../errors';
import { stampVersions } from '../runtime/migration-context';
import type { CommandContext } from './context';
import { assertKnownVersions, openWorkspace, withWritableDatabase } from './context';

/** What stamp changed. */
export interface StampResult {
  readonly before: ReadonlyArray<string>;
  readonly after: ReadonlyArray<string>;
}

/** Stamps `revisions` (ids, `head`, `heads` or `base`); --purge first empties the table, unknown rows included. */
export async function stamp(ctx: CommandContext, options: { revisions: ReadonlyArray<string>; purge?: boolean }): Promise<StampResult> {
  const { config, scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  const targets = new Set<string>();
  for (const ref of options.revisions) {
    if (ref === 'base') continue;
    if (ref === 'heads') map.heads().forEach((h) => targets.add(h));
    else if (ref === 'head') {
      const heads = map.heads();
      if (heads.length > 1) throw new MultipleHeadsError(heads, `Multiple head revisions are present (${heads.join(', ')}); stamp 'heads' or name one`);
      heads.forEach((h) => targets.add(h));
    } else targets.add(map.resolve(ref).id);
  }
  return withWritableDatabase(ctx, config, (db) => {
    const result = stampVersions(db, config.versionTable, (current) => {
      if (!options.purge) assertKnownVersions(scripts, current);
      const wanted = map.ancestors(targets);
      const below = map.descendants(targets);
      // Rows on branches the stamp does not touch stay, as in Alembic.
      const kept = options.purge || targets.size === 0 ? [] : current.filter((id) => !wanted.has(id) && !below.has(id));
      return map.headsOf(new Set([...wanted, ...map.ancestors(kept)]));
    });
    ctx.onEvent?.({ type: 'stamp', ...result });
    return result;
  });
}
