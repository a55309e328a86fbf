/**
 * A throwaway PostgreSQL server per test file (pg-server.ts starts it), one fresh database per test,
 * stopped when the file's tests end. No server binaries fails the file, never skips it.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startPostgres, type PgServer } from './pg-server';

export { postgresBin, startPostgres, type PgServer } from './pg-server';

/** One server for the test file and a fresh database for each test: `const pg = usePostgres(); … pg().url`. */
export function usePostgres(): () => { readonly server: PgServer; readonly database: string; readonly url: string } {
  let server: PgServer | null = null;
  let database = '';
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);
  beforeEach(async () => {
    if (server === null) throw new Error('the PostgreSQL server did not start');
    database = await server.createDatabase();
  });
  return () => {
    if (server === null) throw new Error('the PostgreSQL server did not start');
    return { server, database, url: server.url(database) };
  };
}
