/**
 * The text of an offline SQL script on PostgreSQL, for `psql -v ON_ERROR_STOP=1 -f`: one BEGIN … COMMIT
 * per revision; a statement that cannot run in a transaction block stands alone between two of them,
 * where the online run commits before it and begins again after it (the version row is in the last). Pure.
 */
import type { OfflineScript } from '../offline';
import { terminated } from '../../schema/sql-statements';
import { runsOutsideTransaction } from './ddl';

function comment(text: string): string {
  return `-- ${text.split(/\r?\n|\r/)[0] ?? ''}`.trimEnd();
}

/** A step's statements as blocks: transactions around runs of ordinary statements, outside ones alone. */
function stepBlocks(statements: ReadonlyArray<string>): string[] {
  const lines: string[] = [];
  let open = false;
  for (const statement of statements) {
    const outside = runsOutsideTransaction(statement);
    if (outside && open) lines.push('COMMIT;');
    if (!outside && !open) lines.push('BEGIN;');
    open = !outside;
    if (outside) lines.push('-- cannot run inside a transaction block: runs on its own');
    lines.push(terminated(statement));
  }
  if (open) lines.push('COMMIT;');
  return lines;
}

/** Renders the script: header, the version table, then each revision; ends with a newline. */
export function renderPostgresScript(script: OfflineScript): string {
  const blocks: string[][] = [script.header.map(comment)];
  const setup = [...script.outside, ...script.setup].map(terminated);
  if (script.transactionPerStep) {
    blocks.push(setup);
    for (const step of script.steps) blocks.push([comment(step.comment), ...stepBlocks(step.statements)]);
  } else {
    blocks.push(['BEGIN;', ...setup]);
    for (const step of script.steps) blocks.push([comment(step.comment), ...step.statements.map(terminated)]);
    blocks.push(['COMMIT;']);
  }
  if (script.steps.length === 0) blocks.push(['-- (no revisions to run)']);
  blocks.push(script.epilogue.map(terminated));
  return `${blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join('\n'))
    .join('\n\n')}\n`;
}
