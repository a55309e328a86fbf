/**
 * The one SQL tokenizer: SQLite's and PostgreSQL's lexical forms (quoted identifiers in "…", `…` and […],
 * X'…' blobs, `::` casts), and a cursor over its tokens for reading schema SQL back. Strict by default
 * (an unterminated literal throws); lenient for comparing expressions, where it never throws.
 */
import { TsdbError } from '../errors';

/** What a token is: a bare word, a quoted identifier, a literal or punctuation. */
export type TokenKind = 'word' | 'quoted' | 'string' | 'blob' | 'number' | 'variable' | 'punct';

/** One token; `value` is the dequoted text, `start`/`end` are offsets into the SQL. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** SQL text tsdb cannot read: an unterminated literal, or a statement of unexpected shape. */
export class SqlParseError extends TsdbError {
  constructor(message: string) {
    super('SQL_PARSE', message);
  }
}

const CLOSERS: Readonly<Record<string, string>> = { '"': '"', '`': '`', '[': ']' };
const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;
const OPERATORS = ['->>', '::', '||', '<=', '>=', '<>', '!=', '==', '<<', '>>', '->'];

// Character classes by code, not by regular expression: the tokenizer runs on every statement tsdb sends.
function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** SQLite treats every non-ASCII character as part of an identifier. */
function isWordCode(code: number, first: boolean): boolean {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 0x80) return true;
  return !first && (isDigitCode(code) || code === 36);
}

function isSpace(sql: string, at: number): boolean {
  const code = sql.charCodeAt(at);
  return code < 0x80 ? code === 32 || (code >= 9 && code <= 13) : /\s/.test(sql.charAt(at));
}

/** Reads a quoted run starting at `start`; a doubled closer is an escaped closer (not for `[`). */
function readQuoted(sql: string, start: number, closer: string, doubled: boolean, lenient: boolean): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const at = sql.indexOf(closer, i);
    if (at < 0 && lenient) return { value: value + sql.slice(i), end: sql.length };
    if (at < 0) throw new SqlParseError(`unterminated ${sql[start]}…${closer} at offset ${start} in: ${sql}`);
    value += sql.slice(i, at);
    if (doubled && sql[at + 1] === closer) {
      value += closer;
      i = at + 2;
    } else {
      return { value, end: at + 1 };
    }
  }
}

function numberEnd(sql: string, start: number): number {
  const hex = /^0[xX][0-9A-Fa-f_]+/.exec(sql.slice(start));
  if (hex) return start + hex[0].length;
  const dec = /^(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?/.exec(sql.slice(start));
  return start + (dec ? dec[0].length : 1);
}

/** Splits SQL into tokens, dropping whitespace and `--` / `/* *\/` comments; `lenient` reads an unterminated literal to the end. */
export function tokenize(sql: string, options: { readonly lenient?: boolean } = {}): Token[] {
  const lenient = options.lenient === true;
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    const code = sql.charCodeAt(i);
    const next = sql.charAt(i + 1);
    if (isSpace(sql, i)) {
      i += 1;
    } else if (ch === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (ch === "'") {
      const { value, end } = readQuoted(sql, i, "'", true, lenient);
      tokens.push({ kind: 'string', value, start: i, end });
      i = end;
    } else if ((ch === 'x' || ch === 'X') && next === "'") {
      const { value, end } = readQuoted(sql, i + 1, "'", false, lenient);
      tokens.push({ kind: 'blob', value, start: i, end });
      i = end;
    } else if (CLOSERS[ch] !== undefined) {
      const { value, end } = readQuoted(sql, i, CLOSERS[ch], ch !== '[', lenient);
      tokens.push({ kind: 'quoted', value, start: i, end });
      i = end;
    } else if (isDigitCode(code) || (ch === '.' && isDigitCode(sql.charCodeAt(i + 1)))) {
      const end = numberEnd(sql, i);
      tokens.push({ kind: 'number', value: sql.slice(i, end), start: i, end });
      i = end;
    } else if (isWordCode(code, true)) {
      let end = i + 1;
      while (end < sql.length && isWordCode(sql.charCodeAt(end), false)) end += 1;
      tokens.push({ kind: 'word', value: sql.slice(i, end), start: i, end });
      i = end;
    } else if (ch === ':' && next === ':') {
      tokens.push({ kind: 'punct', value: '::', start: i, end: i + 2 });
      i += 2;
    } else if (ch === '$' && DOLLAR_TAG.test(sql.slice(i, i + 64))) {
      // PostgreSQL's dollar-quoted string: $$…$$ or $tag$…$tag$
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64))?.[0] ?? '$$';
      const close = sql.indexOf(tag, i + tag.length);
      if (close < 0 && !lenient) throw new SqlParseError(`unterminated ${tag} string at offset ${i} in: ${sql}`);
      const end = close < 0 ? sql.length : close + tag.length;
      tokens.push({ kind: 'string', value: sql.slice(i + tag.length, close < 0 ? sql.length : close), start: i, end });
      i = end;
    } else if (ch === '?' || ch === ':' || ch === '@' || ch === '$') {
      let end = i + 1;
      while (end < sql.length && isWordCode(sql.charCodeAt(end), false)) end += 1;
      tokens.push({ kind: 'variable', value: sql.slice(i, end), start: i, end });
      i = end;
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i)) ?? ch;
      tokens.push({ kind: 'punct', value: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  return tokens;
}

/** A read position over the tokens of one statement, with keyword helpers. */
export class TokenCursor {
  private index = 0;
  readonly sql: string;
  private readonly tokens: ReadonlyArray<Token>;

  constructor(sql: string) {
    this.sql = sql;
    this.tokens = tokenize(sql);
  }

  /** The token `ahead` places from here, or undefined past the end. */
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }

  /** True when the token `ahead` places from here is the bare word `word` (case-insensitive). */
  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token !== undefined && token.kind === 'word' && token.value.toUpperCase() === word;
  }

  /** True when the next token is the punctuation `p`. */
  isPunct(p: string): boolean {
    const token = this.peek();
    return token !== undefined && token.kind === 'punct' && token.value === p;
  }

  /** True when every token has been read. */
  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** Reads one token, failing at the end of the statement. */
  next(): Token {
    const token = this.tokens[this.index];
    if (token === undefined) throw this.error('unexpected end of statement');
    this.index += 1;
    return token;
  }

  /** Reads the words given, in order, if they come next; returns whether it did. */
  acceptWords(...words: string[]): boolean {
    if (!words.every((w, k) => this.isWord(w, k))) return false;
    this.index += words.length;
    return true;
  }

  /** Reads the punctuation `p` if it comes next; returns whether it did. */
  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.index += 1;
    return true;
  }

  /** Reads the words given, in order, or fails. */
  expectWords(...words: string[]): void {
    if (!this.acceptWords(...words)) throw this.error(`expected ${words.join(' ')}`);
  }

  /** Reads the punctuation `p`, or fails. */
  expectPunct(p: string): Token {
    const token = this.peek();
    if (!this.acceptPunct(p) || token === undefined) throw this.error(`expected "${p}"`);
    return token;
  }

  /** Reads an identifier (bare, quoted, or a string SQLite accepts as a name) and returns its text. */
  name(): string {
    const token = this.next();
    if (token.kind === 'word' || token.kind === 'quoted' || token.kind === 'string') return token.value;
    this.index -= 1;
    throw this.error('expected a name');
  }

  /** Reads a parenthesised group; returns the source text between the parentheses, trimmed. */
  parenthesized(): { text: string; start: number; end: number } {
    const open = this.expectPunct('(');
    let depth = 1;
    for (;;) {
      const token = this.next();
      if (token.kind !== 'punct') continue;
      if (token.value === '(') depth += 1;
      if (token.value === ')') depth -= 1;
      if (depth === 0) return { text: this.sql.slice(open.end, token.start).trim(), start: open.start, end: token.end };
    }
  }

  /** Reads tokens up to (not including) a `,` or `)` at depth 0, or the end; returns them. */
  until(stopWords: ReadonlyArray<string> = []): Token[] {
    const taken: Token[] = [];
    let depth = 0;
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (depth === 0 && token.kind === 'punct' && (token.value === ',' || token.value === ')')) break;
      if (depth === 0 && token.kind === 'word' && stopWords.includes(token.value.toUpperCase())) break;
      if (token.kind === 'punct' && token.value === '(') depth += 1;
      if (token.kind === 'punct' && token.value === ')') depth -= 1;
      taken.push(this.next());
    }
    return taken;
  }

  /** A parse error naming the position and the statement. */
  error(what: string): SqlParseError {
    const token = this.peek();
    const where = token === undefined ? 'at the end' : `at "${token.value}" (offset ${token.start})`;
    return new SqlParseError(`cannot parse SQL: ${what} ${where} in: ${this.sql}`);
  }
}
