import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inlineBindings, sqlLiteral } from '../../../src/dialect/sqlite/inline-bindings';

describe('sqlLiteral', () => {
  it('writes each bindable value as the literal SQLite stores the same way', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral("O'Brien's")).toBe("'O''Brien''s'");
    expect(sqlLiteral('')).toBe("''");
    expect(sqlLiteral(42)).toBe('42.0'); // better-sqlite3 binds numbers as REAL
    expect(sqlLiteral(-3)).toBe('-3.0');
    expect(sqlLiteral(1.5)).toBe('1.5');
    expect(sqlLiteral(1e21)).toBe('1e+21');
    expect(sqlLiteral(Number.NaN)).toBe('NULL');
    expect(sqlLiteral(Number.POSITIVE_INFINITY)).toBe('9e999');
    expect(sqlLiteral(12345678901234567890n)).toBe('12345678901234567890');
    expect(sqlLiteral(Buffer.from([0, 0xab, 0xff]))).toBe("X'00ABFF'");
    expect(sqlLiteral(new Uint8Array([]))).toBe("X''");
    expect(sqlLiteral('a\u0000b')).toBe("CAST(X'610062' AS TEXT)");
  });

  it('refuses values better-sqlite3 cannot bind', () => {
    expect(() => sqlLiteral(true)).toThrow(/cannot write a bound boolean value/);
    expect(() => sqlLiteral(new Date(0))).toThrow(/cannot write a bound object value/);
  });
});

describe('inlineBindings', () => {
  it('replaces ? in order and leaves ? inside strings, quoted names and comments alone', () => {
    const sql = `UPDATE "t?" SET a = ?, b = '?' /* ? */ WHERE c = ? -- ?\n AND d = ?`;
    expect(inlineBindings(sql, ["it's", 2, null])).toBe(`UPDATE "t?" SET a = 'it''s', b = '?' /* ? */ WHERE c = 2.0 -- ?\n AND d = NULL`);
  });

  it('numbers ?NNN and names as SQLite does, and takes named values from one object', () => {
    expect(inlineBindings('SELECT ?2, ?1, ?', ['a', 'b', 'c'])).toBe("SELECT 'b', 'a', 'c'");
    expect(inlineBindings('SELECT :x, @y, $x2, :x', [{ x: 1, y: 'y', x2: null }])).toBe("SELECT 1.0, 'y', NULL, 1.0");
    expect(inlineBindings('SELECT ?, :n, ?', [1, { n: 'n' }, 2])).toBe("SELECT 1.0, 'n', 2.0");
    expect(inlineBindings('SELECT ?, ?', [[1, 2]])).toBe('SELECT 1.0, 2.0');
  });

  it('leaves SQL without parameters as it is, and fails when values are missing', () => {
    expect(inlineBindings("SELECT '?'", [])).toBe("SELECT '?'");
    expect(() => inlineBindings('SELECT ?, ?', [1])).toThrow(/2 values needed, 1 bound/);
    expect(() => inlineBindings('SELECT :a', [{}])).toThrow(/no value bound for :a/);
  });
});

describe('inlined values store exactly what bound values store (real SQLite)', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER, r REAL, s TEXT, b BLOB, u)');
  });
  afterEach(() => db.close());

  const value = fc.oneof(
    fc.constant(null),
    fc.double(),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 16 }).map((a) => Buffer.from(a)),
  );

  it('for every column affinity (property, 300 runs)', () => {
    const insert = 'INSERT INTO t (n, r, s, b, u) VALUES (?, ?, ?, ?, ?)';
    const read = 'SELECT typeof(n) AS tn, n, typeof(r) AS tr, r, typeof(s) AS ts, s, typeof(b) AS tb, b, typeof(u) AS tu, u FROM t';
    fc.assert(
      fc.property(fc.array(value, { minLength: 5, maxLength: 5 }), (values) => {
        db.exec('DELETE FROM t');
        db.prepare(insert).run(...values);
        const bound = db.prepare(read).all();
        db.exec('DELETE FROM t');
        db.exec(inlineBindings(insert, values));
        expect(db.prepare(read).all()).toStrictEqual(bound);
      }),
      { numRuns: 300 },
    );
  });
});
