/**
 * Canonical forms for comparing what models declare with what introspection reads back (pure); each
 * dialect's comparator supplies its engine's part (type synonyms, which types are numeric).
 *
 * Types: upper case, whitespace collapsed, no spaces around `(`, `)` and `,`; then the engine's
 * synonyms (whole type name, parameters kept). A length change stays a detectable change.
 *
 * Expressions (CHECK, partial-index WHERE, DEFAULT (…)): tokens compared with whitespace ignored,
 * words upper-cased, identifier quotes ("x", `x`, [x]) removed from plain identifiers, `==` read as
 * `=` and `<>` as `!=`, and redundant outer parentheses removed. String literals keep their case.
 *
 * Defaults: literal null = no default; true/false = 1/0 where the engine stores booleans so; for a
 * numeric type a number equals its numeric string form; an expression that is only a
 * literal (`('x')`, `(1)`, `TRUE`) equals that literal; other expressions compare as expressions,
 * so CURRENT_TIMESTAMP matches in any case.
 */
import { tokenize, type Token } from './sql-tokenizer';
import type { ColumnDefault } from './types';

/** Canonical text of a declared type, given the engine's synonyms: `varchar( 80 )` → `VARCHAR(80)`. */
export function canonicalType(type: string, synonyms: ReadonlyMap<string, string>): string {
  const text = type
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1');
  const paren = text.indexOf('(');
  const base = paren < 0 ? text : text.slice(0, paren);
  const params = paren < 0 ? '' : text.slice(paren);
  return (synonyms.get(base) ?? base) + params;
}

/** Tokens of expression text, for comparing: never throws (an unterminated literal runs to the end). */
export function tokenizeSql(sql: string): Token[] {
  return tokenize(sql, { lenient: true });
}

const PLAIN_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function canonicalToken(t: Token): string {
  switch (t.kind) {
    case 'word':
      return t.value.toUpperCase();
    case 'quoted':
      return PLAIN_IDENT.test(t.value) ? t.value.toUpperCase() : `"${t.value.replace(/"/g, '""')}"`;
    case 'string':
      return `'${t.value.replace(/'/g, "''")}'`;
    case 'number':
      return t.value.toLowerCase();
    case 'blob':
      return `X'${t.value.toUpperCase()}'`;
    case 'variable':
      return t.value;
    case 'punct':
      return t.value === '==' ? '=' : t.value === '<>' ? '!=' : t.value;
  }
}

/** True when tokens[0] is '(' and its matching ')' is the last token. */
function wrappedInParens(tokens: ReadonlyArray<string>): boolean {
  if (tokens.length < 2 || tokens[0] !== '(' || tokens[tokens.length - 1] !== ')') return false;
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k] === '(') depth += 1;
    else if (tokens[k] === ')') depth -= 1;
    if (depth === 0 && k < tokens.length - 1) return false;
  }
  return true;
}

/** Canonical token list of an expression, outer parentheses removed. */
function canonicalTokens(sql: string): string[] {
  let tokens = tokenizeSql(sql).map(canonicalToken);
  while (wrappedInParens(tokens)) tokens = tokens.slice(1, -1);
  return tokens;
}

/** Canonical text of an SQL expression (see the file comment for the rules). */
export function normalizeExpression(sql: string): string {
  return canonicalTokens(sql).join(' ');
}

/** True when two SQL expressions are the same up to whitespace, keyword case, identifier quotes and outer parentheses. */
export function sameExpression(a: string, b: string): boolean {
  return normalizeExpression(a) === normalizeExpression(b);
}

/**
 * Rewrites references to identifier `from` as `"to"` (what SQLite's RENAME COLUMN does to CHECK and
 * index expressions). Matching is case-insensitive; string literals are left alone.
 */
export function renameIdentifier(sql: string, from: string, to: string): string {
  const hits = tokenizeSql(sql).filter((t) => (t.kind === 'word' || t.kind === 'quoted') && t.value.toLowerCase() === from.toLowerCase());
  let out = sql;
  for (const t of hits.reverse()) out = `${out.slice(0, t.start)}"${to.replace(/"/g, '""')}"${out.slice(t.end)}`;
  return out;
}

/** How an engine stores defaults: which types read numbers, and whether booleans are stored as 1/0. */
export interface DefaultRules {
  readonly numeric: (type: string) => boolean;
  readonly booleansAsNumbers: boolean;
}

/** A default reduced to what the engine stores: a number, a boolean, a string, or a canonical expression. */
type CanonicalDefault =
  | { readonly kind: 'none' }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'expression'; readonly text: string };

function canonicalLiteral(value: string | number | boolean | null, numeric: boolean, rules: DefaultRules): CanonicalDefault {
  if (value === null) return { kind: 'none' };
  if (typeof value === 'boolean') return rules.booleansAsNumbers ? { kind: 'number', value: value ? 1 : 0 } : { kind: 'boolean', value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (numeric && value.trim() !== '' && Number.isFinite(Number(value))) return { kind: 'number', value: Number(value) };
  return { kind: 'string', value };
}

function canonicalDefault(d: ColumnDefault | null, type: string, rules: DefaultRules): CanonicalDefault {
  const numeric = rules.numeric(type);
  if (d === null) return { kind: 'none' };
  if (d.kind === 'literal') return canonicalLiteral(d.value, numeric, rules);
  let raw = tokenizeSql(d.sql);
  while (raw.length >= 2 && raw[0]?.value === '(' && raw[0].kind === 'punct' && wrappedInParens(raw.map(canonicalToken)))
    raw = raw.slice(1, -1);
  const [first, second] = raw;
  if (raw.length === 1 && first !== undefined) {
    if (first.kind === 'string') return canonicalLiteral(first.value, numeric, rules);
    if (first.kind === 'number' && Number.isFinite(Number(first.value))) return { kind: 'number', value: Number(first.value) };
    if (first.kind === 'word') {
      const upper = first.value.toUpperCase();
      if (upper === 'NULL') return { kind: 'none' };
      if (upper === 'TRUE' || upper === 'FALSE') return canonicalLiteral(upper === 'TRUE', numeric, rules);
    }
  }
  if (raw.length === 2 && first?.kind === 'punct' && (first.value === '-' || first.value === '+') && second?.kind === 'number') {
    const n = Number(second.value);
    if (Number.isFinite(n)) return { kind: 'number', value: first.value === '-' ? -n : n };
  }
  return { kind: 'expression', text: normalizeExpression(d.sql) };
}

/** True when two defaults mean the same stored default for a column of `type`, under the engine's rules. */
export function sameDefault(a: ColumnDefault | null, b: ColumnDefault | null, type: string, rules: DefaultRules): boolean {
  const x = canonicalDefault(a, type, rules);
  const y = canonicalDefault(b, type, rules);
  switch (x.kind) {
    case 'none':
      return y.kind === 'none';
    case 'number':
      return y.kind === 'number' && x.value === y.value;
    case 'boolean':
      return y.kind === 'boolean' && x.value === y.value;
    case 'string':
      return y.kind === 'string' && x.value === y.value;
    case 'expression':
      return y.kind === 'expression' && x.text === y.text;
  }
}
