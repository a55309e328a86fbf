import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { integer } from '../../../src/index';
import { runMigrations } from '../../../src/runtime/migration-context';
import { runPlan } from '../../../src/dialect/sqlite/run-plan';
import type { Operations } from '../../../src/operations/operations';
import { applyOnce, inlineMap } from '../../helpers/migrate';
import { asDatabase, snapshot, tempDatabase } from '../../helpers/sqlite';

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
beforeEach(() => {
  t = tempDatabase();
  db = t.db;
});
afterEach(() => t.cleanup());

/** Runs `upgrade` as one revision and returns the warnings it reported. */
async function upgradeWithWarnings(upgrade: (op: Operations) => unknown): Promise<string[]> {
  const warnings: string[] = [];
  const map = inlineMap([{ id: 'r1', upgrade }]);
  await runMigrations({
    db: asDatabase(db),
    versionTable: 'tsdb_version',
    transactionPerMigration: true,
    plan: (current) => map.planUpgrade(current, 'heads'),
    loadScript: async () => ({ upgrade, downgrade: () => undefined }),
    onWarning: (message) => warnings.push(message),
  });
  return warnings;
}

describe('a type change that would not convert every value is refused, with the count and rowids, and nothing changes', () => {
  it('text → integer with 12 and x (the issue)', async () => {
    db.exec("CREATE TABLE item (id INTEGER PRIMARY KEY, code TEXT); INSERT INTO item (code) VALUES ('12'), ('x'), (NULL), ('7')");
    const before = snapshot(db);
    await expect(applyOnce(db, (op) => op.alterColumn('item', 'code', { type: integer() }))).rejects.toThrow(
      "upgrade r1 (inline/r1.ts) failed: alterColumn on 'item': 1 row of 'item' has values in 'code' that are not whole numbers, which INTEGER cannot hold (rowid 2); " +
        'convert or delete them first (op.execute an UPDATE) or keep the old type. Nothing was changed; it was rolled back and the database is at base (empty)',
    );
    expect(snapshot(db)).toStrictEqual(before);
    db.exec("DELETE FROM item WHERE code = 'x'");
    await applyOnce(db, (op) => op.alterColumn('item', 'code', { type: integer() }));
    expect(db.prepare('SELECT code, typeof(code) AS kind FROM item ORDER BY id').all()).toStrictEqual([
      { code: 12, kind: 'integer' },
      { code: null, kind: 'null' },
      { code: 7, kind: 'integer' },
    ]);
  });

  it.each([
    [
      'REAL with a fraction → INTEGER',
      'REAL',
      [1, 2.5, 3.0, 4.25],
      'INTEGER',
      /2 rows of 'm' have values in 'v' that are not whole numbers, which INTEGER cannot hold \(rowid 2, 4\)/,
    ],
    [
      'text → REAL',
      'TEXT',
      ['1.5', 'n/a', '2e3'],
      'REAL',
      /1 row of 'm' has values in 'v' that are not numbers, which REAL cannot hold \(rowid 2\)/,
    ],
    [
      "'true' → BOOLEAN",
      'TEXT',
      ['1', '0', 'true', 'no', '2'],
      'BOOLEAN',
      /3 rows of 'm' have values in 'v' other than 0 and 1, which BOOLEAN cannot hold \(rowid 3, 4, 5\)/,
    ],
    [
      'too many digits → NUMERIC(5,2)',
      'REAL',
      [999.5, 1000, -12345.1],
      'NUMERIC(5,2)',
      /2 rows of 'm' have values in 'v' with more than 3 digits before the decimal point, which NUMERIC\(5,2\) cannot hold \(rowid 2, 3\)/,
    ],
    [
      'text → NUMERIC(5,2)',
      'TEXT',
      ['1.25', 'abc'],
      'NUMERIC(5,2)',
      /1 row of 'm' has values in 'v' that are not numbers, which NUMERIC\(5,2\) cannot hold \(rowid 2\)/,
    ],
    [
      'longer → VARCHAR(3)',
      'TEXT',
      ['abc', 'abcd', 12345, 'x', 'long one'],
      'VARCHAR(3)',
      /3 rows of 'm' have values longer than 3 characters in 'v' \(rowid 2, 3, 5\)/,
    ],
  ])('%s', async (_, from, values, to, message) => {
    db.exec(`CREATE TABLE m (v ${from})`);
    const insert = db.prepare('INSERT INTO m (v) VALUES (?)');
    for (const v of values) insert.run(v);
    const before = snapshot(db);
    await expect(applyOnce(db, (op) => op.alterColumn('m', 'v', { type: to }))).rejects.toThrow(message);
    expect(snapshot(db)).toStrictEqual(before);
  });

  it.each([
    ['DATE', ['2024-01-02', 'soon', 12]],
    ['DATETIME', ['x']],
    ['JSON', ['{"a":1}', 'not json']],
    ['UUID', ['x']],
    ['TEXT', [1.5, 'x']],
  ])('%s takes anything', async (to, values) => {
    db.exec('CREATE TABLE m (v INTEGER)');
    const insert = db.prepare('INSERT INTO m (v) VALUES (?)');
    for (const v of values) insert.run(v);
    await applyOnce(db, (op) => op.alterColumn('m', 'v', { type: to as string }));
    expect((db.prepare('SELECT count(*) AS n FROM m').get() as { n: number }).n).toBe(values.length);
  });

  it('warns about decimal places NUMERIC(p,s) drops, and runs the change', async () => {
    db.exec('CREATE TABLE price (amount REAL); INSERT INTO price VALUES (1.5), (2.125), (3), (4.999)');
    const warnings = await upgradeWithWarnings((op) => op.alterColumn('price', 'amount', { type: 'NUMERIC(8,2)' }));
    expect(warnings).toStrictEqual([
      "upgrade r1: alterColumn on 'price': 2 rows of 'price' have values in 'amount' with more than 2 decimal places, which NUMERIC(8,2) does not keep " +
        '(SQLite stores them as they are; PostgreSQL and others round them) (rowid 2, 4); round them first (op.execute an UPDATE) if every database must hold the same values',
    ]);
    expect(db.prepare("SELECT type FROM pragma_table_info('price')").pluck().get()).toBe('NUMERIC(8,2)');
  });

  it('checks after the copy, with the row count, that no converted value stayed text', () => {
    db.exec("CREATE TABLE item (code TEXT); INSERT INTO item VALUES ('12'), ('x'); CREATE TABLE copy (code INTEGER)");
    db.exec('BEGIN');
    const plan = {
      statements: [{ sql: 'INSERT INTO copy SELECT code FROM item', bindings: [] }],
      rebuild: { table: 'copy', referencedBy: [] },
      change: null,
    };
    db.exec('INSERT INTO copy VALUES (1), (2)'); // the count before the "copy": 2 rows; after it, 4
    expect(() => runPlan(db, "alterColumn on 'copy'", plan, null, ['code'])).toThrow(/row count of 'copy' from 2 to 4/);
    db.exec('ROLLBACK; BEGIN');
    const swap = { ...plan, statements: [{ sql: "UPDATE copy SET code = code || 'x'", bindings: [] }] };
    db.exec('INSERT INTO copy VALUES (1), (2)');
    expect(() => runPlan(db, "alterColumn on 'copy'", swap, null, ['code'])).toThrow(
      "alterColumn on 'copy': 2 values of 'copy.code' stayed text or blob where its new type needs a number; rolled back",
    );
    db.exec('ROLLBACK');
  });
});
