/** tsdb migrate --baseline -m MSG: adopts a database tsdb never managed, as a first revision stamped without running it. */
import * as fs from 'node:fs';
import { isOtherToolsTable } from '../autogenerate/other-tools-tables';
import { renderBaseline } from '../autogenerate/render-baseline';
import type { ExtraObject } from '../dialect/dialect';
import { dialectFor } from '../dialect/dialects';
import { displayPath } from '../display-path';
import { TsdbError } from '../errors';
import type { Op } from '../operations/ops';
import type { ResolvedConfig } from '../config/config';
import type { Database } from '../runtime/database';
import { readVersions } from '../runtime/version-table';
import type { Schema } from '../schema/types';
import type { CommandContext } from './context';
import { openWorkspace, withDatabase } from './context';
import { writeNewScript } from './new-script';
import { stamp } from './stamp';

/** Options of a baseline: the new script's message and, optionally, its id. */
export interface BaselineOptions {
  readonly message: string;
  readonly revId?: string;
}

/** The baseline written and the version rows the database now holds. */
export interface BaselineResult {
  readonly ops: ReadonlyArray<Op>;
  readonly path: string;
  readonly revision: string;
  readonly stamped: ReadonlyArray<string>;
  /** Clauses of the database's tables the script leaves out (COLLATE, STRICT, …). */
  readonly warnings: ReadonlyArray<string>;
}

const STAMP_HINT = 'run `tsdb stamp REV` with the revision the database matches instead';

/** What a baseline copies from the database, and warnings about what it cannot. */
interface Adopted {
  readonly schema: Schema;
  readonly objects: ReadonlyArray<ExtraObject>;
  readonly warnings: ReadonlyArray<string>;
}

/** The database's schema as the baseline copies it: tables (not tsdb's or other tools' bookkeeping), then virtual tables, views, triggers. */
async function readAdopted(db: Database, config: ResolvedConfig): Promise<Adopted> {
  if (await db.dialect.tableExists(db.conn, db.dialect.bookkeepingTable(config.versionTable))) {
    const at = (await readVersions(db, config.versionTable)).join(', ') || 'base';
    throw new TsdbError(
      'BASELINE_REFUSED',
      `${config.database.display} already has the version table ${config.versionTable} (at ${at}), ` +
        `so tsdb manages it already: --baseline is only for a database without one; ${STAMP_HINT}`,
    );
  }
  const introspected = await db.dialect.introspect(db.conn, { versionTable: config.versionTable, includeTable: config.includeTable });
  const schema = { tables: introspected.tables.filter((t) => !isOtherToolsTable(t.name)) };
  const extras = await db.dialect.adoptionExtras(
    db.conn,
    schema.tables.map((t) => t.name),
    config.includeTable,
  );
  return { schema, objects: extras.objects, warnings: extras.warnings };
}

/** Writes a root revision that creates the database's current schema from nothing, then stamps the database at it. */
export async function baseline(ctx: CommandContext, options: BaselineOptions): Promise<BaselineResult> {
  const workspace = await openWorkspace(ctx);
  const { config, scripts } = workspace;
  if (scripts.files.size > 0) {
    throw new TsdbError(
      'BASELINE_REFUSED',
      `--baseline writes the first revision, but ${displayPath(scripts.versionsDir, ctx.cwd)} already has ` +
        `${scripts.files.size} (head ${scripts.map.heads().join(', ')}); ${STAMP_HINT}, or autogenerate from there with \`tsdb migrate -m MSG\``,
    );
  }
  const live = await withDatabase(ctx, config, true, (db) => (db === null ? null : readAdopted(db, config)));
  if (live === null) {
    throw new TsdbError(
      'BASELINE_REFUSED',
      `${config.database.display} does not exist: --baseline describes an existing database; check the url`,
    );
  }
  if (live.schema.tables.length === 0 && live.objects.length === 0) {
    throw new TsdbError(
      'BASELINE_REFUSED',
      `${config.database.display} has no tables: there is nothing to adopt; declare the models and run \`tsdb migrate -m MSG\``,
    );
  }
  const script = renderBaseline(live.schema, live.objects, dialectFor(config.database).comparator);
  const revision = options.revId ?? scripts.newRevisionId();
  const file = await writeNewScript(ctx, workspace, {
    revision,
    downRevisions: [],
    branchLabels: [],
    dependsOn: [],
    message: options.message,
    createDate: new Date(),
    imports: [...new Set([...script.upgrade.imports, ...script.downgrade.imports])].sort(),
    upgrades: script.upgrade.lines,
    downgrades: script.downgrade.lines,
  });
  try {
    const stamped = await stamp(ctx, { revisions: [revision] });
    return { ops: script.ops, path: file, revision, stamped: stamped.after, warnings: live.warnings };
  } catch (error) {
    fs.rmSync(file, { force: true }); // a baseline nobody stamped would be a second way to create the tables
    throw error;
  }
}
