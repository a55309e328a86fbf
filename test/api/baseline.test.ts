/**
 * `migrations.migrate({ baseline: true })`: adopting a database tsdb never managed from the
 * programmatic API, in-process on a real temp project and SQLite file; refusals are TsdbErrors.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, TsdbError } from '../../src/index';
import { initProject, scriptFiles, versions } from '../helpers/cli-project';
import { useTempProject } from '../helpers/temp-project';

const MODELS =
  "import { integer, table, text } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey(), body: text() });\n";

beforeAll(() => {
  process.env['TSDB_CACHE_DIR'] = ''; // no transpile cache outside the temp folders
});

afterAll(() => {
  delete process.env['TSDB_CACHE_DIR'];
});

describe('migrations.migrate({ baseline: true })', () => {
  const project = useTempProject();

  it('refuses the unversioned database without it, then writes and stamps the baseline with it', async () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    const db = new Database(p.path('app.db'));
    db.exec("CREATE TABLE note (id INTEGER NOT NULL PRIMARY KEY, body TEXT); INSERT INTO note VALUES (1, 'kept');");
    db.close();

    const refused: unknown = await migrations.migrate({ cwd: p.dir, message: 'first' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TsdbError);
    expect((refused as TsdbError).code).toBe('NO_VERSION_TABLE');
    expect((refused as TsdbError).message).toMatch(/tsdb stamp REV.*tsdb migrate --baseline -m MSG/);
    expect(((await migrations.check({ cwd: p.dir }).catch((error: unknown) => error)) as TsdbError).code).toBe('NO_VERSION_TABLE');

    const adopted = await migrations.migrate({ cwd: p.dir, message: 'baseline', baseline: true, revId: 'ba5e11e00001' });
    expect(adopted).toStrictEqual({
      script: { revision: 'ba5e11e00001', path: p.path('migrations/versions/ba5e11e00001_baseline.ts'), downRevisions: [] },
      changes: [{ kind: 'createTable', table: 'note', description: "Detected added table 'note'" }],
      warnings: [],
      stamped: ['ba5e11e00001'],
    });
    expect(versions(p)).toEqual(['ba5e11e00001']);
    expect((await migrations.check({ cwd: p.dir })).ok).toBe(true);

    const again: unknown = await migrations.migrate({ cwd: p.dir, message: 'again', baseline: true }).catch((error: unknown) => error);
    expect((again as TsdbError).code).toBe('BASELINE_REFUSED');
    expect(scriptFiles(p)).toEqual(['ba5e11e00001_baseline.ts']);
  });
});
