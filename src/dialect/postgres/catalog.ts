/** Small catalog reads the planner and the preflight make about one object (pg_catalog only: no search_path involved). */
import type { PgConnection } from './connection';
import type { QualifiedName } from './names';

/** A live column as the planner needs it. */
export interface LiveColumn {
  readonly type: string;
  /** The default as pg_get_expr writes it, or null. */
  readonly default: string | null;
  readonly isEnum: boolean;
  readonly notNull: boolean;
}

/** A column that uses an enum type. */
export interface EnumColumn {
  readonly table: QualifiedName;
  readonly column: string;
  readonly default: string | null;
}

/** Reads from pg_catalog on demand. */
export interface PgCatalog {
  column(table: QualifiedName, column: string): Promise<LiveColumn | null>;
  primaryKeyName(table: QualifiedName): Promise<string | null>;
  /** The values of an enum type, in order; null when there is no such enum type. */
  enumValues(type: QualifiedName): Promise<string[] | null>;
  enumColumns(type: QualifiedName): Promise<EnumColumn[]>;
  /** True when the table exists. */
  tableExists(table: QualifiedName): Promise<boolean>;
}

const TABLE_OID =
  'SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?';
const TYPE_OID =
  'SELECT t.oid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ?';

/** The catalog of a live connection. */
export function liveCatalog(conn: PgConnection): PgCatalog {
  return {
    async column(table, column) {
      const rows = await conn.query<{ type: string; default: string | null; typtype: string; attnotnull: boolean }>(
        'SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default, ' +
          't.typtype, a.attnotnull FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ' +
          'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
          `WHERE a.attrelid = (${TABLE_OID}) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped`,
        [table.schema, table.name, column],
      );
      const row = rows[0];
      return row === undefined ? null : { type: row.type, default: row.default, isEnum: row.typtype === 'e', notNull: row.attnotnull };
    },
    async primaryKeyName(table) {
      const rows = await conn.query<{ conname: string }>(
        `SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = (${TABLE_OID}) AND contype = 'p'`,
        [table.schema, table.name],
      );
      return rows[0]?.conname ?? null;
    },
    async enumValues(type) {
      const rows = await conn.query<{ typtype: string; labels: string[] | null }>(
        'SELECT t.typtype, (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) AS labels ' +
          'FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ?',
        [type.schema, type.name],
      );
      const row = rows[0];
      return row === undefined || row.typtype !== 'e' ? null : (row.labels ?? []);
    },
    async enumColumns(type) {
      const rows = await conn.query<{ schema: string; table: string; column: string; default: string | null }>(
        'SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default ' +
          'FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
          'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
          'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
          `WHERE a.atttypid = (${TYPE_OID}) AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') ORDER BY 1, 2, 3`,
        [type.schema, type.name],
      );
      return rows.map((r) => ({ table: { schema: r.schema, name: r.table }, column: r.column, default: r.default }));
    },
    async tableExists(table) {
      return (await conn.query(TABLE_OID, [table.schema, table.name])).length > 0;
    },
  };
}
