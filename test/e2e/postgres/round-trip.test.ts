/**
 * The round trip on a real PostgreSQL server: upgrade head → downgrade base → upgrade head gives the same
 * schema (pg_dump -s), and downgrade base leaves the schema of a database that only has the version table.
 */
import { describe, expect, it } from 'vitest';
import { mustSucceed } from '../../helpers/cli-project';
import { initOfflineProject, psqlFile, REVISIONS, schemaDump } from '../../helpers/pg-offline';
import { usePostgres } from '../../helpers/postgres';
import { useTempProject } from '../../helpers/temp-project';

const pg = usePostgres();
const project = useTempProject();

async function versionRows(): Promise<string[]> {
  const rows = await pg().server.query<{ version_num: string }>(pg().database, 'SELECT version_num FROM public.tsdb_version');
  return rows.map((r) => r.version_num);
}

describe('round trip on PostgreSQL', { timeout: 90_000 }, () => {
  it('upgrade head, downgrade base, upgrade head: identical pg_dump -s; base is the version table alone', async () => {
    const p = project();
    initOfflineProject(p, pg().url);
    const { server, database } = pg();
    mustSucceed(p, ['upgrade', 'head']);
    const head = schemaDump(server, database);
    expect(head).toContain('CREATE TABLE public.post');
    expect(await versionRows()).toEqual([REVISIONS[REVISIONS.length - 1]?.id]);

    mustSucceed(p, ['downgrade', 'base']);
    const base = await server.createDatabase('base');
    p.writeFile('base.sql', mustSucceed(p, ['upgrade', '--sql', 'base:base']).stdout);
    psqlFile(server, base, p.path('base.sql'));
    expect(schemaDump(server, database)).toBe(schemaDump(server, base));
    expect(await versionRows()).toEqual([]);

    mustSucceed(p, ['upgrade', 'head']);
    expect(schemaDump(server, database)).toBe(head);
  });

  it('one revision at a time, down and up again, ends where it started', async () => {
    const p = project();
    initOfflineProject(p, pg().url);
    const { server, database } = pg();
    mustSucceed(p, ['upgrade']);
    const head = schemaDump(server, database);
    for (const _ of REVISIONS) mustSucceed(p, ['downgrade', '-1']);
    expect(await versionRows()).toEqual([]);
    for (const _ of REVISIONS) mustSucceed(p, ['upgrade', '+1']);
    expect(schemaDump(server, database)).toBe(head);
  });
});
