/**
 * What kind of statement a piece of SQL is, and where one statement ends, read from its tokens
 * (comments, strings, trigger bodies and CASE … END cannot fool it). The one splitter and classifier
 * every part of tsdb uses. Pure.
 */
import { tokenize, type Token } from './sql-tokenizer';

const TRANSACTION_CONTROL = new Set(['BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

/** One statement of a SQL text. */
export interface SqlStatement {
  /** Its text (comments before it included, trimmed) up to, not including, the `;` that ends it. */
  readonly sql: string;
  /** Its first keyword, upper-cased: `SELECT`, `CREATE`, `END`…; null when it starts with something else. */
  readonly keyword: string | null;
  /** True when it starts with BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE: it opens or closes a transaction. */
  readonly transactionControl: boolean;
}

function isWord(token: Token | undefined, word: string): boolean {
  return token !== undefined && token.kind === 'word' && token.value.toUpperCase() === word;
}

/**
 * A statement whose BEGIN … END body holds `;`s that do not end it: SQLite's `CREATE [TEMP] TRIGGER`, and
 * PostgreSQL's `CREATE [OR REPLACE] FUNCTION|PROCEDURE … BEGIN ATOMIC … END` (dollar-quoted bodies are strings).
 */
function startsTrigger(tokens: ReadonlyArray<Token>, at: number): boolean {
  if (!isWord(tokens[at], 'CREATE')) return false;
  let next = at + 1;
  if (isWord(tokens[next], 'OR') && isWord(tokens[next + 1], 'REPLACE')) next += 2;
  if (isWord(tokens[next], 'TEMP') || isWord(tokens[next], 'TEMPORARY')) next += 1;
  return isWord(tokens[next], 'TRIGGER') || isWord(tokens[next], 'FUNCTION') || isWord(tokens[next], 'PROCEDURE');
}

/** The statement `sql` whose first token is `first`. */
function describe(sql: string, first: Token | undefined): SqlStatement {
  // a word runs on through non-ASCII characters, so whitespace such as U+00A0 after a lone keyword belongs to it: trim it
  const keyword = first !== undefined && first.kind === 'word' ? first.value.trimEnd().toUpperCase() : null;
  return { sql, keyword, transactionControl: TRANSACTION_CONTROL.has(keyword ?? '') };
}

/**
 * Cuts SQL text into statements at each `;` that ends one: not inside a string, a comment, a
 * trigger's BEGIN … END body or a CASE … END. Empty statements (`;;`, comments only) are dropped.
 */
export function splitStatements(sql: string): SqlStatement[] {
  const tokens = tokenize(sql);
  const statements: SqlStatement[] = [];
  let start = -1;
  let textStart = 0; // just after the `;` that ended the statement before
  let open = 0; // BEGIN (of a trigger body) and CASE blocks not yet closed by END
  let trigger = false;
  let bodySeen = false;
  const emit = (end: number) => {
    statements.push(describe(sql.slice(textStart, end).trim(), tokens[start]));
    start = -1;
  };
  for (const [i, token] of tokens.entries()) {
    const semicolon = token.kind === 'punct' && token.value === ';';
    if (start < 0) {
      if (semicolon) {
        textStart = token.end;
        continue;
      }
      start = i;
      open = 0;
      trigger = startsTrigger(tokens, i);
      bodySeen = false;
    }
    if (token.kind === 'word') {
      const word = token.value.toUpperCase();
      if (word === 'CASE') open += 1;
      else if (word === 'BEGIN' && trigger && !bodySeen) {
        open += 1;
        bodySeen = true;
      } else if (word === 'END' && open > 0) open -= 1;
    }
    if (semicolon && open === 0) {
      emit(token.start);
      textStart = token.end;
    }
  }
  if (start >= 0) emit(sql.length);
  return statements;
}

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
