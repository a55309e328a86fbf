/** Column builders as source text (pure): the SQL type picks the builder, then the chain says the rest. */
import type { Column, ColumnDefault, ForeignKey, ReferentialAction } from '../schema/types';
import { defaultArgument, stringList, stringLiteral, type ImportSet } from './render-values';

/** The JavaScript type a builder's `.default()` accepts. */
type ValueKind = 'number' | 'string' | 'boolean' | 'numberOrString' | 'none';

/** One typed builder: its name, the arguments after the optional column name, and what `.default()` takes. */
interface TypedBuilder {
  readonly fn: string;
  readonly args: ReadonlyArray<string>;
  readonly accepts: ValueKind;
}

const SIMPLE: Readonly<Record<string, Pick<TypedBuilder, 'fn' | 'accepts'>>> = {
  INTEGER: { fn: 'integer', accepts: 'number' },
  BIGINT: { fn: 'bigint', accepts: 'number' },
  TEXT: { fn: 'text', accepts: 'string' },
  BOOLEAN: { fn: 'boolean', accepts: 'boolean' },
  REAL: { fn: 'real', accepts: 'number' },
  FLOAT: { fn: 'float', accepts: 'number' },
  NUMERIC: { fn: 'numeric', accepts: 'numberOrString' },
  DATE: { fn: 'date', accepts: 'string' },
  DATETIME: { fn: 'datetime', accepts: 'string' },
  TIMESTAMPTZ: { fn: 'timestamptz', accepts: 'string' },
  JSON: { fn: 'json', accepts: 'string' },
  JSONB: { fn: 'jsonb', accepts: 'string' },
  BLOB: { fn: 'blob', accepts: 'none' },
  UUID: { fn: 'uuid', accepts: 'string' },
};

const WHOLE = '(0|[1-9][0-9]{0,14})';

/** The dedicated builder whose type text is exactly `type` (case and spacing included), or null. */
function typedBuilder(type: string): TypedBuilder | null {
  const simple = Object.hasOwn(SIMPLE, type) ? SIMPLE[type] : undefined;
  if (simple !== undefined) return { ...simple, args: [] };
  const varchar = new RegExp(`^VARCHAR\\(([1-9][0-9]{0,14})\\)$`).exec(type);
  if (varchar?.[1] !== undefined) return { fn: 'varchar', args: [varchar[1]], accepts: 'string' };
  const numeric = new RegExp(`^NUMERIC\\(${WHOLE}(?:, ${WHOLE})?\\)$`).exec(type);
  if (numeric?.[1] !== undefined) {
    return { fn: 'numeric', args: numeric[2] === undefined ? [numeric[1]] : [numeric[1], numeric[2]], accepts: 'numberOrString' };
  }
  return null;
}

function fits(accepts: ValueKind, value: string | number | boolean): boolean {
  switch (accepts) {
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'numberOrString':
      return typeof value !== 'boolean';
    case 'none':
      return false;
  }
}

/** A BOOLEAN default read back as 1/0 becomes true/false, which `boolean().default()` takes (and writes as 1/0). */
function booleanDefault(type: string, value: ColumnDefault | null): ColumnDefault | null {
  if (type === 'BOOLEAN' && value?.kind === 'literal' && (value.value === 0 || value.value === 1)) {
    return { kind: 'literal', value: value.value === 1 };
  }
  return value;
}

/**
 * The builder call for a type, e.g. `varchar('email', 120)` or `sqlType('DOUBLE PRECISION')`.
 * `sqlType` is used for types without a builder and when the default does not fit the builder's value type.
 */
export function typeCall(type: string, name: string | null, defaultValue: ColumnDefault | null, imports: ImportSet): string {
  const typed = typedBuilder(type);
  const literal = defaultValue?.kind === 'literal' ? defaultValue.value : null;
  const nameArgs = name === null ? [] : [stringLiteral(name)];
  if (typed !== null && (literal === null || fits(typed.accepts, literal))) {
    imports.add(typed.fn);
    return `${typed.fn}(${[...nameArgs, ...typed.args].join(', ')})`;
  }
  imports.add('sqlType');
  return `sqlType(${[stringLiteral(type), ...nameArgs].join(', ')})`;
}

/**
 * The builder call for a column of an enum type: `enumType('status', ['draft', 'live'])('state')`, with
 * `{ schema }` for a type outside the default schema (its `type` is then `schema.name`).
 */
function enumTypeCall(type: string, values: ReadonlyArray<string>, name: string | null, imports: ImportSet): string {
  imports.add('enumType');
  const dot = type.indexOf('.');
  const [schema, typeName] = dot < 0 ? [null, type] : [type.slice(0, dot), type.slice(dot + 1)];
  const options = schema === null ? '' : `, { schema: ${stringLiteral(schema)} }`;
  return `enumType(${stringLiteral(typeName)}, ${stringList(values)}${options})(${name === null ? '' : stringLiteral(name)})`;
}

/** `onDelete`/`onUpdate`, in the lower case `.references()` and `createForeignKey` take; NO ACTION is left out. */
export function referenceActions(fk: Pick<ForeignKey, 'onDelete' | 'onUpdate'>): string[] {
  const lower = (action: ReferentialAction) => stringLiteral(action.toLowerCase());
  const out: string[] = [];
  if (fk.onDelete !== 'NO ACTION') out.push(`onDelete: ${lower(fk.onDelete)}`);
  if (fk.onUpdate !== 'NO ACTION') out.push(`onUpdate: ${lower(fk.onUpdate)}`);
  return out;
}

/** True when every referenced column can be written as `'table.column'` (no dot in the column's name, which would be ambiguous). */
export function isTableColumnsReference(fk: ForeignKey): boolean {
  return fk.refTable !== '' && fk.refColumns.length > 0 && fk.refColumns.every((ref) => ref !== '' && !ref.includes('.'));
}

/** True when `fk` can be written as `.references('table.column')` on `column`. */
export function isColumnReference(fk: ForeignKey, column: string): boolean {
  const [only] = fk.columns;
  return fk.columns.length === 1 && only === column && fk.refColumns.length === 1 && isTableColumnsReference(fk);
}

/** What a column declaration says besides its type. */
export interface ColumnParts {
  /** The table, for the default constraint names. */
  readonly table: string;
  /** Passed to the builder (addColumn); null when the property key names the column (createTable). */
  readonly name: string | null;
  /** The column is the whole primary key; `name: null` for an unnamed one. */
  readonly primaryKey: { readonly name: string | null } | null;
  /** A column UNIQUE; `name: null` for an unnamed one. */
  readonly unique: { readonly name: string | null } | null;
  /** A single-column foreign key (see isColumnReference). */
  readonly references: ForeignKey | null;
}

/** The builder chain for a column: `varchar(80).notNull().unique().default('x').references('team.id', { … })`. */
export function columnBuilder(column: Column, parts: ColumnParts, imports: ImportSet): string {
  const value = booleanDefault(column.type, column.default);
  let text =
    column.enumValues === undefined
      ? typeCall(column.type, parts.name, value, imports)
      : enumTypeCall(column.type, column.enumValues, parts.name, imports);
  if (parts.primaryKey !== null) {
    const options = [
      ...(parts.primaryKey.name === null ? [] : [`name: ${stringLiteral(parts.primaryKey.name)}`]),
      ...(column.autoincrement ? ['autoincrement: true'] : []),
    ];
    text += options.length === 0 ? '.primaryKey()' : `.primaryKey({ ${options.join(', ')} })`;
  } else if (!column.nullable) text += '.notNull()';
  if (parts.unique !== null) {
    const name = parts.unique.name;
    text += name === null || name === `uq_${parts.table}_${column.name}` ? '.unique()' : `.unique(${stringLiteral(name)})`;
  }
  if (value !== null && !(value.kind === 'literal' && value.value === null)) text += `.default(${defaultArgument(value, imports)})`;
  if (parts.references !== null) {
    const fk = parts.references;
    const options: string[] = [];
    if (fk.name !== null && fk.name !== `fk_${parts.table}_${column.name}_${fk.refTable}`) options.push(`name: ${stringLiteral(fk.name)}`);
    options.push(...referenceActions(fk));
    const target = stringLiteral(`${fk.refTable}.${fk.refColumns[0] ?? ''}`);
    text += options.length === 0 ? `.references(${target})` : `.references(${target}, { ${options.join(', ')} })`;
  }
  return text;
}
