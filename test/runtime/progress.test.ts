/** A rebuild's row copy reports progress in rowid ranges when someone listens, and loses nothing either way. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { rowProgressLine, summaryLine } from '../../src/cli/progress';
import { applyOnce } from '../helpers/migrate';
import { tempDatabase } from '../helpers/sqlite';

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
const ROWS = 250_000;

beforeEach(() => {
  t = tempDatabase();
  db = t.db;
  db.exec('CREATE TABLE big (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, label TEXT)');
  // sparse rowids (gaps and a negative one), so ranges must not assume 1..N
  db.exec(
    `WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${ROWS}) INSERT INTO big (id, n, label) SELECT i * 3, i, 'row ' || i FROM c`,
  );
  db.exec("INSERT INTO big (id, n, label) VALUES (-7, 0, 'negative')");
  // rowids far apart and beyond 2^53 (snowflake-style ids): chunks follow the keys, not a numeric range
  db.prepare("INSERT INTO big (id, n, label) VALUES (?, 0, 'huge')").run(2n ** 62n + 1n);
  db.prepare("INSERT INTO big (id, n, label) VALUES (?, 0, 'huger')").run(2n ** 63n - 1n);
});
afterEach(() => {
  t.cleanup();
});

const digest = () =>
  db.prepare('SELECT count(*) AS n, sum(n) AS total, sum(length(label)) AS chars, max(id) = 9223372036854775807 AS top FROM big').get();

describe('row-copy progress', () => {
  it('copies in ranges, reporting growing counts up to the total, and keeps every row', async () => {
    const before = digest();
    const reports: Array<[string, number, number]> = [];
    await applyOnce(
      db,
      (op) => op.alterColumn('big', 'n', { type: 'BIGINT' }),
      'r1',
      (table, copied, total) => reports.push([table, copied, total]),
    );
    expect(digest()).toEqual(before);
    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.every(([table, , total]) => table === 'big' && total === ROWS + 3)).toBe(true);
    const counts = reports.map(([, copied]) => copied);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(ROWS + 3);
    expect(db.prepare("SELECT type FROM pragma_table_info('big') WHERE name = 'n'").get()).toEqual({ type: 'BIGINT' });
  });

  it('with no listener the copy is one statement and nothing is reported', async () => {
    const before = digest();
    await applyOnce(db, (op) => op.alterColumn('big', 'label', { type: 'VARCHAR(40)' }));
    expect(digest()).toEqual(before);
  });

  it('draws one transient line on a terminal, throttled, and clears it at the end', () => {
    const written: string[] = [];
    const draw = rowProgressLine((chunk) => written.push(chunk));
    draw('big', 100_000, 1_000_000);
    draw('big', 200_000, 1_000_000); // within 100 ms: skipped
    draw('big', 1_000_000, 1_000_000);
    expect(written).toEqual(['\r\x1b[K  copying rows of big: 100,000 / 1,000,000 (10%)', '\r\x1b[K']);
    expect(summaryLine('upgrade', 3, 1240)).toBe('Done: upgrade of 3 revisions in 1.24 s');
    expect(summaryLine('downgrade', 1, 12.3)).toBe('Done: downgrade of 1 revision in 12 ms');
  });
});
