/** The text of an offline SQL script (`tsdb upgrade --sql`): input for the sqlite3 shell. Pure. */
import type { OfflineScript } from '../offline';
import { terminated } from '../../schema/sql-statements';

function comment(text: string): string {
  return `-- ${text.split(/\r?\n|\r/)[0] ?? ''}`.trimEnd();
}

const FOREIGN_KEYS_OFF = /^PRAGMA\s+foreign_keys\s*=\s*(OFF|0|false|no)\s*;?$/i;

/** Why the pragma comes first, for whoever reads or edits the script. */
function explain(statement: string): string[] {
  if (!FOREIGN_KEYS_OFF.test(statement.trim())) return [];
  return [
    '-- Foreign keys off for the whole script, outside any transaction (inside one SQLite ignores the pragma),',
    '-- so the DROP TABLE of a table rebuild never cascades to the rows that reference it.',
  ];
}

/** Renders the script: header, outside statements, setup, then each step, then the epilogue; ends with a newline. */
export function renderOfflineScript(script: OfflineScript): string {
  const blocks: string[][] = [script.header.map(comment)];
  for (const statement of script.outside) blocks.push([...explain(statement), terminated(statement)]);
  const setup = script.setup.map(terminated);
  if (script.transactionPerStep) {
    if (setup.length > 0) blocks.push(setup);
    for (const step of script.steps) blocks.push([comment(step.comment), 'BEGIN;', ...step.statements.map(terminated), 'COMMIT;']);
  } else {
    blocks.push(['BEGIN;', ...setup]);
    for (const step of script.steps) blocks.push([comment(step.comment), ...step.statements.map(terminated)]);
    blocks.push(['COMMIT;']);
  }
  if (script.steps.length === 0) blocks.push(['-- (no revisions to run)']);
  if (script.epilogue.length > 0) blocks.push(script.epilogue.map(terminated));
  return `${blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join('\n'))
    .join('\n\n')}\n`;
}
