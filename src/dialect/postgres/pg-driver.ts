/**
 * node-postgres, required on first use. The build bundles pg and its dependencies into one file
 * (dist/bin/tsdb-pg.js) that loads with a V8 code cache, ~20 ms less than resolving and compiling its
 * thirty modules; it is registered as the installed pg itself, so op.knex and scripts requiring 'pg' from
 * here share that one copy (and its type parsers); when the installed pg is another version than the bundled
 * one, the installed one is used. On Node 20, which has no `navigator`, pg's check for
 * Cloudflare Workers constructs a `Response`, which loads Node's fetch (~30 ms): a `navigator` as Node 21+
 * defines it answers that check first, and is removed again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Pg from 'pg';
import { packageRoot } from '../../package-root';
import { compileModule } from '../../script/code-cache';
import { moduleStatics, registerModule } from '../../script/module-internals';
import { codeCacheFile } from '../../script/transpile-cache';

let driver: typeof Pg | null = null;

/** The pg module. */
export function pgDriver(): typeof Pg {
  if (driver !== null) return driver;
  const global = globalThis as { navigator?: unknown };
  const stand = global.navigator === undefined;
  if (stand) global.navigator = { userAgent: `Node.js/${process.versions.node}` };
  try {
    driver = loadBundled() ?? (require('pg') as typeof Pg);
  } finally {
    if (stand) delete global.navigator;
  }
  return driver;
}

/** The first line of the bundle names the pg version it holds (scripts/bundle-cli.js). */
const BANNER = /^\/\/ pg (\S+)/;

/**
 * The installed pg's entry file, found as Node's resolution would find it from here (node_modules folders from tsdb's
 * folder up) without its package-exports machinery, whose first use costs ~8 ms; require.resolve when that fails.
 */
function installedPgEntry(): string {
  for (let dir = packageRoot(); ; dir = path.dirname(dir)) {
    const folder = path.join(dir, 'node_modules', 'pg');
    if (fs.existsSync(path.join(folder, 'lib', 'index.js'))) return path.join(fs.realpathSync(folder), 'lib', 'index.js');
    if (path.dirname(dir) === dir) return require.resolve('pg');
  }
}

/** True when the bundle's code holds the same pg version as the package whose entry file is `installedEntry`. */
export function bundleFits(code: string, installedEntry: string): boolean {
  const bundled = BANNER.exec(code)?.[1];
  return bundled !== undefined && bundled === installedVersion(installedEntry);
}

function installedVersion(entry: string): string | null {
  try {
    return (
      (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string }).version ?? null
    );
  } catch {
    return null;
  }
}

function loadBundled(): typeof Pg | null {
  const bundle = path.join(packageRoot(), 'dist', 'bin', 'tsdb-pg.js');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(bundle);
  } catch {
    return null; // run from the sources, before a build
  }
  const installed = installedPgEntry();
  const known = moduleStatics._cache[installed];
  if (known !== undefined) return known.exports as typeof Pg;
  const code = fs.readFileSync(bundle, 'utf8');
  if (!bundleFits(code, installed)) return null; // another pg 8 was installed: use it as it is
  const module = registerModule(installed, path.dirname(installed), null);
  try {
    compileModule(module, code, bundle, codeCacheFile(bundle, stat));
  } catch (error) {
    delete moduleStatics._cache[installed];
    throw error;
  }
  module.loaded = true;
  return module.exports as typeof Pg;
}
