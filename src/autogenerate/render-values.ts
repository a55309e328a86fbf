/** Literal rendering for generated migration code (pure): strings, SQL template tags, keys, plain values. */
import { OperationError } from '../errors';
import type { ColumnDefault } from '../schema/types';
import { stringLiteral } from './ts-literal';

export { stringLiteral };

/** Names to import from 'tsdb', collected while rendering. */
export type ImportSet = Set<string>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is an identifier, else a string literal (`'first name'`). */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`; // a computed key defines an own property
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** Property access on `obj`: `t.email` or `t['first name']`. */
export function propertyAccess(obj: string, name: string): string {
  return IDENTIFIER.test(name) && name !== '__proto__' ? `${obj}.${name}` : `${obj}[${stringLiteral(name)}]`;
}

/** The body of a template literal whose cooked value is `text`: escapes `\`, backticks, `${` and control characters. */
export function templateBody(text: string): string {
  return text.replace(/\\|`|\$\{|[\u0000-\u001f\u007f\u2028\u2029]/g, (m) => {
    if (m === '\\') return '\\\\';
    if (m === '`') return '\\`';
    if (m === '${') return '\\${';
    const known: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return known[m] ?? `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A sql`…` tag around `text`; the `sql` tag trims, so the text is given as it should end up. */
export function sqlTag(text: string, imports: ImportSet): string {
  imports.add('sql');
  return `sql\`${templateBody(text)}\``;
}

/** sql`…` when the tag keeps `text` as it is, else a plain string (for arguments that accept either). */
export function sqlOrString(text: string, imports: ImportSet): string {
  return text === text.trim() && text !== '' ? sqlTag(text, imports) : stringLiteral(text);
}

/** A string array literal: `['a', 'b']`. */
export function stringList(values: ReadonlyArray<string>): string {
  return `[${values.map(stringLiteral).join(', ')}]`;
}

/** A number literal; throws for NaN and ±Infinity, which have no SQL literal. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new OperationError(
      'UNRENDERABLE_VALUE',
      `cannot write ${String(value)} into a migration script: use a finite number or op.execute() with SQL`,
    );
  }
  return Object.is(value, -0) ? '0' : String(value);
}

/** A column default as an argument of `.default()` / `alterColumn({ default })`. */
export function defaultArgument(value: ColumnDefault, imports: ImportSet): string {
  if (value.kind === 'expression') return sqlTag(value.sql, imports);
  return literalValue(value.value);
}

/** A literal default value: `'x'`, `3`, `true`, `null`. */
export function literalValue(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  return value ? 'true' : 'false';
}

/**
 * Any plain value (bindings of execute, rows of bulkInsert) as TypeScript source: strings, numbers,
 * booleans, null, bigint, Uint8Array, arrays and plain objects. Anything else fails at render time.
 */
export function valueLiteral(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'number':
      return numberLiteral(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `${value.toString()}n`;
    case 'undefined':
      return 'undefined';
    default:
      break;
  }
  if (value instanceof Uint8Array) return `new Uint8Array([${Array.from(value).join(', ')}])`;
  if (Array.isArray(value)) return `[${value.map((v: unknown) => valueLiteral(v, where)).join(', ')}]`;
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${valueLiteral(v, where)}`).join(', ')} }`;
  }
  const shown = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new OperationError(
    'UNRENDERABLE_VALUE',
    `cannot write a ${shown} value of ${where} into a migration script: use a string, number, boolean, null, bigint, Uint8Array, array or plain object`,
  );
}
