/** The shapes `--json` prints: plain data built from command results (see README, "JSON output"). */
import type { Branch, BranchPoint } from '../commands/history';
import { revisionInfo } from '../commands/revision-info';
import type { Op } from '../operations/ops';
import type { MigrationStep } from '../script/revision-map';

/** A revision as every --json document shows it (the same shape the programmatic API returns). */
export const revisionJson = revisionInfo;

/** One script run by upgrade or downgrade. */
export function stepJson(step: MigrationStep): Record<string, unknown> {
  return {
    revision: step.revision.id,
    direction: step.direction,
    message: step.revision.message,
    versionsBefore: step.versionsBefore,
    versionsAfter: step.versionsAfter,
  };
}

/** An operation autogenerate detected: its kind, the table it touches and the line `check` prints. */
export function opJson(op: Op, describe: (op: Op) => string): Record<string, unknown> {
  const table = 'table' in op ? (typeof op.table === 'string' ? op.table : (op.table?.name ?? null)) : 'name' in op ? op.name : null;
  return { kind: op.kind, table, description: describe(op) };
}

export function branchPointJson(point: BranchPoint): Record<string, unknown> {
  return { ...revisionJson(point.entry), branches: point.branches.map((b: Branch) => ({ ...revisionJson(b.entry), heads: b.heads })) };
}
