/** tsdb migrate -m MSG (and revision --autogenerate): a script written from the models vs the database at head. */
import { reverseForDowngrade } from '../autogenerate/compare';
import { renderOps } from '../autogenerate/render';
import type { Op } from '../operations/ops';
import { diffModels } from './autogenerate-context';
import type { CommandContext } from './context';
import { checkNewScriptOptions, writeNewScript } from './new-script';

/** Options of migrate. */
export interface MigrateOptions {
  readonly message: string;
  readonly revId?: string;
  readonly allowEmpty?: boolean;
}

/** What migrate detected and wrote (`path` null: nothing to write). */
export interface MigrateCommandResult {
  readonly ops: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
  readonly path: string | null;
  readonly revision: string | null;
  /** The new script's parents: the head the database was at. */
  readonly downRevisions: ReadonlyArray<string>;
}

/** Detects the changes and writes the script; with no change, writes nothing (unless allowEmpty). */
export async function migrate(ctx: CommandContext, options: MigrateOptions): Promise<MigrateCommandResult> {
  checkNewScriptOptions(options);
  const diff = await diffModels(ctx, { requireDatabase: true });
  if (diff.ops.length === 0 && options.allowEmpty !== true) return { ops: [], warnings: diff.warnings, path: null, revision: null, downRevisions: diff.heads };
  const up = renderOps(diff.ops);
  const down = renderOps(reverseForDowngrade(diff.ops));
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
  return { ops: diff.ops, warnings: diff.warnings, path: file, revision: id, downRevisions: diff.heads };
}
