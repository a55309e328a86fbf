/**
 * CHECK, partial-index and default expressions as declared compare equal to what PostgreSQL stores
 * (read back from a real server), and different expressions stay different.
 */
import { describe, expect, it } from 'vitest';
import { postgresComparator } from '../../../src/dialect/postgres/comparator';
import { canonicalPgExpression } from '../../../src/dialect/postgres/expressions';
import { usePostgres } from '../../helpers/postgres';

const pg = usePostgres();

const CHECKS = [
  "kind IN ('a', 'b')",
  "kind NOT IN ('a', 'b')",
  "name LIKE 'x%'",
  "name NOT ILIKE '%y'",
  "name <> '' AND length(name) > 3",
  '(n > 0) AND (n < 10)',
  '(n > 0 OR n IS NULL) AND m >= 0',
  'n BETWEEN 1 AND 5 OR m = 2',
  "code::text ~ '^[a-z]+$'",
  "tags @> ARRAY['x']::text[]",
  'price >= 0.5 AND price < 1e6',
  "at > '2020-01-01 00:00:00+00'::timestamptz",
  "coalesce(name, '') <> 'z'",
  'CASE WHEN n > 0 THEN m > 0 ELSE true END',
];

describe('expressions PostgreSQL stores compare equal to the declared ones', { timeout: 30_000 }, () => {
  it('CHECK constraints read back by pg_get_constraintdef', async () => {
    const db = pg().database;
    await pg().server.query(
      db,
      'CREATE TABLE t (n integer, m integer, kind text, name varchar(20), code varchar(5), tags text[], price numeric(8,2), at timestamptz)',
    );
    for (const [k, expression] of CHECKS.entries()) {
      await pg().server.query(db, `ALTER TABLE t ADD CONSTRAINT ck${k} CHECK (${expression})`);
      const rows = await pg().server.query<{ def: string }>(
        db,
        `SELECT pg_get_constraintdef(oid, true) AS def FROM pg_constraint WHERE conname = 'ck${k}'`,
      );
      const stored = (rows[0]?.def ?? '').replace(/^CHECK \(/, '').replace(/\)$/, '');
      expect(postgresComparator.sameExpression(stored, expression), `${expression}\nstored as ${stored}`).toBe(true);
    }
  });
});

describe('different expressions stay different', () => {
  it.each([
    ['(a OR b) AND c', 'a OR b AND c'],
    ["kind IN ('a', 'b')", "kind IN ('a', 'c')"],
    ["kind IN ('a')", "kind NOT IN ('a')"],
    ['n > 0', 'n >= 0'],
    ["name LIKE 'x'", "name ILIKE 'x'"],
    ['lower(name)', 'upper(name)'],
  ])('%s vs %s', (a, b) => {
    expect(canonicalPgExpression(a)).not.toBe(canonicalPgExpression(b));
  });
});
