/**
 * Enum types in autogenerate on PostgreSQL: a new type is created before the tables that use it and
 * dropped after them; added values go where they are declared (BEFORE the next existing value) and
 * come back out on the way down (the type recreated); removed or reordered values are a warning only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diffEnums } from '../../../src/autogenerate/compare-enums';
import { makeColumn, makeTable, type Schema, type Table } from '../../../src/schema/types';
import { usePostgres } from '../../helpers/postgres';
import { kinds, PgAutogen } from './pg-autogen';

const pg = usePostgres();
let open: PgAutogen | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function connect(): Promise<PgAutogen> {
  open = await PgAutogen.open(pg().url);
  return open;
}

function post(values: ReadonlyArray<string>, options: { schema?: string; type?: string; def?: string } = {}): Table {
  return makeTable({
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    name: 'post',
    columns: [
      makeColumn({ name: 'id', type: 'INTEGER', nullable: false }),
      makeColumn({
        name: 'state',
        type: options.type ?? 'status',
        nullable: false,
        enumValues: values,
        default: { kind: 'literal', value: options.def ?? values[0] ?? '' },
      }),
    ],
    primaryKey: { name: null, columns: ['id'] },
  });
}

function models(values: ReadonlyArray<string>, def?: string): Schema {
  return { tables: [post(values, def === undefined ? {} : { def })], enums: [{ name: 'status', values }] };
}

async function labels(db: PgAutogen, type = 'status'): Promise<string[]> {
  const rows = await db.query<{ enumlabel: string }>(
    'SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = ? ORDER BY e.enumsortorder',
    [type],
  );
  return rows.map((r) => r.enumlabel);
}

describe('enum types in autogenerate on PostgreSQL', { timeout: 30_000 }, () => {
  it('a new enum type is created before its table and dropped after it on the way down', async () => {
    const db = await connect();
    const { up, down } = await db.migrateTo(models(['draft', 'live']));
    expect(kinds(up)).toEqual(['createEnum', 'createTable']);
    expect(await labels(db)).toEqual(['draft', 'live']);
    expect(kinds(await db.diff(models(['draft', 'live'])))).toEqual([]);
    expect(kinds(down)).toEqual(['dropTable', 'dropEnum']);
    await db.apply(down);
    expect(await labels(db)).toEqual([]);
  });

  it('an enum column in a table with no enums list declares its type too (the type of an enum column)', async () => {
    const db = await connect();
    const { up } = await db.migrateTo({ tables: [post(['a', 'b'])] });
    expect(kinds(up)).toEqual(['createEnum', 'createTable']);
    expect(kinds(await db.diff({ tables: [post(['a', 'b'])] }))).toEqual([]);
  });

  it('added values keep the declared order (BEFORE the next value), are usable as a default at once, and the downgrade removes them', async () => {
    const db = await connect();
    await db.migrateTo(models(['draft', 'live']));
    await db.query("INSERT INTO post (state) VALUES ('draft'), ('live')");
    const target = models(['draft', 'review', 'approved', 'live', 'archived'], 'review');
    const { up, down } = await db.migrateTo(target);
    expect(up.ops).toMatchObject([
      { kind: 'addEnumValue', value: 'review', before: 'live' },
      { kind: 'addEnumValue', value: 'approved', before: 'live' },
      { kind: 'addEnumValue', value: 'archived', before: null },
      { kind: 'alterColumn', table: 'post', name: 'state', changes: { default: { kind: 'literal', value: 'review' } } },
    ]);
    expect(await labels(db)).toEqual(['draft', 'review', 'approved', 'live', 'archived']);
    expect(kinds(await db.diff(target))).toEqual([]);
    expect(kinds(down)).toEqual(['alterColumn', 'dropEnumValue', 'dropEnumValue', 'dropEnumValue']);
    await db.apply(down);
    expect(await labels(db)).toEqual(['draft', 'live']);
    expect(await db.query('SELECT state FROM post ORDER BY id')).toEqual([{ state: 'draft' }, { state: 'live' }]);
    expect(kinds(await db.diff(models(['draft', 'live'])))).toEqual([]);
  });

  it('an enum type nobody declares or uses any more is dropped after the table that used it', async () => {
    const db = await connect();
    await db.migrateTo(models(['a', 'b']));
    const comparison = await db.diff({ tables: [] });
    expect(kinds(comparison)).toEqual(['dropTable', 'dropEnum']);
    await db.apply(comparison.ops);
    expect(kinds(await db.diff({ tables: [] }))).toEqual([]);
  });

  it('a hand-made type a declared sqlType column uses is left alone', async () => {
    const db = await connect();
    await db.query("CREATE TYPE mood AS ENUM ('ok', 'sad')");
    await db.query('CREATE TABLE person (id integer PRIMARY KEY, m mood)');
    const declared: Schema = {
      tables: [
        makeTable({
          name: 'person',
          columns: [makeColumn({ name: 'id', type: 'INTEGER', nullable: false }), makeColumn({ name: 'm', type: 'mood' })],
          primaryKey: { name: null, columns: ['id'] },
        }),
      ],
    };
    const comparison = await db.diff(declared);
    expect(comparison.ops.filter((o) => o.kind !== 'alterPrimaryKey').map((o) => o.kind)).not.toContain('dropEnum');
  });

  it('an enum type in another schema, with its table: createSchema, createEnum, createTable, then clean', async () => {
    const db = await connect();
    const declared: Schema = {
      tables: [post(['x', 'y'], { schema: 'billing', type: 'billing.status' })],
      enums: [{ schema: 'billing', name: 'status', values: ['x', 'y'] }],
    };
    const { up } = await db.migrateTo(declared);
    expect(kinds(up)).toEqual(['createSchema', 'createEnum', 'createTable']);
    expect(kinds(await db.diff(declared))).toEqual([]);
    const more: Schema = { ...declared, enums: [{ schema: 'billing', name: 'status', values: ['x', 'w', 'y'] }] };
    const next = await db.diff(more);
    expect(next.ops).toMatchObject([{ kind: 'addEnumValue', name: 'status', schema: 'billing', value: 'w', before: 'y' }]);
    await db.apply(next.ops);
    expect(kinds(await db.diff(more))).toEqual([]);
  });
});

describe('enum values that cannot be added (pure)', () => {
  const live: Schema = { tables: [], enums: [{ name: 'status', values: ['a', 'b', 'c'] }] };

  it('a removed value is a warning naming it and what to write, and no op', () => {
    const diff = diffEnums(live, { tables: [], enums: [{ name: 'status', values: ['a', 'c', 'd'] }] });
    expect(diff.early).toMatchObject([{ kind: 'addEnumValue', value: 'd', before: null }]);
    expect(diff.warnings).toEqual([
      expect.stringMatching(/Enum type 'status' has values the models no longer declare \('b'\).*dropEnumValue/),
    ]);
  });

  it('reordered values are a warning and no op', () => {
    const diff = diffEnums(live, { tables: [], enums: [{ name: 'status', values: ['c', 'a', 'b', 'z'] }] });
    expect(diff.early).toEqual([]);
    expect(diff.warnings).toEqual([expect.stringMatching(/Enum type 'status' holds its values in another order/)]);
  });
});
