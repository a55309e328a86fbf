import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { createIndexSql, createTableSql } from '../../../src/dialect/sqlite/create-table';
import { introspectSchema, introspectTable, listTriggers, listViews } from '../../../src/dialect/sqlite/introspect';
import { quoteIdent } from '../../../src/dialect/sqlite/quote';
import {
  makeColumn,
  makeTable,
  type Column,
  type ColumnDefault,
  type ForeignKey,
  type Index,
  type ReferentialAction,
  type Table,
} from '../../../src/schema/types';

/** Runs `fn` with fresh SQLite files in a new temp directory, removed afterwards. */
function withTempDir<T>(fn: (open: (file?: string) => Database.Database) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-'));
  const opened: Database.Database[] = [];
  try {
    return fn((file = 'test.db') => {
      const db = new Database(path.join(dir, file));
      opened.push(db);
      return db;
    });
  } finally {
    for (const db of opened) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function withDb<T>(fn: (db: Database.Database) => T): T {
  return withTempDir((open) => fn(open()));
}

function create(db: Database.Database, table: Table): string {
  const statements = [createTableSql(table), ...table.indexes.map((ix) => createIndexSql(table.name, ix))];
  for (const sql of statements) db.exec(sql);
  return statements.join(';\n');
}

const q = quoteIdent;

const FIXED_TABLES: ReadonlyArray<Table> = [
  makeTable({ name: 'bare', columns: [makeColumn({ name: 'x', type: '' })] }),
  makeTable({
    name: 'user',
    columns: [
      makeColumn({ name: 'id', type: 'INTEGER', nullable: false, autoincrement: true }),
      makeColumn({ name: 'username', type: 'VARCHAR(80)', nullable: false }),
      makeColumn({ name: 'email', type: 'VARCHAR(120)', nullable: false }),
      makeColumn({ name: 'active', type: 'BOOLEAN', nullable: false, default: { kind: 'literal', value: 1 } }),
      makeColumn({ name: 'bio', type: 'TEXT' }),
      makeColumn({ name: 'team_id', type: 'INTEGER' }),
      makeColumn({ name: 'created_at', type: 'DATETIME', nullable: false, default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' } }),
    ],
    primaryKey: { name: null, columns: ['id'] },
    indexes: [{ name: 'ix_user_email', columns: ['email'], unique: false, where: null }],
    uniques: [{ name: null, columns: ['username'] }],
    foreignKeys: [{ name: null, columns: ['team_id'], refTable: 'team', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }],
    checks: [{ name: 'ck_user_username_len', expression: 'length(username) > 2' }],
  }),
  makeTable({
    name: 'line item',
    columns: [
      makeColumn({ name: 'order', type: 'INT', nullable: false }),
      makeColumn({ name: 'line', type: 'INT', nullable: false }),
      makeColumn({ name: 'price', type: 'NUMERIC(10, 2)', default: { kind: 'literal', value: -0.5 } }),
      makeColumn({ name: 'ratio', type: 'DOUBLE PRECISION', default: { kind: 'literal', value: 1e21 } }),
      makeColumn({ name: 'note', type: 'TEXT', default: { kind: 'literal', value: "it's ( a 'note' )" } }),
      makeColumn({ name: 'stamp', type: '', default: { kind: 'expression', sql: "datetime('now', 'localtime')" } }),
    ],
    primaryKey: { name: 'pk_line item', columns: ['order', 'line'] },
    indexes: [
      { name: 'ix partial', columns: ['price', 'line'], unique: true, where: '"price" > 0 AND "note" <> \'\'' },
      { name: 'ix_note', columns: ['note'], unique: false, where: null },
    ],
    uniques: [
      { name: 'uq_note_stamp', columns: ['note', 'stamp'] },
      { name: null, columns: ['stamp', 'note'] },
    ],
    foreignKeys: [
      { name: 'fk_order', columns: ['order'], refTable: 'order', refColumns: ['id'], onDelete: 'RESTRICT', onUpdate: 'SET NULL' },
      {
        name: null,
        columns: ['order', 'line'],
        refTable: 'line item',
        refColumns: ['order', 'line'],
        onDelete: 'SET DEFAULT',
        onUpdate: 'CASCADE',
      },
    ],
    checks: [
      { name: null, expression: '"price" >= 0' },
      { name: 'ck "quoted"', expression: '("note" IS NULL) OR length("note") < 100 OR "note" = \')\'' },
    ],
  }),
  makeTable({
    name: 'select',
    columns: [
      makeColumn({ name: 'from', type: 'TEXT', nullable: false }),
      makeColumn({ name: 'we"ird col', type: 'BLOB', default: { kind: 'expression', sql: "X'00'" } }),
      makeColumn({ name: 'naïve 表', type: 'varchar(10)', default: { kind: 'literal', value: 'ü 表' } }),
      makeColumn({ name: '[x]', type: 'REAL', default: { kind: 'expression', sql: '(1)' } }),
    ],
    primaryKey: { name: null, columns: ['from'] },
    indexes: [{ name: 'ix "select"', columns: ['naïve 表', '[x]'], unique: false, where: '"[x]" IS NOT NULL' }],
    uniques: [{ name: 'uq `odd`', columns: ['we"ird col'] }],
    foreignKeys: [
      { name: 'fk', columns: ['naïve 表'], refTable: 'naïve 表', refColumns: ['from'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
    ],
  }),
  makeTable({
    name: 'single named pk',
    columns: [
      makeColumn({ name: 'code', type: 'TEXT', nullable: false }),
      makeColumn({ name: 'n', type: 'INTEGER', default: { kind: 'literal', value: 0 } }),
    ],
    primaryKey: { name: 'pk_code', columns: ['code'] },
  }),
];

/** mulberry32: a tiny seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: ReadonlyArray<T>): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** k distinct items in random order. */
  some<T>(items: ReadonlyArray<T>, k: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < k && pool.length > 0) out.push(...pool.splice(this.int(pool.length), 1));
    return out;
  }
}

const NAMES = [
  'id',
  'name',
  'select',
  'order',
  'my col',
  'we"ird',
  "it's",
  'naïve',
  '日本語',
  'Mixed Case',
  'a.b',
  '[x]',
  '`t`',
  'x-y',
  '123abc',
  'key',
  'ö',
  'where',
];
const TYPES = [
  'INTEGER',
  'TEXT',
  'VARCHAR(80)',
  'NUMERIC(10, 2)',
  'DOUBLE PRECISION',
  '',
  'BLOB',
  'REAL',
  'BOOLEAN',
  'DATETIME',
  'int',
  'UNSIGNED BIG INT',
];
const STRINGS = ['', 'abc', "it's", 'naïve ✓', 'a\nb', "'quoted'", ')', '--', '/* x */'];
const NUMBERS = [0, 1, -1, 42, 3.14, -2.5, 1e21, 1.5e-7, 9007199254740991, -9007199254740991];
const EXPRESSIONS = ['CURRENT_TIMESTAMP', 'CURRENT_DATE', "datetime('now')", '1 + 2', "lower('ABC')", "'a' || 'b'", '(1)', "X'0A'"];
const ACTIONS: ReadonlyArray<ReferentialAction> = ['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];

function genDefault(g: Gen): ColumnDefault | null {
  const roll = g.int(4);
  if (roll === 0) return { kind: 'literal', value: g.pick(STRINGS) };
  if (roll === 1) return { kind: 'literal', value: g.pick(NUMBERS) };
  if (roll === 2) return { kind: 'expression', sql: g.pick(EXPRESSIONS) };
  return null;
}

function sameColumns(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/** A random table that createTableSql writes faithfully (the normal form introspection returns). */
function genTable(g: Gen, id: number): Table {
  const names = g.some(NAMES, 1 + g.int(6));
  const pkMode = g.pick(['none', 'inline', 'auto', 'named', 'composite'] as const);
  const pkColumns = pkMode === 'none' ? [] : pkMode === 'composite' && names.length > 1 ? g.some(names, 2) : [names[0] ?? 'id'];
  const columns: Column[] = names.map((name) => {
    const inPk = pkColumns.includes(name);
    const auto = pkMode === 'auto' && inPk;
    return makeColumn({
      name,
      type: auto ? 'INTEGER' : g.pick(TYPES),
      nullable: !inPk && g.bool(),
      default: genDefault(g),
      autoincrement: auto,
    });
  });
  const taken: string[][] = [pkColumns];
  const uniques = Array.from({ length: g.int(3) }, () => ({
    name: g.bool() ? `uq ${g.pick(NAMES)}` : null,
    columns: g.some(names, 1 + g.int(2)),
  })).filter((u) => {
    if (taken.some((t) => sameColumns(t, u.columns))) return false;
    taken.push(u.columns);
    return true;
  });
  const foreignKeys: ForeignKey[] = Array.from({ length: g.int(3) }, () => {
    const cols = g.some(names, 1 + g.int(2));
    return {
      name: g.bool() ? `fk_${g.pick(NAMES)}` : null,
      columns: cols,
      refTable: g.pick(['parent', 'Other Table', `t${id}`]),
      refColumns: g.some(['id', 'code', 'k"1', 'ü'], cols.length),
      onDelete: g.pick(ACTIONS),
      onUpdate: g.pick(ACTIONS),
    };
  });
  const checks = Array.from({ length: g.int(3) }, () => {
    const col = q(g.pick(names));
    const expression = g.pick([`${col} IS NOT NULL`, `length(${col}) > 2`, `${col} <> ')'`, `(${col} > 0) OR (${col} < 10)`]);
    return { name: g.bool() ? `ck ${g.int(100)}` : null, expression };
  });
  const indexes: Index[] = Array.from({ length: g.int(3) }, (_, k) => {
    const cols = g.some(names, 1 + g.int(3));
    return { name: `ix ${id}_${k}`, columns: cols, unique: g.bool(), where: g.bool() ? `${q(cols[0] ?? '')} IS NOT NULL` : null };
  });
  const primaryKey =
    pkMode === 'none' ? null : { name: pkMode === 'named' || (pkMode === 'composite' && g.bool()) ? `pk ${id}` : null, columns: pkColumns };
  return makeTable({
    name: g.pick([`t${id}`, `select ${id}`, `"q" ${id}`, `表 ${id}`]),
    columns,
    primaryKey,
    uniques,
    foreignKeys,
    checks,
    indexes,
  });
}

describe('introspectTable round trip', () => {
  it('gives back each fixed table exactly as created by createTableSql + createIndexSql', () => {
    withDb((db) => {
      for (const table of FIXED_TABLES) {
        const sql = create(db, table);
        expect(introspectTable(db, table.name), sql).toStrictEqual(table);
      }
    });
  });

  it('gives back ~100 random tables exactly (seeded)', () => {
    const seed = Number(process.env.TSDB_SEED ?? 20261125);
    const g = new Gen(seed);
    withTempDir((open) => {
      for (let i = 0; i < 100; i += 1) {
        const table = genTable(g, i);
        const db = open(`case-${i}.db`);
        let sql = '';
        try {
          sql = create(db, table);
        } catch (error) {
          throw new Error(`seed ${seed} case ${i}: SQLite rejected\n${createTableSql(table)}`, { cause: error });
        }
        expect(introspectTable(db, table.name), `seed ${seed} (rerun with TSDB_SEED=${seed}) case ${i}:\n${sql}`).toStrictEqual(table);
      }
    });
  });
});

describe('introspectTable on hand-written SQL', () => {
  it('reads bracket/backtick quoting, comments, lowercase keywords and column-level constraints', () => {
    withDb((db) => {
      db.exec(`create table [parent] (id integer primary key, code text unique);
        create table \`odd table\` ( -- the child
          \`id\`   integer  primary key  autoincrement,
          [Code] varchar(10) constraint "uq code" unique not null collate nocase, /* inline unique */
          parent_ID int constraint fk_parent references parent on delete cascade deferrable initially deferred,
          score real default -1.5 check (score >= -10),
          label text default 'it''s' constraint ck_label check(label <> ''),
          flag boolean default true,
          created datetime default current_timestamp,
          foreign key (code) references [parent] ( code ) on update set null
        )`);
      expect(introspectTable(db, 'odd table')).toStrictEqual(
        makeTable({
          name: 'odd table',
          columns: [
            makeColumn({ name: 'id', type: 'integer', nullable: false, autoincrement: true }),
            makeColumn({ name: 'Code', type: 'varchar(10)', nullable: false }),
            makeColumn({ name: 'parent_ID', type: 'int' }),
            makeColumn({ name: 'score', type: 'real', default: { kind: 'literal', value: -1.5 } }),
            makeColumn({ name: 'label', type: 'text', default: { kind: 'literal', value: "it's" } }),
            makeColumn({ name: 'flag', type: 'boolean', default: { kind: 'literal', value: true } }),
            makeColumn({ name: 'created', type: 'datetime', default: { kind: 'expression', sql: 'current_timestamp' } }),
          ],
          primaryKey: { name: null, columns: ['id'] },
          uniques: [{ name: 'uq code', columns: ['Code'] }],
          foreignKeys: [
            {
              name: 'fk_parent',
              columns: ['parent_ID'],
              refTable: 'parent',
              refColumns: ['id'],
              onDelete: 'CASCADE',
              onUpdate: 'NO ACTION',
            },
            { name: null, columns: ['Code'], refTable: 'parent', refColumns: ['code'], onDelete: 'NO ACTION', onUpdate: 'SET NULL' },
          ],
          checks: [
            { name: null, expression: 'score >= -10' },
            { name: 'ck_label', expression: "label <> ''" },
          ],
        }),
      );
    });
  });

  it('reads a WITHOUT ROWID, STRICT table with a named composite key given in another case', () => {
    withDb((db) => {
      db.exec('CREATE TABLE "Kv" (Ns TEXT, K TEXT, V ANY, CONSTRAINT pk_kv PRIMARY KEY (ns, k DESC)) WITHOUT ROWID, STRICT');
      expect(introspectTable(db, 'kv')).toStrictEqual(
        makeTable({
          name: 'Kv',
          columns: [
            makeColumn({ name: 'Ns', type: 'TEXT', nullable: false }),
            makeColumn({ name: 'K', type: 'TEXT', nullable: false }),
            makeColumn({ name: 'V', type: 'ANY' }),
          ],
          primaryKey: { name: 'pk_kv', columns: ['Ns', 'K'] },
        }),
      );
    });
  });

  it('treats a PRIMARY KEY column as NOT NULL even where SQLite would accept NULL', () => {
    withDb((db) => {
      db.exec('CREATE TABLE t (code TEXT PRIMARY KEY, n INT NOT NULL, m INT)');
      db.exec('INSERT INTO t (code, n) VALUES (NULL, 1)');
      expect(introspectTable(db, 't')?.columns.map((c) => [c.name, c.nullable])).toStrictEqual([
        ['code', false],
        ['n', false],
        ['m', true],
      ]);
    });
  });

  it('maps every DEFAULT form to a literal, an expression or no default', () => {
    const cases: Array<[string, ColumnDefault | null]> = [
      ["'abc'", { kind: 'literal', value: 'abc' }],
      ["'it''s'", { kind: 'literal', value: "it's" }],
      ['42', { kind: 'literal', value: 42 }],
      ['-7', { kind: 'literal', value: -7 }],
      ['+0.25', { kind: 'literal', value: 0.25 }],
      ['TRUE', { kind: 'literal', value: true }],
      ['False', { kind: 'literal', value: false }],
      ['NULL', null],
      ['CURRENT_TIMESTAMP', { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }],
      ['(CURRENT_TIMESTAMP)', { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }],
      ["(strftime('%s', 'now'))", { kind: 'expression', sql: "strftime('%s', 'now')" }],
      ['((1 + 2))', { kind: 'expression', sql: '(1 + 2)' }],
      ["('abc')", { kind: 'expression', sql: "'abc'" }],
      ['12345678901234567890', { kind: 'expression', sql: '12345678901234567890' }],
      ["x'FF'", { kind: 'expression', sql: "x'FF'" }],
      ['bare_word', { kind: 'literal', value: 'bare_word' }],
    ];
    withDb((db) => {
      db.exec(`CREATE TABLE d (${cases.map(([sql], k) => `c${k} DEFAULT ${sql}`).join(', ')})`);
      const columns = introspectTable(db, 'd')?.columns ?? [];
      expect(columns.map((c) => c.default)).toStrictEqual(cases.map(([, value]) => value));
      db.exec('INSERT INTO d DEFAULT VALUES');
      expect(db.prepare('SELECT c15 FROM d').get()).toStrictEqual({ c15: 'bare_word' });
    });
  });

  it('reads AUTOINCREMENT written inside a table PRIMARY KEY and keeps generated columns', () => {
    withDb((db) => {
      db.exec('CREATE TABLE g (id INTEGER, a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c AS (a + 1), PRIMARY KEY (id AUTOINCREMENT))');
      expect(introspectTable(db, 'g')).toStrictEqual(
        makeTable({
          name: 'g',
          columns: [
            makeColumn({ name: 'id', type: 'INTEGER', nullable: false, autoincrement: true }),
            makeColumn({ name: 'a', type: 'INT' }),
            makeColumn({ name: 'b', type: 'INT' }),
            makeColumn({ name: 'c', type: '' }),
          ],
          primaryKey: { name: null, columns: ['id'] },
        }),
      );
    });
  });

  it('lists UNIQUE constraints once each, as SQLite merges duplicates and ones equal to the key', () => {
    withDb((db) => {
      db.exec(
        'CREATE TABLE u (k TEXT PRIMARY KEY, a UNIQUE, b, c, UNIQUE (k), CONSTRAINT dup UNIQUE (A), CONSTRAINT "b c" UNIQUE (b, c), UNIQUE (c, b))',
      );
      expect(introspectTable(db, 'u')?.uniques).toStrictEqual([
        { name: null, columns: ['a'] },
        { name: 'b c', columns: ['b', 'c'] },
        { name: null, columns: ['c', 'b'] },
      ]);
    });
  });

  it('reads foreign keys in declaration order, resolving omitted parent columns', () => {
    withDb((db) => {
      db.exec(`CREATE TABLE p (x TEXT, y TEXT, PRIMARY KEY (x, y));
        CREATE TABLE c (a, b, z REFERENCES gone, CONSTRAINT fk_p FOREIGN KEY (A, B) REFERENCES P, FOREIGN KEY (b) REFERENCES p (y) ON DELETE SET NULL)`);
      expect(introspectTable(db, 'c')?.foreignKeys).toStrictEqual([
        { name: null, columns: ['z'], refTable: 'gone', refColumns: [], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
        { name: 'fk_p', columns: ['a', 'b'], refTable: 'P', refColumns: ['x', 'y'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
        { name: null, columns: ['b'], refTable: 'p', refColumns: ['y'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' },
      ]);
    });
  });

  it('reads CREATE INDEX indexes in creation order, not the autoindexes, with partial predicates', () => {
    withDb((db) => {
      db.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, Email TEXT UNIQUE, name TEXT);
        CREATE UNIQUE INDEX "z first" ON t (email COLLATE nocase DESC) WHERE email LIKE '%@%';
        CREATE INDEX a_second ON T (lower(name), id);`);
      expect(introspectTable(db, 't')?.indexes).toStrictEqual([
        { name: 'z first', columns: ['Email'], unique: true, where: "email LIKE '%@%'" },
        { name: 'a_second', columns: ['lower(name)', 'id'], unique: false, where: null },
      ]);
    });
  });

  it('returns null for a missing table, a view or a virtual table, and finds tables in any case', () => {
    withDb((db) => {
      db.exec('CREATE TABLE "Mixed" (a); CREATE VIEW v AS SELECT a FROM "Mixed"; CREATE VIRTUAL TABLE f USING fts5(body)');
      expect(introspectTable(db, 'nope')).toBeNull();
      expect(introspectTable(db, 'v')).toBeNull();
      expect(introspectTable(db, 'f')).toBeNull();
      expect(introspectTable(db, 'MIXED')?.name).toBe('Mixed');
    });
  });
});

describe('introspectSchema', () => {
  it('lists ordinary tables by name, leaving out SQLite, tsdb, version, excluded, virtual and view objects', () => {
    withDb((db) => {
      db.exec(`CREATE TABLE zeta (id INTEGER PRIMARY KEY AUTOINCREMENT);
        CREATE TABLE "Alpha" (a); CREATE TABLE beta (b); CREATE TABLE "ünï" (c); CREATE TABLE skip_me (d);
        CREATE TABLE my_versions (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
        CREATE TABLE tsdb_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); CREATE TABLE tsdb_lock (x);
        CREATE VIEW beta_view AS SELECT b FROM beta; CREATE VIRTUAL TABLE docs USING fts5(body);
        ANALYZE;`);
      const schema = introspectSchema(db, { versionTable: 'my_versions', includeTable: (name) => name !== 'skip_me' });
      expect(schema.tables.map((t) => t.name)).toStrictEqual(['Alpha', 'beta', 'zeta', 'ünï']);
      expect(schema.tables[0]).toStrictEqual(makeTable({ name: 'Alpha', columns: [makeColumn({ name: 'a', type: '' })] }));
      expect(introspectSchema(db, { versionTable: 'tsdb_version' }).tables.map((t) => t.name)).toContain('my_versions');
    });
  });

  it('gives back every fixed table from one database', () => {
    withDb((db) => {
      for (const table of FIXED_TABLES) create(db, table);
      const byName = [...FIXED_TABLES].sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(introspectSchema(db, { versionTable: 'tsdb_version' })).toStrictEqual({ tables: byName });
    });
  });
});

describe('listTriggers and listViews', () => {
  it('returns triggers of one table and all views, in creation order, with their SQL', () => {
    withDb((db) => {
      const trigger2 = 'CREATE TRIGGER "b trg" AFTER UPDATE ON "T 1" BEGIN SELECT 2; END';
      const trigger1 = 'CREATE TRIGGER a_trg AFTER INSERT ON "t 1" BEGIN SELECT 1; END';
      db.exec(`CREATE TABLE "T 1" (a); CREATE TABLE other (b); ${trigger2}; ${trigger1};
        CREATE TRIGGER o AFTER INSERT ON other BEGIN SELECT 3; END;
        CREATE VIEW z_view AS SELECT a FROM "T 1"; CREATE VIEW a_view AS SELECT * FROM z_view;`);
      expect(listTriggers(db, 'T 1')).toStrictEqual([
        { name: 'b trg', sql: trigger2 },
        { name: 'a_trg', sql: trigger1 },
      ]);
      expect(listTriggers(db, 'missing')).toStrictEqual([]);
      expect(listViews(db)).toStrictEqual([
        { name: 'z_view', sql: 'CREATE VIEW z_view AS SELECT a FROM "T 1"' },
        { name: 'a_view', sql: 'CREATE VIEW a_view AS SELECT * FROM z_view' },
      ]);
    });
  });
});
