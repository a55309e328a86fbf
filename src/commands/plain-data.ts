/**
 * Command results as plain, JSON-safe data: the one vocabulary `--json` prints and the programmatic
 * API returns (README, "JSON output"). Both convert here, so the shapes cannot drift apart.
 */
import { describeOp } from '../autogenerate/render-describe';
import type { Op } from '../operations/ops';
import type { MigrationStep } from '../script/revision';
import type { BranchPoint, GraphEntry } from './history';
import type { BranchPointInfo, MigrationStepInfo, RevisionInfo, SchemaChange } from './shapes';

/** A graph entry as plain data. */
export function revisionInfo(entry: GraphEntry): RevisionInfo {
  const rev = entry.revision;
  return {
    revision: rev.id,
    downRevisions: [...rev.downRevisions],
    branchLabels: [...rev.branchLabels],
    dependsOn: [...rev.dependsOn],
    message: rev.message,
    path: entry.absolutePath,
    createDate: entry.createDate,
    isHead: entry.isHead,
    isBranchPoint: entry.isBranchPoint,
    isMergePoint: entry.isMergePoint,
    isCurrent: entry.isCurrent,
    applied: entry.applied === null ? null : { ...entry.applied },
  };
}

/** A step as plain data. */
export function stepInfo(step: MigrationStep): MigrationStepInfo {
  const rev = step.revision;
  return {
    revision: rev.id,
    direction: step.direction,
    message: rev.message,
    downRevisions: [...rev.downRevisions],
    versionsBefore: [...step.versionsBefore],
    versionsAfter: [...step.versionsAfter],
  };
}

/** An op autogenerate detected, as plain data. */
export function changeInfo(op: Op): SchemaChange {
  const table: string | null =
    'table' in op ? (typeof op.table === 'string' ? op.table : (op.table?.name ?? null)) : 'name' in op ? String(op.name) : null;
  return { kind: op.kind, table, description: describeOp(op) };
}

/** A branch point as plain data. */
export function branchPointInfo(point: BranchPoint): BranchPointInfo {
  return { ...revisionInfo(point.entry), branches: point.branches.map((b) => ({ ...revisionInfo(b.entry), heads: [...b.heads] })) };
}
