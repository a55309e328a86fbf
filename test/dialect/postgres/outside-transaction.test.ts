/** Which statements the PostgreSQL op runner takes out of the revision's transaction, and what it reads from them. */
import { describe, expect, it } from 'vitest';
import { addsEnumValue, concurrentIndexBuild, runsOutsideTransaction } from '../../../src/dialect/postgres/ddl';

describe('statements PostgreSQL cannot run in a transaction', () => {
  it.each([
    'CREATE INDEX CONCURRENTLY ix ON t (a)',
    'create unique index concurrently if not exists ix on t (a)',
    'DROP INDEX CONCURRENTLY IF EXISTS ix',
    'REINDEX INDEX CONCURRENTLY ix',
    'VACUUM ANALYZE t',
    "ALTER SYSTEM SET work_mem = '64MB'",
    'CREATE DATABASE other',
    "-- a comment first\nALTER TYPE status ADD VALUE 'archived'",
  ])('%s runs outside', (sql) => {
    expect(runsOutsideTransaction(sql)).toBe(true);
  });

  it.each(['CREATE INDEX ix ON t (a)', 'DROP INDEX ix', "ALTER TYPE status RENAME VALUE 'a' TO 'b'", "SELECT 'VACUUM'"])(
    '%s stays inside',
    (sql) => {
      expect(runsOutsideTransaction(sql)).toBe(false);
    },
  );

  it('tells ADD VALUE apart', () => {
    expect(addsEnumValue(`ALTER TYPE "public"."state" ADD VALUE IF NOT EXISTS 'x'`)).toBe(true);
    expect(addsEnumValue('CREATE INDEX CONCURRENTLY ix ON t (a)')).toBe(false);
  });

  it('reads the index and table of a concurrent build', () => {
    expect(concurrentIndexBuild('CREATE INDEX CONCURRENTLY IF NOT EXISTS Ix_Sku ON item (sku)')).toEqual({
      index: 'ix_sku',
      table: 'item',
    });
    expect(concurrentIndexBuild('create unique index concurrently "Odd ""Name""" on only billing."Invoice" (a)')).toEqual({
      index: 'Odd "Name"',
      table: 'billing."Invoice"',
    });
    expect(concurrentIndexBuild('CREATE INDEX CONCURRENTLY ON item (sku)')).toBeNull();
    expect(concurrentIndexBuild('CREATE INDEX ix ON item (sku)')).toBeNull();
  });
});
