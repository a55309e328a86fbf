/**
 * The PostgreSQL builders on a real PostgreSQL 15, through the built CLI: the models of the SPEC table
 * (uuid, jsonb, timestamptz, enum types in two schemas, a table in another schema, index methods and
 * expressions) are created as declared, a second migrate finds nothing, a value added to an enum is one
 * addEnumValue, and the generated scripts run both ways.
 */
import { describe, expect, it } from 'vitest';
import { INIT_URL_LINE, mustSucceed, replaceInFile, scriptFiles } from '../helpers/cli-project';
import { usePostgres } from '../helpers/postgres';
import { useTempProject } from '../helpers/temp-project';

const MODELS = `import { table, integer, text, timestamptz, jsonb, uuid, enumType, index, uniqueIndex, sql } from 'tsdb';

export const status = enumType('status', ['draft', 'live']);
export const kind = enumType('kind', ['one-off', "it's"], { schema: 'billing' });

export const customer = table('customer', {
  id: integer().primaryKey(),
  email: text().notNull(),
}, () => [uniqueIndex('ux_customer_email').on(sql\`lower(email)\`), index('ix_customer_sum').on(sql\`id + 1\`).using('hash')]);

export const invoice = table('invoice', {
  id: uuid().primaryKey().default(sql\`gen_random_uuid()\`),
  customerId: integer('customer_id').references(() => customer.id),
  body: jsonb().notNull().default('{}'),
  issuedAt: timestamptz('issued_at').notNull().default(sql\`CURRENT_TIMESTAMP\`),
  state: status().notNull().default('draft'),
  kind: kind('kind'),
}, (t) => [
  index('ix_invoice_body').on(t.body).using('gin'),
  index('ix_invoice_live').on(t.issuedAt).where(sql\`customer_id IS NOT NULL\`).using('brin'),
], { schema: 'billing' });

export const line = table('line', {
  id: integer().primaryKey(),
  invoiceId: uuid('invoice_id').notNull().references(() => invoice.id, { onDelete: 'cascade' }),
  state: status('line_state'),
});
`;

const pg = usePostgres();
const project = useTempProject();

describe('the PostgreSQL builders on PostgreSQL', { timeout: 90_000 }, () => {
  it('migrate + upgrade creates them as declared; a second migrate finds nothing; an added enum value; downgrade to base', async () => {
    const p = project();
    mustSucceed(p, ['init']);
    replaceInFile(p, 'tsdb.config.ts', INIT_URL_LINE, `url: ${JSON.stringify(pg().url)},`);
    p.writeFile('common/models.ts', MODELS);
    mustSucceed(p, ['migrate', '-m', 'init']);
    const script = p.readFile(`migrations/versions/${scriptFiles(p)[0] ?? ''}`);
    expect(script).toContain("    state: enumType('status', ['draft', 'live'])().notNull().default('draft'),");
    expect(script).toContain("    kind: enumType('kind', ['one-off', 'it\\'s'], { schema: 'billing' })(),");
    expect(script).toContain("  ], { schema: 'billing' });");
    mustSucceed(p, ['upgrade']);

    const columns = await pg().server.query<{ table_schema: string; column_name: string; udt: string }>(
      pg().database,
      "SELECT c.table_schema, c.column_name, c.udt_schema || '.' || c.udt_name AS udt FROM information_schema.columns c " +
        "WHERE c.table_name IN ('invoice', 'line') ORDER BY c.table_name, c.ordinal_position",
    );
    expect(columns.map((c) => `${c.table_schema}.${c.column_name} ${c.udt}`)).toStrictEqual([
      'billing.id pg_catalog.uuid',
      'billing.customer_id pg_catalog.int4',
      'billing.body pg_catalog.jsonb',
      'billing.issued_at pg_catalog.timestamptz',
      'billing.state public.status',
      'billing.kind billing.kind',
      'public.id pg_catalog.int4',
      'public.invoice_id pg_catalog.uuid',
      'public.line_state public.status',
    ]);
    const indexes = await pg().server.query<{ indexdef: string }>(
      pg().database,
      "SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_%' OR indexname LIKE 'ux_%' ORDER BY indexname",
    );
    expect(indexes.map((i) => i.indexdef)).toStrictEqual([
      'CREATE INDEX ix_customer_sum ON public.customer USING hash (((id + 1)))',
      'CREATE INDEX ix_invoice_body ON billing.invoice USING gin (body)',
      'CREATE INDEX ix_invoice_live ON billing.invoice USING brin (issued_at) WHERE (customer_id IS NOT NULL)',
      'CREATE UNIQUE INDEX ux_customer_email ON public.customer USING btree (lower(email))',
    ]);

    const again = p.run(['migrate', '-m', 'nothing']);
    expect([again.code, again.stdout.trim(), again.stderr]).toEqual([0, 'No changes in schema detected.', '']);
    expect(p.run(['check']).code).toBe(0);

    p.writeFile('common/models.ts', MODELS.replace("['draft', 'live']", "['draft', 'review', 'live']"));
    mustSucceed(p, ['migrate', '-m', 'review']);
    const added = p.readFile(`migrations/versions/${scriptFiles(p).find((f) => f.endsWith('_review.ts')) ?? ''}`);
    expect(added).toContain("await op.addEnumValue('status', 'review', { before: 'live' });");
    mustSucceed(p, ['upgrade']);
    const values = await pg().server.query<{ v: string }>(pg().database, 'SELECT unnest(enum_range(NULL::public.status))::text AS v');
    expect(values.map((r) => r.v)).toStrictEqual(['draft', 'review', 'live']);
    expect(p.run(['check']).code).toBe(0);

    mustSucceed(p, ['downgrade', 'base']);
    const left = await pg().server.query<{ n: string }>(
      pg().database,
      "SELECT count(*)::text AS n FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname IN ('status', 'kind') " +
        "AND n.nspname IN ('public', 'billing')",
    );
    expect(left[0]?.n).toBe('0');
  });
});
