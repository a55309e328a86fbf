/**
 * Detection matrix: one test per change kind, through the real pieces on real SQLite files.
 * v1 → generate+upgrade → rows → v2 → generate+upgrade → schema is v2, rows kept →
 * run the generated downgrade → schema is v1, rows kept in columns that survived both ways.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { boolean, check, datetime, index, integer, primaryKey, sql, table, text, unique, uniqueIndex, varchar } from '../../src/index';
import { AutogenProject, diff, explain, pendingOps, schemaOf, type Models } from '../helpers/autogen';

type Row = Record<string, string | number | null>;

interface Scenario {
  readonly v1: Models;
  readonly v2: Models;
  /** Rows inserted after v1, per v1 table. */
  readonly rows: Readonly<Record<string, ReadonlyArray<Row>>>;
  /** Extra checks after the v2 upgrade / after the downgrade. */
  readonly afterUp?: (p: AutogenProject) => void;
  readonly afterDown?: (p: AutogenProject) => void;
  /** Op kinds the v2 generate must contain. */
  readonly expectKinds?: ReadonlyArray<string>;
}

let project: AutogenProject | null = null;
afterEach(() => {
  project?.cleanup();
  project = null;
});

function insert(p: AutogenProject, tableName: string, row: Row): void {
  const cols = Object.keys(row);
  p.db
    .prepare(`INSERT INTO "${tableName}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
    .run(row);
}

/** Where a v1 column lives in v2 (renames followed), or null when v2 drops it. */
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

function expectRowsKept(p: AutogenProject, models: Models, rows: Scenario['rows'], throughV2: Models | null): void {
  for (const [tableName, list] of Object.entries(rows)) {
    const columns = new Set(list.flatMap((r) => Object.keys(r)));
    for (const column of columns) {
      if (throughV2 !== null && follow(throughV2, tableName, column) === null) continue; // dropped by v2: gone both ways
      const where = follow(models, tableName, column);
      if (where === null) continue;
      const actual = p.rows(where.table, `"${where.column}" AS v`).map((r) => r['v']);
      expect(actual, `${tableName}.${column} as ${where.table}.${where.column}`).toStrictEqual(list.map((r) => r[column] ?? null));
    }
  }
}

async function run(s: Scenario): Promise<AutogenProject> {
  const p = new AutogenProject();
  project = p;
  const g1 = await p.migrateTo(s.v1);
  expect(pendingOps(p.db, s.v1), explain(g1)).toStrictEqual([]);
  expect((await p.autogenerate(s.v1)).ops, 'second generate after v1').toStrictEqual([]);

  for (const [tableName, list] of Object.entries(s.rows)) for (const row of list) insert(p, tableName, row);

  const g2 = await p.autogenerate(s.v2);
  expect(g2.ops.length, 'v2 is detected').toBeGreaterThan(0);
  for (const kind of s.expectKinds ?? [])
    expect(
      g2.ops.map((o) => o.kind),
      explain(g2),
    ).toContain(kind);
  await p.upgrade(g2);
  expect(pendingOps(p.db, s.v2), explain(g2)).toStrictEqual([]);
  expect(diff(p.db, s.v2).ops, `second generate after v2\n${explain(g2)}`).toStrictEqual([]);
  expectRowsKept(p, s.v2, s.rows, null);
  s.afterUp?.(p);

  await p.downgradeOne();
  expect(pendingOps(p.db, s.v1), `after downgrade\n${explain(g2)}`).toStrictEqual([]);
  expectRowsKept(p, s.v1, s.rows, s.v2);
  s.afterDown?.(p);
  return p;
}

const ROWS = [
  { id: 1, name: 'ann' },
  { id: 2, name: 'bob' },
];
const base = (extra: Record<string, ReturnType<typeof text>> = {}) =>
  table('item', { id: integer().primaryKey(), name: text().notNull(), ...extra });

describe('autogenerate matrix', () => {
  it('add table', async () => {
    await run({
      v1: [base()],
      v2: [base(), table('tag', { id: integer().primaryKey(), label: text() })],
      rows: { item: ROWS },
      expectKinds: ['createTable'],
    });
  });

  it('drop table', async () => {
    const tag = table('tag', { id: integer().primaryKey(), label: text() });
    await run({ v1: [base(), tag], v2: [base()], rows: { item: ROWS, tag: [{ id: 1, label: 'x' }] }, expectKinds: ['dropTable'] });
  });

  it('add column', async () => {
    await run({ v1: [base()], v2: [base({ bio: text() })], rows: { item: ROWS }, expectKinds: ['addColumn'] });
  });

  it('drop column', async () => {
    await run({
      v1: [base({ bio: text() })],
      v2: [base()],
      rows: {
        item: [
          { id: 1, name: 'a', bio: 'x' },
          { id: 2, name: 'b', bio: null },
        ],
      },
      expectKinds: ['dropColumn'],
    });
  });

  it('drop a NOT NULL column without default: the downgrade re-adds it on existing rows (backfilled)', async () => {
    await run({
      v1: [base({ code: text().notNull() })],
      v2: [base()],
      rows: {
        item: [
          { id: 1, name: 'a', code: 'x' },
          { id: 2, name: 'b', code: 'y' },
        ],
      },
      expectKinds: ['dropColumn'],
    });
  });

  it('type change', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: varchar(20).notNull() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull() });
    await run({ v1: [v1], v2: [v2], rows: { item: ROWS }, expectKinds: ['alterColumn'] });
  });

  it('nullability: nullable → NOT NULL', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull() });
    await run({ v1: [v1], v2: [v2], rows: { item: ROWS }, expectKinds: ['alterColumn'] });
  });

  it('nullability: NOT NULL → nullable', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull() });
    const v2 = table('item', { id: integer().primaryKey(), name: text() });
    await run({ v1: [v1], v2: [v2], rows: { item: ROWS }, expectKinds: ['alterColumn'] });
  });

  it('default: add a literal', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull(), n: integer() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull(), n: integer().default(7) });
    await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, name: 'a', n: 1 },
          { id: 2, name: 'b', n: null },
        ],
      },
      afterUp: (p) => {
        p.db.prepare("INSERT INTO item (id, name) VALUES (3, 'c')").run();
        expect(p.rows('item', 'n').map((r) => r['n'])).toStrictEqual([1, null, 7]);
        p.db.prepare('DELETE FROM item WHERE id = 3').run();
      },
    });
  });

  it('default: change a literal', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull().default('x') });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull().default('y') });
    await run({ v1: [v1], v2: [v2], rows: { item: ROWS }, expectKinds: ['alterColumn'] });
  });

  it('default: remove a literal', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull(), active: boolean().notNull().default(true) });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull(), active: boolean().notNull() });
    await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, name: 'a', active: 0 },
          { id: 2, name: 'b', active: 1 },
        ],
      },
      expectKinds: ['alterColumn'],
    });
  });

  it('default: add sql`CURRENT_TIMESTAMP`', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull(), at: datetime() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull(), at: datetime().default(sql`CURRENT_TIMESTAMP`) });
    await run({ v1: [v1], v2: [v2], rows: { item: [{ id: 1, name: 'a', at: '2020-01-01 00:00:00' }] }, expectKinds: ['alterColumn'] });
  });

  it('default: literal → sql`CURRENT_TIMESTAMP` and back', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull(), at: datetime().default('2000-01-01 00:00:00') });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull(), at: datetime().default(sql`CURRENT_TIMESTAMP`) });
    await run({ v1: [v1], v2: [v2], rows: { item: [{ id: 1, name: 'a', at: '2020-01-01 00:00:00' }] }, expectKinds: ['alterColumn'] });
  });

  it('default: remove sql`CURRENT_TIMESTAMP`', async () => {
    const v1 = table('item', {
      id: integer().primaryKey(),
      name: text().notNull(),
      at: datetime()
        .notNull()
        .default(sql`CURRENT_TIMESTAMP`),
    });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull(), at: datetime().notNull() });
    await run({ v1: [v1], v2: [v2], rows: { item: [{ id: 1, name: 'a', at: '2020-01-01 00:00:00' }] }, expectKinds: ['alterColumn'] });
  });

  it('primary key change (single → composite)', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull() });
    const v2 = table('item', { id: integer().notNull(), name: text().notNull() }, (t) => [primaryKey(t.id, t.name)]);
    await run({ v1: [v1], v2: [v2], rows: { item: ROWS }, expectKinds: ['alterPrimaryKey'] });
  });

  it('primary key change (column moves)', async () => {
    const v1 = table('item', { id: integer().primaryKey(), code: text().notNull() });
    const v2 = table('item', { id: integer().notNull(), code: text().primaryKey() });
    await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, code: 'a' },
          { id: 2, code: 'b' },
        ],
      },
      expectKinds: ['alterPrimaryKey'],
    });
  });

  it('add index', async () => {
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull() }, (t) => [index('ix_item_name').on(t.name)]);
    await run({ v1: [base()], v2: [v2], rows: { item: ROWS }, expectKinds: ['createIndex'] });
  });

  it('drop index', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull() }, (t) => [index('ix_item_name').on(t.name)]);
    await run({ v1: [v1], v2: [base()], rows: { item: ROWS }, expectKinds: ['dropIndex'] });
  });

  it('add partial unique index, then its predicate changes', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull(), n: integer() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull(), n: integer() }, (t) => [
      uniqueIndex('ux_item_name')
        .on(t.name)
        .where(sql`n > 0`),
    ]);
    const v3 = table('item', { id: integer().primaryKey(), name: text().notNull(), n: integer() }, (t) => [
      uniqueIndex('ux_item_name')
        .on(t.name)
        .where(sql`n > 1`),
    ]);
    const p = await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, name: 'a', n: 1 },
          { id: 2, name: 'a', n: 0 },
        ],
      },
      expectKinds: ['createIndex'],
    });
    await p.upgradeToHead();
    const g = await p.autogenerate([v3]);
    expect(g.ops.map((o) => o.kind)).toStrictEqual(['dropIndex', 'createIndex']);
    await p.upgrade(g);
    expect(pendingOps(p.db, [v3])).toStrictEqual([]);
  });

  it('drop partial index', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull() }, (t) => [
      index('ix_item_name')
        .on(t.name)
        .where(sql`name <> ''`),
    ]);
    await run({ v1: [v1], v2: [base()], rows: { item: ROWS }, expectKinds: ['dropIndex'] });
  });

  it('unique: column-level add and drop', async () => {
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull().unique() });
    await run({
      v1: [base()],
      v2: [v2],
      rows: { item: ROWS },
      afterUp: (p) => expect(() => p.db.prepare("INSERT INTO item (id, name) VALUES (9, 'ann')").run()).toThrow(/UNIQUE/),
      afterDown: (p) => {
        p.db.prepare("INSERT INTO item (id, name) VALUES (9, 'ann')").run();
        p.db.prepare('DELETE FROM item WHERE id = 9').run();
      },
    });
  });

  it('unique: table-level add and drop', async () => {
    const v1 = table('item', { id: integer().primaryKey(), a: text(), b: text() });
    const v2 = table('item', { id: integer().primaryKey(), a: text(), b: text() }, (t) => [unique('uq_item_a_b').on(t.a, t.b)]);
    await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, a: 'x', b: 'y' },
          { id: 2, a: 'x', b: 'z' },
        ],
      },
      afterUp: (p) => expect(() => p.db.prepare("INSERT INTO item (id, a, b) VALUES (9, 'x', 'y')").run()).toThrow(/UNIQUE/),
    });
  });

  it('unique: drop a column-level unique', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull().unique() });
    await run({ v1: [v1], v2: [base()], rows: { item: ROWS } });
  });

  const team = table('team', { id: integer().primaryKey(), title: text() });
  const teamRows = [
    { id: 1, title: 't1' },
    { id: 2, title: 't2' },
  ];

  it('foreign key: add (on an existing column)', async () => {
    const v1 = table('member', { id: integer().primaryKey(), team_id: integer() });
    const v2 = table('member', { id: integer().primaryKey(), team_id: integer().references(() => team.id) });
    await run({
      v1: [team, v1],
      v2: [team, v2],
      rows: {
        team: teamRows,
        member: [
          { id: 1, team_id: 1 },
          { id: 2, team_id: null },
        ],
      },
      afterUp: (p) => expect(p.db.pragma('foreign_key_list(member)')).toHaveLength(1),
      afterDown: (p) => expect(p.db.pragma('foreign_key_list(member)')).toHaveLength(0),
    });
  });

  it('foreign key: add together with its column', async () => {
    const v1 = table('member', { id: integer().primaryKey() });
    const v2 = table('member', { id: integer().primaryKey(), team_id: integer().references(() => team.id, { onDelete: 'cascade' }) });
    await run({ v1: [team, v1], v2: [team, v2], rows: { team: teamRows, member: [{ id: 1 }] } });
  });

  it('foreign key: drop', async () => {
    const v1 = table('member', { id: integer().primaryKey(), team_id: integer().references(() => team.id) });
    const v2 = table('member', { id: integer().primaryKey(), team_id: integer() });
    await run({ v1: [team, v1], v2: [team, v2], rows: { team: teamRows, member: [{ id: 1, team_id: 2 }] } });
  });

  it('foreign key: ON DELETE change', async () => {
    const v1 = table('member', { id: integer().primaryKey(), team_id: integer().references(() => team.id) });
    const v2 = table('member', { id: integer().primaryKey(), team_id: integer().references(() => team.id, { onDelete: 'set null' }) });
    await run({
      v1: [team, v1],
      v2: [team, v2],
      rows: {
        team: teamRows,
        member: [
          { id: 1, team_id: 2 },
          { id: 2, team_id: 1 },
        ],
      },
      afterUp: (p) => expect((p.db.pragma('foreign_key_list(member)') as Array<{ on_delete: string }>)[0]?.on_delete).toBe('SET NULL'),
      afterDown: (p) => expect((p.db.pragma('foreign_key_list(member)') as Array<{ on_delete: string }>)[0]?.on_delete).toBe('NO ACTION'),
    });
  });

  it('CHECK: add', async () => {
    const v1 = table('item', { id: integer().primaryKey(), n: integer() });
    const v2 = table('item', { id: integer().primaryKey(), n: integer() }, () => [check('ck_item_n', sql`n >= 0`)]);
    await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, n: 0 },
          { id: 2, n: 5 },
        ],
      },
      afterUp: (p) => expect(() => p.db.prepare('INSERT INTO item (id, n) VALUES (9, -1)').run()).toThrow(/CHECK/),
    });
  });

  it('CHECK: drop', async () => {
    const v1 = table('item', { id: integer().primaryKey(), n: integer() }, () => [check('ck_item_n', sql`n >= 0`)]);
    const v2 = table('item', { id: integer().primaryKey(), n: integer() });
    await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, n: 0 },
          { id: 2, n: 5 },
        ],
      },
      afterDown: (p) => expect(() => p.db.prepare('INSERT INTO item (id, n) VALUES (9, -1)').run()).toThrow(/CHECK/),
    });
  });

  it('column rename via .renamedFrom()', async () => {
    const v1 = table('item', { id: integer().primaryKey(), title: text().notNull() });
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull().renamedFrom('title') });
    await run({
      v1: [v1],
      v2: [v2],
      rows: {
        item: [
          { id: 1, title: 'ann' },
          { id: 2, title: 'bob' },
        ],
      },
      expectKinds: ['alterColumn'],
    });
  });

  it('table rename via { renamedFrom }', async () => {
    const v1 = table('item', { id: integer().primaryKey(), name: text().notNull() });
    const v2 = table('thing', { id: integer().primaryKey(), name: text().notNull() }, undefined, { renamedFrom: 'item' });
    await run({ v1: [v1], v2: [v2], rows: { item: ROWS }, expectKinds: ['renameTable'] });
  });

  it('NOT NULL column without default added to a table with rows (backfill)', async () => {
    const v2 = table('item', { id: integer().primaryKey(), name: text().notNull(), score: integer().notNull(), label: text().notNull() });
    await run({
      v1: [base()],
      v2: [v2],
      rows: { item: ROWS },
      expectKinds: ['addColumn', 'execute'],
      afterUp: (p) =>
        expect(p.rows('item', 'score, label')).toStrictEqual([
          { score: 0, label: '' },
          { score: 0, label: '' },
        ]),
    });
  });
});
