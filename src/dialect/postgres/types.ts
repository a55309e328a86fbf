/**
 * Types on PostgreSQL: the models' logical types (`DATETIME`, `BLOB`, `FLOAT`, …) compiled to PostgreSQL's
 * own, spelled as `format_type` prints them, so a declared type and an introspected one compare as text.
 */

/** Logical or synonym type names → PostgreSQL's canonical names (parameters kept). */
const CANONICAL: ReadonlyMap<string, string> = new Map([
  ['INTEGER', 'integer'],
  ['INT', 'integer'],
  ['INT4', 'integer'],
  ['SMALLINT', 'smallint'],
  ['INT2', 'smallint'],
  ['BIGINT', 'bigint'],
  ['INT8', 'bigint'],
  ['TEXT', 'text'],
  ['VARCHAR', 'character varying'],
  ['CHARACTER VARYING', 'character varying'],
  ['CHAR', 'character'],
  ['CHARACTER', 'character'],
  ['BPCHAR', 'character'],
  ['BOOLEAN', 'boolean'],
  ['BOOL', 'boolean'],
  ['REAL', 'real'],
  ['FLOAT4', 'real'],
  ['FLOAT', 'double precision'],
  ['FLOAT8', 'double precision'],
  ['DOUBLE', 'double precision'],
  ['DOUBLE PRECISION', 'double precision'],
  ['NUMERIC', 'numeric'],
  ['DECIMAL', 'numeric'],
  ['DATE', 'date'],
  ['DATETIME', 'timestamp without time zone'],
  ['TIMESTAMP', 'timestamp without time zone'],
  ['TIMESTAMP WITHOUT TIME ZONE', 'timestamp without time zone'],
  ['TIMESTAMPTZ', 'timestamp with time zone'],
  ['TIMESTAMP WITH TIME ZONE', 'timestamp with time zone'],
  ['TIME', 'time without time zone'],
  ['TIMETZ', 'time with time zone'],
  ['JSON', 'json'],
  ['JSONB', 'jsonb'],
  ['BLOB', 'bytea'],
  ['BYTEA', 'bytea'],
  ['UUID', 'uuid'],
]);

/** PostgreSQL's spelling of a declared type: `VARCHAR(80)` → `character varying(80)`, `DATETIME` → `timestamp without time zone`. */
export function pgType(type: string): string {
  const text = type
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1');
  const paren = text.indexOf('(');
  const base = paren < 0 ? text : text.slice(0, paren);
  const params = paren < 0 ? '' : text.slice(paren);
  const known = CANONICAL.get(base.toUpperCase());
  if (known === undefined) return text.toLowerCase() === text.toUpperCase() ? text : lowerUnquoted(text);
  // `timestamp(3) with time zone`: the precision goes after the first word, as format_type writes it
  if (params !== '' && known.startsWith('timestamp ')) return known.replace('timestamp', `timestamp${params}`);
  if (params !== '' && known.startsWith('time ')) return known.replace('time', `time${params}`);
  return known + params;
}

/** Unknown type names (sqlType('tsvector'), an extension's type) compare case-insensitively unless quoted. */
function lowerUnquoted(text: string): string {
  return text.includes('"') ? text : text.toLowerCase();
}

/** Integer types an identity column may have. */
export function isIntegerType(type: string): boolean {
  return ['integer', 'bigint', 'smallint'].includes(pgType(type));
}

/** Types whose defaults and values read as numbers. */
export function isNumericPgType(type: string): boolean {
  const t = pgType(type);
  return ['integer', 'bigint', 'smallint', 'real', 'double precision'].includes(t) || t.startsWith('numeric');
}
