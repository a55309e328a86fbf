/** tsdb check: the CI gate. Fails when the models and the database at head (or the replayed history) differ, or an applied script changed. */
import type { Op } from '../operations/ops';
import { diffModels } from './autogenerate-context';
import type { CommandContext } from './context';
import { findTampered, type TamperedScript } from './tamper';

/** What check found. */
export interface CheckResult {
  readonly ops: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
  readonly source: 'database' | 'replay';
  /** Applied scripts edited or deleted since they ran (always empty offline). */
  readonly tampered: ReadonlyArray<TamperedScript>;
}

/**
 * Compares; the CLI exits 1 when `ops` or `tampered` is not empty. `offline` replays the migrations into a scratch
 * database (SQLite: in memory; PostgreSQL: a temporary database on `scratchUrl`, else the config's).
 */
export async function check(ctx: CommandContext, options: { offline?: boolean; scratchUrl?: string }): Promise<CheckResult> {
  const diff = await diffModels(ctx, { ...options, readLog: true });
  const tampered = diff.log === null ? [] : findTampered(diff.workspace.scripts, diff.log);
  return { ops: diff.ops, warnings: diff.warnings, source: diff.source, tampered };
}
