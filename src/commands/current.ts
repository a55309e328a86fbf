/** tsdb current: the revisions in the version table. */
import { readVersions } from '../runtime/version-table';
import type { CommandContext } from './context';
import { openWorkspace, withDatabase } from './context';
import { graphEntries, type GraphEntry } from './history';

/** One row of the version table, with its script's graph entry when the script exists. */
export interface CurrentEntry {
  readonly id: string;
  readonly entry: GraphEntry | null;
}

/** What current found. */
export interface CurrentResult {
  readonly databaseExists: boolean;
  readonly entries: ReadonlyArray<CurrentEntry>;
  /** The script directory's heads, to tell whether the database is at head. */
  readonly heads: ReadonlyArray<string>;
}

/** Reads the version rows; never creates the database file. */
export async function current(ctx: CommandContext): Promise<CurrentResult> {
  const { config, scripts } = await openWorkspace(ctx);
  const map = scripts.map;
  return withDatabase(ctx, config, true, async (db) => {
    if (db === null) return { databaseExists: false, entries: [], heads: map.heads() };
    const entries = (await readVersions(db, config.versionTable)).map((id) => ({
      id,
      entry: map.has(id) ? (graphEntries(scripts, [map.get(id)], []).at(0) ?? null) : null,
    }));
    return { databaseExists: true, entries, heads: map.heads() };
  });
}
