/** tsdb migrate -m MSG (and revision --autogenerate): a script written from the models vs the database at head. */
import { reverseForDowngrade } from '../autogenerate/compare';
import { renderOps } from '../autogenerate/render';
import type { Op } from '../operations/ops';
import { TsdbError } from '../errors';
import { diffModels, unexportedWarning, type SchemaDiff } from './autogenerate-context';
import { baseline } from './baseline';
import type { CommandContext } from './context';
import type { MigrateOptions } from './shapes';
import { checkNewScriptOptions, writeNewScript } from './new-script';

/** What migrate detected and wrote (`path` null: nothing to write). */
export interface MigrateResult {
  readonly ops: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
  readonly path: string | null;
  readonly revision: string | null;
  /** The new script's parents: the head the database was at. */
  readonly downRevisions: ReadonlyArray<string>;
  /** With baseline: the version rows the database was stamped with; [] otherwise. */
  readonly stamped: ReadonlyArray<string>;
}

/** A table the models create but do not export would be dropped: almost always a missing `export`. */
function refuseDroppingUnexported(diff: SchemaDiff): void {
  const dropped = new Set(diff.ops.flatMap((op) => (op.kind === 'dropTable' ? [op.name] : [])));
  const table = diff.unexported.find((t) => dropped.has(t.name));
  if (table === undefined) return;
  throw new TsdbError('UNEXPORTED_TABLE', `the script would drop table '${table.name}': ${unexportedWarning(table)}; nothing was written`);
}

/** Detects the changes and writes the script; with no change, writes nothing (unless allowEmpty). */
export async function migrate(ctx: CommandContext, options: MigrateOptions): Promise<MigrateResult> {
  checkNewScriptOptions(options);
  if (options.baseline === true) {
    const adopted = await baseline(ctx, options);
    return { ...adopted, downRevisions: [] };
  }
  const diff = await diffModels(ctx, { requireDatabase: true });
  refuseDroppingUnexported(diff);
  if (diff.ops.length === 0 && options.allowEmpty !== true)
    return { ops: [], warnings: diff.warnings, path: null, revision: null, downRevisions: diff.heads, stamped: [] };
  const up = renderOps(diff.ops);
  const down = renderOps(reverseForDowngrade(diff.ops, diff.comparator));
  const scripts = diff.workspace.scripts;
  const id = options.revId ?? scripts.newRevisionId();
  const file = await writeNewScript(ctx, diff.workspace, {
    revision: id,
    downRevisions: diff.heads,
    branchLabels: [],
    dependsOn: [],
    message: options.message,
    createDate: new Date(),
    imports: [...new Set([...up.imports, ...down.imports])].sort(),
    upgrades: up.lines,
    downgrades: down.lines,
  });
  return { ops: diff.ops, warnings: diff.warnings, path: file, revision: id, downRevisions: diff.heads, stamped: [] };
}
