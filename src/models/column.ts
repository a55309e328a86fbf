/** Column builders: `integer()`, `varchar(80)`, … with `.notNull()`, `.default()`, `.references()`. */
import type { EnumType, ReferentialAction } from '../schema/types';
import { isSqlExpression, type SqlExpression } from './sql';

/** Where a column points: the value `() => team.id` returns. */
export interface ColumnRef {
  readonly kind: 'columnRef';
  readonly table: string;
  readonly column: string;
}

/** ON DELETE / ON UPDATE options of `.references()`, in lower case as people write them. */
export type ReferenceAction = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action';

/** Options of `.references()`. */
export interface ReferenceOptions {
  readonly onDelete?: ReferenceAction;
  readonly onUpdate?: ReferenceAction;
  readonly name?: string;
}

/** Everything a column declaration says, before it is turned into the Schema shape. */
export interface ColumnSpec {
  readonly name: string | null;
  readonly type: string;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  /** The primary key's constraint name, from `.primaryKey({ name })`. */
  readonly primaryKeyName: string | null;
  readonly autoincrement: boolean;
  readonly unique: { readonly name: string | null } | null;
  /** `.index()`: an index on this column alone (unique when `.unique()` is also declared). */
  readonly index: { readonly name: string | null } | null;
  readonly default: { readonly value: string | number | boolean | null | SqlExpression } | null;
  readonly references: { readonly target: (() => ColumnRef) | string; readonly options: ReferenceOptions } | null;
  readonly renamedFrom: string | null;
  /** The enum type of an `enumType(…)` column; `type` is then its name (`schema.name` outside the default schema). */
  readonly enumType: EnumType | null;
}

/**
 * An immutable column declaration; each method returns a new builder.
 * `TValue` is the JavaScript type of the column's values, so `.default()` is type-checked.
 */
export class ColumnBuilder<TValue> {
  /** @internal the declaration; read it through `spec`. */
  readonly spec: ColumnSpec;
  declare readonly valueType: TValue;

  constructor(spec: ColumnSpec) {
    this.spec = Object.freeze(spec);
    Object.freeze(this);
  }

  private with(change: Partial<ColumnSpec>): ColumnBuilder<TValue> {
    return new ColumnBuilder<TValue>({ ...this.spec, ...change });
  }

  /** NOT NULL. */
  notNull(): ColumnBuilder<TValue> {
    return this.with({ notNull: true });
  }

  /**
   * PRIMARY KEY (implies NOT NULL); `autoincrement` adds SQLite's AUTOINCREMENT, `name` names the constraint.
   * @example integer().primaryKey(); integer().primaryKey({ name: 'pk_user', autoincrement: true })
   */
  primaryKey(options: { autoincrement?: boolean; name?: string } = {}): ColumnBuilder<TValue> {
    const { name = null, autoincrement = false } = options;
    return this.with({ primaryKey: true, primaryKeyName: name, notNull: true, autoincrement });
  }

  /**
   * A UNIQUE constraint on this column, named `uq_<table>_<column>` unless a name is given.
   * With `.index()` it is one unique index instead, as SQLAlchemy's `unique=True, index=True`.
   */
  unique(name?: string): ColumnBuilder<TValue> {
    return this.with({ unique: { name: name ?? null } });
  }

  /**
   * An index on this column, named `ix_<table>_<column>` unless a name is given (SQLAlchemy's `index=True`).
   * @example varchar(64).unique().index() declares one unique index `ix_user_username`
   */
  index(name?: string): ColumnBuilder<TValue> {
    return this.with({ index: { name: name ?? null } });
  }

  /**
   * DEFAULT: a literal of the column's type, `null`, or a server expression.
   * @example boolean().default(true); datetime().default(sql`CURRENT_TIMESTAMP`)
   */
  default(value: TValue | null | SqlExpression): ColumnBuilder<TValue> {
    if (!isLiteral(value) && !isSqlExpression(value)) {
      throw new TypeError(`default() takes a string, number, boolean, null or sql\`…\`, not ${typeof value}`);
    }
    return this.with({ default: { value } });
  }

  /**
   * A foreign key to another table's column: a declared column, or `'table.column'` (handy in migration scripts).
   * @example integer('team_id').references(() => team.id, { onDelete: 'cascade' }); integer('team_id').references('team.id')
   */
  references(target: (() => ColumnRef) | string, options: ReferenceOptions = {}): ColumnBuilder<TValue> {
    return this.with({ references: { target, options } });
  }

  /** Declares that this column was renamed from `oldName`, so autogenerate renders a rename. */
  renamedFrom(oldName: string): ColumnBuilder<TValue> {
    return this.with({ renamedFrom: oldName });
  }
}

function isLiteral(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Maps the lower-case option to the SQL keyword. */
export function toReferentialAction(action: ReferenceAction | undefined): ReferentialAction {
  return action === undefined ? 'NO ACTION' : (action.toUpperCase() as ReferentialAction);
}

/** Starts a builder for a SQL type (or, given `enumType`, for a column of that enum type). */
export function column<TValue>(name: string | null, type: string, enumType: EnumType | null = null): ColumnBuilder<TValue> {
  return new ColumnBuilder<TValue>({
    name,
    type,
    notNull: false,
    primaryKey: false,
    primaryKeyName: null,
    autoincrement: false,
    unique: null,
    index: null,
    default: null,
    references: null,
    renamedFrom: null,
    enumType,
  });
}
