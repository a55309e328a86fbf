/**
 * Reads the live PostgreSQL schema back into the Schema shape from pg_catalog, in a handful of queries for
 * the whole database (not per table). Names never depend on the session's search_path: tables, enum types
 * and foreign-key targets outside the default schema carry it; built-in types are spelled by format_type.
 *
 * Normal form: a primary key named `<table>_pkey` (PostgreSQL's name for an unnamed key) is unnamed; a
 * serial column (a nextval default on a sequence it owns) is an identity without a default, as an identity
 * column is; simple defaults (`'x'::text`, `42`, `true`) are literals, the rest expressions as pg_get_expr
 * writes them; indexes behind PRIMARY KEY and UNIQUE constraints are the constraints, not indexes.
 */
import type { IntrospectOptions } from '../dialect';
import type {
  CheckConstraint,
  Column,
  ColumnDefault,
  EnumType,
  ForeignKey,
  Index,
  ReferentialAction,
  Schema,
  Table,
  UniqueConstraint,
} from '../../schema/types';
import { makeColumn, makeTable } from '../../schema/types';
import type { PgConnection } from './connection';
import { readCatalog, type CatalogRows } from './introspect-queries';

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** `'draft'::status` → 'draft'; `42` → 42; `true` → true; anything else stays an expression. */
export function readDefault(text: string | null): ColumnDefault | null {
  if (text === null) return null;
  const literal = /^'((?:[^']|'')*)'(?:::[\w." ]+(?:\[\])?)?$/.exec(text);
  if (literal !== null) return { kind: 'literal', value: (literal[1] ?? '').replace(/''/g, "'") };
  if (/^NULL(::[\w." ]+)?$/i.test(text)) return null;
  const number = /^\(?(-?\d+(?:\.\d+)?)\)?(?:::[\w." ]+)?$/.exec(text);
  if (number !== null && Number.isFinite(Number(number[1])) && Math.abs(Number(number[1])) <= Number.MAX_SAFE_INTEGER) {
    return { kind: 'literal', value: Number(number[1]) };
  }
  if (text === 'true' || text === 'false') return { kind: 'literal', value: text === 'true' };
  return { kind: 'expression', sql: text };
}

/** A name as the Schema writes it: bare in the default schema, `schema.name` elsewhere. */
function scoped(schema: string, name: string, defaultSchema: string): string {
  return schema === defaultSchema ? name : `${schema}.${name}`;
}

/** Catalog rows grouped by table oid once: filtering every list per table is quadratic (0.1 s at 300 tables). */
interface RowsByTable {
  readonly columns: ReadonlyMap<number, CatalogRows['columns']>;
  readonly constraints: ReadonlyMap<number, CatalogRows['constraints']>;
  readonly indexes: ReadonlyMap<number, CatalogRows['indexes']>;
  readonly enums: ReadonlyMap<string, string[]>;
}

function groupBy<T>(items: ReadonlyArray<T>, key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

function groupRows(rows: CatalogRows): RowsByTable {
  return {
    columns: groupBy(rows.columns, (c) => c.attrelid),
    constraints: groupBy(rows.constraints, (c) => c.conrelid),
    indexes: groupBy(rows.indexes, (i) => i.indrelid),
    enums: new Map(rows.enums.map((e) => [`${e.schema}.${e.name}`, e.values])),
  };
}

function buildTable(meta: CatalogRows['tables'][number], byTable: RowsByTable, defaultSchema: string): Table {
  const enums = byTable.enums;
  const tableColumns = byTable.columns.get(meta.oid) ?? [];
  const attname = new Map(tableColumns.map((c) => [c.attnum, c.name]));
  const names = (nums: ReadonlyArray<number>) => nums.map((n) => attname.get(n) ?? `#${n}`);
  const columns: Column[] = tableColumns.map((c) => {
    const custom = c.type_schema !== 'pg_catalog';
    const enumValues = c.typtype === 'e' ? enums.get(`${c.type_schema}.${c.typname}`) : undefined;
    return makeColumn({
      name: c.name,
      type: custom && c.typcategory !== 'A' ? scoped(c.type_schema, c.typname, defaultSchema) : c.format_type,
      nullable: !c.notnull,
      default: c.identity ? null : readDefault(c.default),
      autoincrement: false,
      identity: c.identity,
      ...(enumValues === undefined ? {} : { enumValues }),
    });
  });
  const constraints = byTable.constraints.get(meta.oid) ?? [];
  const pk = constraints.find((c) => c.contype === 'p');
  const uniques: UniqueConstraint[] = constraints
    .filter((c) => c.contype === 'u')
    .map((c) => ({ name: c.conname, columns: names(c.conkey) }));
  const foreignKeys: ForeignKey[] = constraints
    .filter((c) => c.contype === 'f')
    .map((c) => ({
      name: c.conname,
      columns: names(c.conkey),
      refTable: scoped(c.ref_schema ?? defaultSchema, c.ref_table ?? '', defaultSchema),
      refColumns: c.ref_columns ?? [],
      onDelete: ACTIONS[c.confdeltype ?? 'a'] ?? 'NO ACTION',
      onUpdate: ACTIONS[c.confupdtype ?? 'a'] ?? 'NO ACTION',
    }));
  const checks: CheckConstraint[] = constraints
    .filter((c) => c.contype === 'c')
    .map((c) => ({ name: c.conname, expression: c.definition.replace(/^CHECK \(/, '').replace(/\)( NOT VALID)?$/, '') }));
  const indexes: Index[] = (byTable.indexes.get(meta.oid) ?? []).map((i) => ({
    name: i.name,
    columns: i.terms,
    unique: i.unique,
    where: i.predicate,
    ...(i.method === 'btree' ? {} : { method: i.method }),
  }));
  return makeTable({
    ...(meta.schema === defaultSchema ? {} : { schema: meta.schema }),
    name: meta.name,
    columns,
    primaryKey: pk === undefined ? null : { name: pk.conname === `${meta.name}_pkey` ? null : pk.conname, columns: names(pk.conkey) },
    indexes,
    uniques,
    foreignKeys,
    checks,
  });
}

/** Every table of the default schema (and of `options.schemas`, or of every user schema when none are named). */
export async function introspectPostgres(conn: PgConnection, options: IntrospectOptions): Promise<Schema> {
  const defaultSchema = conn.target.schema;
  const include = options.includeTable ?? (() => true);
  const rows = await readCatalog(conn, options.schemas === undefined ? null : [defaultSchema, ...options.schemas]);
  const internal = (t: { schema: string; name: string }) =>
    t.schema === defaultSchema && (t.name.toLowerCase().startsWith('tsdb_') || t.name === options.versionTable);
  const byTable = groupRows(rows);
  const tables = rows.tables
    .filter((t) => !internal(t) && include(t.name))
    .sort((a, b) => (a.name === b.name ? (a.schema < b.schema ? -1 : 1) : a.name < b.name ? -1 : 1))
    .map((t) => buildTable(t, byTable, defaultSchema));
  const enums: EnumType[] = rows.enums.map((e) => ({
    ...(e.schema === defaultSchema ? {} : { schema: e.schema }),
    name: e.name,
    values: e.values,
  }));
  const schemas = rows.schemas.filter((s) => s !== defaultSchema);
  return Object.freeze({
    tables: Object.freeze(tables),
    ...(enums.length === 0 ? {} : { enums: Object.freeze(enums) }),
    ...(schemas.length === 0 ? {} : { schemas: Object.freeze(schemas) }),
  });
}
