/**
 * Expressions as PostgreSQL keeps them, in a canonical form both sides of a compare can reach (pure).
 * pg_get_expr / pg_get_constraintdef rewrite what was declared: casts added to literals and columns
 * (`''::text`, `(name)::text`), `IN (…)` as `= ANY (ARRAY[…])`, `LIKE` as `~~`, `BETWEEN` as two comparisons, parentheses around
 * atoms and comparisons. The canonical form takes those away (and upper-cases words), so a declared
 * `kind IN ('a', 'b')` and the stored `kind = ANY (ARRAY['a'::text, 'b'::text])` compare equal.
 */
import { tokenizeSql } from '../../schema/normalize';

/** Words that continue a type name after its first word (`character varying`, `timestamp(3) with time zone`). */
const TYPE_WORDS = new Set(['VARYING', 'PRECISION', 'WITH', 'WITHOUT', 'TIME', 'ZONE']);
const LIKE_FORMS: ReadonlyArray<[ReadonlyArray<string>, ReadonlyArray<string>]> = [
  [
    ['!', '~', '~', '*'],
    ['NOT', 'ILIKE'],
  ],
  [['~', '~', '*'], ['ILIKE']],
  [
    ['!', '~', '~'],
    ['NOT', 'LIKE'],
  ],
  [['~', '~'], ['LIKE']],
];

/** Canonical tokens; `[…]` (an array's brackets, which the shared tokenizer reads as a quoted name) read again inside. */
function tokens(sql: string): string[] {
  const out: string[] = [];
  for (const t of tokenizeSql(sql)) {
    if (t.kind === 'quoted' && sql.charAt(t.start) === '[') out.push('[', ...tokens(t.value), ']');
    else if (t.kind === 'word') out.push(t.value.toUpperCase());
    else if (t.kind === 'quoted')
      out.push(/^[a-z_][a-z0-9_$]*$/.test(t.value) ? t.value.toUpperCase() : `"${t.value.replace(/"/g, '""')}"`);
    else if (t.kind === 'string') out.push(`'${t.value.replace(/'/g, "''")}'`);
    else if (t.kind === 'number') out.push(canonicalNumber(t.value));
    else if (t.kind === 'punct') out.push(t.value === '==' ? '=' : t.value === '<>' ? '!=' : t.value);
    else out.push(t.value);
  }
  return out;
}

const NUMERIC_TYPES = new Set(['NUMERIC', 'DECIMAL', 'INTEGER', 'INT', 'INT4', 'BIGINT', 'INT8', 'SMALLINT', 'INT2', 'REAL', 'DOUBLE']);

/** `1e6` and `1000000`, `0.50` and `.5` are one number. */
function canonicalNumber(text: string): string {
  const value = Number(text.replace(/_/g, ''));
  return Number.isFinite(value) ? String(value) : text.toLowerCase();
}

const isName = (t: string | undefined): boolean => t !== undefined && (/^[A-Z_][A-Z0-9_$]*$/.test(t) || t.startsWith('"'));

/** The index just past the type name that starts at `k`. */
function typeEnd(list: ReadonlyArray<string>, k: number): number {
  let end = isName(list[k]) ? k + 1 : k;
  while (list[end] === '.' && isName(list[end + 1])) end += 2;
  const words = () => {
    while (TYPE_WORDS.has(list[end] ?? '')) end += 1;
  };
  words();
  if (list[end] === '(') {
    while (end < list.length && list[end] !== ')') end += 1;
    end += 1;
  }
  words();
  while ((list[end] === '[' && list[end + 1] === ']') || list[end] === '[]') end += list[end] === '[]' ? 1 : 2;
  return end;
}

function withoutCastTokens(list: ReadonlyArray<string>): string[] {
  const out: string[] = [];
  for (let k = 0; k < list.length; k += 1) {
    if (list[k] !== '::') {
      out.push(list[k] ?? '');
      continue;
    }
    // a numeric constant PostgreSQL quotes and casts (`'1000000'::numeric`) is the number
    const previous = out[out.length - 1] ?? '';
    if (NUMERIC_TYPES.has(list[k + 1] ?? '') && /^'-?[0-9.]+(e[-+]?[0-9]+)?'$/i.test(previous)) {
      out[out.length - 1] = canonicalNumber(previous.slice(1, -1));
    }
    k = typeEnd(list, k + 1) - 1;
  }
  return out;
}

/** The index of the parenthesis that closes the one at `open`, or -1. */
function closing(list: ReadonlyArray<string>, open: number): number {
  let depth = 0;
  for (let k = open; k < list.length; k += 1) {
    if (list[k] === '(' || list[k] === '[') depth += 1;
    else if (list[k] === ')' || list[k] === ']') depth -= 1;
    if (depth === 0) return k;
  }
  return -1;
}

const LEFT_EDGE = new Set([undefined, 'AND', 'OR', 'NOT', '(', ',', '[', 'WHEN', 'THEN', 'ELSE']);
const RIGHT_EDGE = new Set([undefined, 'AND', 'OR', ')', ',', ']', 'THEN', 'ELSE', 'END']);

/** One pass of simplification; returns the same array when nothing changed. */
function simplify(list: string[]): string[] {
  for (let k = 0; k < list.length; k += 1) {
    for (const [from, to] of LIKE_FORMS) {
      if (from.every((t, j) => list[k + j] === t)) return [...list.slice(0, k), ...to, ...list.slice(k + from.length)];
    }
    // `= ANY (ARRAY[…])` → `IN (…)`, `!= ALL (ARRAY[…])` → `NOT IN (…)`
    const any = list[k] === '=' && list[k + 1] === 'ANY';
    const all = list[k] === '!=' && list[k + 1] === 'ALL';
    if ((any || all) && list[k + 2] === '(' && list[k + 3] === 'ARRAY' && list[k + 4] === '[') {
      const close = closing(list, k + 4);
      if (close > 0 && list[close + 1] === ')') {
        return [...list.slice(0, k), ...(all ? ['NOT', 'IN'] : ['IN']), '(', ...list.slice(k + 5, close), ')', ...list.slice(close + 2)];
      }
    }
    // `x BETWEEN a AND b` (single terms) → `x >= a AND x <= b`, as PostgreSQL stores it
    const [x, low, and, high] = [list[k - 1], list[k + 1], list[k + 2], list[k + 3]];
    if (list[k] === 'BETWEEN' && list[k - 2] !== 'NOT' && x !== undefined && low !== undefined && and === 'AND' && high !== undefined) {
      if ([x, low, high].every((t) => isName(t) || /^[-'0-9]/.test(t)) && list[k + 4] !== '(' && list[k + 4] !== '.') {
        return [...list.slice(0, k - 1), x, '>=', low, 'AND', x, '<=', high, ...list.slice(k + 4)];
      }
    }
    if (list[k] !== '(') continue;
    const close = closing(list, k);
    if (close < 0) continue;
    const before = list[k - 1];
    const call = before !== undefined && (isName(before) || before === ']' || before === ')') && !LEFT_EDGE.has(before);
    if (call) continue;
    const inner = list.slice(k + 1, close);
    let depth = 0;
    const logical = inner.some((t) => {
      if (t === '(' || t === '[') depth += 1;
      else if (t === ')' || t === ']') depth -= 1;
      return depth === 0 && (t === 'AND' || t === 'OR' || t === ',');
    });
    // parentheses around one atom, or around a comparison between AND / OR, change nothing
    if (inner.length === 1 || (!logical && LEFT_EDGE.has(before) && RIGHT_EDGE.has(list[close + 1]))) {
      return [...list.slice(0, k), ...inner, ...list.slice(close + 1)];
    }
  }
  return list;
}

/** The canonical form of a PostgreSQL expression (see the file comment). */
export function canonicalPgExpression(sql: string): string {
  let list = withoutCastTokens(tokens(sql));
  for (;;) {
    const next = simplify(list);
    if (next === list) return list.join(' ');
    list = next;
  }
}

/** Expression text without the casts PostgreSQL writes into stored expressions (`::text`, `::character varying(20)`). */
export function withoutCasts(sql: string): string {
  const list = tokenizeSql(sql);
  let out = '';
  let from = 0;
  const names = list.map((t) => {
    if (t.kind === 'quoted') return sql.charAt(t.start) === '[' ? (t.value === '' ? '[]' : '[…]') : '"q"';
    return t.kind === 'word' ? t.value.toUpperCase() : t.value;
  });
  for (let k = 0; k < list.length; k += 1) {
    const t = list[k];
    if (t === undefined || t.kind !== 'punct' || t.value !== '::') continue;
    const end = typeEnd(names, k + 1);
    out += sql.slice(from, t.start);
    from = list[end - 1]?.end ?? t.end;
    k = end - 1;
  }
  return out + sql.slice(from);
}
