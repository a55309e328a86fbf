/**
 * Which files `models` names: plain paths, and globs matched by picomatch (`*` within a folder, `**`
 * across folders, `?`, `{a,b}`, `[ab]`), skipping dot entries, node_modules and .d.ts files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { expandModelPaths } from '../../src/config/load-models';
import { REPO_ROOT } from '../helpers/temp-project';

const FILES = [
  'models.ts',
  'common/models.ts',
  'common/user.ts',
  'common/types.d.ts',
  'common/deep/post.ts',
  'common/deep/deeper/tag.ts',
  'common/a1.ts',
  'common/a22.ts',
  'common/.hidden/secret.ts',
  'common/.dot.ts',
  'common/node_modules/pkg/index.ts',
  'app/[id]/models.ts',
  'app/x/models.ts',
];

describe('expandModelPaths', () => {
  let root = '';

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-models-'));
    for (const file of FILES) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The files `patterns` (relative to root) name, relative to root. */
  function expand(...patterns: string[]): string[] {
    return expandModelPaths(
      patterns.map((p) => path.join(root, p)),
      root,
    ).map((f) => path.relative(root, f).split(path.sep).join('/'));
  }

  it.each([
    ['common/*.ts', ['common/a1.ts', 'common/a22.ts', 'common/models.ts', 'common/user.ts']],
    [
      'common/**/*.ts',
      ['common/a1.ts', 'common/a22.ts', 'common/deep/deeper/tag.ts', 'common/deep/post.ts', 'common/models.ts', 'common/user.ts'],
    ],
    ['**/models.ts', ['app/[id]/models.ts', 'app/x/models.ts', 'common/models.ts', 'models.ts']],
    ['common/deep/**', ['common/deep/deeper/tag.ts', 'common/deep/post.ts']],
    ['common/a?.ts', ['common/a1.ts']],
    ['common/{user,models}.ts', ['common/models.ts', 'common/user.ts']],
    ['common/a[12]*.ts', ['common/a1.ts', 'common/a22.ts']],
  ])('%s', (pattern, expected) => {
    expect(expand(pattern)).toEqual(expected);
  });

  it('takes a path that exists as it is, even with glob characters in it', () => {
    expect(expand('app/[id]/models.ts')).toEqual(['app/[id]/models.ts']);
  });

  it('merges several patterns without duplicates, sorted', () => {
    expect(expand('common/user.ts', 'common/*.ts', 'models.ts')).toEqual([
      'common/a1.ts',
      'common/a22.ts',
      'common/models.ts',
      'common/user.ts',
      'models.ts',
    ]);
  });

  it('a missing path and a glob that matches nothing are config errors naming them', () => {
    expect(() => expand('common/missing.ts')).toThrow(
      new ConfigError("models: common/missing.ts does not exist; fix 'models' in the config"),
    );
    expect(() => expand('lib/**/*.ts')).toThrow(
      new ConfigError("models: the glob lib/**/*.ts matches no file; fix 'models' in the config"),
    );
  });

  it('loads picomatch only when a glob is used', () => {
    const built = path.join(REPO_ROOT, 'dist', 'src', 'config', 'load-models.js');
    const probe = (pattern: string): string =>
      spawnSync(
        process.execPath,
        [
          '-e',
          `
      require(${JSON.stringify(built)}).expandModelPaths([${JSON.stringify(path.join(root, pattern))}], ${JSON.stringify(root)});
      process.stdout.write(String(Object.keys(require.cache).some((f) => f.includes('picomatch'))));`,
        ],
        { encoding: 'utf8' },
      ).stdout;
    expect([probe('common/models.ts'), probe('common/*.ts')]).toEqual(['false', 'true']);
  });
});
