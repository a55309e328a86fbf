/**
 * No false diffs on PostgreSQL: a schema using what the models can declare there (identity keys, index
 * methods and expressions, partial indexes, timestamptz/uuid/jsonb/bytea, defaults such as now(),
 * gen_random_uuid(), 'x'::text and numeric literals, varchar(n), numeric(p,s), FK actions, CHECKs, an enum)
 * is created, and a second compare finds nothing — with another search_path, and with another default schema.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  bigint,
  blob,
  boolean,
  check,
  date,
  datetime,
  float,
  index,
  integer,
  json,
  numeric,
  real,
  sql,
  sqlType,
  table,
  text,
  uniqueIndex,
  varchar,
} from '../../../src/index';
import { makeColumn, makeTable, type Schema } from '../../../src/schema/types';
import { schemaOf } from '../../helpers/autogen';
import { usePostgres } from '../../helpers/postgres';
import { kinds, PgAutogen } from './pg-autogen';

const pg = usePostgres();
let open: PgAutogen | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

const account = table(
  'account',
  {
    id: bigint().primaryKey(),
    email: varchar(120).notNull(),
    name: varchar(80).notNull().default('anon'),
    balance: numeric(12, 2).notNull().default(0),
    rate: numeric(5, 3).default(0.125),
    score: real().default(-1.5),
    weight: float(),
    active: boolean().notNull().default(true),
    born: date(),
    seen: datetime().default(sql`CURRENT_TIMESTAMP`),
    created: sqlType('timestamptz')
      .notNull()
      .default(sql`now()`),
    token: sqlType('uuid')
      .notNull()
      .default(sql`gen_random_uuid()`),
    prefs: sqlType('jsonb')
      .notNull()
      .default(sql`'{}'::jsonb`),
    meta: json(),
    avatar: blob(),
    kind: text()
      .notNull()
      .default(sql`'basic'::text`),
    code: varchar(10).default(sql`'x'::character varying`),
    big: bigint().default(9007199254740991),
    ratio: sqlType('double precision').default(1e-3),
  },
  (t) => [
    check('ck_account_balance', sql`balance >= 0`),
    check('ck_account_kind', sql`kind IN ('basic', 'pro')`),
    check('ck_account_name', sql`name <> '' AND length(email) > 3`),
    uniqueIndex('ux_account_email').on(t.email),
    index('ix_account_active')
      .on(t.created)
      .where(sql`active AND kind <> 'basic'`),
  ],
);

const post = table(
  'post',
  {
    id: integer().primaryKey(),
    accountId: bigint()
      .notNull()
      .references(() => account.id, { onDelete: 'cascade', onUpdate: 'set null' }),
    title: text().notNull(),
    tags: sqlType('text[]'),
    body: sqlType('jsonb'),
    range: sqlType('int4range'),
  },
  (t) => [index('ix_post_account').on(t.accountId, t.title)],
);

const comment = table('comment', {
  id: integer().primaryKey(),
  postId: integer().references(() => post.id, { onDelete: 'set null', onUpdate: 'restrict' }),
  body: text().notNull().default(''),
});

/** The models plus what the builders cannot say yet: index methods and expression indexes, an enum column. */
function declared(): Schema {
  const base = schemaOf([account, post, comment]).schema;
  return {
    enums: [{ name: 'mood', values: ['ok', 'meh'] }],
    tables: base.tables.map((t) =>
      t.name !== 'post'
        ? t
        : makeTable({
            ...t,
            columns: [
              ...t.columns,
              makeColumn({ name: 'mood', type: 'mood', enumValues: ['ok', 'meh'], default: { kind: 'literal', value: 'ok' } }),
            ],
            indexes: [
              ...t.indexes,
              { name: 'ix_post_body', columns: ['body'], unique: false, where: null, method: 'gin' },
              { name: 'ix_post_tags', columns: ['tags'], unique: false, where: null, method: 'gin' },
              { name: 'ix_post_title_lower', columns: ['lower(title)'], unique: false, where: null },
              { name: 'ix_post_title_hash', columns: ['title'], unique: false, where: null, method: 'hash' },
              { name: 'ix_post_id_brin', columns: ['id'], unique: false, where: null, method: 'brin' },
              { name: 'ix_post_range', columns: ['range'], unique: false, where: "title <> ''", method: 'gist' },
              { name: 'ix_post_expr', columns: ["(body ->> 'k')", "lower(title || 'x')"], unique: true, where: "mood = 'ok'" },
            ],
          }),
    ),
  };
}

async function roundTrip(db: PgAutogen): Promise<void> {
  const models = declared();
  const { up } = await db.migrateTo(models);
  expect(kinds(up)).toEqual(['createEnum', 'createTable', 'createTable', 'createTable']);
  const again = await db.diff(models);
  expect(again.ops, JSON.stringify(again.ops, null, 1)).toEqual([]);
  expect(again.warnings).toEqual([]);
}

describe('no false diffs on PostgreSQL', { timeout: 30_000 }, () => {
  it('everything the models declare compares clean after it is created', async () => {
    open = await PgAutogen.open(pg().url);
    await roundTrip(open);
    const identity = await open.query<{ attname: string; attidentity: string }>(
      "SELECT attname, attidentity FROM pg_attribute WHERE attrelid IN ('public.account'::regclass, 'public.post'::regclass) AND attidentity <> '' ORDER BY 1",
    );
    expect(identity).toEqual([
      { attname: 'id', attidentity: 'd' },
      { attname: 'id', attidentity: 'd' },
    ]);
  });

  it('with the session search_path set to another schema first', async () => {
    open = await PgAutogen.open(pg().url);
    await open.query('CREATE SCHEMA other');
    await open.query('CREATE TABLE other.account (id integer)');
    await open.query("CREATE TYPE other.mood AS ENUM ('x')");
    await open.query('SET search_path = other, public');
    await roundTrip(open);
  });

  it('with a default schema other than public (and public not on the search_path)', async () => {
    open = await PgAutogen.open(pg().url);
    await open.query('CREATE SCHEMA app');
    await open.close();
    open = await PgAutogen.open(pg().url, 'app');
    await open.query('SET search_path = "$user"');
    await roundTrip(open);
    expect((await open.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'app'"))[0]?.n).toBe('3');
  });

  it('a serial column reads as an identity and compares clean against integer().primaryKey()', async () => {
    open = await PgAutogen.open(pg().url);
    await open.query('CREATE TABLE legacy (id serial PRIMARY KEY, n bigint NOT NULL)');
    const models = schemaOf([table('legacy', { id: integer().primaryKey(), n: bigint().notNull() })]).schema;
    const comparison = await open.diff(models);
    expect(comparison.ops).toEqual([]);
    expect(comparison.warnings).toEqual([]);
  });
});
