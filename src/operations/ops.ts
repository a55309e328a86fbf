/** The Op union: frozen, tagged by `kind`; the kind is also the `op` facade method and the renderer's name. */
import type {
  CheckConstraint,
  Column,
  ColumnDefault,
  EnumType,
  ForeignKey,
  Index,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from '../schema/types';

/** CREATE TABLE with its constraints and indexes. */
export interface CreateTableOp {
  readonly kind: 'createTable';
  readonly table: Table;
}
/** DROP TABLE; `table` is the dropped definition, kept so the drop can be reversed. */
export interface DropTableOp {
  readonly kind: 'dropTable';
  readonly name: string;
  readonly table: Table | null;
}
/** ALTER TABLE … RENAME TO. */
export interface RenameTableOp {
  readonly kind: 'renameTable';
  readonly from: string;
  readonly to: string;
}
/** ADD COLUMN, with the column-level UNIQUE and FOREIGN KEY it declares. */
export interface AddColumnOp {
  readonly kind: 'addColumn';
  readonly table: string;
  readonly column: Column;
  readonly unique: UniqueConstraint | null;
  readonly foreignKey: ForeignKey | null;
}
/** DROP COLUMN; `column` is the dropped definition, for the reverse. */
export interface DropColumnOp {
  readonly kind: 'dropColumn';
  readonly table: string;
  readonly name: string;
  readonly column: Column | null;
}
/** What alterColumn changes; absent fields stay as they are. */
export interface ColumnChanges {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly default?: ColumnDefault | null;
  readonly newName?: string;
}
/** Changes a column's type, nullability, default or name; `existing` is the prior state, for the reverse. */
export interface AlterColumnOp {
  readonly kind: 'alterColumn';
  readonly table: string;
  readonly name: string;
  readonly changes: ColumnChanges;
  readonly existing: Column | null;
}
/** CREATE [UNIQUE] INDEX. */
export interface CreateIndexOp {
  readonly kind: 'createIndex';
  readonly table: string;
  readonly index: Index;
}
/** DROP INDEX; `index` is the dropped definition, for the reverse. */
export interface DropIndexOp {
  readonly kind: 'dropIndex';
  readonly table: string | null;
  readonly name: string;
  readonly index: Index | null;
}
/** Adds a named UNIQUE constraint. */
export interface CreateUniqueConstraintOp {
  readonly kind: 'createUniqueConstraint';
  readonly table: string;
  readonly constraint: UniqueConstraint;
}
/** Adds a named FOREIGN KEY constraint. */
export interface CreateForeignKeyOp {
  readonly kind: 'createForeignKey';
  readonly table: string;
  readonly constraint: ForeignKey;
}
/** Adds a named CHECK constraint. */
export interface CreateCheckConstraintOp {
  readonly kind: 'createCheckConstraint';
  readonly table: string;
  readonly constraint: CheckConstraint;
}
/** The definition a dropConstraint removes, for the reverse. */
export type DroppedConstraint =
  | { readonly type: 'unique'; readonly constraint: UniqueConstraint }
  | { readonly type: 'foreignKey'; readonly constraint: ForeignKey }
  | { readonly type: 'check'; readonly constraint: CheckConstraint };
/** Drops a named constraint (UNIQUE, FOREIGN KEY or CHECK). */
export interface DropConstraintOp {
  readonly kind: 'dropConstraint';
  readonly table: string;
  readonly name: string;
  readonly dropped: DroppedConstraint | null;
}
/** Replaces the primary key (null: none); `existing` is the prior key, for the reverse (undefined: unknown). */
export interface AlterPrimaryKeyOp {
  readonly kind: 'alterPrimaryKey';
  readonly table: string;
  readonly primaryKey: PrimaryKey | null;
  readonly existing?: PrimaryKey | null;
}
/** Raw SQL with optional bindings. */
export interface ExecuteOp {
  readonly kind: 'execute';
  readonly sql: string;
  readonly bindings: ReadonlyArray<unknown>;
}
/** Inserts rows into a table. */
export interface BulkInsertOp {
  readonly kind: 'bulkInsert';
  readonly table: string;
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** CREATE TYPE … AS ENUM (PostgreSQL; SQLite keeps enums as CHECK constraints of their columns). */
export interface CreateEnumOp {
  readonly kind: 'createEnum';
  readonly enum: EnumType;
}
/** DROP TYPE; `enum` is the dropped type, for the reverse. */
export interface DropEnumOp {
  readonly kind: 'dropEnum';
  readonly name: string;
  readonly schema?: string;
  readonly enum: EnumType | null;
}
/** ALTER TYPE … ADD VALUE, placed before `before` (or at the end); `enum` is the type before, for the reverse. */
export interface AddEnumValueOp {
  readonly kind: 'addEnumValue';
  readonly name: string;
  readonly schema?: string;
  readonly value: string;
  readonly before: string | null;
  readonly enum: EnumType | null;
}
/** Removes a value: the type is recreated without it (refused while rows hold it); `enum` is the type before, for the reverse. */
export interface DropEnumValueOp {
  readonly kind: 'dropEnumValue';
  readonly name: string;
  readonly schema?: string;
  readonly value: string;
  readonly enum: EnumType | null;
}
/** CREATE SCHEMA (PostgreSQL). */
export interface CreateSchemaOp {
  readonly kind: 'createSchema';
  readonly name: string;
}
/** DROP SCHEMA (PostgreSQL; it must be empty). */
export interface DropSchemaOp {
  readonly kind: 'dropSchema';
  readonly name: string;
}

/** Every operation a migration can perform. */
export type Op =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | CreateUniqueConstraintOp
  | CreateForeignKeyOp
  | CreateCheckConstraintOp
  | DropConstraintOp
  | AlterPrimaryKeyOp
  | ExecuteOp
  | BulkInsertOp
  | CreateEnumOp
  | DropEnumOp
  | AddEnumValueOp
  | DropEnumValueOp
  | CreateSchemaOp
  | DropSchemaOp;

/** The kind tags of Op. */
export type OpKind = Op['kind'];

/** Freezes an op (and its arrays) so nothing downstream can change it. */
export function freezeOp<T extends Op>(op: T): T {
  return Object.freeze(op);
}
