/** Bound values as PostgreSQL literals in offline SQL: what node-postgres would have sent, safe whatever standard_conforming_strings says. */
import { describe, expect, it } from 'vitest';
import { inlinePgBindings, pgLiteral } from '../../../src/dialect/postgres/literals';

describe('pgLiteral', () => {
  it('writes each kind of value', () => {
    expect(pgLiteral(null)).toBe('NULL');
    expect(pgLiteral(undefined)).toBe('NULL');
    expect(pgLiteral(true)).toBe('TRUE');
    expect(pgLiteral(42)).toBe('42');
    expect(pgLiteral(-1.5)).toBe('-1.5');
    expect(pgLiteral(Number.NaN)).toBe("'NaN'");
    expect(pgLiteral(Number.POSITIVE_INFINITY)).toBe("'Infinity'");
    expect(pgLiteral(12345678901234567890n)).toBe('12345678901234567890');
    expect(pgLiteral("it's")).toBe("'it''s'");
    expect(pgLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(pgLiteral(Buffer.from([0, 255]))).toBe("E'\\\\x00ff'");
    expect(pgLiteral({ a: "b'c" })).toBe(`'{"a":"b''c"}'`);
    expect(pgLiteral(['x', null, 'y"z'])).toBe(`E'{"x",NULL,"y\\\\"z"}'`); // the array's own escape survives in E''
  });

  it('refuses a NUL character, which PostgreSQL text cannot hold', () => {
    expect(() => pgLiteral('a\u0000b')).toThrow(/NUL/);
  });
});

describe('inlinePgBindings', () => {
  it('replaces ? in order, leaving ? in literals, quoted names and comments, and \\? as the jsonb operator', () => {
    expect(inlinePgBindings(`UPDATE "t?" SET a = ? WHERE b = '?' /* ? */ -- ?\n AND d = ?`, [1, 'x'])).toBe(
      `UPDATE "t?" SET a = 1 WHERE b = '?' /* ? */ -- ?\n AND d = 'x'`,
    );
    expect(inlinePgBindings("SELECT data \\? 'k' FROM t WHERE id = ?", [7])).toBe("SELECT data ? 'k' FROM t WHERE id = 7");
  });

  it('refuses too few or too many values, as the server would', () => {
    expect(() => inlinePgBindings('SELECT ?, ?', [1])).toThrow(/placeholders/);
    expect(() => inlinePgBindings('SELECT ?', [1, 2])).toThrow(/2 values bound/);
  });
});
