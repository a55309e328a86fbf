/** The column type builders of the models API. The optional first argument names the column. */
import { column, type ColumnBuilder } from './column';

/** INTEGER. @example integer().primaryKey() */
export function integer(name?: string): ColumnBuilder<number> {
  return column(name ?? null, 'INTEGER');
}

/** BIGINT. */
export function bigint(name?: string): ColumnBuilder<number | bigint> {
  return column(name ?? null, 'BIGINT');
}

/** TEXT. @example text('bio') */
export function text(name?: string): ColumnBuilder<string> {
  return column(name ?? null, 'TEXT');
}

/** VARCHAR(length). @example varchar(80) or varchar('user_name', 80) */
export function varchar(length: number): ColumnBuilder<string>;
export function varchar(name: string, length: number): ColumnBuilder<string>;
export function varchar(nameOrLength: string | number, length?: number): ColumnBuilder<string> {
  const [name, size] = typeof nameOrLength === 'string' ? [nameOrLength, length] : [null, nameOrLength];
  if (size === undefined || !Number.isInteger(size) || size <= 0) {
    throw new TypeError(`varchar() needs a positive whole length, got ${String(size)}`);
  }
  return column(name, `VARCHAR(${size})`);
}

/** BOOLEAN (stored as 0/1 on SQLite). */
export function boolean(name?: string): ColumnBuilder<boolean> {
  return column(name ?? null, 'BOOLEAN');
}

/** REAL. */
export function real(name?: string): ColumnBuilder<number> {
  return column(name ?? null, 'REAL');
}

/** FLOAT, SQLAlchemy's `Float`: a logical type the dialect writes (`FLOAT` on SQLite). */
export function float(name?: string): ColumnBuilder<number> {
  return column(name ?? null, 'FLOAT');
}

/** NUMERIC, NUMERIC(p) or NUMERIC(p, s). @example numeric(10, 2) or numeric('price', 10, 2) */
export function numeric(precision?: number, scale?: number): ColumnBuilder<number | string>;
export function numeric(name: string, precision?: number, scale?: number): ColumnBuilder<number | string>;
export function numeric(...args: ReadonlyArray<string | number | undefined>): ColumnBuilder<number | string> {
  const name = typeof args[0] === 'string' ? args[0] : null;
  const [precision, scale] = (name === null ? args : args.slice(1)) as ReadonlyArray<number | undefined>;
  if (precision === undefined) return column(name, 'NUMERIC');
  return column(name, scale === undefined ? `NUMERIC(${precision})` : `NUMERIC(${precision}, ${scale})`);
}

/** DATE (ISO text on SQLite). */
export function date(name?: string): ColumnBuilder<string> {
  return column(name ?? null, 'DATE');
}

/** DATETIME (ISO text on SQLite). */
export function datetime(name?: string): ColumnBuilder<string> {
  return column(name ?? null, 'DATETIME');
}

/** TIMESTAMPTZ: PostgreSQL's `timestamptz`; `DATETIME` (ISO text) on SQLite. */
export function timestamptz(name?: string): ColumnBuilder<string> {
  return column(name ?? null, 'TIMESTAMPTZ');
}

/** JSON (text on SQLite). */
export function json(name?: string): ColumnBuilder<string> {
  return column(name ?? null, 'JSON');
}

/** JSONB: PostgreSQL's binary JSON; `JSONB` (text) on SQLite. */
export function jsonb(name?: string): ColumnBuilder<string> {
  return column(name ?? null, 'JSONB');
}

/** UUID: PostgreSQL's `uuid`; `UUID` (text) on SQLite. @example uuid().primaryKey().default(sql`gen_random_uuid()`) */
export function uuid(name?: string): ColumnBuilder<string> {
  return column(name ?? null, 'UUID');
}

/** BLOB. */
export function blob(name?: string): ColumnBuilder<Uint8Array> {
  return column(name ?? null, 'BLOB');
}

/**
 * Any SQL type that has no builder of its own, written into the DDL as given.
 * @example sqlType('DOUBLE PRECISION') or sqlType('DOUBLE PRECISION', 'score')
 */
export function sqlType(type: string, name?: string): ColumnBuilder<unknown> {
  return column(name ?? null, type);
}
