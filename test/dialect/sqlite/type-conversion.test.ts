import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  affinityOf,
  conversionChecks,
  holdsNumbers,
  storedValueSql,
  typeRule,
  type Affinity,
} from '../../../src/dialect/sqlite/type-conversion';

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
});
afterAll(() => db.close());

/** SQL literals of the values a column may hold, as SQLite stores them in an untyped column. */
const VALUES = [
  "'12'",
  "'x'",
  "' 12 '",
  "'3.0'",
  "'3.5'",
  "'1e3'",
  "'0x10'",
  "''",
  "'12abc'",
  "'true'",
  "'1'",
  "'0'",
  "'-7'",
  '12',
  '3.5',
  '2.0',
  '1e20',
  '-0.25',
  '0',
  '1',
  "x'01'",
  'NULL',
  "'123.456'",
  '99.99',
  '100',
  "'9223372036854775808'",
];

/** The values `check` refuses (or warns about) when a column goes from `before` to `after`. */
function flagged(before: string, after: string, severity: 'refuse' | 'warn' = 'refuse'): string[] {
  const checks = conversionChecks(before, after).filter((c) => c.severity === severity);
  return VALUES.filter((v) =>
    checks.some(
      (c) =>
        db
          .prepare(`SELECT (${c.test('v')}) IS 1 AS hit FROM (SELECT ${v} AS v)`)
          .pluck()
          .get() === 1,
    ),
  );
}

describe('which values a type change refuses (evaluated by SQLite)', () => {
  it.each([
    [
      'TEXT',
      'INTEGER',
      ["'x'", "'3.5'", "'0x10'", "''", "'12abc'", "'true'", '3.5', '1e20', '-0.25', "x'01'", "'123.456'", '99.99', "'9223372036854775808'"],
    ],
    [
      'TEXT',
      'BIGINT',
      ["'x'", "'3.5'", "'0x10'", "''", "'12abc'", "'true'", '3.5', '1e20', '-0.25', "x'01'", "'123.456'", '99.99', "'9223372036854775808'"],
    ],
    ['TEXT', 'REAL', ["'x'", "'0x10'", "''", "'12abc'", "'true'", "x'01'"]],
    ['TEXT', 'NUMERIC', ["'x'", "'0x10'", "''", "'12abc'", "'true'", "x'01'"]],
    [
      'TEXT',
      'BOOLEAN',
      [
        "'12'",
        "'x'",
        "' 12 '",
        "'3.0'",
        "'3.5'",
        "'1e3'",
        "'0x10'",
        "''",
        "'12abc'",
        "'true'",
        "'-7'",
        '12',
        '3.5',
        '2.0',
        '1e20',
        '-0.25',
        "x'01'",
        "'123.456'",
        '99.99',
        '100',
        "'9223372036854775808'",
      ],
    ],
    ['TEXT', 'NUMERIC(5,2)', ["'x'", "'1e3'", "'0x10'", "''", "'12abc'", "'true'", '1e20', "x'01'", "'9223372036854775808'"]],
    [
      'REAL',
      'INTEGER',
      ["'x'", "'3.5'", "'0x10'", "''", "'12abc'", "'true'", '3.5', '1e20', '-0.25', "x'01'", "'123.456'", '99.99', "'9223372036854775808'"],
    ],
    [
      'VARCHAR(10)',
      'VARCHAR(3)',
      ["' 12 '", "'0x10'", "'12abc'", "'true'", '1e20', '-0.25', "'123.456'", '99.99', "'9223372036854775808'"],
    ],
  ])('%s → %s', (before, after, refused) => {
    expect(flagged(before, after)).toStrictEqual(VALUES.filter((v) => refused.includes(v)));
  });

  it.each([
    ['TEXT', 'DATE'],
    ['TEXT', 'DATETIME'],
    ['INTEGER', 'JSON'],
    ['INTEGER', 'UUID'],
    ['INTEGER', 'TEXT'],
    ['REAL', 'TEXT'],
    ['INTEGER', 'BIGINT'],
    ['VARCHAR(3)', 'VARCHAR(10)'],
    ['NUMERIC(5,2)', 'NUMERIC(8,3)'],
    ['REAL', 'FLOAT'],
    ['BOOLEAN', 'BOOL'],
  ])('%s → %s takes anything', (before, after) => {
    expect(conversionChecks(before, after)).toStrictEqual([]);
  });

  it('warns, without refusing, about decimal places NUMERIC(p,s) does not keep; refuses digits beyond p - s', () => {
    const only = (list: string[]) => VALUES.filter((v) => list.includes(v));
    expect(flagged('REAL', 'NUMERIC(6,2)', 'warn')).toStrictEqual(only(["'123.456'"]));
    expect(flagged('REAL', 'NUMERIC(6,1)', 'warn')).toStrictEqual(only(['-0.25', "'123.456'", '99.99']));
    expect(flagged('REAL', 'NUMERIC(6,1)')).toStrictEqual(
      only(["'x'", "'0x10'", "''", "'12abc'", "'true'", '1e20', "x'01'", "'9223372036854775808'"]),
    );
    expect(flagged('REAL', 'NUMERIC(4,2)')).toStrictEqual(
      only(["'x'", "'1e3'", "'0x10'", "''", "'12abc'", "'true'", '1e20', "x'01'", "'123.456'", '100', "'9223372036854775808'"]),
    );
  });
});

describe('the rules agree with what SQLite stores', () => {
  const TYPES = ['INTEGER', 'BIGINT', 'REAL', 'NUMERIC', 'BOOLEAN', 'TEXT', 'BLOB', 'DATETIME', 'VARCHAR(5)'];

  it.each(TYPES)('storedValueSql and the refusals match a real %s column', (type) => {
    db.exec(`DROP TABLE IF EXISTS src; DROP TABLE IF EXISTS dst; CREATE TABLE src (v); CREATE TABLE dst (v ${type})`);
    for (const v of VALUES) db.exec(`INSERT INTO src (v) VALUES (${v})`);
    db.exec('INSERT INTO dst (rowid, v) SELECT rowid, v FROM src');
    const affinity: Affinity = affinityOf(type);
    const rows = db
      .prepare(
        `SELECT quote(${storedValueSql(affinity, 'src.v')}) AS predicted, quote(dst.v) AS stored, typeof(dst.v) AS kind
      FROM src JOIN dst ON dst.rowid = src.rowid ORDER BY src.rowid`,
      )
      .all() as Array<{ predicted: string; stored: string; kind: string }>;
    expect(rows.map((r) => r.predicted)).toStrictEqual(rows.map((r) => r.stored));
    if (!holdsNumbers(type)) return;
    // every value the preflight lets into a number type is stored as a number (or NULL)
    const refused = new Set(flagged('TEXT', type));
    VALUES.forEach((v, i) => {
      if (!refused.has(v)) expect([v, rows[i]?.kind]).toSatisfy(([, kind]) => kind === 'integer' || kind === 'real' || kind === 'null');
    });
  });

  it('reads the type rules from the declared types', () => {
    expect(typeRule('numeric(10, 2)')).toStrictEqual({ kind: 'numeric', precision: 10, scale: 2 });
    expect(typeRule('DECIMAL(7)')).toStrictEqual({ kind: 'numeric', precision: 7, scale: 0 });
    expect(typeRule('varchar(80)')).toStrictEqual({ kind: 'varchar', length: 80 });
    expect(typeRule('boolean')).toStrictEqual({ kind: 'boolean' });
    expect([typeRule('BIGINT').kind, typeRule('DOUBLE PRECISION').kind, typeRule('UUID').kind, typeRule('JSON').kind]).toStrictEqual([
      'integer',
      'real',
      'any',
      'any',
    ]);
  });
});
