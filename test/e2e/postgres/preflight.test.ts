/**
 * The data preflight on PostgreSQL: before SET NOT NULL, a unique constraint or index, a foreign key or a
 * type change, the rows that would break it are counted and the revision is refused with the count and a
 * few primary keys; nothing changes and the version table does not move.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addRevision, mustSucceed } from '../../helpers/cli-project';
import { initPgProject, pgIndexes, pgVersions } from '../../helpers/pg-project';
import { usePostgres } from '../../helpers/postgres';
import { lines, useTempProject } from '../../helpers/temp-project';

const pg = usePostgres();
const project = useTempProject();

const SEED = [
  "await op.execute('CREATE TABLE parent (id integer PRIMARY KEY)');",
  "await op.execute('INSERT INTO parent VALUES (1)');",
  "await op.execute('CREATE TABLE item (id integer PRIMARY KEY, sku text, code text, label varchar(20), parent_id integer)');",
  "await op.execute(\"INSERT INTO item VALUES (1, 'a', '10', 'short', 1), (2, NULL, 'x1', 'a much longer one', 7)\");",
  "await op.execute(\"INSERT INTO item VALUES (3, 'a', '12', 'ok', 9), (4, NULL, 'zz', 'long enough text', 1), (5, 'a', '3', 'ok', 1)\");",
].join('\n');

const CASES = [
  [
    "op.alterColumn('item', 'sku', { nullable: false })",
    /alterColumn on 'item': 2 rows of 'item' have NULL in 'sku' \(id 2, 4\); give them a value first/,
  ],
  [
    "op.createUniqueConstraint('uq_item_sku', 'item', ['sku'])",
    /createUniqueConstraint on 'item': 3 rows of 'item' have duplicate values in \(sku\) \(id 1, 3, 5\); remove the duplicates first/,
  ],
  [
    "op.createIndex('ux_item_sku', 'item', ['sku'], { unique: true })",
    /createIndex on 'item': 3 rows of 'item' have duplicate values in \(sku\) \(id 1, 3, 5\)/,
  ],
  [
    "op.createForeignKey('fk_item_parent', 'item', 'parent', ['parent_id'], ['id'])",
    /createForeignKey on 'item': 2 rows of 'item' have values in \(parent_id\) with no matching row in 'parent' \(id 2, 3\)/,
  ],
  [
    "op.alterColumn('item', 'code', { type: 'integer' })",
    /alterColumn on 'item': 2 rows of 'item' have values in 'code' that do not convert to integer \(id 2, 4\); convert or delete them first/,
  ],
  [
    "op.alterColumn('item', 'label', { type: 'varchar(10)' })",
    /alterColumn on 'item': 2 rows of 'item' have values longer than 10 characters in 'label' \(id 2, 4\); shorten them first/,
  ],
] as const;

describe('preflight on PostgreSQL', { timeout: 90_000 }, () => {
  it('refuses each change the rows would break, with the count and sample keys; nothing changes', async () => {
    const p = project();
    initPgProject(p, pg().url);
    const seed = addRevision(p, 'seed', { upgrade: SEED });
    mustSucceed(p, ['upgrade']);
    const before = await pg().server.query(pg().database, 'SELECT * FROM item ORDER BY id');
    for (const [call, message] of CASES) {
      const rev = addRevision(p, 'change', { upgrade: `await op.execute('ALTER TABLE item ADD COLUMN marker integer');\nawait ${call};` });
      const result = p.run(['upgrade']);
      const errors = lines(result.stderr).filter((line) => !line.startsWith('Running '));
      expect(result.code, call).toBe(1);
      expect(errors, call).toHaveLength(1);
      expect(errors[0], call).toMatch(message);
      expect(errors[0], call).toContain(rev.id);
      expect(await pg().server.query(pg().database, 'SELECT * FROM item ORDER BY id'), call).toEqual(before);
      expect(await pgVersions(pg()), call).toEqual([seed.id]);
      fs.rmSync(p.path(rev.file));
    }
    expect(Object.keys(await pgIndexes(pg()))).not.toContain('ux_item_sku');
  });

  it('lets the change through once the rows are fixed, and converts with a USING cast', async () => {
    const p = project();
    initPgProject(p, pg().url);
    addRevision(p, 'seed', { upgrade: SEED });
    const fix = addRevision(p, 'fix and change', {
      upgrade: [
        "await op.execute(\"UPDATE item SET code = '0' WHERE code !~ '^[0-9]+$'\");",
        "await op.alterColumn('item', 'code', { type: 'integer' });",
        'await op.execute("UPDATE item SET sku = \'s\' || id");',
        "await op.alterColumn('item', 'sku', { nullable: false });",
        "await op.createUniqueConstraint('uq_item_sku', 'item', ['sku']);",
      ].join('\n'),
    });
    mustSucceed(p, ['upgrade']);
    const rows = await pg().server.query<{ code: number }>(pg().database, 'SELECT code FROM item ORDER BY id');
    expect(rows.map((r) => r.code)).toEqual([10, 0, 12, 0, 3]);
    expect(await pgVersions(pg())).toEqual([fix.id]);
  });
});
