/** Text for the CLI: Alembic-like lines for steps, history entries and revisions. */
import type { Colors } from './color';
import type { Branch, GraphEntry } from '../commands/history';
import type { MigrationStep } from '../script/revision-map';

/** `Running upgrade a -> b, message` (Alembic's wording, so its users read it at a glance). */
export function formatStep(step: MigrationStep): string {
  const rev = step.revision;
  const parents = rev.downRevisions.join(', ');
  const firstLine = rev.message.split('\n')[0] ?? '';
  return step.direction === 'upgrade'
    ? `Running upgrade ${parents} -> ${rev.id}, ${firstLine}`
    : `Running downgrade ${rev.id} -> ${parents}, ${firstLine}`;
}

function tags(entry: GraphEntry): string {
  const list: string[] = [];
  if (entry.isHead) list.push('(head)');
  if (entry.isBranchPoint) list.push('(branchpoint)');
  if (entry.isMergePoint) list.push('(mergepoint)');
  if (entry.isCurrent) list.push('(current)');
  return list.length === 0 ? '' : ` ${list.join(' ')}`;
}

/** One history line: `parent -> id (head), message`. */
export function formatHistoryLine(entry: GraphEntry, c: Colors): string {
  const rev = entry.revision;
  const parents = rev.downRevisions.length === 0 ? '<base>' : rev.downRevisions.join(', ');
  return `${parents} -> ${c.yellow(rev.id)}${c.green(tags(entry))}, ${rev.message.split('\n')[0] ?? ''}`;
}

/** The verbose block of one revision, as `show` and `history -v` print it. */
export function formatVerbose(entry: GraphEntry, c: Colors): string {
  const rev = entry.revision;
  const lines = [
    `Rev: ${c.yellow(rev.id)}${c.green(tags(entry))}`,
    `Parent: ${rev.downRevisions.length === 0 ? '<base>' : rev.downRevisions.join(', ')}`,
  ];
  if (rev.branchLabels.length > 0) lines.push(`Branch names: ${rev.branchLabels.join(', ')}`);
  if (rev.dependsOn.length > 0) lines.push(`Also depends on: ${rev.dependsOn.join(', ')}`);
  lines.push(`Path: ${entry.absolutePath}`, '');
  for (const line of rev.message.split('\n')) lines.push(`    ${line}`.trimEnd());
  lines.push('', `    Revision ID: ${rev.id}`, `    Revises: ${rev.downRevisions.join(', ')}`);
  if (entry.createDate !== null) lines.push(`    Create Date: ${entry.createDate}`);
  if (entry.applied !== null) lines.push(`    Applied: ${entry.applied.at} (${entry.applied.how}, ${entry.applied.durationMs} ms)`);
  lines.push('');
  return lines.join('\n');
}

/** `id (head)` as current and heads print it. */
export function formatShort(id: string, isHead: boolean, c: Colors): string {
  return `${c.yellow(id)}${isHead ? c.green(' (head)') : ''}`;
}

/** One branch under its branch point: `f3, message (heads: f4)`. */
export function formatBranch(branch: Branch, c: Colors): string {
  const rev = branch.entry.revision;
  const label = rev.branchLabels.length === 0 ? '' : ` [${rev.branchLabels.join(', ')}]`;
  const leadsTo = branch.entry.isHead ? '' : `  (head${branch.heads.length === 1 ? '' : 's'}: ${branch.heads.join(', ')})`;
  return `${c.yellow(rev.id)}${c.green(tags(branch.entry))}${label}, ${rev.message.split('\n')[0] ?? ''}${leadsTo}`;
}
