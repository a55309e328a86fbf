/** The pg_catalog queries introspection runs: one each for tables, columns, constraints, indexes, enums and schemas. */
import type { PgConnection } from './connection';

/** What introspection reads, as rows. */
export interface CatalogRows {
  readonly tables: ReadonlyArray<{ oid: number; schema: string; name: string }>;
  readonly columns: ReadonlyArray<{
    attrelid: number;
    attnum: number;
    name: string;
    format_type: string;
    type_schema: string;
    typname: string;
    typtype: string;
    typcategory: string;
    notnull: boolean;
    default: string | null;
    identity: boolean;
  }>;
  readonly constraints: ReadonlyArray<{
    conrelid: number;
    conname: string;
    contype: string;
    conkey: number[];
    definition: string;
    ref_schema: string | null;
    ref_table: string | null;
    ref_columns: string[] | null;
    confdeltype: string | null;
    confupdtype: string | null;
  }>;
  readonly indexes: ReadonlyArray<{
    indrelid: number;
    name: string;
    unique: boolean;
    method: string;
    terms: string[];
    predicate: string | null;
  }>;
  readonly enums: ReadonlyArray<{ schema: string; name: string; values: string[] }>;
  /** The schemas that exist (of those asked for). */
  readonly schemas: ReadonlyArray<string>;
}

const USER_SCHEMAS =
  "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'";

/** Reads the catalog rows of `schemas` (null: every user schema). */
export async function readCatalog(conn: PgConnection, schemas: ReadonlyArray<string> | null): Promise<CatalogRows> {
  const inSchemas = schemas === null ? USER_SCHEMAS : 'n.nspname = ANY(?::text[])';
  const schemaParams = schemas === null ? [] : [[...schemas]];
  const tables = (
    await conn.query<{ oid: string; schema: string; name: string }>(
      'SELECT c.oid, n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_class c ' +
        `JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${inSchemas}`,
      schemaParams,
    )
  ).map((t) => ({ ...t, oid: Number(t.oid) }));
  const oids = tables.map((t) => t.oid);
  // one client runs one query at a time: in turn
  const columns = await conn.query<CatalogRows['columns'][number] & { attrelid: string }>(
    'SELECT a.attrelid, a.attnum, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type, ' +
      'tn.nspname AS type_schema, t.typname, t.typtype, t.typcategory, a.attnotnull AS notnull, ' +
      'pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default, ' +
      // a serial column: its sequence is owned by it. count(*), not EXISTS: the planner turns EXISTS into one hashed
      // join of every sequence with pg_depend (0.5 s at 300 serial columns); this is an index probe per nextval default
      "(a.attidentity <> '' OR (COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false) AND (" +
      "SELECT count(*) FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S' " +
      "WHERE dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum " +
      "AND dep.deptype = 'a') > 0)) AS identity " +
      'FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ' +
      'JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace ' +
      'LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ' +
      "WHERE a.attrelid = ANY(?::oid[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attrelid, a.attnum",
    [oids],
  );
  const constraints = await conn.query<CatalogRows['constraints'][number] & { conrelid: string }>(
    'SELECT con.conrelid, con.conname, con.contype, con.conkey, pg_catalog.pg_get_constraintdef(con.oid, true) AS definition, ' +
      'fn.nspname AS ref_schema, fc.relname AS ref_table, con.confdeltype, con.confupdtype, ' +
      '(SELECT array_agg(fa.attname::text ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY AS k(num, i) ' +
      'JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.num) AS ref_columns ' +
      'FROM pg_catalog.pg_constraint con LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid ' +
      'LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace ' +
      "WHERE con.conrelid = ANY(?::oid[]) AND con.contype IN ('p', 'u', 'f', 'c') ORDER BY con.conrelid, con.conname",
    [oids],
  );
  const indexes = await conn.query<CatalogRows['indexes'][number] & { indrelid: string }>(
    'SELECT i.indrelid, ic.relname AS name, i.indisunique AS unique, am.amname AS method, ' +
      '(SELECT array_agg(CASE WHEN k.num > 0 THEN (SELECT attname::text FROM pg_catalog.pg_attribute WHERE attrelid = i.indrelid AND attnum = k.num) ' +
      'ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k.i::int, true) END ORDER BY k.i) ' +
      'FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(num, i) WHERE k.i <= i.indnkeyatts) AS terms, ' +
      'pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate ' +
      'FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_am am ON am.oid = ic.relam ' +
      'WHERE i.indrelid = ANY(?::oid[]) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid) ' +
      'ORDER BY i.indrelid, ic.relname',
    [oids],
  );
  const enums = await conn.query<CatalogRows['enums'][number]>(
    'SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values ' +
      'FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace ' +
      `JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid WHERE ${inSchemas} GROUP BY n.nspname, t.typname ORDER BY t.typname, n.nspname`,
    schemaParams,
  );
  const schemaRows = await conn.query<{ name: string }>(
    `SELECT n.nspname AS name FROM pg_catalog.pg_namespace n WHERE ${inSchemas} ORDER BY 1`,
    schemaParams,
  );
  return {
    schemas: schemaRows.map((r) => r.name),
    tables,
    columns: columns.map((c) => ({ ...c, attrelid: Number(c.attrelid) })),
    constraints: constraints.map((c) => ({ ...c, conrelid: Number(c.conrelid) })),
    indexes: indexes.map((i) => ({ ...i, indrelid: Number(i.indrelid), terms: i.terms ?? [] })),
    enums,
  };
}
