/** `enumType(name, values)`: an enum type, used as a column builder (PostgreSQL's CREATE TYPE … AS ENUM, a CHECK on SQLite). */
import type { EnumType } from '../schema/types';
import { column, type ColumnBuilder } from './column';

/** Options of `enumType()`. */
export interface EnumTypeOptions {
  /** The schema the type lives in (PostgreSQL); omitted, the default schema. */
  readonly schema?: string;
}

/** The column builder an enum type is: `status()` or `status('state')`; `type` is the declared EnumType. */
export interface EnumColumnBuilder<TValue extends string> {
  (name?: string): ColumnBuilder<TValue>;
  readonly type: EnumType;
}

/**
 * Declares an enum type; call the result like any column builder. Every column using it shares the type.
 * @example
 * export const status = enumType('status', ['draft', 'live']);
 * export const post = table('post', { id: integer().primaryKey(), state: status('state').notNull().default('draft') });
 */
export function enumType<const TValues extends ReadonlyArray<string>>(
  name: string,
  values: TValues,
  options: EnumTypeOptions = {},
): EnumColumnBuilder<TValues[number]> {
  if (typeof name !== 'string' || name === '') throw new TypeError("enumType() needs a type name, e.g. enumType('status', ['draft'])");
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
    throw new TypeError(`enumType('${name}') needs a non-empty list of string values, e.g. ['draft', 'live']`);
  }
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) throw new TypeError(`enumType('${name}') lists value '${repeated}' twice; list each value once`);
  const type: EnumType = Object.freeze({
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    name,
    values: Object.freeze([...values]),
  });
  const typeName = options.schema === undefined ? name : `${options.schema}.${name}`;
  const builder = (columnName?: string): ColumnBuilder<TValues[number]> => column(columnName ?? null, typeName, type);
  return Object.freeze(Object.assign(builder, { type }));
}
