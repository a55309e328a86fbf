import { describe, it, expect } from 'vitest';
import { parseCreateIndex } from '../../../src/dialect/sqlite/parse-create-index';
import { parseCreateTable, type ParsedColumnConstraint } from '../../../src/dialect/sqlite/parse-create-table';
import { SqlParseError, tokenize } from '../../../src/schema/sql-tokenizer';

function constraintsOf(sql: string, column = 0): ReadonlyArray<ParsedColumnConstraint> {
  const col = parseCreateTable(sql).columns[column];
  if (col === undefined) throw new Error(`no column ${column}`);
  return col.constraints;
}

describe('tokenize', () => {
  it('reads every identifier quoting style and dequotes it', () => {
    const tokens = tokenize('"a ""b""" [c d] `e``f` bare_1$ naïve');
    expect(tokens.map((t) => [t.kind, t.value])).toStrictEqual([
      ['quoted', 'a "b"'],
      ['quoted', 'c d'],
      ['quoted', 'e`f'],
      ['word', 'bare_1$'],
      ['word', 'naïve'],
    ]);
  });

  it('reads strings with doubled quotes, blobs, numbers and operators', () => {
    const tokens = tokenize("'it''s' X'0aFF' 42 3.5 .5 1e-3 1.5E+10 0x1F 1_000 || <> != >= -> ->> ( ) , ;");
    expect(tokens.map((t) => [t.kind, t.value])).toStrictEqual([
      ['string', "it's"],
      ['blob', '0aFF'],
      ['number', '42'],
      ['number', '3.5'],
      ['number', '.5'],
      ['number', '1e-3'],
      ['number', '1.5E+10'],
      ['number', '0x1F'],
      ['number', '1_000'],
      ['punct', '||'],
      ['punct', '<>'],
      ['punct', '!='],
      ['punct', '>='],
      ['punct', '->'],
      ['punct', '->>'],
      ['punct', '('],
      ['punct', ')'],
      ['punct', ','],
      ['punct', ';'],
    ]);
  });

  it('skips line and block comments but keeps source offsets', () => {
    const sql = 'a -- one ) (\n/* two ) */ b /* unterminated';
    const tokens = tokenize(sql);
    expect(tokens.map((t) => t.value)).toStrictEqual(['a', 'b']);
    const b = tokens[1];
    expect(b === undefined ? '' : sql.slice(b.start, b.end)).toBe('b');
  });

  it('fails on an unterminated string or identifier', () => {
    expect(() => tokenize("'abc")).toThrow(SqlParseError);
    expect(() => tokenize('"abc')).toThrow(/unterminated/);
    expect(() => tokenize('[abc')).toThrow(SqlParseError);
  });
});

describe('parseCreateTable: columns and types', () => {
  it('reads what createTableSql writes', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE "user" (\n  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n  "name" VARCHAR(80) NOT NULL DEFAULT \'x\',\n' +
        '  CONSTRAINT "uq" UNIQUE ("name"),\n  FOREIGN KEY ("id") REFERENCES "team" ("id") ON DELETE CASCADE,\n  CHECK (length(name) > 2)\n)',
    );
    expect(parsed).toStrictEqual({
      schema: null,
      name: 'user',
      temporary: false,
      ifNotExists: false,
      columns: [
        {
          name: 'id',
          type: 'INTEGER',
          constraints: [
            { name: null, kind: 'primaryKey', order: null, onConflict: null, autoincrement: true },
            { name: null, kind: 'notNull', onConflict: null },
          ],
        },
        {
          name: 'name',
          type: 'VARCHAR(80)',
          constraints: [
            { name: null, kind: 'notNull', onConflict: null },
            { name: null, kind: 'default', value: { kind: 'literal', value: 'x' }, sql: "'x'" },
          ],
        },
      ],
      constraints: [
        { name: 'uq', kind: 'unique', columns: [{ column: 'name', expression: '"name"', collate: null, order: null }], onConflict: null },
        {
          name: null,
          kind: 'foreignKey',
          columns: ['id'],
          reference: { table: 'team', columns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION', match: null, deferrable: null },
        },
        { name: null, kind: 'check', expression: 'length(name) > 2' },
      ],
      withoutRowid: false,
      strict: false,
    });
  });

  it('keeps the declared type text exactly, including spacing and multi-word types', () => {
    const parsed = parseCreateTable(
      'create table t (a VARCHAR(80), b NUMERIC(10, 2), c DOUBLE PRECISION, d, e unsigned big int not null, f NUMERIC( 10 ,2 ), g "text" primary key)',
    );
    expect(parsed.columns.map((c) => [c.name, c.type])).toStrictEqual([
      ['a', 'VARCHAR(80)'],
      ['b', 'NUMERIC(10, 2)'],
      ['c', 'DOUBLE PRECISION'],
      ['d', ''],
      ['e', 'unsigned big int'],
      ['f', 'NUMERIC( 10 ,2 )'],
      ['g', '"text"'],
    ]);
  });

  it('reads quoted, keyword, spaced and non-ASCII names', () => {
    const parsed = parseCreateTable(
      'CREATE TEMP TABLE IF NOT EXISTS "main"."we""ird" ([select] INT, `my col` TEXT, "naïve 表" BLOB, key TEXT)',
    );
    expect(parsed.schema).toBe('main');
    expect(parsed.name).toBe('we"ird');
    expect(parsed.temporary).toBe(true);
    expect(parsed.ifNotExists).toBe(true);
    expect(parsed.columns.map((c) => c.name)).toStrictEqual(['select', 'my col', 'naïve 表', 'key']);
  });

  it('reads table options WITHOUT ROWID and STRICT, and a trailing semicolon', () => {
    const parsed = parseCreateTable('CREATE TABLE t (id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;');
    expect([parsed.withoutRowid, parsed.strict]).toStrictEqual([true, true]);
    expect(parseCreateTable('CREATE TABLE t (id TEXT PRIMARY KEY) without rowid').withoutRowid).toBe(true);
  });
});

describe('parseCreateTable: column constraints', () => {
  it('reads PRIMARY KEY with order, conflict clause and AUTOINCREMENT', () => {
    expect(constraintsOf('CREATE TABLE t (id INTEGER CONSTRAINT pk PRIMARY KEY DESC ON CONFLICT REPLACE AUTOINCREMENT)')).toStrictEqual([
      { name: 'pk', kind: 'primaryKey', order: 'DESC', onConflict: 'REPLACE', autoincrement: true },
    ]);
  });

  it('reads NOT NULL, NULL, UNIQUE, COLLATE and names each constraint separately', () => {
    expect(
      constraintsOf('CREATE TABLE t (a TEXT CONSTRAINT nn NOT NULL ON CONFLICT FAIL NULL CONSTRAINT "u q" UNIQUE COLLATE nocase)'),
    ).toStrictEqual([
      { name: 'nn', kind: 'notNull', onConflict: 'FAIL' },
      { name: null, kind: 'null', onConflict: null },
      { name: 'u q', kind: 'unique', onConflict: null },
      { name: null, kind: 'collate', collation: 'nocase' },
    ]);
  });

  it('keeps CHECK expressions verbatim, with nested parentheses, strings and comments', () => {
    const sql = "CREATE TABLE t (a TEXT CHECK ( length(a) > 2 AND a <> ')' /* ( */ ), b CHECK(b IN (1, 2)))";
    expect(constraintsOf(sql)).toStrictEqual([{ name: null, kind: 'check', expression: "length(a) > 2 AND a <> ')' /* ( */" }]);
    expect(constraintsOf(sql, 1)).toStrictEqual([{ name: null, kind: 'check', expression: 'b IN (1, 2)' }]);
  });

  it('reads every DEFAULT form', () => {
    const cases: Array<[string, unknown]> = [
      ["'abc'", { kind: 'literal', value: 'abc' }],
      ["'it''s'", { kind: 'literal', value: "it's" }],
      ['42', { kind: 'literal', value: 42 }],
      ['-5', { kind: 'literal', value: -5 }],
      ['+2.5', { kind: 'literal', value: 2.5 }],
      ['1e3', { kind: 'literal', value: 1000 }],
      ['0x10', { kind: 'literal', value: 16 }],
      ['-0x10', { kind: 'literal', value: -16 }],
      ['12345678901234567890', { kind: 'expression', sql: '12345678901234567890' }],
      ['TRUE', { kind: 'literal', value: true }],
      ['false', { kind: 'literal', value: false }],
      ['NULL', null],
      ['CURRENT_TIMESTAMP', { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }],
      ['current_date', { kind: 'expression', sql: 'current_date' }],
      ['(CURRENT_TIMESTAMP)', { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }],
      ["( datetime('now') )", { kind: 'expression', sql: "datetime('now')" }],
      ['((1))', { kind: 'expression', sql: '(1)' }],
      ['(0)', { kind: 'expression', sql: '0' }],
      ["X'00FF'", { kind: 'expression', sql: "X'00FF'" }],
      ['abc', { kind: 'literal', value: 'abc' }],
      ['"xyz"', { kind: 'literal', value: 'xyz' }],
    ];
    for (const [text, value] of cases) {
      const [first] = constraintsOf(`CREATE TABLE t (a DEFAULT ${text} NOT NULL)`);
      expect(first, text).toStrictEqual({ name: null, kind: 'default', value, sql: text });
    }
  });

  it('reads REFERENCES with actions, MATCH and DEFERRABLE in any order', () => {
    expect(
      constraintsOf(
        'CREATE TABLE t (a INT REFERENCES "p q" (id) ON UPDATE SET NULL MATCH FULL ON DELETE SET DEFAULT NOT DEFERRABLE INITIALLY IMMEDIATE, b)',
      ),
    ).toStrictEqual([
      {
        name: null,
        kind: 'references',
        reference: {
          table: 'p q',
          columns: ['id'],
          onDelete: 'SET DEFAULT',
          onUpdate: 'SET NULL',
          match: 'FULL',
          deferrable: 'NOT DEFERRABLE INITIALLY IMMEDIATE',
        },
      },
    ]);
    expect(constraintsOf('CREATE TABLE t (a INT CONSTRAINT fk REFERENCES p DEFERRABLE)')).toStrictEqual([
      {
        name: 'fk',
        kind: 'references',
        reference: { table: 'p', columns: [], onDelete: 'NO ACTION', onUpdate: 'NO ACTION', match: null, deferrable: 'DEFERRABLE' },
      },
    ]);
  });

  it('reads generated columns in both spellings', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c AS (a + 1), d TEXT AS (upper(a)) VIRTUAL)',
    );
    expect(parsed.columns.map((c) => [c.type, c.constraints])).toStrictEqual([
      ['INT', []],
      ['INT', [{ name: null, kind: 'generated', expression: 'a * 2', storage: 'STORED' }]],
      ['', [{ name: null, kind: 'generated', expression: 'a + 1', storage: 'VIRTUAL' }]],
      ['TEXT', [{ name: null, kind: 'generated', expression: 'upper(a)', storage: 'VIRTUAL' }]],
    ]);
  });
});

describe('parseCreateTable: table constraints', () => {
  it('reads named and unnamed constraints, with or without separating commas', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE t (a, b, c, CONSTRAINT pk PRIMARY KEY (a COLLATE nocase DESC, b) ON CONFLICT ABORT UNIQUE (c) ' +
        'CONSTRAINT ck CHECK (a > b), FOREIGN KEY (b, c) REFERENCES p (x, y) ON DELETE RESTRICT ON UPDATE CASCADE)',
    );
    expect(parsed.constraints).toStrictEqual([
      {
        name: 'pk',
        kind: 'primaryKey',
        columns: [
          { column: 'a', expression: 'a', collate: 'nocase', order: 'DESC' },
          { column: 'b', expression: 'b', collate: null, order: null },
        ],
        autoincrement: false,
        onConflict: 'ABORT',
      },
      { name: null, kind: 'unique', columns: [{ column: 'c', expression: 'c', collate: null, order: null }], onConflict: null },
      { name: 'ck', kind: 'check', expression: 'a > b' },
      {
        name: null,
        kind: 'foreignKey',
        columns: ['b', 'c'],
        reference: { table: 'p', columns: ['x', 'y'], onDelete: 'RESTRICT', onUpdate: 'CASCADE', match: null, deferrable: null },
      },
    ]);
  });

  it('accepts a dangling CONSTRAINT name, as SQLite does', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE t (a INT CONSTRAINT lost NOT NULL CONSTRAINT dangling, b, CONSTRAINT x CONSTRAINT y UNIQUE (b), CONSTRAINT z)',
    );
    expect(parsed.columns[0]?.constraints).toStrictEqual([{ name: 'lost', kind: 'notNull', onConflict: null }]);
    expect(parsed.constraints).toStrictEqual([
      { name: 'y', kind: 'unique', columns: [{ column: 'b', expression: 'b', collate: null, order: null }], onConflict: null },
    ]);
  });

  it('reads AUTOINCREMENT inside a table PRIMARY KEY', () => {
    const [pk] = parseCreateTable('CREATE TABLE t (id INTEGER, PRIMARY KEY (id AUTOINCREMENT))').constraints;
    expect(pk).toMatchObject({ kind: 'primaryKey', autoincrement: true, columns: [{ column: 'id' }] });
  });

  it('reads hand-written SQL with comments and odd spacing', () => {
    const parsed = parseCreateTable(
      "create table [odd] ( -- a comment (\n  `id`   integer   primary key, /* c, d */\n  [v] text default('x'),\n  check ( v != '' )\n)",
    );
    expect(parsed.name).toBe('odd');
    expect(parsed.columns.map((c) => [c.name, c.type])).toStrictEqual([
      ['id', 'integer'],
      ['v', 'text'],
    ]);
    expect(parsed.constraints).toStrictEqual([{ name: null, kind: 'check', expression: "v != ''" }]);
  });

  it('rejects statements that are not a plain CREATE TABLE', () => {
    expect(() => parseCreateTable('CREATE VIRTUAL TABLE f USING fts5(body)')).toThrow(SqlParseError);
    expect(() => parseCreateTable('CREATE TABLE t (a INT')).toThrow(SqlParseError);
    expect(() => parseCreateTable('CREATE TABLE t (a INT) garbage')).toThrow(/unexpected text/);
  });
});

describe('parseCreateIndex', () => {
  it('reads a plain index as createIndexSql writes it', () => {
    expect(parseCreateIndex('CREATE INDEX "ix_user_email" ON "user" ("email", "we""ird")')).toStrictEqual({
      schema: null,
      name: 'ix_user_email',
      table: 'user',
      unique: false,
      ifNotExists: false,
      columns: [
        { column: 'email', expression: '"email"', collate: null, order: null },
        { column: 'we"ird', expression: '"we""ird"', collate: null, order: null },
      ],
      where: null,
    });
  });

  it('reads UNIQUE, IF NOT EXISTS, a schema, COLLATE/DESC, expression terms and a WHERE predicate', () => {
    const parsed = parseCreateIndex(
      "create unique index if not exists main.[ix] on t (a collate nocase desc, lower(b) ASC, c + 1) where a IS NOT NULL and b <> ',' -- done\n;",
    );
    expect(parsed).toStrictEqual({
      schema: 'main',
      name: 'ix',
      table: 't',
      unique: true,
      ifNotExists: true,
      columns: [
        { column: 'a', expression: 'a', collate: 'nocase', order: 'DESC' },
        { column: null, expression: 'lower(b)', collate: null, order: 'ASC' },
        { column: null, expression: 'c + 1', collate: null, order: null },
      ],
      where: "a IS NOT NULL and b <> ','",
    });
  });
});
