import { describe, expect, it } from 'vitest';
import { normalizeType, sameType, sqliteComparator } from '../../src/dialect/sqlite/comparator';
import { normalizeExpression, renameIdentifier, sameExpression } from '../../src/schema/normalize';
import type { ColumnDefault } from '../../src/schema/types';

const lit = (value: string | number | boolean | null): ColumnDefault => ({ kind: 'literal', value });
const expr = (sql: string): ColumnDefault => ({ kind: 'expression', sql });

describe('normalizeType', () => {
  it.each([
    ['varchar(80)', 'VARCHAR(80)'],
    ['VARCHAR( 80 )', 'VARCHAR(80)'],
    ['NUMERIC(10,2)', 'NUMERIC(10,2)'],
    ['numeric( 10 , 2 )', 'NUMERIC(10,2)'],
    ['int', 'INTEGER'],
    ['Bool', 'BOOLEAN'],
    ['character  varying(12)', 'VARCHAR(12)'],
    ['double precision', 'DOUBLE'],
    ['  unsigned   big int ', 'UNSIGNED BIG INT'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeType(input)).toBe(expected);
  });

  it('equates case, whitespace and synonyms but keeps lengths and affinities apart', () => {
    expect(sameType('varchar(80)', 'VARCHAR( 80 )')).toBe(true);
    expect(sameType('NUMERIC(10,2)', 'NUMERIC(10, 2)')).toBe(true);
    expect(sameType('INT', 'integer')).toBe(true);
    expect(sameType('BOOL', 'BOOLEAN')).toBe(true);
    expect(sameType('VARCHAR(80)', 'VARCHAR(100)')).toBe(false);
    expect(sameType('VARCHAR(80)', 'TEXT')).toBe(false);
    expect(sameType('BIGINT', 'INTEGER')).toBe(false);
  });
});

describe('sameExpression', () => {
  it('ignores whitespace, keyword and identifier case, identifier quotes and outer parentheses', () => {
    expect(sameExpression('length(username) > 2', '(( LENGTH( "username" )>2 ))')).toBe(true);
    expect(sameExpression('a == 1 AND b <> 2', '[a] = 1 and `b` != 2')).toBe(true);
    expect(sameExpression('current_timestamp', 'CURRENT_TIMESTAMP')).toBe(true);
  });

  it('keeps string literals, inner parentheses and operators significant', () => {
    expect(sameExpression("status = 'a'", "status = 'A'")).toBe(false);
    expect(sameExpression('(a) + (b)', 'a + b')).toBe(false);
    expect(sameExpression('a > 2', 'a >= 2')).toBe(false);
    expect(sameExpression('"odd name" > 1', 'odd name > 1')).toBe(false);
  });

  it('renders a canonical text', () => {
    expect(normalizeExpression(" ( x  IS NOT null AND y='It''s' ) ")).toBe("X IS NOT NULL AND Y = 'It''s'");
  });
});

describe('renameIdentifier', () => {
  it('rewrites the identifier as SQLite does, leaving strings and other names alone', () => {
    expect(renameIdentifier("length(name) > 2 AND nickname <> 'name'", 'name', 'full_name')).toBe(
      `length("full_name") > 2 AND nickname <> 'name'`,
    );
    expect(renameIdentifier('x > 1', 'name', 'full_name')).toBe('x > 1');
  });
});

describe('sameDefault (SQLite rules: booleans are 1/0, numeric affinity)', () => {
  const sameDefault = sqliteComparator.sameDefault;
  it.each<[string, ColumnDefault | null, ColumnDefault | null, string]>([
    ['true = 1', lit(true), lit(1), 'BOOLEAN'],
    ['false = 0', lit(false), lit(0), 'BOOLEAN'],
    ['TRUE keyword = true', expr('TRUE'), lit(true), 'BOOLEAN'],
    ['number = numeric string (numeric type)', lit(5), lit('5'), 'INTEGER'],
    ['decimal = numeric string', lit(1.5), lit('1.50'), 'NUMERIC(10, 2)'],
    ['CURRENT_TIMESTAMP in any case', expr('CURRENT_TIMESTAMP'), expr('current_timestamp'), 'DATETIME'],
    ['literal null = no default', lit(null), null, 'TEXT'],
    ['expression NULL = no default', expr('NULL'), null, 'TEXT'],
    ['parenthesised literal string', expr("'x'"), lit('x'), 'TEXT'],
    ['parenthesised number', expr('(1)'), lit(1), 'INTEGER'],
    ['negative number expression', expr('- 3'), lit(-3), 'INTEGER'],
    ['function call spacing', expr("datetime('now')"), expr("DATETIME( 'now' )"), 'DATETIME'],
  ])('equal: %s', (_, a, b, type) => {
    expect(sameDefault(a, b, type)).toBe(true);
    expect(sameDefault(b, a, type)).toBe(true);
  });

  it.each<[string, ColumnDefault | null, ColumnDefault | null, string]>([
    ['number vs string on a text column', lit(1), lit('1'), 'TEXT'],
    ['string case', lit('abc'), lit('ABC'), 'TEXT'],
    ['value vs none', lit(0), null, 'INTEGER'],
    ['empty string vs none', lit(''), null, 'TEXT'],
    ['different expressions', expr('CURRENT_TIMESTAMP'), expr('CURRENT_DATE'), 'DATETIME'],
    ['true vs 2', lit(true), lit(2), 'BOOLEAN'],
  ])('different: %s', (_, a, b, type) => {
    expect(sameDefault(a, b, type)).toBe(false);
    expect(sameDefault(b, a, type)).toBe(false);
  });
});
