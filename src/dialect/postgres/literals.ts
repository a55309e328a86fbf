/**
 * Bound values written into SQL text as PostgreSQL literals (offline SQL, and bookkeeping writes batched into
 * one round trip): the statement stores what node-postgres would have sent bound. Text goes as an untyped
 * literal (PostgreSQL reads it in the type the context asks, as it reads a bound parameter); backslashes in an
 * E'' string, so the result does not depend on standard_conforming_strings. Pure.
 */
import { TsdbError } from '../../errors';
import { tokenize } from '../../schema/sql-tokenizer';

/** A string literal that means the same whatever standard_conforming_strings says. */
function stringLiteral(text: string): string {
  if (text.includes('\u0000')) {
    throw new TsdbError('UNRENDERABLE_VALUE', 'a bound string holds a NUL character, which PostgreSQL text cannot store');
  }
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** An element of an array literal `{…}`: NULL, or a double-quoted string. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return arrayText(value);
  return `"${textOf(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function arrayText(values: ReadonlyArray<unknown>): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time with its offset, as node-postgres writes a Date (a timestamp-without-time-zone column keeps the local time). */
function dateText(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const day = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  return `${day}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The text node-postgres sends for a value (its prepareValue): dates in ISO form, bytes as \x hex, objects as JSON. */
function textOf(value: unknown): string {
  if (value instanceof Date) return dateText(value);
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new TsdbError('UNRENDERABLE_VALUE', `cannot write a bound ${typeof value} value as an SQL literal`);
}

/**
 * The PostgreSQL literal of a bound value: `NULL`, `42`, `TRUE`, `'it''s'`, `E'a\\b'`, `'\x00ff'` (bytea input).
 * @example pgLiteral("O'Brien") // "'O''Brien'"
 */
export function pgLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? String(value) : `'${String(value)}'`;
  return stringLiteral(textOf(value));
}

/**
 * `sql` with each `?` (outside literals, quoted names and comments) replaced by the literal of its value,
 * in order; `\?` becomes a plain `?` (jsonb's operator), as the online run reads it.
 * @example inlinePgBindings("UPDATE t SET a = ? WHERE b = '?'", ["it's"]) // "UPDATE t SET a = 'it''s' WHERE b = '?'"
 */
export function inlinePgBindings(sql: string, params: ReadonlyArray<unknown>): string {
  const parts = placeholderParts(sql);
  const slots = parts.length - 1;
  if (slots !== params.length) {
    const detail =
      slots > params.length
        ? `more ? placeholders than the ${params.length} values bound`
        : `${params.length} values bound but ${slots} ? placeholders`;
    throw new TsdbError(slots > params.length ? 'MISSING_BINDING' : 'EXTRA_BINDING', `${detail}, in: ${sql}`);
  }
  let out = parts[0] ?? '';
  for (let i = 0; i < slots; i++) out += pgLiteral(params[i]) + (parts[i + 1] ?? '');
  return out;
}

const partsCache = new Map<string, ReadonlyArray<string>>();

/** The text around each `?` placeholder (`\?` already turned into `?`), cached: the runner repeats the same few statements. */
export function placeholderParts(sql: string): ReadonlyArray<string> {
  const known = partsCache.get(sql);
  if (known !== undefined) return known;
  const parts: string[] = [];
  let text = '';
  let from = 0;
  for (const token of tokenize(sql, { lenient: true })) {
    if (token.kind !== 'variable' || token.value !== '?') continue;
    if (sql[token.start - 1] === '\\') {
      text += `${sql.slice(from, token.start - 1)}?`;
    } else {
      parts.push(text + sql.slice(from, token.start));
      text = '';
    }
    from = token.end;
  }
  parts.push(text + sql.slice(from));
  if (partsCache.size > 64) partsCache.clear();
  partsCache.set(sql, parts);
  return parts;
}
