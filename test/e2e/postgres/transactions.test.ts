/**
 * SPEC's split rule on PostgreSQL: a statement that cannot run in a transaction commits the revision so
 * far, runs alone, and a new transaction begins; the version row goes in the revision's last transaction.
 * A failure after a split keeps what committed, leaves the version table alone and says so; running
 * `tsdb upgrade` again re-runs the revision. With transactionPerMigration false such a revision is refused.
 */
import { describe, expect, it } from 'vitest';
import { addRevision, mustSucceed } from '../../helpers/cli-project';
import { initPgProject, pgIndexes, pgTables, pgVersions } from '../../helpers/pg-project';
import { usePostgres } from '../../helpers/postgres';
import { lines, useTempProject } from '../../helpers/temp-project';

/** stderr without the progress lines. */
function errorLines(stderr: string): string[] {
  return lines(stderr).filter((line) => !line.startsWith('Running '));
}

const pg = usePostgres();
const project = useTempProject();

const CREATE_ITEM = "await op.execute('CREATE TABLE item (id integer PRIMARY KEY, sku text, status text)');";

describe('statements that cannot run in a transaction', { timeout: 60_000 }, () => {
  it('CREATE INDEX CONCURRENTLY in op.execute runs between two transactions of its revision', async () => {
    const p = project();
    initPgProject(p, pg().url);
    const rev = addRevision(p, 'concurrent index', {
      upgrade: [
        CREATE_ITEM,
        "await op.execute('CREATE INDEX CONCURRENTLY ix_item_sku ON item (sku)');",
        "await op.execute('INSERT INTO item VALUES (1, ?, ?)', ['a', 'x']);",
      ].join('\n'),
    });
    mustSucceed(p, ['upgrade']);
    expect(await pgIndexes(pg())).toMatchObject({ ix_item_sku: true });
    expect(await pgVersions(pg())).toEqual([rev.id]);
  });

  it('an enum value added and used in one revision works (as a default and in an UPDATE)', async () => {
    const p = project();
    initPgProject(p, pg().url);
    addRevision(p, 'enum', {
      upgrade: [
        "await op.createEnum('state', ['draft', 'live']);",
        "await op.execute('CREATE TABLE doc (id integer PRIMARY KEY, state public.state)');",
        'await op.execute("INSERT INTO doc VALUES (1, \'live\')");',
      ].join('\n'),
    });
    const second = addRevision(p, 'archived', {
      upgrade: [
        "await op.addEnumValue('state', 'archived');",
        'await op.execute("ALTER TABLE doc ALTER COLUMN state SET DEFAULT \'archived\'");',
        'await op.execute("UPDATE doc SET state = \'archived\' WHERE id = 1");',
      ].join('\n'),
    });
    mustSucceed(p, ['upgrade']);
    const rows = await pg().server.query<{ state: string }>(pg().database, 'SELECT state::text AS state FROM doc');
    expect(rows).toEqual([{ state: 'archived' }]);
    expect(await pgVersions(pg())).toEqual([second.id]);
  });

  it('a failure after a split keeps what committed, leaves the version row and says which parts stand; upgrade again re-runs', async () => {
    const p = project();
    initPgProject(p, pg().url);
    const first = addRevision(p, 'table', { upgrade: CREATE_ITEM });
    const second = addRevision(p, 'index then fail', {
      upgrade: [
        "await op.execute('ALTER TABLE item ADD COLUMN note text');",
        "await op.execute('CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_item_sku ON item (sku)');",
        "await op.execute('ALTER TABLE item ADD COLUMN later text');",
        "if (process.env.FAIL_LATE === '1') await op.execute('SELECT no_such_function()');",
      ].join('\n'),
    });
    const failed = p.run(['upgrade'], { env: { FAIL_LATE: '1' } });
    expect(failed.code).toBe(1);
    const errors = errorLines(failed.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(second.id);
    expect(errors[0]).toMatch(/CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_item_sku/);
    expect(errors[0]).toMatch(/committed/);
    expect(errors[0]).toMatch(new RegExp(`version table .*${first.id}`));
    expect(await pgVersions(pg())).toEqual([first.id]);
    const columns = await pg().server.query<{ c: string }>(
      pg().database,
      "SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'item' ORDER BY ordinal_position",
    );
    // before the split: committed; after it: rolled back
    expect(columns.map((r) => r.c)).toEqual(['id', 'sku', 'status', 'note']);
    expect(await pgIndexes(pg())).toMatchObject({ ix_item_sku: true });

    // the revision's own statements are not re-runnable (ADD COLUMN note), so the user fixes the script by hand: here IF NOT EXISTS
    p.writeFile(second.file, p.readFile(second.file).replace('ADD COLUMN note', 'ADD COLUMN IF NOT EXISTS note'));
    mustSucceed(p, ['upgrade']);
    expect(await pgVersions(pg())).toEqual([second.id]);
  });

  it('an INVALID index a failed concurrent build left behind is dropped and built again', async () => {
    const p = project();
    initPgProject(p, pg().url);
    addRevision(p, 'table', {
      upgrade: [CREATE_ITEM, "await op.execute(\"INSERT INTO item VALUES (1, 'a', 'x'), (2, 'a', 'y')\");"].join('\n'),
    });
    const second = addRevision(p, 'unique index', {
      upgrade: "await op.execute('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_item_sku ON item (sku)');",
    });
    const failed = p.run(['upgrade']);
    expect(failed.code).toBe(1);
    expect(errorLines(failed.stderr)).toHaveLength(1);
    expect(await pgIndexes(pg())).toMatchObject({ ux_item_sku: false });
    await pg().server.query(pg().database, "UPDATE item SET sku = 'b' WHERE id = 2");
    mustSucceed(p, ['upgrade']);
    expect(await pgIndexes(pg())).toMatchObject({ ux_item_sku: true });
    expect(await pgVersions(pg())).toEqual([second.id]);
  });

  it('transactionPerMigration false: a revision needing a split is refused before anything runs', async () => {
    const p = project();
    initPgProject(p, pg().url, { perMigration: false });
    const first = addRevision(p, 'table', { upgrade: CREATE_ITEM });
    const second = addRevision(p, 'concurrent', {
      upgrade: "await op.execute('CREATE INDEX CONCURRENTLY ix_item_sku ON item (sku)');",
    });
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(second.id);
    expect(errors[0]).toContain('CREATE INDEX CONCURRENTLY ix_item_sku');
    expect(errors[0]).toMatch(/transactionPerMigration/);
    expect(await pgTables(pg())).not.toContain('item');
    expect(await pgVersions(pg())).toEqual([]);
    expect(first.id).not.toBe(second.id);
  });

  it('transactionPerMigration false: an enum value added and used is refused naming the ALTER TYPE; added alone it runs', async () => {
    const p = project();
    initPgProject(p, pg().url, { perMigration: false });
    addRevision(p, 'enum', { upgrade: "await op.createEnum('state', ['draft']);" });
    const added = addRevision(p, 'value', { upgrade: "await op.addEnumValue('state', 'live');" });
    mustSucceed(p, ['upgrade']);
    expect(await pgVersions(pg())).toEqual([added.id]);
    const used = addRevision(p, 'value used', {
      upgrade: ["await op.addEnumValue('state', 'gone');", 'await op.execute("SELECT \'gone\'::public.state");'].join('\n'),
    });
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(used.id);
    expect(errors[0]).toMatch(/ALTER TYPE "public"\."state" ADD VALUE IF NOT EXISTS 'gone'/);
    expect(errors[0]).toMatch(/transactionPerMigration/);
    expect(await pgVersions(pg())).toEqual([added.id]);
  });
});
