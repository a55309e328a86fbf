/** Offline SQL plans from what earlier ops declared: the tracked catalog, and the statements planned from it. */
import { describe, expect, it } from 'vitest';
import { planPgOp } from '../../../src/dialect/postgres/ddl';
import { TrackedCatalog } from '../../../src/dialect/postgres/offline-catalog';
import { renderPostgresScript } from '../../../src/dialect/postgres/offline-script';
import type { Op } from '../../../src/operations/ops';
import { makeColumn, makeTable } from '../../../src/schema/types';

const author: Op = {
  kind: 'createTable',
  table: makeTable({
    name: 'author',
    columns: [
      makeColumn({ name: 'id', type: 'INTEGER', nullable: false }),
      makeColumn({ name: 'mood', type: 'mood', enumValues: ['happy', 'sad'], default: { kind: 'literal', value: 'happy' } }),
      makeColumn({ name: 'score', type: 'INTEGER', default: { kind: 'literal', value: 0 } }),
    ],
    primaryKey: { name: null, columns: ['id'] },
  }),
};

async function plan(catalog: TrackedCatalog, op: Op): Promise<string[]> {
  const statements = await planPgOp(op, { defaultSchema: 'public', catalog });
  catalog.apply(op);
  return statements.map((s) => s.sql);
}

describe('the tracked catalog', () => {
  it('knows the columns, keys and enum types the ops declared, through renames and changes', async () => {
    const catalog = new TrackedCatalog('public');
    await plan(catalog, { kind: 'createEnum', enum: { name: 'mood', values: ['happy', 'sad'] } });
    await plan(catalog, author);
    expect(await catalog.primaryKeyName({ schema: 'public', name: 'author' })).toBe('author_pkey');
    await plan(catalog, { kind: 'renameTable', from: 'author', to: 'writer' });
    expect(await catalog.tableExists({ schema: 'public', name: 'author' })).toBe(false);
    // a type change takes the default off and puts it back, as online
    expect(
      await plan(catalog, { kind: 'alterColumn', table: 'writer', name: 'score', changes: { type: 'BIGINT' }, existing: null }),
    ).toEqual([
      'ALTER TABLE "public"."writer" ALTER COLUMN "score" DROP DEFAULT',
      'ALTER TABLE "public"."writer" ALTER COLUMN "score" TYPE bigint USING "score"::bigint',
      'ALTER TABLE "public"."writer" ALTER COLUMN "score" SET DEFAULT 0',
    ]);
    expect(await plan(catalog, { kind: 'alterPrimaryKey', table: 'writer', primaryKey: { name: 'pk_writer', columns: ['id'] } })).toEqual([
      'ALTER TABLE "public"."writer" DROP CONSTRAINT "author_pkey"',
      'ALTER TABLE "public"."writer" ADD CONSTRAINT "pk_writer" PRIMARY KEY ("id")',
    ]);
    await plan(catalog, { kind: 'addEnumValue', name: 'mood', value: 'angry', before: 'sad', enum: null });
    expect(await catalog.enumValues({ schema: 'public', name: 'mood' })).toEqual(['happy', 'angry', 'sad']);
    const drop = await plan(catalog, { kind: 'dropEnumValue', name: 'mood', value: 'angry', enum: null });
    expect(drop).toContain(`CREATE TYPE "public"."mood" AS ENUM ('happy', 'sad')`);
    expect(drop).toContain('ALTER TABLE "public"."writer" ALTER COLUMN "mood" TYPE "public"."mood" USING "mood"::text::"public"."mood"');
    expect(drop).toContain(`ALTER TABLE "public"."writer" ALTER COLUMN "mood" SET DEFAULT 'happy'`);
    expect(await catalog.enumValues({ schema: 'public', name: 'mood' })).toEqual(['happy', 'sad']);
  });

  it('an unknown column is the planner error, not a guess', async () => {
    const catalog = new TrackedCatalog('public');
    await expect(plan(catalog, { kind: 'alterColumn', table: 't', name: 'c', changes: { type: 'TEXT' }, existing: null })).rejects.toThrow(
      /no such column/,
    );
  });
});

describe('the PostgreSQL offline script', () => {
  const base = {
    header: ['tsdb upgrade --sql: base -> b', 'Apply with: psql'],
    outside: ['CREATE TABLE IF NOT EXISTS v (x int)'],
    setup: [],
    epilogue: [],
  };
  const steps = [
    { comment: 'Running upgrade  -> a, first', statements: ['CREATE TABLE t (id int)', "INSERT INTO v VALUES ('a')"] },
    {
      comment: 'Running upgrade a -> b, second',
      statements: ['ALTER TABLE t ADD c int', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON t (c)', "UPDATE v SET x = 'b'"],
    },
  ];

  it('one transaction per revision, a statement that must run alone between two', () => {
    expect(renderPostgresScript({ ...base, steps, transactionPerStep: true })).toBe(
      [
        '-- tsdb upgrade --sql: base -> b',
        '-- Apply with: psql',
        '',
        'CREATE TABLE IF NOT EXISTS v (x int);',
        '',
        '-- Running upgrade  -> a, first',
        'BEGIN;',
        'CREATE TABLE t (id int);',
        "INSERT INTO v VALUES ('a');",
        'COMMIT;',
        '',
        '-- Running upgrade a -> b, second',
        'BEGIN;',
        'ALTER TABLE t ADD c int;',
        'COMMIT;',
        '-- cannot run inside a transaction block: runs on its own',
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON t (c);',
        'BEGIN;',
        "UPDATE v SET x = 'b';",
        'COMMIT;',
        '',
      ].join('\n'),
    );
  });

  it('one transaction for everything when transactionPerMigration is false', () => {
    const text = renderPostgresScript({ ...base, steps: steps.slice(0, 1), transactionPerStep: false });
    expect(text.match(/^BEGIN;$/gm)).toHaveLength(1);
    expect(text.indexOf('BEGIN;')).toBeLessThan(text.indexOf('CREATE TABLE IF NOT EXISTS v'));
    expect(text.trimEnd().endsWith('COMMIT;')).toBe(true);
  });
});
