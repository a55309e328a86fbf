/** A graph entry as plain data: what `--json` prints and the programmatic API returns for a revision. */
import type { RevisionInfo } from '../api/types';
import type { GraphEntry } from './history';

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
