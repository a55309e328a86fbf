import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config';
import { maskUrl, parseDatabaseUrl } from '../../src/config/database-url';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('database URLs', () => {
  it('resolves relative, absolute and memory SQLite URLs', () => {
    expect(parseDatabaseUrl('sqlite:///app.db', '/srv/proj')).toMatchObject({ dialect: 'sqlite', filename: '/srv/proj/app.db' });
    expect(parseDatabaseUrl('sqlite:////var/db/app.db', '/srv/proj')).toMatchObject({ filename: '/var/db/app.db' });
    expect(parseDatabaseUrl('sqlite://:memory:', '/x')).toMatchObject({ filename: ':memory:' });
  });

  it('masks passwords and rejects unknown schemes', () => {
    expect(maskUrl('postgresql://bob:s3cret@db:5432/app')).toBe('postgresql://bob:***@db:5432/app');
    expect(() => parseDatabaseUrl('mysql://bob:s3cret@db/app', '/x')).toThrow(/'mysql:\/\/bob:\*\*\*@db\/app' is not supported/);
    expect(() => parseDatabaseUrl('sqlite:///', '/x')).toThrow(/names no file/);
  });
});

describe('loadConfig', () => {
  it('loads tsdb.config.json and resolves paths from its folder', async () => {
    fs.writeFileSync(
      path.join(dir, 'tsdb.config.json'),
      JSON.stringify({ url: 'sqlite:///db/app.db', models: 'models.ts', migrations: 'mig' }),
    );
    const config = await loadConfig({ cwd: dir });
    expect(config).toMatchObject({
      database: { filename: path.join(dir, 'db', 'app.db') },
      models: [path.join(dir, 'models.ts')],
      migrationsDir: path.join(dir, 'mig'),
      versionTable: 'tsdb_version',
      transactionPerMigration: true,
    });
  });

  it('prefers tsdb.config.ts and lets --url and -d override it', async () => {
    fs.writeFileSync(path.join(dir, 'tsdb.config.json'), '{"url": "sqlite:///json.db"}');
    fs.writeFileSync(
      path.join(dir, 'tsdb.config.ts'),
      "const url: string = 'sqlite:///ts.db';\nexport default { url, versionTable: 'my_versions' };\n",
    );
    expect((await loadConfig({ cwd: dir })).database).toMatchObject({ filename: path.join(dir, 'ts.db') });
    const overridden = await loadConfig({ cwd: dir, url: 'sqlite:///other.db', directory: 'elsewhere' });
    expect(overridden).toMatchObject({
      database: { filename: path.join(dir, 'other.db') },
      migrationsDir: path.join(dir, 'elsewhere'),
      versionTable: 'my_versions',
    });
  });

  it.each([
    ['{"url": "sqlite:///a.db", "migration": "m"}', /unknown config key 'migration'; did you mean 'migrations'\?/],
    ['{"url": 5}', /'url' must be a string/],
    ['[1]', /must export an object/],
    ['{"url": "sqlite:///a.db", "transactionPerMigration": "yes"}', /'transactionPerMigration' must be true or false/],
    ['{"models": []}', /no 'url'/],
  ])('rejects %s', async (json, message) => {
    fs.writeFileSync(path.join(dir, 'tsdb.config.json'), json);
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(message);
  });

  it('says how to start when there is no config', async () => {
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(/no tsdb config in .*; run `tsdb init`/);
  });

  it('names the file and line of a syntax error in tsdb.config.ts', async () => {
    fs.writeFileSync(path.join(dir, 'tsdb.config.ts'), "export default {\n  url: 'sqlite:///a.db',,\n};\n");
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(/tsdb\.config\.ts:2:\d+: /);
  });
});
