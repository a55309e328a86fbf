/** What migrate and check share: the database's schema (live, or replayed in memory) against the models. */
import { compareSchemas, type Comparison } from '../autogenerate/compare';
import { inDeclaredSchemas } from '../autogenerate/compare-keys';
import type { Comparator } from '../autogenerate/comparator';
import { dialectFor } from '../dialect/dialects';
import { MultipleHeadsError, TsdbError } from '../errors';
import { loadModels, type UnexportedTable } from '../config/load-models';
import { runMigrations } from '../runtime/migration-context';
import { logTableName, readLatestLog, type LogEntry } from '../runtime/revision-log';
import { readVersionsOrRefuse } from '../runtime/version-table';
import type { Schema } from '../schema/types';
import type { CommandContext, Workspace } from './context';
import { assertKnownVersions, openWorkspace, withDatabase } from './context';

/** The one head autogenerate works from; several heads must be merged first. */
export function singleHead(workspace: Workspace): string[] {
  const heads = workspace.scripts.map.heads();
  if (heads.length > 1) {
    throw new MultipleHeadsError(
      heads,
      `Multiple heads are present (${heads.join(', ')}); join them with \`tsdb merge -m MSG\` (and upgrade), then run the command again`,
    );
  }
  return heads;
}

function notAtHead(current: ReadonlyArray<string>, heads: ReadonlyArray<string>): boolean {
  return current.length !== heads.length || current.some((id) => !heads.includes(id));
}

/** What the live database says: its schema (it must be at head) and, when asked, the newest log row of each revision. */
interface LiveState {
  readonly schema: Schema;
  readonly log: ReadonlyMap<string, LogEntry> | null;
}

/** The live database's state, read on one connection. A missing database file gives null. */
async function liveState(
  ctx: CommandContext,
  workspace: Workspace,
  heads: ReadonlyArray<string>,
  readLog: boolean,
): Promise<LiveState | null> {
  const { config } = workspace;
  return withDatabase(ctx, config, true, async (db) => {
    if (db === null) return null;
    const current = (await readVersionsOrRefuse(db, config.versionTable)) ?? [];
    assertKnownVersions(workspace.scripts, current);
    if (notAtHead(current, heads)) {
      throw new TsdbError(
        'NOT_UP_TO_DATE',
        `Target database is not up to date. It is at ${current.join(', ') || 'base'}, the scripts' head is ${heads.join(', ') || 'base'}; run \`tsdb upgrade\` first`,
      );
    }
    const schema = await db.dialect.introspect(db.conn, { versionTable: config.versionTable, includeTable: config.includeTable });
    return { schema, log: readLog ? await readLatestLog(db, logTableName(config.versionTable)) : null };
  });
}

/**
 * Every migration replayed into a scratch database (SQLite: in memory; PostgreSQL: a temporary database on the
 * scratch server, `scratchUrl`): the schema at head without the real database.
 */
async function replayedSchema(ctx: CommandContext, workspace: Workspace, scratchUrl: string | null): Promise<Schema> {
  const { config, scripts } = workspace;
  const dialect = dialectFor(config.database);
  const db = {
    dialect,
    conn: await dialect.openScratch({ scratchUrl, ...(ctx.exitOnSignal === undefined ? {} : { exitOnSignal: ctx.exitOnSignal }) }),
  };
  try {
    await runMigrations({
      db,
      versionTable: config.versionTable,
      // as `tsdb upgrade` runs them: PostgreSQL refuses a statement that cannot run in a transaction inside one
      transactionPerMigration: config.transactionPerMigration,
      plan: () => scripts.map.planUpgrade([], 'heads'),
      loadScript: (revision) => scripts.loadScript(revision),
    });
    return await dialect.introspect(db.conn, { versionTable: config.versionTable, includeTable: config.includeTable });
  } finally {
    await db.conn.close();
  }
}

/** The comparison of the database at head (or the replayed history) with the models. */
export interface SchemaDiff extends Comparison {
  readonly workspace: Workspace;
  readonly heads: ReadonlyArray<string>;
  readonly source: 'database' | 'replay';
  /** The newest log row of each revision, read with the schema when asked (`readLog`); null otherwise or offline. */
  readonly log: ReadonlyMap<string, LogEntry> | null;
  /** The engine's comparison rules (what a downgrade's backfill needs too). */
  readonly comparator: Comparator;
  /** Tables the models modules create without exporting them (each also in `warnings`). */
  readonly unexported: ReadonlyArray<UnexportedTable>;
}

/** One warning per table a models module creates but does not export. */
export function unexportedWarning(table: UnexportedTable): string {
  return (
    `${table.where} creates table '${table.name}' with table() but does not export it, so autogenerate cannot see it; ` +
    'export it, or delete the table() call'
  );
}

/** The live state and the models, read side by side; the database's errors (and refusals) come first, as if read in turn. */
async function liveAndModels(
  workspace: Workspace,
  reading: Promise<LiveState | null>,
  refuseMissing: boolean,
): Promise<[LiveState | null, Awaited<ReturnType<typeof loadModels>>]> {
  const { config } = workspace;
  const [live, models] = await Promise.allSettled([reading, Promise.resolve().then(() => loadModels(config.models, config.rootDir))]);
  if (live.status === 'rejected') throw live.reason;
  if (live.value === null && refuseMissing) {
    throw new TsdbError(
      'NOT_UP_TO_DATE',
      `Target database is not up to date. ${config.database.display} does not exist yet; run \`tsdb upgrade\` first`,
    );
  }
  if (models.status === 'rejected') throw models.reason;
  return [live.value, models.value];
}

/** Compares the models with the database (or, offline, with the replayed migrations). */
export async function diffModels(
  ctx: CommandContext,
  options: { offline?: boolean; requireDatabase?: boolean; scratchUrl?: string; readLog?: boolean },
): Promise<SchemaDiff> {
  const workspace = await openWorkspace(ctx);
  const heads = singleHead(workspace);
  const { config } = workspace;
  // the models load while the server answers the catalog queries
  const reading = options.offline === true ? Promise.resolve(null) : liveState(ctx, workspace, heads, options.readLog === true);
  const [live, declared] = await liveAndModels(workspace, reading, options.requireDatabase === true && heads.length > 0);
  const current =
    live?.schema ??
    (heads.length === 0 ? { tables: [] } : await replayedSchema(ctx, workspace, options.scratchUrl ?? workspace.config.scratchUrl));
  const target: Schema = { ...declared.schema, tables: declared.schema.tables.filter((t) => config.includeTable(t.name)) };
  const dialect = dialectFor(config.database);
  const comparator = dialect.comparator;
  const comparison = compareSchemas(inDeclaredSchemas(current, target), dialect.compileSchema(target), {
    comparator,
    compareTypes: config.compareTypes,
    compareServerDefaults: config.compareServerDefaults,
    tableRenames: declared.tableRenames,
    columnRenames: declared.columnRenames,
  });
  const warnings = [...declared.unexported.map(unexportedWarning), ...comparison.warnings];
  return {
    ops: comparison.ops,
    warnings,
    workspace,
    heads,
    source: live === null ? 'replay' : 'database',
    log: live?.log ?? null,
    comparator,
    unexported: declared.unexported,
  };
}
