/**
 * Bad inputs on PostgreSQL, with the SQLite suites' failure contract (test/helpers/bad-input.ts): exit 1, nothing
 * on stdout, one `error:` line naming the object at fault, and the database unchanged (every schema, table and row).
 * The starting point mirrors theirs: A and B applied with a customer row, C pending.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addRevision } from '../../helpers/cli-project';
import { A, B, C, C_UPGRADE, expectOneLineError, FILE_C, type ExpectedError } from '../../helpers/bad-input';
import { initEnvProject, mustSucceedOn, pgSnapshot, pgTables, pgVersions, runOn } from '../../helpers/pg-cli';
import { usePostgres } from '../../helpers/postgres';
import { useSharedTempProject, type TempProject } from '../../helpers/temp-project';

function setup(p: TempProject): void {
  initEnvProject(p);
  addRevision(
    p,
    'create customer',
    {
      imports: ['integer', 'text'],
      upgrade: "await op.createTable('customer', { id: integer().primaryKey(), name: text() });",
      downgrade: "await op.dropTable('customer');",
    },
    A,
  );
  addRevision(
    p,
    'add customer email',
    {
      imports: ['text'],
      upgrade: "await op.addColumn('customer', text('email'));",
      downgrade: "await op.dropColumn('customer', 'email');",
    },
    B,
  );
  addRevision(p, 'create invoice', { upgrade: C_UPGRADE, downgrade: "await op.execute('DROP TABLE invoice');" }, C);
}

describe('bad inputs on PostgreSQL', { timeout: 60_000 }, () => {
  const pg = usePostgres();
  const project = useSharedTempProject({}, setup);

  beforeEach(async () => {
    mustSucceedOn(project(), pg().url, ['upgrade', B]);
    await pg().server.query(pg().database, "INSERT INTO customer (id, name, email) VALUES (1, 'ada', 'ada@example.com')");
  });

  /** Runs `args` on `url`, checks the one-line failure and that the database did not change. */
  async function expectCleanFailure(url: string, args: ReadonlyArray<string>, expected: ExpectedError): Promise<string> {
    const before = await pgSnapshot(pg());
    const result = runOn(project(), url, args);
    const line = expectOneLineError(args, result, expected);
    expect(await pgSnapshot(pg()), `tsdb ${args.join(' ')}: the database must be unchanged`).toBe(before);
    return line;
  }

  /** Replaces C's upgrade for one test. */
  async function withUpgradeOfC(body: string, test: () => Promise<void>): Promise<void> {
    const original = project().readFile(FILE_C);
    project().writeFile(FILE_C, original.replace(C_UPGRADE, body));
    try {
      await test();
    } finally {
      project().writeFile(FILE_C, original);
    }
  }

  it('an unknown target revision names it, for upgrade, downgrade and stamp', async () => {
    for (const command of ['upgrade', 'downgrade', 'stamp']) {
      await expectCleanFailure(pg().url, [command, 'ffff00000000'], { code: 1, names: ['ffff00000000'], fix: /tsdb history/ });
    }
  });

  it('a refused target on a fresh database creates no bookkeeping tables', async () => {
    const database = await pg().server.createDatabase('fresh');
    const fresh = { ...pg(), database, url: pg().server.url(database) };
    for (const args of [
      ['upgrade', 'ffff00000000'],
      ['upgrade', '+9'],
      ['downgrade', '-1'],
    ]) {
      expectOneLineError(args, runOn(project(), fresh.url, args), { code: 1, names: [] });
    }
    expect(await pgTables(fresh)).toEqual([]);
  });

  it('a script that throws: one line naming the revision, the file and the message; its DDL rolled back', async () => {
    await withUpgradeOfC(`${C_UPGRADE}\n  throw new Error('boom in invoice');`, async () => {
      await expectCleanFailure(pg().url, ['-q', 'upgrade'], { code: 1, names: [C, FILE_C, 'boom in invoice'], fix: /rolled back/ });
    });
    expect(await pgTables(pg())).not.toContain('invoice');
    expect(await pgVersions(pg())).toEqual([B]);
  });

  it('a statement the server rejects: one line naming the revision and the server error; rolled back', async () => {
    await withUpgradeOfC(`${C_UPGRADE}\n  await op.execute('INSERT INTO invoice (id) VALUES (NULL)');`, async () => {
      await expectCleanFailure(pg().url, ['-q', 'upgrade'], { code: 1, names: [C, /null value|not-null/i], fix: /rolled back/ });
    });
    expect(await pgTables(pg())).not.toContain('invoice');
  });

  it('a URL with an unknown parameter names it and lists the allowed ones, password masked', async () => {
    const url = `${pg().url.replace('postgres@', 'postgres:hunter2@')}?frobnicate=1`;
    for (const args of [['upgrade'], ['current'], ['stamp', 'head']]) {
      const line = await expectCleanFailure(url, args, {
        code: 1,
        names: ["unknown parameter 'frobnicate'", 'postgres:***@'],
        fix: /schema/,
      });
      expect(line).not.toContain('hunter2');
    }
  });

  it('?schema= empty is refused before connecting', async () => {
    for (const args of [['upgrade'], ['current'], ['downgrade', 'base']]) {
      await expectCleanFailure(`${pg().url}?schema=`, args, { code: 1, names: [/schema is empty/], fix: /\?schema=NAME/ });
    }
  });

  it('a database with tables but no version table is refused and left alone', async () => {
    await pg().server.query(pg().database, 'CREATE SCHEMA legacy; CREATE TABLE legacy.orders (id integer)');
    await expectCleanFailure(`${pg().url}?schema=legacy`, ['upgrade'], { code: 1, names: ['orders', 'tsdb_version'], fix: /tsdb stamp/ });
  });
});
