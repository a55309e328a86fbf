/**
 * The PostgreSQL builders on SQLite, through the built CLI on real temp projects: autogenerate, upgrade,
 * and a second migrate that finds nothing (enum columns as TEXT with a CHECK, TIMESTAMPTZ as DATETIME,
 * schemas and index methods left out, expression indexes kept); hand-written scripts using the same
 * builders agree with the models.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, scriptFiles } from '../helpers/cli-project';
import { useTempProject, type TempProject } from '../helpers/temp-project';

const MODELS = `import { table, integer, text, timestamptz, jsonb, uuid, enumType, index, uniqueIndex, sql } from 'tsdb';

export const status = enumType('status', ['draft', 'live']);
export const kind = enumType('kind', ['one-off', "it's"], { schema: 'billing' });

export const customer = table('customer', {
  id: integer().primaryKey(),
  email: text().notNull(),
}, () => [uniqueIndex('ux_customer_email').on(sql\`lower(email)\`), index('ix_customer_sum').on(sql\`id + 1\`).using('hash')]);

export const invoice = table('invoice', {
  id: uuid().primaryKey(),
  customerId: integer('customer_id').references(() => customer.id),
  body: jsonb().notNull().default('{}'),
  issuedAt: timestamptz('issued_at').notNull().default(sql\`CURRENT_TIMESTAMP\`),
  state: status().notNull().default('draft'),
  kind: kind('kind'),
}, (t) => [
  index('ix_invoice_body').on(t.body).using('gin'),
  index('ix_invoice_live').on(t.issuedAt).where(sql\`state = 'live'\`).using('brin'),
], { schema: 'billing' });
`;

function sqliteSchema(p: TempProject): string[] {
  const db = new Database(p.path('app.db'), { readonly: true });
  try {
    const rows = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'tsdb%' ORDER BY name").all();
    return (rows as Array<{ sql: string }>).map((r) => r.sql);
  } finally {
    db.close();
  }
}

function expectNoChanges(p: TempProject): void {
  const again = p.run(['migrate', '-m', 'nothing']);
  expect([again.code, again.stdout.trim(), again.stderr]).toEqual([0, 'No changes in schema detected.', '']);
  expect(p.run(['check']).code).toBe(0);
}

describe('timestamptz, jsonb, uuid, enumType, schemas and index extras on SQLite', { timeout: 60_000 }, () => {
  const project = useTempProject();

  it('migrate + upgrade, then a second migrate finds nothing; changed enum values are a changed CHECK', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    mustSucceed(p, ['migrate', '-m', 'init']);
    const [script] = scriptFiles(p);
    const text = p.readFile(`migrations/versions/${script ?? ''}`);
    expect(text).toContain('    id: uuid().primaryKey(),');
    expect(text).toContain("    body: jsonb().notNull().default('{}'),");
    expect(text).toContain('    issued_at: datetime().notNull().default(sql`CURRENT_TIMESTAMP`),');
    expect(text).toContain("    check('ck_invoice_state', sql`state IN ('draft', 'live')`),");
    expect(text).toContain("    uniqueIndex('ux_customer_email').on(sql`lower(email)`),");
    mustSucceed(p, ['upgrade']);
    expect(sqliteSchema(p)).toStrictEqual([
      'CREATE TABLE "customer" (\n  "id" INTEGER PRIMARY KEY NOT NULL,\n  "email" TEXT NOT NULL\n)',
      [
        'CREATE TABLE "invoice" (',
        '  "id" UUID PRIMARY KEY NOT NULL,',
        '  "customer_id" INTEGER,',
        `  "body" JSONB NOT NULL DEFAULT '{}',`,
        '  "issued_at" DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP),',
        `  "state" TEXT NOT NULL DEFAULT 'draft',`,
        '  "kind" TEXT,',
        '  CONSTRAINT "fk_invoice_customer_id_customer" FOREIGN KEY ("customer_id") REFERENCES "customer" ("id"),',
        `  CONSTRAINT "ck_invoice_state" CHECK (state IN ('draft', 'live')),`,
        `  CONSTRAINT "ck_invoice_kind" CHECK (kind IN ('one-off', 'it''s'))`,
        ')',
      ].join('\n'),
      'CREATE INDEX "ix_customer_sum" ON "customer" ((id + 1))',
      'CREATE INDEX "ix_invoice_body" ON "invoice" ("body")',
      `CREATE INDEX "ix_invoice_live" ON "invoice" ("issued_at") WHERE state = 'live'`,
      'CREATE UNIQUE INDEX "ux_customer_email" ON "customer" (lower(email))',
    ]);
    expectNoChanges(p);

    // a changed enum is a changed CHECK; a nullable email rebuilds customer, which keeps its expression indexes
    p.writeFile('common/models.ts', MODELS.replace("['draft', 'live']", "['draft', 'live', 'gone']").replace('text().notNull()', 'text()'));
    const changed = mustSucceed(p, ['migrate', '-m', 'gone']);
    expect(changed.stderr).toContain(`Detected added check constraint 'ck_invoice_state' on 'invoice': state IN ('draft', 'live', 'gone')`);
    expect(changed.stderr).toContain("Detected NULL on column 'customer.email'");
    mustSucceed(p, ['upgrade']);
    expect(sqliteSchema(p).filter((s) => /^CREATE (TABLE "customer"|.* ON "customer")/.test(s))).toStrictEqual([
      'CREATE TABLE "customer" (\n  "id" INTEGER PRIMARY KEY NOT NULL,\n  "email" TEXT\n)',
      'CREATE INDEX "ix_customer_sum" ON "customer" ((id + 1))',
      'CREATE UNIQUE INDEX "ux_customer_email" ON "customer" (lower(email))',
    ]);
    expectNoChanges(p);
  });

  it('a hand-written script using the same builders leaves the database as the models declare it', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    addRevision(p, 'by hand', {
      imports: ['enumType', 'index', 'integer', 'jsonb', 'sql', 'text', 'timestamptz', 'uniqueIndex', 'uuid'],
      upgrade: [
        "const status = enumType('status', ['draft', 'live']);",
        "await op.createTable('customer', { id: integer().primaryKey(), email: text().notNull() });",
        "await op.createIndex('ux_customer_email', 'customer', ['lower(email)'], { unique: true });",
        "await op.createIndex('ix_customer_sum', 'customer', ['(id + 1)'], { using: 'hash' });",
        "await op.createTable('invoice', {",
        '  id: uuid().primaryKey(),',
        "  customer_id: integer().references('customer.id'),",
        "  body: jsonb().notNull().default('{}'),",
        '  issued_at: timestamptz().notNull().default(sql`CURRENT_TIMESTAMP`),',
        "  state: status().notNull().default('draft'),",
        "}, (t) => [index('ix_invoice_body').on(t.body).using('gin')], { schema: 'billing' });",
        "await op.createIndex('ix_invoice_live', 'invoice', ['issued_at'], { where: sql`state = 'live'`, using: 'brin' });",
        "await op.addColumn('invoice', enumType('kind', ['one-off', \"it's\"], { schema: 'billing' })('kind'));",
      ].join('\n'),
      downgrade: "await op.dropTable('invoice');\nawait op.dropTable('customer');",
    });
    mustSucceed(p, ['upgrade']);
    expectNoChanges(p);
    expect(sqliteSchema(p).find((s) => s.startsWith('CREATE TABLE "invoice"'))).toContain(
      `CONSTRAINT "ck_invoice_kind" CHECK (kind IN ('one-off', 'it''s'))`,
    );
    mustSucceed(p, ['downgrade', 'base']);
  });
});
