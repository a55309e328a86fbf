/** A tsdb project pointed at the test's PostgreSQL database, and reads of that database for assertions. */
import { INIT_URL_LINE, mustSucceed, replaceInFile } from './cli-project';
import type { PgServer } from './postgres';
import type { TempProject } from './temp-project';

/** What usePostgres() gives a test. */
export interface PgTest {
  readonly server: PgServer;
  readonly database: string;
  readonly url: string;
}

/** `tsdb init`, then the config names `url` (and `transactionPerMigration: false` when asked). */
export function initPgProject(p: TempProject, url: string, options: { perMigration?: boolean } = {}): void {
  mustSucceed(p, ['init']);
  replaceInFile(p, 'tsdb.config.ts', INIT_URL_LINE, `url: ${JSON.stringify(url)},`);
  if (options.perMigration === false) {
    replaceInFile(p, 'tsdb.config.ts', "migrations: 'migrations',", "migrations: 'migrations',\n  transactionPerMigration: false,");
  }
}

/** The rows of public.tsdb_version, sorted; [] when the table is missing. */
export async function pgVersions(pg: PgTest): Promise<string[]> {
  const exists = await pg.server.query(pg.database, "SELECT 1 FROM pg_class WHERE relname = 'tsdb_version'");
  if (exists.length === 0) return [];
  const rows = await pg.server.query<{ version_num: string }>(pg.database, 'SELECT version_num FROM public.tsdb_version ORDER BY 1');
  return rows.map((r) => r.version_num);
}

/** The ordinary tables of the public schema, sorted. */
export async function pgTables(pg: PgTest): Promise<string[]> {
  const rows = await pg.server.query<{ t: string }>(
    pg.database,
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  return rows.map((r) => r.t);
}

/** Index name → valid, for the public schema. */
export async function pgIndexes(pg: PgTest): Promise<Record<string, boolean>> {
  const rows = await pg.server.query<{ name: string; valid: boolean }>(
    pg.database,
    'SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid ' +
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.valid]));
}
