/**
 * The physical floors of the PostgreSQL benchmarks, each run as its own process with one `pg` client:
 *   node dist/bench/floor-pg.js upgrade URL PLAN.json   the same statements and version-row moves as tsdb upgrade,
 *                                                     one transaction per revision
 *   node dist/bench/floor-pg.js catalog URL             the catalog queries `tsdb check` runs, and nothing else
 * PLAN.json is [{ "id": "<revision>", "sql": "CREATE TABLE …" }, …], oldest first.
 */
import { Client } from 'pg';
import { readPlan, type PlanStep } from './floor-plan';
import { toPositional, type PgConnection } from '../src/dialect/postgres/connection';
import { readCatalog } from '../src/dialect/postgres/introspect-queries';

async function upgrade(client: Client, plan: ReadonlyArray<PlanStep>): Promise<void> {
  await client.query('CREATE TABLE IF NOT EXISTS "public"."tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY)');
  let previous: string | null = null;
  for (const step of plan) {
    await client.query('BEGIN');
    await client.query(step.sql);
    if (previous !== null) await client.query('DELETE FROM "public"."tsdb_version" WHERE version_num = $1', [previous]);
    await client.query('INSERT INTO "public"."tsdb_version" (version_num) VALUES ($1)', [step.id]);
    await client.query('COMMIT');
    previous = step.id;
  }
}

async function catalog(client: Client): Promise<void> {
  // readCatalog needs only query(): a bare client stands in for tsdb's connection
  const conn = {
    query: async (sql: string, params: unknown[] = []) => (await client.query(toPositional(sql), params)).rows,
  } as unknown as PgConnection;
  const rows = await readCatalog(conn, ['public']);
  if (rows.tables.length === 0) throw new Error('the catalog has no tables');
}

async function main(): Promise<void> {
  const [mode, url, planFile] = process.argv.slice(2);
  if (url === undefined || (mode === 'upgrade' && planFile === undefined) || (mode !== 'upgrade' && mode !== 'catalog')) {
    throw new Error('usage: floor-pg.js upgrade URL PLAN.json | catalog URL');
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (mode === 'upgrade') await upgrade(client, readPlan(planFile ?? ''));
    else await catalog(client);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
