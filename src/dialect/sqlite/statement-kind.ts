/** What kind of statement a piece of SQL is, read from its tokens (comments and strings cannot fool it). Pure. */
import { tokenize } from './sql-tokenizer';

const TRANSACTION_CONTROL = new Set(['BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

/** The first keyword, upper-cased: `SELECT`, `PRAGMA`, `CREATE`…; null for SQL that is only comments. */
export function leadingKeyword(sql: string): string | null {
  const first = tokenize(sql)[0];
  return first !== undefined && first.kind === 'word' ? first.value.toUpperCase() : null;
}

/** BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE: a statement that opens or closes a transaction. */
export function isTransactionControl(sql: string): boolean {
  return TRANSACTION_CONTROL.has(leadingKeyword(sql) ?? '');
}

/** `PRAGMA [schema.]name = value`, the form that sets a pragma (`source` may omit the PRAGMA keyword, as db.pragma() takes it). */
export function isPragmaAssignment(source: string): boolean {
  const tokens = tokenize(source);
  const start = tokens[0]?.kind === 'word' && tokens[0].value.toUpperCase() === 'PRAGMA' ? 1 : 0;
  const dotted = tokens[start + 1]?.value === '.' ? 2 : 0;
  const eq = tokens[start + 1 + dotted];
  return eq !== undefined && eq.kind === 'punct' && eq.value === '=';
}

/** The statement text ending in `;` (on a new line when it ends in a `--` comment), as a SQL script needs it. */
export function terminated(sql: string): string {
  const text = sql.trim();
  const tokens = tokenize(text);
  const last = tokens[tokens.length - 1];
  if (last === undefined || (last.kind === 'punct' && last.value === ';')) return text;
  return text.slice(last.end).includes('--') ? `${text}\n;` : `${text};`;
}
