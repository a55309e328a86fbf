/** The `op` facade that migration scripts receive: one method per Op kind, plus `op.knex`. */
import type { Knex } from 'knex';
import type { ColumnBuilder, ReferenceAction } from '../models/column';
import { toReferentialAction } from '../models/column';
import { isSqlExpression, type SqlExpression } from '../models/sql';
import type { ColumnMap, IndexMethod, TableDef, TableExtra, TableOptions } from '../models/table';
import { TABLE, isTableDef, table as declareTable } from '../models/table';
import { declarationToTable, toColumn, toColumnForeignKey, toColumnUnique } from '../models/to-schema';
import type { ColumnChanges, Op } from './ops';
import { freezeOp } from './ops';
import type { ColumnDefault } from '../schema/types';

/** The changes `op.alterColumn` accepts; omitted fields stay as they are. */
export interface AlterColumnOptions {
  /** New type: a builder such as `varchar(200)`, or SQL type text. */
  readonly type?: ColumnBuilder<unknown> | string;
  readonly nullable?: boolean;
  /** New default; `null` removes it. */
  readonly default?: string | number | boolean | null | SqlExpression;
  readonly newName?: string;
}

/** Options of `op.createIndex`. */
export interface CreateIndexOptions {
  readonly unique?: boolean;
  readonly where?: string | SqlExpression;
  /** The index method (PostgreSQL; SQLite ignores it). */
  readonly using?: IndexMethod;
}

/** Options of `op.createForeignKey`. */
export interface ForeignKeyOptions {
  readonly onDelete?: ReferenceAction;
  readonly onUpdate?: ReferenceAction;
}

function toDefault(value: string | number | boolean | null | SqlExpression): ColumnDefault | null {
  if (value === null) return null;
  return isSqlExpression(value) ? { kind: 'expression', sql: value.text } : { kind: 'literal', value };
}

function sqlText(value: string | SqlExpression): string {
  return typeof value === 'string' ? value : value.text;
}

/**
 * What `upgrade(op)` and `downgrade(op)` receive. Every method runs inside the migration's
 * transaction; `op.knex` is a Knex instance bound to that same transaction, for data changes.
 * @example
 * export async function upgrade(op: Operations) {
 *   await op.addColumn('user', text('bio'));
 *   await op.knex('user').update({ bio: '' });
 * }
 */
export class Operations {
  readonly #run: (op: Op) => Promise<void>;
  readonly #knex: () => Knex;

  constructor(run: (op: Op) => Promise<void>, knex: () => Knex) {
    this.#run = run;
    this.#knex = knex;
  }

  /** Knex bound to the migration's transaction (do not begin or commit transactions with it). */
  get knex(): Knex {
    return this.#knex();
  }

  /** Runs raw SQL. @example await op.execute('UPDATE "user" SET active = ?', [1]) */
  execute(sql: string, bindings: ReadonlyArray<unknown> = []): Promise<void> {
    return this.#run(freezeOp({ kind: 'execute', sql, bindings: [...bindings] }));
  }

  /**
   * Creates a table from column builders, like `table()` in models (`{ schema }` as there).
   * @example await op.createTable('team', { id: integer().primaryKey(), name: varchar(100).notNull() })
   */
  createTable<C extends ColumnMap>(
    nameOrTable: string | TableDef<C>,
    columns?: C,
    extras?: Parameters<typeof declareTable<C>>[2],
    options: Pick<TableOptions, 'schema'> = {},
  ): Promise<void> {
    const def = isTableDef(nameOrTable) ? nameOrTable : declareTable(nameOrTable, columns ?? ({} as C), extras, options);
    return this.#run(freezeOp({ kind: 'createTable', table: declarationToTable(def[TABLE]) }));
  }

  /** Drops a table. */
  dropTable(name: string): Promise<void> {
    return this.#run(freezeOp({ kind: 'dropTable', name, table: null }));
  }

  /** Renames a table; rows, indexes and references follow it. */
  renameTable(from: string, to: string): Promise<void> {
    return this.#run(freezeOp({ kind: 'renameTable', from, to }));
  }

  /** Adds a column. @example await op.addColumn('user', text('bio')) */
  addColumn(table: string, column: ColumnBuilder<unknown>): Promise<void> {
    const c = toColumn(column, null);
    return this.#run(
      freezeOp({
        kind: 'addColumn',
        table,
        column: c,
        unique: toColumnUnique(table, column, c.name),
        foreignKey: toColumnForeignKey(table, column, c.name),
      }),
    );
  }

  /** Drops a column (a table rebuild when indexes or constraints use it). */
  dropColumn(table: string, name: string): Promise<void> {
    return this.#run(freezeOp({ kind: 'dropColumn', table, name, column: null }));
  }

  /**
   * Changes a column's type, nullability, default or name.
   * @example await op.alterColumn('user', 'email', { type: varchar(200), nullable: false })
   */
  async alterColumn(table: string, name: string, options: AlterColumnOptions): Promise<void> {
    const { newName, ...rest } = options;
    const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
    if (rest.type !== undefined) changes.type = typeof rest.type === 'string' ? rest.type : rest.type.spec.type;
    if (rest.nullable !== undefined) changes.nullable = rest.nullable;
    if (rest.default !== undefined) changes.default = toDefault(rest.default);
    if (Object.keys(changes).length > 0) {
      await this.#run(freezeOp({ kind: 'alterColumn', table, name, changes, existing: null }));
    }
    if (newName !== undefined) {
      await this.#run(freezeOp({ kind: 'alterColumn', table, name, changes: { newName }, existing: null }));
    }
  }

  /** Creates an index. @example await op.createIndex('ix_user_email', 'user', ['email'], { unique: true }) */
  createIndex(name: string, table: string, columns: ReadonlyArray<string>, options: CreateIndexOptions = {}): Promise<void> {
    const where = options.where === undefined ? null : sqlText(options.where);
    const index = { name, columns: [...columns], unique: options.unique ?? false, where };
    return this.#run(
      freezeOp({ kind: 'createIndex', table, index: options.using === undefined ? index : { ...index, method: options.using } }),
    );
  }

  /** Drops an index. */
  dropIndex(name: string, table?: string): Promise<void> {
    return this.#run(freezeOp({ kind: 'dropIndex', table: table ?? null, name, index: null }));
  }

  /** Adds a named UNIQUE constraint (a table rebuild on SQLite). */
  createUniqueConstraint(name: string, table: string, columns: ReadonlyArray<string>): Promise<void> {
    return this.#run(freezeOp({ kind: 'createUniqueConstraint', table, constraint: { name, columns: [...columns] } }));
  }

  /**
   * Adds a named FOREIGN KEY (a table rebuild on SQLite).
   * @example await op.createForeignKey('fk_user_team', 'user', 'team', ['team_id'], ['id'], { onDelete: 'cascade' })
   */
  createForeignKey(
    name: string,
    table: string,
    refTable: string,
    columns: ReadonlyArray<string>,
    refColumns: ReadonlyArray<string>,
    options: ForeignKeyOptions = {},
  ): Promise<void> {
    return this.#run(
      freezeOp({
        kind: 'createForeignKey',
        table,
        constraint: {
          name,
          columns: [...columns],
          refTable,
          refColumns: [...refColumns],
          onDelete: toReferentialAction(options.onDelete),
          onUpdate: toReferentialAction(options.onUpdate),
        },
      }),
    );
  }

  /** Adds a named CHECK constraint (a table rebuild on SQLite). @example await op.createCheckConstraint('ck_age', 'user', 'age >= 0') */
  createCheckConstraint(name: string, table: string, condition: string | SqlExpression): Promise<void> {
    return this.#run(freezeOp({ kind: 'createCheckConstraint', table, constraint: { name, expression: sqlText(condition) } }));
  }

  /** Drops a named UNIQUE, FOREIGN KEY or CHECK constraint (a table rebuild on SQLite). */
  dropConstraint(name: string, table: string): Promise<void> {
    return this.#run(freezeOp({ kind: 'dropConstraint', table, name, dropped: null }));
  }

  /**
   * Replaces the table's primary key (a table rebuild on SQLite); `null` removes it.
   * @example await op.alterPrimaryKey('membership', ['user_id', 'team_id'])
   */
  alterPrimaryKey(table: string, columns: ReadonlyArray<string> | null, options: { name?: string } = {}): Promise<void> {
    const primaryKey = columns === null ? null : { name: options.name ?? null, columns: [...columns] };
    return this.#run(freezeOp({ kind: 'alterPrimaryKey', table, primaryKey }));
  }

  /** Inserts rows. @example await op.bulkInsert('role', [{ id: 1, name: 'admin' }]) */
  bulkInsert(table: string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<void> {
    return this.#run(freezeOp({ kind: 'bulkInsert', table, rows: [...rows] }));
  }

  /**
   * Creates an enum type (PostgreSQL; on SQLite an enum is a CHECK of its columns, so this does nothing).
   * @example await op.createEnum('status', ['draft', 'live'])
   */
  createEnum(name: string, values: ReadonlyArray<string>, options: SchemaOption = {}): Promise<void> {
    return this.#run(freezeOp({ kind: 'createEnum', enum: { ...inSchema(options), name, values: [...values] } }));
  }

  /** Drops an enum type (PostgreSQL). */
  dropEnum(name: string, options: SchemaOption = {}): Promise<void> {
    return this.#run(freezeOp({ kind: 'dropEnum', name, ...inSchema(options), enum: null }));
  }

  /**
   * Adds a value to an enum type, before `before` or at the end (PostgreSQL). It is committed before anything in
   * the revision uses it: tsdb runs it outside the revision's transaction.
   * @example await op.addEnumValue('status', 'archived', { before: 'live' })
   */
  addEnumValue(name: string, value: string, options: SchemaOption & { readonly before?: string } = {}): Promise<void> {
    return this.#run(freezeOp({ kind: 'addEnumValue', name, ...inSchema(options), value, before: options.before ?? null, enum: null }));
  }

  /** Removes a value from an enum type: the type is recreated without it, refused while rows hold it (PostgreSQL). */
  dropEnumValue(name: string, value: string, options: SchemaOption = {}): Promise<void> {
    return this.#run(freezeOp({ kind: 'dropEnumValue', name, ...inSchema(options), value, enum: null }));
  }

  /** Creates a schema (PostgreSQL). */
  createSchema(name: string): Promise<void> {
    return this.#run(freezeOp({ kind: 'createSchema', name }));
  }

  /** Drops an empty schema (PostgreSQL). */
  dropSchema(name: string): Promise<void> {
    return this.#run(freezeOp({ kind: 'dropSchema', name }));
  }
}

/** Where an enum type lives: `{ schema: 'billing' }`; omitted, the default schema. */
export interface SchemaOption {
  readonly schema?: string;
}

function inSchema(options: SchemaOption): { schema?: string } {
  return options.schema === undefined ? {} : { schema: options.schema };
}

/** Re-exported for the table extras type in createTable. */
export type { TableExtra };
