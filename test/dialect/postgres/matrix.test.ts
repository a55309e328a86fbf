/**
 * The detection matrix on PostgreSQL: one test per change kind, through the real pieces on a real server.
 * v1 → generate+upgrade → rows → v2 → generate (the expected op) + upgrade → a second compare is empty,
 * rows kept → the generated downgrade → the database is v1 again, rows kept where columns survived.
 * Scripts are rendered, loaded and run through the runtime, as `tsdb migrate` + `tsdb upgrade` do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { boolean, check, datetime, index, integer, primaryKey, sql, table, text, unique, uniqueIndex, varchar } from '../../../src/index';
import { makeColumn, makeTable, type Column, type Index, type Schema, type Table } from '../../../src/schema/types';
import { schemaOf, type Models } from '../../helpers/autogen';
import { usePostgres } from '../../helpers/postgres';
import { kinds, PgAutogen } from './pg-autogen';

type Row = Record<string, string | number | boolean | null>;

interface Scenario {
  readonly v1: Models;
  readonly v2: Models;
  readonly rows: Readonly<Record<string, ReadonlyArray<Row>>>;
  readonly expectKinds: ReadonlyArray<string>;
  readonly afterUp?: (db: PgAutogen) => Promise<void>;
  readonly afterDown?: (db: PgAutogen) => Promise<void>;
}

const pg = usePostgres();
let open: PgAutogen | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function insert(db: PgAutogen, tableName: string, row: Row): Promise<void> {
  const cols = Object.keys(row);
  await db.query(`INSERT INTO ${q(tableName)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, Object.values(row));
}

/** Where a v1 column lives in `models` (renames followed), or null when they drop it. */
function follow(models: Models, tableName: string, column: string): { table: string; column: string } | null {
  const declared = schemaOf(models);
  let newTable = tableName;
  for (const [n, old] of declared.tableRenames) if (old === tableName) newTable = n;
  const t = declared.schema.tables.find((x) => x.name === newTable);
  if (t === undefined) return null;
  let newColumn = column;
  for (const [n, old] of declared.columnRenames.get(newTable) ?? new Map<string, string>()) if (old === column) newColumn = n;
  return t.columns.some((c) => c.name === newColumn) ? { table: newTable, column: newColumn } : null;
}

async function expectRowsKept(db: PgAutogen, models: Models, rows: Scenario['rows'], throughV2: Models | null): Promise<void> {
  for (const [tableName, list] of Object.entries(rows)) {
    for (const column of new Set(list.flatMap((r) => Object.keys(r)))) {
      if (throughV2 !== null && follow(throughV2, tableName, column) === null) continue;
      const where = follow(models, tableName, column);
      if (where === null) continue;
      const actual = (await db.query<{ v: unknown }>(`SELECT ${q(where.column)} AS v FROM ${q(where.table)} ORDER BY 1`)).map((r) => r.v);
      const expected = list.map((r) => r[column] ?? null).sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
      expect(actual, `${tableName}.${column} as ${where.table}.${where.column}`).toStrictEqual(expected);
    }
  }
}

async function run(s: Scenario): Promise<PgAutogen> {
  // a test may run several scenarios: each gets a database of its own
  const db = await PgAutogen.open(pg().server.url(await pg().server.createDatabase()));
  open = db;
  const g1 = await db.generate(schemaOf(s.v1));
  await db.upgrade(g1);
  expect(kinds(await db.diff(schemaOf(s.v1))), `second compare after v1\n${g1.source}`).toEqual([]);
  for (const [tableName, list] of Object.entries(s.rows)) for (const row of list) await insert(db, tableName, row);

  const g2 = await db.generate(schemaOf(s.v2));
  for (const kind of s.expectKinds) expect(kinds(g2.ops), g2.source).toContain(kind);
  await db.upgrade(g2);
  expect(kinds(await db.diff(schemaOf(s.v2))), `second compare after v2\n${g2.source}`).toEqual([]);
  await expectRowsKept(db, s.v2, s.rows, null);
  await s.afterUp?.(db);

  await db.downgradeOne();
  expect(kinds(await db.diff(schemaOf(s.v1))), `compare after the downgrade\n${g2.source}`).toEqual([]);
  await expectRowsKept(db, s.v1, s.rows, s.v2);
  await s.afterDown?.(db);
  return db;
}

async function rejects(db: PgAutogen, sqlText: string, pattern: RegExp): Promise<void> {
  await expect(db.query(sqlText)).rejects.toThrow(pattern);
}

const ROWS = [
  { id: 1, name: 'ann' },
  { id: 2, name: 'bob' },
];
const base = (extra: Record<string, ReturnType<typeof text>> = {}) =>
  table('item', { id: integer().primaryKey(), name: text().notNull(), ...extra });
const team = table('team', { id: integer().primaryKey(), title: text() });
const teamRows = [
  { id: 1, title: 't1' },
  { id: 2, title: 't2' },
];
const fkActions = async (db: PgAutogen) =>
  (
    await db.query<{ confdeltype: string }>("SELECT confdeltype FROM pg_constraint WHERE contype = 'f' AND conrelid = 'member'::regclass")
  ).map((r) => r.confdeltype);

describe('autogenerate matrix on PostgreSQL', { timeout: 60_000 }, () => {
  it('add table', async () => {
    await run({ v1: [base()], v2: [base(), team], rows: { item: ROWS }, expectKinds: ['createTable'] });
  });

  it('drop table', async () => {
    await run({ v1: [base(), team], v2: [base()], rows: { item: ROWS, team: teamRows }, expectKinds: ['dropTable'] });
  });

  it('add column', async () => {
    await run({ v1: [base()], v2: [base({ bio: text() })], rows: { item: ROWS }, expectKinds: ['addColumn'] });
  });

  it('drop column', async () => {
    const rows = {
      item: [
        { id: 1, name: 'a', bio: 'x' },
        { id: 2, name: 'b', bio: null },
      ],
    };
    await run({ v1: [base({ bio: text() })], v2: [base()], rows, expectKinds: ['dropColumn'] });
  });

  it('drop a NOT NULL column without default: the downgrade re-adds it on existing rows (backfilled)', async () => {
    const rows = {
      item: [
        { id: 1, name: 'a', code: 'x' },
        { id: 2, name: 'b', code: 'y' },
      ],
    };
    await run({ v1: [base({ code: text().notNull() })], v2: [base()], rows, expectKinds: ['dropColumn'] });
  });

  it('type change', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: varchar(20).notNull() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull() });
    await run({ v1: [v1], v2: [v2], rows: { item: ROWS }, expectKinds: ['alterColumn'] });
  });

  it('nullability both ways', async () => {
    const loose = table('item', { id: integer().primaryKey(), name: text() });
    await run({ v1: [loose], v2: [base()], rows: { item: ROWS }, expectKinds: ['alterColumn'] });
    await open?.close();
    await run({ v1: [base()], v2: [loose], rows: {}, expectKinds: ['alterColumn'] });
  });

  it('default: add, change and remove a literal', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull(), n: integer() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull().default('x'), n: integer().default(7) });
    const v3 = table('item', { id: integer().primaryKey(), name: text().notNull().default('y'), n: integer() });
    await run({
      v1: [v1],
      v2: [v2],
      rows: { item: [{ id: 1, name: 'a', n: 1 }] },
      expectKinds: ['alterColumn'],
      afterUp: async (db) => {
        await db.query('INSERT INTO item (id) VALUES (3)');
        expect(await db.query('SELECT name, n FROM item WHERE id = 3')).toEqual([{ name: 'x', n: 7 }]);
        await db.query('DELETE FROM item WHERE id = 3');
      },
    });
    await open?.close();
    await run({ v1: [v2], v2: [v3], rows: { item: [{ id: 1, name: 'a', n: 1 }] }, expectKinds: ['alterColumn'] });
  });

  it('default: add sql`CURRENT_TIMESTAMP`, and a literal → expression', async () => {
    const v1 = table('item', { id: integer().primaryKey(), at: datetime().default('2000-01-01 00:00:00') });
    const v2 = table('item', { id: integer().primaryKey(), at: datetime().default(sql`CURRENT_TIMESTAMP`) });
    await run({ v1: [v1], v2: [v2], rows: { item: [{ id: 1 }] }, expectKinds: ['alterColumn'] });
  });

  it('default: remove sql`now()` from a NOT NULL boolean and timestamp', async () => {
    const v1 = table('item', {
      id: integer().primaryKey(),
      active: boolean().notNull().default(true),
      at: datetime()
        .notNull()
        .default(sql`now()`),
    });
    const v2 = table('item', { id: integer().primaryKey(), active: boolean().notNull(), at: datetime().notNull() });
    await run({ v1: [v1], v2: [v2], rows: { item: [{ id: 1, active: false }] }, expectKinds: ['alterColumn'] });
  });

  it('primary key change (single → composite, and the column moves)', async () => {
    const v2 = table('item', { id: integer().notNull(), name: text().notNull() }, (t) => [primaryKey(t.id, t.name)]);
    await run({ v1: [base()], v2: [v2], rows: { item: ROWS }, expectKinds: ['alterPrimaryKey'] });
    await open?.close();
    const v3 = table('item', { id: integer().notNull(), name: text().primaryKey() });
    await run({ v1: [base()], v2: [v3], rows: { item: ROWS }, expectKinds: ['alterPrimaryKey'] });
  });

  it('add and drop an index', async () => {
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull() }, (t) => [index('ix_item_name').on(t.name)]);
    await run({ v1: [base()], v2: [v2], rows: { item: ROWS }, expectKinds: ['createIndex'] });
    await open?.close();
    await run({ v1: [v2], v2: [base()], rows: { item: ROWS }, expectKinds: ['dropIndex'] });
  });

  it('a partial unique index, then its predicate changes', async () => {
    const columns = { id: integer().primaryKey(), name: text().notNull(), n: integer() };
    const v1 = table('item', columns);
    const v2 = table('item', columns, (t) => [
      uniqueIndex('ux_item_name')
        .on(t.name)
        .where(sql`n > 0`),
    ]);
    const v3 = table('item', columns, (t) => [
      uniqueIndex('ux_item_name')
        .on(t.name)
        .where(sql`n > 1`),
    ]);
    const rows = {
      item: [
        { id: 1, name: 'a', n: 1 },
        { id: 2, name: 'a', n: 0 },
      ],
    };
    const db = await run({ v1: [v1], v2: [v2], rows, expectKinds: ['createIndex'] });
    await db.upgradeToHead();
    const g = await db.generate(schemaOf([v3]));
    expect(kinds(g.ops)).toEqual(['dropIndex', 'createIndex']);
    await db.upgrade(g);
    expect(kinds(await db.diff(schemaOf([v3])))).toEqual([]);
  });

  it('unique: column-level and table-level, added and dropped', async () => {
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull().unique() });
    await run({
      v1: [base()],
      v2: [v2],
      rows: { item: ROWS },
      expectKinds: ['createUniqueConstraint'],
      afterUp: (db) => rejects(db, "INSERT INTO item (id, name) VALUES (9, 'ann')", /duplicate key/),
      afterDown: async (db) => {
        await db.query("INSERT INTO item (id, name) VALUES (9, 'ann')");
        await db.query('DELETE FROM item WHERE id = 9');
      },
    });
    await open?.close();
    const pair = table('item', { id: integer().primaryKey(), a: text(), b: text() });
    const pairUnique = table('item', { id: integer().primaryKey(), a: text(), b: text() }, (t) => [unique('uq_item_a_b').on(t.a, t.b)]);
    await run({
      v1: [pair],
      v2: [pairUnique],
      rows: {
        item: [
          { id: 1, a: 'x', b: 'y' },
          { id: 2, a: 'x', b: 'z' },
        ],
      },
      expectKinds: ['createUniqueConstraint'],
      afterUp: (db) => rejects(db, "INSERT INTO item (id, a, b) VALUES (9, 'x', 'y')", /duplicate key/),
    });
    await open?.close();
    await run({ v1: [v2], v2: [base()], rows: { item: ROWS }, expectKinds: ['dropConstraint'] });
  });

  it('foreign key: add on an existing column, with its column, drop, and an ON DELETE change', async () => {
    const plain = table('member', { id: integer().primaryKey(), team_id: integer() });
    const linked = table('member', { id: integer().primaryKey(), team_id: integer().references(() => team.id) });
    const rows = {
      team: teamRows,
      member: [
        { id: 1, team_id: 1 },
        { id: 2, team_id: null },
      ],
    };
    await run({
      v1: [team, plain],
      v2: [team, linked],
      rows,
      expectKinds: ['createForeignKey'],
      afterUp: async (db) => expect(await fkActions(db)).toEqual(['a']),
      afterDown: async (db) => expect(await fkActions(db)).toEqual([]),
    });
    await open?.close();
    const bare = table('member', { id: integer().primaryKey() });
    const withColumn = table('member', {
      id: integer().primaryKey(),
      team_id: integer().references(() => team.id, { onDelete: 'cascade' }),
    });
    await run({ v1: [team, bare], v2: [team, withColumn], rows: { team: teamRows, member: [{ id: 1 }] }, expectKinds: ['addColumn'] });
    await open?.close();
    await run({ v1: [team, linked], v2: [team, plain], rows, expectKinds: ['dropConstraint'] });
    await open?.close();
    const setNull = table('member', { id: integer().primaryKey(), team_id: integer().references(() => team.id, { onDelete: 'set null' }) });
    await run({
      v1: [team, linked],
      v2: [team, setNull],
      rows,
      expectKinds: ['dropConstraint', 'createForeignKey'],
      afterUp: async (db) => expect(await fkActions(db)).toEqual(['n']),
      afterDown: async (db) => expect(await fkActions(db)).toEqual(['a']),
    });
  });

  it('CHECK: add and drop', async () => {
    const v1 = table('item', { id: integer().primaryKey(), n: integer() });
    const v2 = table('item', { id: integer().primaryKey(), n: integer() }, () => [check('ck_item_n', sql`n >= 0 AND n IN (0, 5, 7)`)]);
    const rows = {
      item: [
        { id: 1, n: 0 },
        { id: 2, n: 5 },
      ],
    };
    await run({
      v1: [v1],
      v2: [v2],
      rows,
      expectKinds: ['createCheckConstraint'],
      afterUp: (db) => rejects(db, 'INSERT INTO item (id, n) VALUES (9, -1)', /check constraint/),
    });
    await open?.close();
    await run({ v1: [v2], v2: [v1], rows, expectKinds: ['dropConstraint'] });
  });

  it('column rename via .renamedFrom() and table rename via { renamedFrom }', async () => {
    const v1 = table('item', { id: integer().primaryKey(), title: text().notNull() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull().renamedFrom('title') });
    const rows = {
      item: [
        { id: 1, title: 'ann' },
        { id: 2, title: 'bob' },
      ],
    };
    await run({ v1: [v1], v2: [v2], rows, expectKinds: ['alterColumn'] });
    await open?.close();
    const v3 = table('thing', { id: integer().primaryKey(), title: text().notNull() }, undefined, { renamedFrom: 'item' });
    await run({ v1: [v1], v2: [v3], rows, expectKinds: ['renameTable'] });
  });

  it('NOT NULL columns without default added to a table with rows (backfill)', async () => {
    const v2 = table('item', {
      id: integer().primaryKey(),
      name: text().notNull(),
      score: integer().notNull(),
      label: text().notNull(),
      flag: boolean().notNull(),
    });
    await run({
      v1: [base()],
      v2: [v2],
      rows: { item: ROWS },
      expectKinds: ['addColumn', 'execute'],
      afterUp: async (db) =>
        expect(await db.query('SELECT score, label, flag FROM item ORDER BY id')).toEqual([
          { score: 0, label: '', flag: false },
          { score: 0, label: '', flag: false },
        ]),
    });
  });
});

/** A declared table with indexes / extra columns the models API cannot say yet (index methods, expressions, enum columns). */
function tagged(extra: { indexes?: Index[]; columns?: Column[] }): Table {
  return makeTable({
    name: 'doc',
    columns: [
      makeColumn({ name: 'id', type: 'INTEGER', nullable: false }),
      makeColumn({ name: 'body', type: 'JSONB' }),
      makeColumn({ name: 'title', type: 'TEXT', nullable: false, default: { kind: 'literal', value: '' } }),
      ...(extra.columns ?? []),
    ],
    primaryKey: { name: null, columns: ['id'] },
    indexes: extra.indexes ?? [],
  });
}

async function changeTo(v1: Schema, v2: Schema, expected: ReadonlyArray<string>): Promise<PgAutogen> {
  const db = await PgAutogen.open(pg().server.url(await pg().server.createDatabase()));
  open = db;
  await db.migrateTo(v1);
  await db.query(`INSERT INTO doc (id, body, title) VALUES (1, '{"k": 1}', 'a'), (2, NULL, 'b')`);
  const { up, down } = await db.migrateTo(v2);
  expect(kinds(up)).toEqual(expected);
  expect(kinds(await db.diff(v2))).toEqual([]);
  await db.apply(down);
  expect(kinds(await db.diff(v1))).toEqual([]);
  expect(await db.query('SELECT id, title FROM doc ORDER BY id')).toEqual([
    { id: 1, title: 'a' },
    { id: 2, title: 'b' },
  ]);
  return db;
}

describe('autogenerate matrix on PostgreSQL: what only PostgreSQL has', { timeout: 60_000 }, () => {
  const gin: Index = { name: 'ix_doc_body', columns: ['body'], unique: false, where: null, method: 'gin' };
  const lower: Index = { name: 'ix_doc_title', columns: ['lower(title)'], unique: true, where: "title <> ''" };

  it('an index method changes (btree → gin): drop and create', async () => {
    const btree: Index = { ...gin, method: 'btree' };
    await changeTo({ tables: [tagged({ indexes: [btree] })] }, { tables: [tagged({ indexes: [gin] })] }, ['dropIndex', 'createIndex']);
  });

  it('an expression index is added, and its expression changes', async () => {
    await changeTo({ tables: [tagged({})] }, { tables: [tagged({ indexes: [lower] })] }, ['createIndex']);
    await open?.close();
    const upper: Index = { ...lower, columns: ['upper(title)'] };
    await changeTo({ tables: [tagged({ indexes: [lower] })] }, { tables: [tagged({ indexes: [upper] })] }, ['dropIndex', 'createIndex']);
  });

  it('an enum column is added to a table with rows: createEnum, then addColumn with its default', async () => {
    const state = makeColumn({
      name: 'state',
      type: 'state',
      nullable: false,
      enumValues: ['new', 'done'],
      default: { kind: 'literal', value: 'new' },
    });
    const db = await changeTo({ tables: [tagged({})] }, { tables: [tagged({ columns: [state] })] }, ['createEnum', 'addColumn']);
    expect(await db.query('SELECT count(*)::int AS n FROM pg_type WHERE typname = ?', ['state'])).toEqual([{ n: 0 }]);
  });

  it('a text column becomes an enum column (the rows converted with USING)', async () => {
    const asText = makeColumn({ name: 'kind', type: 'TEXT', nullable: false, default: { kind: 'literal', value: 'a' } });
    const asEnum = makeColumn({
      name: 'kind',
      type: 'kind',
      nullable: false,
      enumValues: ['a', 'b'],
      default: { kind: 'literal', value: 'a' },
    });
    await changeTo({ tables: [tagged({ columns: [asText] })] }, { tables: [tagged({ columns: [asEnum] })] }, ['createEnum', 'alterColumn']);
  });
});

describe('autogenerate matrix on PostgreSQL: tables that reference each other', { timeout: 60_000 }, () => {
  it('are created with the cyclic foreign key added after both, and dropped with it dropped first', async () => {
    const a = table('a', { id: integer().primaryKey(), b_id: integer().references('b.id') });
    const b = table('b', { id: integer().primaryKey(), a_id: integer().references('a.id', { onDelete: 'cascade' }) });
    const db = await PgAutogen.open(pg().url);
    open = db;
    const created = await db.generate(schemaOf([a, b]));
    expect(kinds(created.ops)).toEqual(['createTable', 'createTable', 'createForeignKey']);
    await db.upgrade(created);
    expect(kinds(await db.diff(schemaOf([a, b])))).toEqual([]);
    const dropped = await db.generate(schemaOf([]));
    expect(kinds(dropped.ops)).toEqual(['dropConstraint', 'dropTable', 'dropTable']);
    await db.upgrade(dropped);
    expect(kinds(await db.diff(schemaOf([])))).toEqual([]);
    await db.downgradeOne();
    expect(kinds(await db.diff(schemaOf([a, b])))).toEqual([]);
    await db.downgradeOne();
    expect(kinds(await db.diff(schemaOf([])))).toEqual([]);
  });
});
