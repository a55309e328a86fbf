/**
 * Seeded property test: random schema pairs (A, B) over a small universe, with rows.
 * Build A from empty (generate+upgrade), insert rows valid under A and B, generate A→B and upgrade:
 * no rows lost, the database is B; run the generated downgrade: the database is A.
 * Reproduce a failure with TSDB_SEED=<seed printed by fast-check> (and the printed path, if any).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boolean,
  check,
  datetime,
  index,
  integer,
  real,
  sql,
  table,
  text,
  unique,
  uniqueIndex,
  varchar,
  type ColumnBuilder,
  type TableExtra,
} from '../../src/index';
import { AutogenProject, explain, pendingOps, type Generated, type Models } from '../helpers/autogen';

const TABLES = ['alpha', 'beta', 'gamma', 'delta'] as const;
const COLUMNS = ['c1', 'c2', 'c3', 'c4'] as const;
const TYPES = ['INTEGER', 'TEXT', 'VARCHAR', 'REAL', 'BOOLEAN', 'DATETIME'] as const;
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
  /** Nullable `ref_id` column referencing another table's id (index into TABLES), or none. */
  readonly ref: { readonly target: number; readonly onDelete: 'no action' | 'cascade' | 'set null' } | null;
  readonly uniquePair: boolean;
  readonly check: boolean;
}
type SchemaSpec = ReadonlyArray<TableSpec>;

const columnArb: fc.Arbitrary<ColumnSpec> = fc.record({
  present: fc.boolean(),
  type: fc.constantFrom(...TYPES),
  notNull: fc.boolean(),
  def: fc.constantFrom('none', 'none', 'literal', 'expression'),
  unique: fc.boolean(),
  index: fc.constantFrom('none', 'none', 'plain', 'unique', 'partial'),
}) as fc.Arbitrary<ColumnSpec>;

const tableArb: fc.Arbitrary<TableSpec> = fc.record({
  present: fc.boolean(),
  columns: fc.tuple(columnArb, columnArb, columnArb, columnArb),
  ref: fc.option(fc.record({ target: fc.nat(TABLES.length - 1), onDelete: fc.constantFrom('no action', 'cascade', 'set null') }), {
    nil: null,
  }),
  uniquePair: fc.boolean(),
  check: fc.boolean(),
});

/** 2–4 present tables. */
const schemaArb: fc.Arbitrary<SchemaSpec> = fc
  .tuple(tableArb, tableArb, tableArb, tableArb)
  .filter((ts) => ts.filter((t) => t.present).length >= 2);

function builder(type: TypeName): ColumnBuilder<unknown> {
  switch (type) {
    case 'INTEGER':
      return integer() as ColumnBuilder<unknown>;
    case 'TEXT':
      return text() as ColumnBuilder<unknown>;
    case 'VARCHAR':
      return varchar(20) as ColumnBuilder<unknown>;
    case 'REAL':
      return real() as ColumnBuilder<unknown>;
    case 'BOOLEAN':
      return boolean() as ColumnBuilder<unknown>;
    case 'DATETIME':
      return datetime() as ColumnBuilder<unknown>;
  }
}

const LITERALS: Record<TypeName, string | number | boolean> = {
  INTEGER: 7,
  TEXT: 'x',
  VARCHAR: 'y',
  REAL: 1.5,
  BOOLEAN: true,
  DATETIME: '2000-01-01 00:00:00',
};
const EXPRESSIONS: Record<TypeName, ReturnType<typeof sql>> = {
  INTEGER: sql`(1 + 2)`,
  TEXT: sql`(lower('A'))`,
  VARCHAR: sql`(upper('b'))`,
  REAL: sql`(0.5 * 3)`,
  BOOLEAN: sql`(1)`,
  DATETIME: sql`CURRENT_TIMESTAMP`,
};

const presentColumns = (t: TableSpec) => COLUMNS.filter((_, i) => t.columns[i]?.present === true);

/** The model declarations of a spec. */
function modelsOf(spec: SchemaSpec): Models {
  const present = TABLES.filter((_, i) => spec[i]?.present === true);
  return TABLES.flatMap((name, ti) => {
    const t = spec[ti];
    if (t === undefined || !t.present) return [];
    const columns: Record<string, ColumnBuilder<unknown>> = { id: integer().primaryKey() as ColumnBuilder<unknown> };
    COLUMNS.forEach((c, i) => {
      const s = t.columns[i];
      if (s === undefined || !s.present) return;
      let b = builder(s.type);
      if (s.notNull) b = b.notNull();
      if (s.def === 'literal') b = b.default(LITERALS[s.type]);
      if (s.def === 'expression') b = b.default(EXPRESSIONS[s.type]);
      if (s.unique) b = b.unique();
      columns[c] = b;
    });
    const target = t.ref === null ? undefined : TABLES[t.ref.target];
    if (t.ref !== null && target !== undefined && present.includes(target)) {
      columns['ref_id'] = integer().references(`${target}.id`, { onDelete: t.ref.onDelete }) as ColumnBuilder<unknown>;
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
                .where(sql`${c} IS NOT NULL`),
            );
        });
        const cols = presentColumns(t);
        const [a, b] = cols;
        if (t.uniquePair && a !== undefined && b !== undefined && refs[a] !== undefined && refs[b] !== undefined) {
          extras.push(unique(`uq_${name}_${a}_${b}`).on(refs[a], refs[b]));
        }
        if (t.check) extras.push(check(`ck_${name}_id`, sql`id > 0`));
        return extras;
      }),
    ];
  });
}

/** Does B put a uniqueness on a column A lacks (so existing rows would all get the same value)? */
function newUniqueColumn(a: TableSpec, b: TableSpec): boolean {
  const inA = new Set(presentColumns(a));
  const newCols = presentColumns(b).filter((c) => !inA.has(c));
  const uniqueIdx = (i: number) => b.columns[i]?.unique === true || b.columns[i]?.index === 'unique';
  const pair = b.uniquePair ? presentColumns(b).slice(0, 2) : [];
  return COLUMNS.some((c, i) => newCols.includes(c) && uniqueIdx(i)) || pair.some((c) => newCols.includes(c));
}

/**
 * Inserts rows into every table present in both A and B; values valid under both (distinct small integers,
 * 0 and 1 in a column that is BOOLEAN on either side, since a change into BOOLEAN refuses anything else; ref_id NULL).
 */
function insertRows(p: AutogenProject, a: SchemaSpec, b: SchemaSpec, rowsPerTable: number): Map<string, number> {
  const counts = new Map<string, number>();
  TABLES.forEach((name, ti) => {
    const ta = a[ti];
    const tb = b[ti];
    if (ta === undefined || tb === undefined || !ta.present || !tb.present) return;
    const cols = presentColumns(ta);
    const boolean = (c: string) => [ta, tb].some((t) => t.columns[COLUMNS.indexOf(c as (typeof COLUMNS)[number])]?.type === 'BOOLEAN');
    const most = cols.some(boolean) ? Math.min(rowsPerTable, 2) : rowsPerTable;
    const n = newUniqueColumn(ta, tb) || newUniqueColumn(tb, ta) ? 1 : most; // the downgrade re-adds A's columns too
    const stmt = p.db.prepare(
      `INSERT INTO "${name}" (${['id', ...cols].map((c) => `"${c}"`).join(', ')}) VALUES (${['id', ...cols].map(() => '?').join(', ')})`,
    );
    for (let r = 1; r <= n; r += 1) stmt.run(r, ...cols.map((c) => (boolean(c) ? r - 1 : r)));
    counts.set(name, n);
  });
  return counts;
}

function countRows(p: AutogenProject, counts: Map<string, number>): Map<string, number> {
  return new Map([...counts.keys()].map((name) => [name, (p.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const envSeed = process.env['TSDB_SEED'];
const SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env['TSDB_RUNS'] ?? 200);

describe('autogenerate property: random schema pairs', () => {
  it(`A → B → A keeps rows and reaches each schema exactly (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(schemaArb, schemaArb, fc.integer({ min: 1, max: 3 }), async (a, b, rowsPerTable) => {
        const p = new AutogenProject();
        let g: Generated | null = null;
        try {
          const modelsA = modelsOf(a);
          const modelsB = modelsOf(b);
          const gA = await p.migrateTo(modelsA);
          expect(pendingOps(p.db, modelsA), explain(gA)).toStrictEqual([]);
          const counts = insertRows(p, a, b, rowsPerTable);
          g = await p.autogenerate(modelsB);
          await p.upgrade(g);
          expect(countRows(p, counts), `rows after upgrade\n${explain(g)}`).toStrictEqual(counts);
          expect(pendingOps(p.db, modelsB), `B after upgrade\n${explain(g)}`).toStrictEqual([]);
          await p.downgradeOne();
          expect(pendingOps(p.db, modelsA), `A after downgrade\n${explain(g)}`).toStrictEqual([]);
          expect(countRows(p, counts), `rows after downgrade\n${explain(g)}`).toStrictEqual(counts);
        } catch (error) {
          if (g !== null && error instanceof Error && !error.message.includes(g.file)) error.message += `\n${explain(g)}`;
          throw error;
        } finally {
          p.cleanup();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
