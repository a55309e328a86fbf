/**
 * No false diffs through the CLI on PostgreSQL: `tsdb migrate` + `tsdb upgrade` of a models file using
 * identity keys, varchar(n), numeric(p,s), timestamptz/uuid/jsonb/bytea, defaults (now(), gen_random_uuid(),
 * casts, numeric literals), FK actions, CHECKs and partial indexes; then a second `tsdb migrate` finds
 * nothing and `tsdb check` exits 0 — also with another session search_path and another default schema.
 */
import { describe, expect, it } from 'vitest';
import { INIT_URL_LINE, mustSucceed, replaceInFile } from '../../helpers/cli-project';
import { usePostgres } from '../../helpers/postgres';
import { lines, useTempProject, type TempProject } from '../../helpers/temp-project';

const MODELS = `import { table, integer, bigint, varchar, text, boolean, numeric, real, date, datetime, json, blob, sqlType, sql, check, index, uniqueIndex } from 'tsdb';

export const account = table('account', {
  id: bigint().primaryKey(),
  email: varchar(120).notNull(),
  name: varchar(80).notNull().default('anon'),
  balance: numeric(12, 2).notNull().default(0),
  rate: numeric(5, 3).default(0.125),
  score: real().default(-1.5),
  active: boolean().notNull().default(true),
  born: date(),
  seen: datetime().default(sql\`CURRENT_TIMESTAMP\`),
  created: sqlType('timestamptz').notNull().default(sql\`now()\`),
  token: sqlType('uuid').notNull().default(sql\`gen_random_uuid()\`),
  prefs: sqlType('jsonb').notNull().default(sql\`'{}'::jsonb\`),
  meta: json(),
  avatar: blob(),
  kind: text().notNull().default(sql\`'basic'::text\`),
}, (t) => [
  check('ck_account_balance', sql\`balance >= 0\`),
  check('ck_account_kind', sql\`kind IN ('basic', 'pro')\`),
  check('ck_account_name', sql\`name <> '' AND length(email) > 3\`),
  uniqueIndex('ux_account_email').on(t.email),
  index('ix_account_created').on(t.created).where(sql\`active AND kind <> 'basic'\`),
]);

export const post = table('post', {
  id: integer().primaryKey(),
  accountId: bigint().notNull().references(() => account.id, { onDelete: 'cascade', onUpdate: 'restrict' }),
  title: text().notNull(),
  tags: sqlType('text[]'),
}, (t) => [index('ix_post_account').on(t.accountId, t.title)]);
`;

const pg = usePostgres();
const project = useTempProject();

function init(p: TempProject, config: string = ''): void {
  mustSucceed(p, ['init']);
  replaceInFile(p, 'tsdb.config.ts', INIT_URL_LINE, `url: ${JSON.stringify(pg().url)},${config}`);
  p.writeFile('common/models.ts', MODELS);
}

function expectClean(p: TempProject, env: Record<string, string> = {}): void {
  mustSucceed(p, ['migrate', '-m', 'initial']);
  const up = p.run(['upgrade'], { env });
  expect(up.stderr).toMatch(/Running upgrade {2}-> \w+, initial/);
  expect(up.code).toBe(0);
  const again = p.run(['migrate', '-m', 'again'], { env });
  expect(again.stdout + again.stderr).toMatch(/No changes in schema detected/);
  expect(again.code).toBe(0);
  const check = p.run(['check'], { env });
  expect(lines(check.stdout + check.stderr).filter((l) => /Detected|WARN|warn/.test(l))).toEqual([]);
  expect(check.code).toBe(0);
}

describe('no false diffs through the CLI on PostgreSQL', { timeout: 90_000 }, () => {
  it('migrate + upgrade, then a second migrate finds nothing and check exits 0', async () => {
    const p = project();
    init(p);
    expectClean(p);
    const identity = await pg().server.query<{ attname: string }>(
      pg().database,
      "SELECT attname FROM pg_attribute WHERE attrelid = 'public.post'::regclass AND attidentity = 'd'",
    );
    expect(identity).toEqual([{ attname: 'id' }]);
  });

  it('with the session search_path pointing at another schema first (PGOPTIONS)', async () => {
    const p = project();
    init(p);
    await pg().server.query(pg().database, 'CREATE SCHEMA other');
    await pg().server.query(pg().database, 'CREATE TABLE other.account (id integer)');
    expectClean(p, { PGOPTIONS: '-c search_path=other,public' });
    expect(
      await pg().server.query(pg().database, "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'post'"),
    ).toHaveLength(1);
  });

  it('with ALTER DATABASE … SET search_path and a default schema other than public (config schema)', async () => {
    const p = project();
    init(p, "\n  schema: 'app',");
    await pg().server.query(pg().database, `ALTER DATABASE "${pg().database}" SET search_path = "$user"`);
    expectClean(p);
    const tables = await pg().server.query<{ schemaname: string; tablename: string }>(
      pg().database,
      "SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('app', 'public') AND tablename NOT LIKE 'tsdb%' ORDER BY 1, 2",
    );
    expect(tables).toEqual([
      { schemaname: 'app', tablename: 'account' },
      { schemaname: 'app', tablename: 'post' },
    ]);
  });
});
