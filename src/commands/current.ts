/** tsdb current: the revisions in the version table. */
import type { Revision } from '../script/revision-map';
import { readVersions } from '../runtime/version-table';
import type { CommandContext } from './context';
import { openWorkspace, withDatabase } from './context';

/** One row of the version table, with its script when the script exists. */
export interface CurrentEntry {
  readonly id: string;
  readonly revision: Revision | null;
  readonly isHead: boolean;
}

/** What current found. */
export interface CurrentResult {
  readonly databaseExists: boolean;
  readonly entries: ReadonlyArray<CurrentEntry>;
}

/** Reads the version rows; never creates the database file. */
export async function current(ctx: CommandContext): Promise<CurrentResult> {
  const { config, scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  const heads = new Set(map.heads());
  return withDatabase(ctx, config, true, (db) => {
    if (db === null) return { databaseExists: false, entries: [] };
    const entries = readVersions(db, config.versionTable).map((id) => ({
      id,
      revision: map.has(id) ? map.get(id) : null,
      isHead: heads.has(id),
    }));
    return { databaseExists: true, entries };
  });
}
