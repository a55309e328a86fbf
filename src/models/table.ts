/** `table()` and its extras: index, uniqueIndex, unique, check, primaryKey, foreignKey. */
import type { ColumnBuilder, ColumnRef, ReferenceOptions } from './column';
import { noteCreatedTable } from './created-tables';
import type { SqlExpression } from './sql';

/**
 * The referenced columns of `foreignKey(name).on(…).references(target)`: a thunk returning declared
 * columns (`() => [grid.x, grid.y]`), or `'table.column'` texts (`['grid.x', 'grid.y']`, for migration scripts).
 */
export type ForeignKeyTarget = (() => ColumnRef | ReadonlyArray<ColumnRef>) | string | ReadonlyArray<string>;

/** ON DELETE / ON UPDATE of a table-level foreign key (its name is given to `foreignKey(name)`). */
export type ForeignKeyActions = Omit<ReferenceOptions, 'name'>;

/** The extras a table callback may return. */
export type TableExtra =
  | {
      readonly kind: 'index';
      readonly name: string;
      /** Columns, or expressions such as sql`lower(email)`. */
      readonly columns: ReadonlyArray<ColumnRef | SqlExpression>;
      readonly unique: boolean;
      readonly predicate: SqlExpression | null;
      readonly method: IndexMethod | null;
    }
  | { readonly kind: 'unique'; readonly name: string; readonly columns: ReadonlyArray<ColumnRef> }
  | { readonly kind: 'check'; readonly name: string; readonly expression: SqlExpression }
  | { readonly kind: 'primaryKey'; readonly name: string | null; readonly columns: ReadonlyArray<ColumnRef> }
  | {
      readonly kind: 'foreignKey';
      readonly name: string;
      readonly columns: ReadonlyArray<ColumnRef>;
      readonly target: ForeignKeyTarget;
      readonly options: ForeignKeyActions;
    };

/** Index methods of `.using()` (PostgreSQL; SQLite has only its b-tree and ignores the method). */
export type IndexMethod = 'btree' | 'hash' | 'gin' | 'gist' | 'brin';

const INDEX_METHODS: ReadonlyArray<IndexMethod> = ['btree', 'hash', 'gin', 'gist', 'brin'];

/** Column builders keyed by property name. */
export type ColumnMap = Readonly<Record<string, ColumnBuilder<unknown>>>;

/** Marks table declarations; the key is a symbol so it never clashes with a column name. */
export const TABLE = Symbol.for('tsdb.table');

/** What `table()` keeps about the declaration. */
export interface TableDeclaration {
  /** The schema it lives in (PostgreSQL); null: the default schema. */
  readonly schema: string | null;
  readonly name: string;
  readonly columns: ColumnMap;
  readonly extras: ReadonlyArray<TableExtra>;
  readonly renamedFrom: string | null;
}

/** A declared table: one ColumnRef per column property, plus the declaration under TABLE. */
export type TableDef<C extends ColumnMap> = { readonly [K in keyof C]: ColumnRef } & {
  readonly [TABLE]: TableDeclaration;
};

/** Options of `table()`. */
export interface TableOptions {
  /** The table's previous name, so autogenerate renders a rename that keeps the rows. */
  readonly renamedFrom?: string;
  /** The schema the table lives in (PostgreSQL); omitted, the default schema. Others reference it as `schema.table`. */
  readonly schema?: string;
}

/**
 * Declares a table.
 * @example
 * export const user = table('user', { id: integer().primaryKey(), email: varchar(120).notNull() },
 *   (t) => [index('ix_user_email').on(t.email)]);
 */
export function table<C extends ColumnMap>(
  name: string,
  columns: C,
  extras?: ((t: { readonly [K in keyof C]: ColumnRef }) => ReadonlyArray<TableExtra>) | ReadonlyArray<TableExtra>,
  options: TableOptions = {},
): TableDef<C> {
  const refs: Record<string, ColumnRef> = {};
  const schema = options.schema ?? null;
  if (schema !== null && (typeof schema !== 'string' || schema === '')) {
    throw new TypeError(`table('${name}'): the schema option must be a schema name, e.g. { schema: 'billing' }`);
  }
  // foreign keys name a table outside the default schema as `schema.table`, as ops do
  const refTable = schema === null ? name : `${schema}.${name}`;
  for (const [key, builder] of Object.entries(columns)) {
    if (!isColumnBuilder(builder)) throw notAColumn(name, key, builder);
    const ref = Object.freeze({ kind: 'columnRef', table: refTable, column: builder.spec.name ?? key });
    // a column named __proto__ must be a property, not the object's prototype (plain assignment is faster for the rest)
    if (key === '__proto__') Object.defineProperty(refs, key, { value: ref, enumerable: true });
    else refs[key] = ref;
  }
  const typedRefs = refs as { readonly [K in keyof C]: ColumnRef };
  const declaration: TableDeclaration = Object.freeze({
    schema,
    name,
    columns,
    extras: Object.freeze([...(typeof extras === 'function' ? extras(typedRefs) : (extras ?? []))]),
    renamedFrom: options.renamedFrom ?? null,
  });
  noteCreatedTable(declaration);
  return Object.freeze({ ...typedRefs, [TABLE]: declaration }) as TableDef<C>;
}

function isColumnBuilder(value: unknown): value is ColumnMap[string] {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && 'spec' in value;
}

/** JavaScript models are not type-checked: `mood: mood` or `id: integer` (the builder, not called) would fail later and obscurely. */
function notAColumn(tableName: string, key: string, value: unknown): TypeError {
  const enumName = typeof value === 'function' && 'type' in value ? (value.type as { name?: unknown }).name : undefined;
  const what =
    typeof enumName === 'string'
      ? `is the enum type '${enumName}' itself, not a column: call the builder enumType() returned (\`${key}: ${enumName}()\`)`
      : typeof value === 'function'
        ? `is the type builder ${value.name}() itself, not a column: call it (\`${key}: ${value.name}()\`)`
        : `is ${value === null ? 'null' : typeof value}, not a column: declare it with a type builder such as integer() or text()`;
  return new TypeError(`table('${tableName}'): column '${key}' ${what}`);
}

/** True for values returned by `table()`. */
export function isTableDef(value: unknown): value is TableDef<ColumnMap> {
  return typeof value === 'object' && value !== null && TABLE in value;
}

/**
 * `index(name).on(cols…)`: terms are columns (`t.email`) or expressions (`sql\`lower(email)\``); then optionally
 * `.where(sql\`…\`)` (a partial index) and `.using('gin')` (the index method, PostgreSQL).
 */
export function index(name: string) {
  return indexBuilder(name, false);
}

/** `uniqueIndex(name).on(cols…)`, with the same options as `index()`. */
export function uniqueIndex(name: string) {
  return indexBuilder(name, true);
}

type IndexExtra = Extract<TableExtra, { kind: 'index' }>;

/** An index extra that can still take `.where()` and `.using()`. */
export type IndexDeclaration = IndexExtra & {
  /** A partial index: `index('ix').on(t.email).where(sql`active = 1`)`. */
  where(predicate: SqlExpression): IndexDeclaration;
  /** The index method (PostgreSQL): `index('ix_doc_body').on(t.body).using('gin')`. */
  using(method: IndexMethod): IndexDeclaration;
};

function indexDeclaration(extra: IndexExtra): IndexDeclaration {
  return Object.freeze({
    ...extra,
    where: (predicate: SqlExpression) => indexDeclaration({ ...extra, predicate }),
    using: (method: IndexMethod) => {
      if (!INDEX_METHODS.includes(method)) {
        throw new TypeError(
          `index '${extra.name}': using('${String(method)}') is not an index method; use one of ${INDEX_METHODS.join(', ')}`,
        );
      }
      return indexDeclaration({ ...extra, method });
    },
  });
}

function indexBuilder(name: string, unique: boolean) {
  return {
    on: (...columns: ReadonlyArray<ColumnRef | SqlExpression>): IndexDeclaration =>
      indexDeclaration({ kind: 'index', name, columns, unique, predicate: null, method: null }),
  };
}

/** A named UNIQUE constraint: `unique(name).on(cols…)`. */
export function unique(name: string) {
  return { on: (...columns: ReadonlyArray<ColumnRef>): TableExtra => Object.freeze({ kind: 'unique', name, columns }) };
}

/** A named CHECK constraint. @example check('ck_age', sql`age >= 0`) */
export function check(name: string, expression: SqlExpression): TableExtra {
  return Object.freeze({ kind: 'check', name, expression });
}

/**
 * A composite primary key: `primaryKey(t.a, t.b)`, or a named one: `primaryKey('pk_x').on(t.a, t.b)`.
 * @example table('follower', { …columns }, (t) => [primaryKey('pk_follower').on(t.followerId, t.followedId)])
 */
export function primaryKey(name: string): { on(...columns: ReadonlyArray<ColumnRef>): TableExtra };
export function primaryKey(...columns: ReadonlyArray<ColumnRef>): TableExtra;
export function primaryKey(...args: ReadonlyArray<string | ColumnRef>): TableExtra | ReturnType<typeof namedPrimaryKey> {
  const [first] = args;
  if (typeof first === 'string') return namedPrimaryKey(first);
  return Object.freeze({ kind: 'primaryKey', name: null, columns: args.filter((a): a is ColumnRef => typeof a !== 'string') });
}

function namedPrimaryKey(name: string) {
  return { on: (...columns: ReadonlyArray<ColumnRef>): TableExtra => Object.freeze({ kind: 'primaryKey', name, columns }) };
}

/**
 * A named (composite) foreign key: `foreignKey(name).on(cols…).references(() => [other.a, other.b], { onDelete })`.
 * @example foreignKey('fk_cell_grid').on(t.gridX, t.gridY).references(() => [grid.x, grid.y], { onDelete: 'cascade' })
 */
export function foreignKey(name: string) {
  return {
    on: (...columns: ReadonlyArray<ColumnRef>) => ({
      references: (target: ForeignKeyTarget, options: ForeignKeyActions = {}): TableExtra =>
        Object.freeze({ kind: 'foreignKey', name, columns, target, options }),
    }),
  };
}
