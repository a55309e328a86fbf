/** Names on PostgreSQL: every name tsdb writes is quoted and schema-qualified, so the session's search_path never matters. */
import { quoteIdent } from '../sqlite/quote';

export { quoteIdent };

/** A table (or type, or index) and the schema it lives in. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

/**
 * An op's table name: `invoice` lives in the default schema, `billing.invoice` in `billing` (the models write a table
 * declared with `{ schema }` so; a table name containing a dot is therefore not supported on PostgreSQL).
 */
export function qualify(name: string, defaultSchema: string, schema?: string): QualifiedName {
  if (schema !== undefined) return { schema, name };
  const dot = name.indexOf('.');
  return dot < 0 ? { schema: defaultSchema, name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}

/** `"schema"."name"`. */
export function sqlName(name: QualifiedName): string {
  return `${quoteIdent(name.schema)}.${quoteIdent(name.name)}`;
}

/** `"schema"."name"` for an op's table name. */
export function tableSql(name: string, defaultSchema: string, schema?: string): string {
  return sqlName(qualify(name, defaultSchema, schema));
}

/** A string literal: `'it''s'`. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** FNV-1a 64 of `text` as a signed bigint: the advisory-lock key of a database, schema and version table. */
export function lockKey(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, hash);
}
