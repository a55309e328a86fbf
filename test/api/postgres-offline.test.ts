/**
 * The programmatic API on PostgreSQL offline: check({ offline, scratchUrl }) replays into a temporary database
 * on the scratch server, compares with the models, and drops it.
 */
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/index';
import { HEAD_MODELS, initOfflineProject } from '../helpers/pg-offline';
import { usePostgres } from '../helpers/postgres';
import { useTempProject } from '../helpers/temp-project';

const pg = usePostgres();
const project = useTempProject();

describe('the API, offline on PostgreSQL', { timeout: 60_000 }, () => {
  it('check({ offline: true, scratchUrl }) compares the replay with the models and leaves no database behind', async () => {
    const p = project();
    initOfflineProject(p, 'postgresql://nobody@127.0.0.1:1/app');
    p.writeFile('common/models.ts', HEAD_MODELS);
    const result = await migrations.check({ cwd: p.dir, offline: true, scratchUrl: pg().url });
    expect(result).toMatchObject({ ok: true, changes: [], source: 'replay' });
    const left = await pg().server.query('postgres', "SELECT datname FROM pg_database WHERE datname LIKE 'tsdb_scratch%'");
    expect(left).toEqual([]);
  });
});
