/**
 * Tables by (schema, name) for compare (pure). A table outside the default schema is keyed `schema.name`,
 * which is also how ops name it (PostgreSQL's planner reads `billing.invoice` as schema billing, table
 * invoice); a table in the default schema keeps its bare name, so SQLite and the default schema are unchanged.
 */
import type { Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import type { Schema, Table } from '../schema/types';
import { makeTable } from '../schema/types';
import type { CompareOptions } from './compare-options';

/** `schema.name` outside the default schema, else `name`: the name ops use for the table. */
export function tableKey(table: Pick<Table, 'schema' | 'name'>): string {
  return table.schema === undefined ? table.name : `${table.schema}.${table.name}`;
}

/** The schema with every table renamed to its key (and no schema), and the original tables by key. */
export function keyedTables(schema: Schema): { readonly view: Schema; readonly originals: ReadonlyMap<string, Table> } {
  const originals = new Map<string, Table>();
  const tables = schema.tables.map((t) => {
    originals.set(tableKey(t), t);
    if (t.schema === undefined) return t;
    const { schema: _schema, ...rest } = t;
    return makeTable({ ...rest, name: tableKey(t) });
  });
  return { view: tables.every((t, k) => t === schema.tables[k]) ? schema : { ...schema, tables }, originals };
}

/** The declared renames of tables in other schemas, keyed the same way (a rename stays inside its schema). */
export function keyedRenames(target: Schema, options: CompareOptions): CompareOptions {
  const inSchema = target.tables.filter((t) => t.schema !== undefined);
  if (inSchema.length === 0) return options;
  const tableRenames = new Map(options.tableRenames ?? []);
  const columnRenames = new Map(options.columnRenames ?? []);
  for (const t of inSchema) {
    const old = options.tableRenames?.get(t.name);
    if (old !== undefined) tableRenames.set(tableKey(t), `${t.schema ?? ''}.${old}`);
    const columns = options.columnRenames?.get(t.name);
    if (columns !== undefined) columnRenames.set(tableKey(t), columns);
  }
  return { ...options, tableRenames, columnRenames };
}

/** The schemas live objects sit in (or the ones introspection listed). */
function liveSchemas(current: Schema): Set<string> {
  const named = [...current.tables, ...(current.enums ?? [])].map((x) => x.schema);
  return new Set([...(current.schemas ?? []), ...named.filter((s): s is string => s !== undefined)]);
}

/** createSchema for each schema the models name that the database lacks, in the order the models name them. */
export function createSchemaOps(current: Schema, target: Schema): Op[] {
  const have = liveSchemas(current);
  const wanted = [...target.tables, ...(target.enums ?? [])].map((x) => x.schema).filter((s): s is string => s !== undefined);
  return [...new Set(wanted)].filter((s) => !have.has(s)).map((name) => freezeOp({ kind: 'createSchema', name }));
}

/** The live schema cut to the schemas the models name (and the default one): others are not the models' business. */
export function inDeclaredSchemas(live: Schema, declared: Schema): Schema {
  const named = new Set([...declared.tables, ...(declared.enums ?? [])].map((x) => x.schema).filter((s) => s !== undefined));
  const keep = (x: { readonly schema?: string }) => x.schema === undefined || named.has(x.schema);
  return { ...live, tables: live.tables.filter(keep), ...(live.enums === undefined ? {} : { enums: live.enums.filter(keep) }) };
}
