/**
 * Bound values written into SQL text as SQLite literals, so a statement run with bindings can be
 * printed as the statement that stores exactly the same values (offline SQL). Pure.
 */
import { TsdbError } from '../../errors';
import { quoteLiteral } from './quote';
import { tokenize } from '../../schema/sql-tokenizer';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** better-sqlite3 binds every JS number as REAL, so the literal is REAL too (`1` → `1.0`): a TEXT or untyped column stores the same value. */
function realLiteral(value: number): string {
  if (Number.isNaN(value)) return 'NULL'; // what SQLite stores for a bound NaN
  if (!Number.isFinite(value)) return value > 0 ? '9e999' : '-9e999';
  if (Object.is(value, -0)) return '-0.0'; // an untyped column keeps the sign, as a bound -0 does
  const text = String(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/**
 * The SQLite literal for a value better-sqlite3 can bind: `NULL`, `'it''s'`, `1.5`, `42` (bigint), `X'00FF'`.
 * @example sqlLiteral("O'Brien") // "'O''Brien'"
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return realLiteral(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') {
    // A NUL would end the line for most SQL tools: write the UTF-8 bytes instead.
    return value.includes('\u0000') ? `CAST(X'${hex(new TextEncoder().encode(value))}' AS TEXT)` : quoteLiteral(value);
  }
  if (value instanceof Uint8Array) return `X'${hex(value)}'`;
  throw new TsdbError(
    'UNRENDERABLE_VALUE',
    `cannot write a bound ${typeof value} value as an SQL literal; bind numbers, strings, bigints, Buffers or null`,
  );
}

/** Anonymous values in order, plus the one object of named values better-sqlite3 accepts (`{ id: 1 }` for `:id`, `@id`, `$id`). */
function splitParams(params: ReadonlyArray<unknown>): { anonymous: unknown[]; named: Readonly<Record<string, unknown>> } {
  const anonymous: unknown[] = [];
  let named: Readonly<Record<string, unknown>> = {};
  for (const param of params) {
    if (Array.isArray(param)) anonymous.push(...(param as unknown[]));
    else if (param !== null && typeof param === 'object' && !(param instanceof Uint8Array)) named = param as Record<string, unknown>;
    else anonymous.push(param);
  }
  return { anonymous, named };
}

/**
 * `sql` with each parameter replaced by the literal of its bound value, numbered as SQLite numbers them
 * (`?` is the largest index so far + 1, `?NNN` is NNN, a repeated name reuses its index). Parameters
 * inside strings, quoted names and comments are left alone.
 * @example inlineBindings("UPDATE t SET a = ? WHERE b = '?'", ["it's"]) // "UPDATE t SET a = 'it''s' WHERE b = '?'"
 */
export function inlineBindings(sql: string, params: ReadonlyArray<unknown>): string {
  const variables = tokenize(sql).filter((t) => t.kind === 'variable');
  if (variables.length === 0) return sql;
  const { anonymous, named } = splitParams(params);
  const indexOfName = new Map<string, number>();
  let max = 0;
  const slots = variables.map((token) => {
    let index: number;
    if (token.value === '?') index = ++max;
    else if (/^\?\d+$/.test(token.value)) index = Number(token.value.slice(1));
    else index = indexOfName.get(token.value) ?? ++max;
    max = Math.max(max, index);
    indexOfName.set(token.value, index);
    return { token, index, name: /^[:@$]/.test(token.value) ? token.value.slice(1) : null };
  });
  // better-sqlite3 gives anonymous values to the non-named indexes, in index order.
  const namedIndexes = new Set(slots.filter((s) => s.name !== null).map((s) => s.index));
  const valueAt = new Map<number, unknown>();
  let next = 0;
  for (let index = 1; index <= max; index++) if (!namedIndexes.has(index)) valueAt.set(index, anonymous[next++]);
  if (next > anonymous.length) throw new TsdbError('MISSING_BINDING', `${next} values needed, ${anonymous.length} bound, in: ${sql}`);
  let out = '';
  let at = 0;
  for (const { token, index, name } of slots) {
    if (name !== null && !(name in named)) throw new TsdbError('MISSING_BINDING', `no value bound for ${token.value} in: ${sql}`);
    out += sql.slice(at, token.start) + sqlLiteral(name === null ? valueAt.get(index) : named[name]);
    at = token.end;
  }
  return out + sql.slice(at);
}
