/** The one schema shape: models produce it, introspection produces it, compare and DDL consume it. */

/** A column default: a literal value, or a server-side SQL expression such as CURRENT_TIMESTAMP. */
export type ColumnDefault =
  { readonly kind: 'literal'; readonly value: string | number | boolean | null } | { readonly kind: 'expression'; readonly sql: string };

/** One column of a table. `type` is the declared SQL type text, e.g. `VARCHAR(80)`. */
export interface Column {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default: ColumnDefault | null;
  /** SQLite AUTOINCREMENT on an INTEGER PRIMARY KEY column. */
  readonly autoincrement: boolean;
}

/** The table's primary key; `name` is null when the constraint is unnamed. */
export interface PrimaryKey {
  readonly name: string | null;
  readonly columns: ReadonlyArray<string>;
}

/** An index created with CREATE [UNIQUE] INDEX; `where` is the partial-index predicate. */
export interface Index {
  readonly name: string;
  readonly columns: ReadonlyArray<string>;
  readonly unique: boolean;
  readonly where: string | null;
}

/** A UNIQUE table constraint. */
export interface UniqueConstraint {
  readonly name: string | null;
  readonly columns: ReadonlyArray<string>;
}

/** Referential action of ON DELETE / ON UPDATE. */
export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

/** A FOREIGN KEY table constraint. */
export interface ForeignKey {
  readonly name: string | null;
  readonly columns: ReadonlyArray<string>;
  readonly refTable: string;
  readonly refColumns: ReadonlyArray<string>;
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

/** A CHECK table constraint; `expression` is the SQL between the parentheses. */
export interface CheckConstraint {
  readonly name: string | null;
  readonly expression: string;
}

/** One table with every constraint it carries. */
export interface Table {
  readonly name: string;
  readonly columns: ReadonlyArray<Column>;
  readonly primaryKey: PrimaryKey | null;
  readonly indexes: ReadonlyArray<Index>;
  readonly uniques: ReadonlyArray<UniqueConstraint>;
  readonly foreignKeys: ReadonlyArray<ForeignKey>;
  readonly checks: ReadonlyArray<CheckConstraint>;
}

/** A whole database schema: tables in a stable order. */
export interface Schema {
  readonly tables: ReadonlyArray<Table>;
}

/** Builds a frozen Table, filling the parts not given with empty lists. */
export function makeTable(table: Pick<Table, 'name' | 'columns'> & Partial<Omit<Table, 'name' | 'columns'>>): Table {
  return Object.freeze({
    name: table.name,
    columns: Object.freeze([...table.columns]),
    primaryKey: table.primaryKey ?? null,
    indexes: Object.freeze([...(table.indexes ?? [])]),
    uniques: Object.freeze([...(table.uniques ?? [])]),
    foreignKeys: Object.freeze([...(table.foreignKeys ?? [])]),
    checks: Object.freeze([...(table.checks ?? [])]),
  });
}

/** Builds a frozen Column with the usual defaults (nullable, no default, no autoincrement). */
export function makeColumn(column: Pick<Column, 'name' | 'type'> & Partial<Column>): Column {
  return Object.freeze({
    name: column.name,
    type: column.type,
    nullable: column.nullable ?? true,
    default: column.default ?? null,
    autoincrement: column.autoincrement ?? false,
  });
}
