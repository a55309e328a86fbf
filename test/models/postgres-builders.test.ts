/**
 * The models builders of the SPEC's "Models on PostgreSQL" table: timestamptz(), jsonb(), uuid(), enumType(),
 * table(…, { schema }), index .using() and expression terms — the Schema they declare (pure), and how each
 * engine compiles it: SQLite's compileSchema and DDL, PostgreSQL's compileSchema and DDL.
 */
import { describe, expect, it } from 'vitest';
import { compileSchema as compilePostgres } from '../../src/dialect/postgres/compile';
import { createIndexSql, createTableSql } from '../../src/dialect/postgres/create-table';
import { compileSqliteSchema } from '../../src/dialect/sqlite/compile';
import { sqliteComparator } from '../../src/dialect/sqlite/comparator';
import { createIndexSql as sqliteIndexSql, createTableSql as sqliteTableSql } from '../../src/dialect/sqlite/create-table';
import { ModelError } from '../../src/errors';
import { declaredSchema } from '../../src/models/declared-schema';
import { TABLE, type ColumnMap, type TableDef } from '../../src/models/table';
import { enumType, index, integer, jsonb, sql, table, text, timestamptz, uniqueIndex, uuid } from '../../src/index';
import type { Schema, Table } from '../../src/schema/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const schemaOf = (...defs: ReadonlyArray<TableDef<any>>): Schema =>
  declaredSchema(defs.map((def) => ({ declaration: (def as TableDef<ColumnMap>)[TABLE], file: 'models.ts' }))).schema;
const tableOf = (schema: Schema, name: string): Table => {
  const found = schema.tables.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return found;
};

const status = enumType('status', ['draft', 'live']);
const kind = enumType('kind', ['one-off', "it's"], { schema: 'billing' });
const customer = table('customer', { id: integer().primaryKey(), email: text().notNull() }, (t) => [
  uniqueIndex('ux_customer_email').on(sql`lower(email)`),
  index('ix_customer_mixed')
    .on(t.id, sql`id + 1`)
    .using('hash'),
]);
const invoice = table(
  'invoice',
  {
    id: uuid()
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    customerId: integer('customer_id').references(() => customer.id),
    body: jsonb().notNull().default('{}'),
    issuedAt: timestamptz('issued_at').notNull(),
    state: status().notNull().default('draft'),
    kind: kind('kind'),
  },
  (t) => [
    index('ix_invoice_body').on(t.body).using('gin'),
    index('ix_invoice_live')
      .on(t.issuedAt)
      .using('brin')
      .where(sql`state = 'live'`),
  ],
  { schema: 'billing' },
);
const line = table('line', {
  id: integer().primaryKey(),
  invoiceId: uuid('invoice_id').references(() => invoice.id),
  state: status('line_state'),
});

describe('the declared Schema', () => {
  const schema = schemaOf(customer, invoice, line);

  it('types: UUID, JSONB, TIMESTAMPTZ; an enum column names its type and carries its values', () => {
    expect(tableOf(schema, 'invoice').columns.map((c) => [c.name, c.type, c.enumValues ?? null])).toStrictEqual([
      ['id', 'UUID', null],
      ['customer_id', 'INTEGER', null],
      ['body', 'JSONB', null],
      ['issued_at', 'TIMESTAMPTZ', null],
      ['state', 'status', ['draft', 'live']],
      ['kind', 'billing.kind', ['one-off', "it's"]],
    ]);
    expect(tableOf(schema, 'line').columns[2]).toMatchObject({ name: 'line_state', type: 'status', enumValues: ['draft', 'live'] });
  });

  it('extras may be a plain list as well as a callback, so an empty [] before the options works', () => {
    const audit = table('audit', { id: integer().primaryKey(), note: text() }, [index('ix_audit_note').on(sql`lower(note)`)], {
      schema: 'ops',
    });
    const bare = table('bare', { id: integer().primaryKey() }, [], { schema: 'ops' });
    const declared = schemaOf(audit, bare);
    expect(declared.tables.map((t) => [t.schema, t.name, t.indexes.map((i) => i.name)])).toStrictEqual([
      ['ops', 'audit', ['ix_audit_note']],
      ['ops', 'bare', []],
    ]);
  });

  it('collects each enum type the tables use once, in Schema.enums', () => {
    expect(schema.enums).toStrictEqual([
      { schema: 'billing', name: 'kind', values: ['one-off', "it's"] },
      { name: 'status', values: ['draft', 'live'] },
    ]);
    expect(schemaOf(customer).enums).toBeUndefined();
  });

  it('one enum name declared with two lists of values is one ModelError naming both places', () => {
    const other = enumType('status', ['draft', 'live', 'gone']);
    const post = table('post', { id: integer().primaryKey(), state: other() });
    expect(() => schemaOf(customer, invoice, post)).toThrow(ModelError);
    expect(() => schemaOf(customer, invoice, post)).toThrow(
      "enum type 'status' is declared with values (draft, live, gone) at models.ts (post.state) and (draft, live) at models.ts (invoice.state); " +
        'declare it once with enumType() and use that builder everywhere',
    );
    // the same values from two enumType() calls are the same type
    const same = table('same', { id: integer().primaryKey(), state: enumType('status', ['draft', 'live'])() });
    expect(schemaOf(customer, same).enums).toStrictEqual([{ name: 'status', values: ['draft', 'live'] }]);
  });

  it('the builders type-check their values: an enum column takes its values only, using() the methods only', () => {
    const declare = () =>
      // @ts-expect-error 'gone' is not a value of status
      status().default('gone');
    expect(declare).not.toThrow();
    expect(status().default('live').spec.default).toStrictEqual({ value: 'live' });
    expect(uuid().default(sql`gen_random_uuid()`).spec.type).toBe('UUID');
    const fast = () =>
      index('ix')
        .on(sql`(a)`)
        // @ts-expect-error 'fast' is not an index method
        .using('fast');
    expect(fast).toThrow(/not an index method/);
  });

  it('enumType() refuses a missing name, no values, non-strings and repeats', () => {
    expect(() => enumType('', ['a'])).toThrow(/needs a type name/);
    expect(() => enumType('e', [])).toThrow("enumType('e') needs a non-empty list of string values, e.g. ['draft', 'live']");
    expect(() => enumType('e', [1] as unknown as string[])).toThrow(/non-empty list of string values/);
    expect(() => enumType('e', ['a', 'b', 'a'])).toThrow("enumType('e') lists value 'a' twice; list each value once");
  });

  it('table(…, { schema }): the table names its schema; a foreign key names it schema.table', () => {
    expect(tableOf(schema, 'invoice').schema).toBe('billing');
    expect(tableOf(schema, 'customer').schema).toBeUndefined();
    expect(tableOf(schema, 'line').foreignKeys[0]).toMatchObject({ refTable: 'billing.invoice', refColumns: ['id'] });
    // one name in two schemas is two tables
    const plain = table('invoice', { id: integer().primaryKey() });
    expect(schemaOf(customer, invoice, plain).tables.filter((t) => t.name === 'invoice')).toHaveLength(2);
    expect(() => table('x', { id: integer() }, undefined, { schema: '' })).toThrow(/schema option must be a schema name/);
  });

  it('indexes: .using() is the method, sql terms are expressions (always holding a parenthesis), columns stay names', () => {
    expect(tableOf(schema, 'customer').indexes).toStrictEqual([
      { name: 'ux_customer_email', columns: ['lower(email)'], unique: true, where: null },
      { name: 'ix_customer_mixed', columns: ['id', '(id + 1)'], unique: false, where: null, method: 'hash' },
    ]);
    expect(tableOf(schema, 'invoice').indexes).toStrictEqual([
      { name: 'ix_invoice_body', columns: ['body'], unique: false, where: null, method: 'gin' },
      { name: 'ix_invoice_live', columns: ['issued_at'], unique: false, where: "state = 'live'", method: 'brin' },
    ]);
    expect(() =>
      index('ix')
        .on(sql`a`)
        .using('fast' as 'gin'),
    ).toThrow("index 'ix': using('fast') is not an index method; use one of btree, hash, gin, gist, brin");
  });
});

describe('SQLite compiles them', () => {
  const compiled = compileSqliteSchema(schemaOf(customer, invoice, line));

  it('an enum column is TEXT with a named CHECK; TIMESTAMPTZ is DATETIME; no schemas, no methods, no enum types', () => {
    const inv = tableOf(compiled, 'invoice');
    expect(inv.schema).toBeUndefined();
    expect(inv.columns.map((c) => [c.name, c.type, c.enumValues ?? null])).toStrictEqual([
      ['id', 'UUID', null],
      ['customer_id', 'INTEGER', null],
      ['body', 'JSONB', null],
      ['issued_at', 'DATETIME', null],
      ['state', 'TEXT', null],
      ['kind', 'TEXT', null],
    ]);
    expect(inv.checks).toStrictEqual([
      { name: 'ck_invoice_state', expression: "state IN ('draft', 'live')" },
      { name: 'ck_invoice_kind', expression: "kind IN ('one-off', 'it''s')" },
    ]);
    expect(inv.indexes.map((i) => i.method)).toStrictEqual([undefined, undefined]);
    expect(tableOf(compiled, 'line').foreignKeys[0]?.refTable).toBe('invoice');
    expect(compiled.enums).toBeUndefined();
  });

  it('a NOT NULL jsonb column added without a default is backfilled with an empty object, as json', () => {
    expect(['JSON', 'JSONB'].map((type) => sqliteComparator.backfillValue(type))).toStrictEqual(["'{}'", "'{}'"]);
  });

  it('one name in two schemas is refused: SQLite has no schemas', () => {
    const plain = table('invoice', { id: integer().primaryKey() });
    expect(() => compileSqliteSchema(schemaOf(customer, invoice, plain))).toThrow(ModelError);
    expect(() => compileSqliteSchema(schemaOf(customer, invoice, plain))).toThrow(
      "tables 'billing.invoice' and 'invoice' are one table 'invoice' on SQLite, which has no schemas; give one of them another name",
    );
  });

  it('DDL: expression terms are written as they are, column names quoted', () => {
    const cust = tableOf(compiled, 'customer');
    expect(cust.indexes.map((i) => sqliteIndexSql('customer', i, cust.columns))).toStrictEqual([
      'CREATE UNIQUE INDEX "ux_customer_email" ON "customer" (lower(email))',
      'CREATE INDEX "ix_customer_mixed" ON "customer" ("id", (id + 1))',
    ]);
    // a column whose name holds a parenthesis is still a column: terms are told apart by the table's columns
    const odd = { name: 'ix_odd', columns: ['a(b', 'lower("a(b")'], unique: false, where: null };
    expect(sqliteIndexSql('t', odd, [{ name: 'A(B' }])).toBe('CREATE INDEX "ix_odd" ON "t" ("a(b", lower("a(b"))');
    expect(sqliteTableSql(tableOf(compiled, 'line'))).toContain(`CONSTRAINT "ck_line_line_state" CHECK (line_state IN ('draft', 'live'))`);
  });
});

describe('PostgreSQL compiles them', () => {
  const compiled = compilePostgres(schemaOf(customer, invoice, line), 'public');

  it('CREATE TABLE: uuid, jsonb, timestamptz, enum types by qualified name, the table in its schema', () => {
    expect(createTableSql(tableOf(compiled, 'invoice'), 'public')).toBe(
      [
        'CREATE TABLE "billing"."invoice" (',
        '  "id" uuid NOT NULL DEFAULT (gen_random_uuid()),',
        '  "customer_id" integer,',
        `  "body" jsonb NOT NULL DEFAULT '{}',`,
        '  "issued_at" timestamp with time zone NOT NULL,',
        `  "state" "public"."status" NOT NULL DEFAULT 'draft',`,
        '  "kind" "billing"."kind",',
        '  PRIMARY KEY ("id"),',
        '  CONSTRAINT "fk_invoice_customer_id_customer" FOREIGN KEY ("customer_id") REFERENCES "public"."customer" ("id")',
        ')',
      ].join('\n'),
    );
    expect(createTableSql(tableOf(compiled, 'line'), 'public')).toContain(
      'FOREIGN KEY ("invoice_id") REFERENCES "billing"."invoice" ("id")',
    );
    expect(compiled.enums).toStrictEqual([
      { schema: 'billing', name: 'kind', values: ['one-off', "it's"] },
      { name: 'status', values: ['draft', 'live'] },
    ]);
  });

  it('CREATE INDEX: USING the method, expressions in parentheses; btree is the default and compiles away', () => {
    const inv = tableOf(compiled, 'invoice');
    expect(inv.indexes.map((i) => createIndexSql('invoice', i, 'public', 'billing'))).toStrictEqual([
      'CREATE INDEX "ix_invoice_body" ON "billing"."invoice" USING gin ("body")',
      `CREATE INDEX "ix_invoice_live" ON "billing"."invoice" USING brin ("issued_at") WHERE state = 'live'`,
    ]);
    expect(tableOf(compiled, 'customer').indexes.map((i) => createIndexSql('customer', i, 'public'))).toStrictEqual([
      'CREATE UNIQUE INDEX "ux_customer_email" ON "public"."customer" ((lower(email)))',
      'CREATE INDEX "ix_customer_mixed" ON "public"."customer" USING hash ("id", ((id + 1)))',
    ]);
    const spaced = { name: 'ix_t_spaced', columns: ['my col', 'userId'], unique: false, where: null };
    expect(createIndexSql('t', spaced, 'public')).toBe('CREATE INDEX "ix_t_spaced" ON "public"."t" ("my col", "userId")');
    const btree = table('t', { a: integer() }, (t) => [index('ix_t_a').on(t.a).using('btree')]);
    expect(tableOf(compilePostgres(schemaOf(btree), 'public'), 't').indexes).toStrictEqual([
      { name: 'ix_t_a', columns: ['a'], unique: false, where: null },
    ]);
  });

  it('a type or table in the default schema named with it is bare, as introspection reads it', () => {
    const e = enumType('mood', ['ok'], { schema: 'public' });
    const t = table('t', { id: integer().primaryKey(), mood: e() }, undefined, { schema: 'public' });
    const other = table('u', { id: integer().primaryKey(), tId: integer('t_id').references(() => t.id) });
    const compiledT = compilePostgres(schemaOf(t, other), 'public');
    expect(tableOf(compiledT, 't').schema).toBeUndefined();
    expect(tableOf(compiledT, 't').columns[1]).toMatchObject({ type: 'mood', enumValues: ['ok'] });
    expect(tableOf(compiledT, 'u').foreignKeys[0]?.refTable).toBe('t');
    expect(compiledT.enums).toStrictEqual([{ name: 'mood', values: ['ok'] }]);
  });
});
