/**
 * Offline SQL on PostgreSQL: `upgrade/downgrade/stamp --sql` print a psql script without reaching any
 * server; applied with `psql -v ON_ERROR_STOP=1 -f` it makes the same schema (pg_dump -s) and rows as an
 * online `tsdb upgrade`. `check --offline` replays into a temporary database on the scratch server.
 */
import { describe, expect, it } from 'vitest';
import { mustSucceed } from '../../helpers/cli-project';
import { initOfflineProject, psqlFile, REVISIONS, schemaDump } from '../../helpers/pg-offline';
import { usePostgres } from '../../helpers/postgres';
import { useTempProject } from '../../helpers/temp-project';

const pg = usePostgres();
const project = useTempProject();
const HEAD = REVISIONS[REVISIONS.length - 1]?.id ?? '';

async function rows(database: string, sql: string): Promise<string[]> {
  const result = await pg().server.query<Record<string, unknown>>(database, sql);
  return result.map((r) => JSON.stringify(r));
}

describe('offline SQL on PostgreSQL', { timeout: 60_000 }, () => {
  it('upgrade --sql, applied with psql, gives the schema and rows of an online upgrade', async () => {
    const p = project();
    initOfflineProject(p, pg().url);
    const script = mustSucceed(p, ['upgrade', '--sql']).stdout;
    p.writeFile('upgrade.sql', script);
    const offlineDb = await pg().server.createDatabase('offline');
    psqlFile(pg().server, offlineDb, p.path('upgrade.sql'));
    mustSucceed(p, ['upgrade']);
    expect(schemaDump(pg().server, offlineDb)).toBe(schemaDump(pg().server, pg().database));
    for (const sql of [
      'SELECT version_num FROM public.tsdb_version',
      "SELECT name, born::text, mood::text, meta::text, encode(avatar, 'hex') AS avatar, score::text FROM public.author ORDER BY id",
      'SELECT label FROM public.tag ORDER BY id',
    ]) {
      expect(await rows(offlineDb, sql)).toEqual(await rows(pg().database, sql));
    }
    expect(await rows(offlineDb, 'SELECT version_num FROM public.tsdb_version')).toEqual([JSON.stringify({ version_num: HEAD })]);
  });
});
