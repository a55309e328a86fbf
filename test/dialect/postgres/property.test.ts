/**
 * The seeded property test on PostgreSQL: random schema pairs (A, B) over a small universe, with rows.
 * Build A from empty (generate + upgrade through rendered scripts), insert rows valid under A and B,
 * generate A→B and upgrade: no rows lost, a second compare is empty; run the generated downgrade: the
 * database is A again. Column types vary among those PostgreSQL can cast into each other (integer,
 * text, varchar, boolean); one more column per table has a fixed PostgreSQL type (timestamptz, jsonb,
 * uuid, real, date). Reproduce with TSDB_SEED=<seed>; TSDB_PG_RUNS sets the number of pairs (default 30).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boolean,
  check,
  date,
  index,
  integer,
  real,
  sql,
  sqlType,
  table,
  text,
  unique,
  uniqueIndex,
  varchar,
  type ColumnBuilder,
  type TableExtra,
} from '../../../src/index';
import { schemaOf, type Models } from '../../helpers/autogen';
import { usePostgres } from '../../helpers/postgres';
import { kinds, PgAutogen, type Generated } from './pg-autogen';

const TABLES = ['alpha', 'beta', 'gamma', 'delta'] as const;
const COLUMNS = ['c1', 'c2', 'c3', 'c4'] as const;
// bigint is left out: PostgreSQL has no bigint → boolean cast (a hand-written USING is needed there)
const TYPES = ['INTEGER', 'TEXT', 'VARCHAR', 'BOOLEAN'] as const;
type TypeName = (typeof TYPES)[number];

interface ColumnSpec {
  readonly present: boolean;
  readonly type: TypeName;
  readonly notNull: boolean;
  readonly def: 'none' | 'literal' | 'expression';
  readonly unique: boolean;
  readonly index: 'none' | 'plain' | 'unique' | 'partial';
}
interface TableSpec {
  readonly present: boolean;
  readonly columns: ReadonlyArray<ColumnSpec>;
  /** The fixed-type column `extra`: present, NOT NULL, default. */
  readonly extra: { readonly present: boolean; readonly notNull: boolean; readonly def: 'none' | 'literal' | 'expression' };
  readonly ref: { readonly target: number; readonly onDelete: 'no action' | 'cascade' | 'set null' } | null;
  readonly uniquePair: boolean;
  readonly check: boolean;
}
type SchemaSpec = ReadonlyArray<TableSpec>;

const defArb = fc.constantFrom('none', 'none', 'literal', 'expression') as fc.Arbitrary<'none' | 'literal' | 'expression'>;
const columnArb: fc.Arbitrary<ColumnSpec> = fc.record({
  present: fc.boolean(),
  type: fc.constantFrom(...TYPES),
  notNull: fc.boolean(),
  def: defArb,
  unique: fc.boolean(),
  index: fc.constantFrom('none', 'none', 'plain', 'unique', 'partial'),
}) as fc.Arbitrary<ColumnSpec>;
const tableArb: fc.Arbitrary<TableSpec> = fc.record({
  present: fc.boolean(),
  columns: fc.tuple(columnArb, columnArb, columnArb, columnArb),
  extra: fc.record({ present: fc.boolean(), notNull: fc.boolean(), def: defArb }),
  ref: fc.option(fc.record({ target: fc.nat(TABLES.length - 1), onDelete: fc.constantFrom('no action', 'cascade', 'set null') }), {
    nil: null,
  }),
  uniquePair: fc.boolean(),
  check: fc.boolean(),
}) as fc.Arbitrary<TableSpec>;
const schemaArb: fc.Arbitrary<SchemaSpec> = fc
  .tuple(tableArb, tableArb, tableArb, tableArb)
  .filter((ts) => ts.filter((t) => t.present).length >= 2);

const anyBuilder = (b: ColumnBuilder<never> | ColumnBuilder<unknown>) => b as ColumnBuilder<unknown>;
const BUILDERS: Record<TypeName, () => ColumnBuilder<unknown>> = {
  INTEGER: () => anyBuilder(integer()),
  TEXT: () => anyBuilder(text()),
  VARCHAR: () => anyBuilder(varchar(20)),
  BOOLEAN: () => anyBuilder(boolean()),
};
const LITERALS: Record<TypeName, string | number | boolean> = { INTEGER: 7, TEXT: 'x', VARCHAR: 'y', BOOLEAN: true };
const EXPRESSIONS: Record<TypeName, ReturnType<typeof sql>> = {
  INTEGER: sql`(1 + 2)`,
  TEXT: sql`lower('A')`,
  VARCHAR: sql`upper('b')`,
  BOOLEAN: sql`(1 = 1)`,
};

/** The fixed-type column of each table: its builder, a literal and an expression default, and a row value. */
const EXTRA = [
  {
    make: () => anyBuilder(sqlType('timestamptz')),
    literal: '2000-01-01 00:00:00+00',
    expression: sql`now()`,
    value: '2001-02-03 04:05:06+00',
  },
  { make: () => anyBuilder(sqlType('jsonb')), literal: '{"a": 1}', expression: sql`'{}'::jsonb`, value: '[1, 2]' },
  {
    make: () => anyBuilder(sqlType('uuid')),
    literal: '00000000-0000-0000-0000-000000000001',
    expression: sql`gen_random_uuid()`,
    value: null,
  },
  { make: () => anyBuilder(real()), literal: 1.5, expression: sql`(0.5 * 3)`, value: '2.5' },
] as const;
const dateColumn = () => anyBuilder(date());

const presentColumns = (t: TableSpec) => COLUMNS.filter((_, i) => t.columns[i]?.present === true);

function modelsOf(spec: SchemaSpec): Models {
  const present = TABLES.filter((_, i) => spec[i]?.present === true);
  return TABLES.flatMap((name, ti) => {
    const t = spec[ti];
    if (t === undefined || !t.present) return [];
    const columns: Record<string, ColumnBuilder<unknown>> = { id: anyBuilder(integer().primaryKey()) };
    COLUMNS.forEach((c, i) => {
      const s = t.columns[i];
      if (s === undefined || !s.present) return;
      let b = BUILDERS[s.type]();
      if (s.notNull) b = b.notNull();
      if (s.def === 'literal') b = b.default(LITERALS[s.type]);
      if (s.def === 'expression') b = b.default(EXPRESSIONS[s.type]);
      if (s.unique) b = b.unique();
      columns[c] = b;
    });
    const extra = EXTRA[ti];
    if (t.extra.present && extra !== undefined) {
      let b = extra.make();
      if (t.extra.notNull)
        b = b.notNull().default(extra.literal); // rows exist: a NOT NULL extra carries a default
      else if (t.extra.def === 'literal') b = b.default(extra.literal);
      if (t.extra.def === 'expression') b = b.default(extra.expression);
      columns['extra'] = b;
    }
    columns['born'] = dateColumn();
    const target = t.ref === null ? undefined : TABLES[t.ref.target];
    if (t.ref !== null && target !== undefined && present.includes(target)) {
      columns['ref_id'] = anyBuilder(integer().references(`${target}.id`, { onDelete: t.ref.onDelete }));
    }
    return [
      table(name, columns, (refs) => {
        const extras: TableExtra[] = [];
        COLUMNS.forEach((c, i) => {
          const s = t.columns[i];
          const ref = refs[c];
          if (s === undefined || !s.present || ref === undefined) return;
          if (s.index === 'plain') extras.push(index(`ix_${name}_${c}`).on(ref));
          if (s.index === 'unique') extras.push(uniqueIndex(`ux_${name}_${c}`).on(ref));
          if (s.index === 'partial')
            extras.push(
              index(`ix_${name}_${c}_p`)
                .on(ref)
                .where(sql`${c} IS NOT NULL AND id > 0`),
            );
        });
        const [a, b] = presentColumns(t);
        if (t.uniquePair && a !== undefined && b !== undefined && refs[a] !== undefined && refs[b] !== undefined) {
          extras.push(unique(`uq_${name}_${a}_${b}`).on(refs[a], refs[b]));
        }
        if (t.check) extras.push(check(`ck_${name}_id`, sql`id > 0 AND id IN (1, 2, 3, 4)`));
        return extras;
      }),
    ];
  });
}

function newUniqueColumn(a: TableSpec, b: TableSpec): boolean {
  const inA = new Set(presentColumns(a));
  const newCols = presentColumns(b).filter((c) => !inA.has(c));
  const uniqueIdx = (i: number) => b.columns[i]?.unique === true || b.columns[i]?.index === 'unique';
  const pair = b.uniquePair ? presentColumns(b).slice(0, 2) : [];
  return COLUMNS.some((c, i) => newCols.includes(c) && uniqueIdx(i)) || pair.some((c) => newCols.includes(c));
}

/** Rows valid under A and B: distinct small numbers as text PostgreSQL reads into every type here ('0'/'1' where a side is boolean). */
async function insertRows(db: PgAutogen, a: SchemaSpec, b: SchemaSpec, rowsPerTable: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [ti, name] of TABLES.entries()) {
    const ta = a[ti];
    const tb = b[ti];
    if (ta === undefined || tb === undefined || !ta.present || !tb.present) continue;
    const cols = presentColumns(ta);
    const isBoolean = (c: string) => [ta, tb].some((t) => t.columns[COLUMNS.indexOf(c as (typeof COLUMNS)[number])]?.type === 'BOOLEAN');
    const most = cols.some(isBoolean) ? Math.min(rowsPerTable, 2) : rowsPerTable;
    const n = newUniqueColumn(ta, tb) || newUniqueColumn(tb, ta) ? 1 : most;
    const extra = ta.extra.present && EXTRA[ti]?.value !== null ? ['extra'] : [];
    const names = ['id', ...cols, ...extra];
    for (let r = 1; r <= n; r += 1) {
      const values = [String(r), ...cols.map((c) => String(isBoolean(c) ? r - 1 : r)), ...extra.map(() => EXTRA[ti]?.value ?? null)];
      await db.query(
        `INSERT INTO "${name}" (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        values,
      );
    }
    counts.set(name, n);
  }
  return counts;
}

async function countRows(db: PgAutogen, counts: Map<string, number>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const name of counts.keys()) out.set(name, (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`))[0]?.n ?? -1);
  return out;
}

const pg = usePostgres();
const envSeed = process.env['TSDB_SEED'];
const SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env['TSDB_PG_RUNS'] ?? 30);

describe('autogenerate property on PostgreSQL: random schema pairs', () => {
  it(`A → B → A keeps rows and reaches each schema exactly (seed ${SEED})`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(schemaArb, schemaArb, fc.integer({ min: 1, max: 3 }), async (a, b, rowsPerTable) => {
        const database = await pg().server.createDatabase('prop');
        const db = await PgAutogen.open(pg().server.url(database));
        let g: Generated | null = null;
        try {
          const modelsA = schemaOf(modelsOf(a));
          const modelsB = schemaOf(modelsOf(b));
          const gA = await db.generate(modelsA);
          await db.upgrade(gA);
          expect(kinds(await db.diff(modelsA)), gA.source).toEqual([]);
          const counts = await insertRows(db, a, b, rowsPerTable);
          g = await db.generate(modelsB);
          await db.upgrade(g);
          expect(await countRows(db, counts), `rows after upgrade\n${g.source}`).toEqual(counts);
          expect(kinds(await db.diff(modelsB)), `B after upgrade\n${g.source}`).toEqual([]);
          await db.downgradeOne();
          expect(kinds(await db.diff(modelsA)), `A after downgrade\n${g.source}`).toEqual([]);
          expect(await countRows(db, counts), `rows after downgrade\n${g.source}`).toEqual(counts);
        } catch (error) {
          if (g !== null && error instanceof Error && !error.message.includes(g.source)) error.message += `\n${g.source}`;
          throw error;
        } finally {
          await db.close();
          await pg().server.query('postgres', `DROP DATABASE "${database}"`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
