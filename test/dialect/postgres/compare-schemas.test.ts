/**
 * Autogenerate on PostgreSQL is schema-aware: tables keyed by (schema, name), a missing schema created
 * before its tables (and dropped last on the way down), schemas the models do not name left alone, and
 * every generated statement qualified, whatever the session's search_path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeColumn, makeTable, type Schema, type Table } from '../../../src/schema/types';
import { usePostgres } from '../../helpers/postgres';
import { kinds, PgAutogen } from './pg-autogen';

const pg = usePostgres();
let open: PgAutogen | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function connect(schema?: string): Promise<PgAutogen> {
  open = await PgAutogen.open(pg().url, schema);
  return open;
}

function item(schema?: string, extra: ReadonlyArray<string> = []): Table {
  return makeTable({
    ...(schema === undefined ? {} : { schema }),
    name: 'item',
    columns: [
      makeColumn({ name: 'id', type: 'INTEGER', nullable: false }),
      makeColumn({ name: 'name', type: 'TEXT', nullable: false }),
      ...extra.map((name) => makeColumn({ name, type: 'TEXT' })),
    ],
    primaryKey: { name: null, columns: ['id'] },
  });
}

async function schemaNames(db: PgAutogen): Promise<string[]> {
  const rows = await db.query<{ nspname: string }>(
    "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1",
  );
  return rows.map((r) => r.nspname);
}

async function tablesIn(db: PgAutogen, schema: string): Promise<string[]> {
  const rows = await db.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1', [schema]);
  return rows.map((r) => r.tablename);
}

describe('schemas in autogenerate on PostgreSQL', { timeout: 30_000 }, () => {
  it('a table in a missing schema: createSchema before createTable, dropSchema after dropTable on the way down', async () => {
    const db = await connect();
    const models: Schema = { tables: [item(), item('billing')] };
    const { up, down } = await db.migrateTo(models);
    expect(kinds(up)).toEqual(['createSchema', 'createTable', 'createTable']);
    expect(await tablesIn(db, 'billing')).toEqual(['item']);
    expect(await tablesIn(db, 'public')).toEqual(['item']);
    expect(kinds(await db.diff(models))).toEqual([]);
    expect(kinds(down)).toEqual(['dropTable', 'dropTable', 'dropSchema']);
    await db.apply(down);
    expect(await schemaNames(db)).toEqual(['public']);
  });

  it('an existing empty schema is not created again', async () => {
    const db = await connect();
    await db.query('CREATE SCHEMA billing');
    expect(kinds(await db.diff({ tables: [item('billing')] }))).toEqual(['createTable']);
  });

  it('tables in schemas the models do not name are ignored; the default schema is always compared', async () => {
    const db = await connect();
    await db.query('CREATE SCHEMA other');
    await db.query('CREATE TABLE other.thing (id integer)');
    await db.query('CREATE TABLE public.stray (id integer)');
    const comparison = await db.diff({ tables: [] });
    expect(comparison.ops.map((o) => (o.kind === 'dropTable' ? o.name : o.kind))).toEqual(['stray']);
  });

  it('tables of the same name in two schemas are told apart, and ops name the schema', async () => {
    const db = await connect();
    await db.migrateTo({ tables: [item(), item('billing')] });
    const comparison = await db.diff({ tables: [item(), item('billing', ['note'])] });
    expect(comparison.ops).toMatchObject([{ kind: 'addColumn', table: 'billing.item', column: { name: 'note' } }]);
    await db.apply(comparison.ops);
    const columns = await db.query<{ table_schema: string }>(
      "SELECT table_schema FROM information_schema.columns WHERE table_name = 'item' AND column_name = 'note'",
    );
    expect(columns).toEqual([{ table_schema: 'billing' }]);
    expect(kinds(await db.diff({ tables: [item(), item('billing', ['note'])] }))).toEqual([]);
  });

  it("the session's search_path changes nothing: a same-named table in an earlier schema is never touched", async () => {
    const db = await connect();
    await db.migrateTo({ tables: [item()] });
    await db.query('CREATE SCHEMA other');
    await db.query('CREATE TABLE other.item (id integer)');
    await db.query("INSERT INTO public.item VALUES (1, 'a')");
    await db.query('SET search_path = other, public');
    const models: Schema = {
      tables: [makeTable({ ...item(), columns: [...item().columns, makeColumn({ name: 'code', type: 'TEXT', nullable: false })] })],
    };
    const { up } = await db.migrateTo(models);
    expect(kinds(up)).toEqual(['addColumn', 'execute', 'alterColumn']);
    expect(await db.query('SELECT code FROM public.item')).toEqual([{ code: '' }]);
    expect(
      (await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_schema = 'other'")).map(
        (r) => r.column_name,
      ),
    ).toEqual(['id']);
    expect(kinds(await db.diff(models))).toEqual([]);
  });

  it('a default schema other than public: tables declared without a schema live there and compare clean', async () => {
    await (await connect()).query('CREATE SCHEMA app');
    await open?.close();
    const db = await connect('app');
    const models: Schema = { tables: [item(), item('billing')] };
    const { up } = await db.migrateTo(models);
    expect(kinds(up)).toEqual(['createSchema', 'createTable', 'createTable']);
    expect(await tablesIn(db, 'app')).toEqual(['item']);
    expect(await tablesIn(db, 'public')).toEqual([]);
    expect(kinds(await db.diff(models))).toEqual([]);
  });
});
