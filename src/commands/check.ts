/** tsdb check: the CI gate. Fails when the models and the database at head (or the replayed history) differ. */
import type { Op } from '../operations/ops';
import { diffModels } from './autogenerate-context';
import type { CommandContext } from './context';

/** What check found. */
export interface CheckResult {
  readonly ops: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
  readonly source: 'database' | 'replay';
}

/** Compares; the CLI exits 1 when `ops` is not empty. `offline` replays the migrations in memory. */
export async function check(ctx: CommandContext, options: { offline?: boolean }): Promise<CheckResult> {
  const diff = await diffModels(ctx, options);
  return { ops: diff.ops, warnings: diff.warnings, source: diff.source };
}
