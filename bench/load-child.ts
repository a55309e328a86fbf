/**
 * Loads every module of a folder in this (fresh) process, one loader per run:
 *   node dist/bench/load-child.js js|tsdb|ts-node|ts-node-check DIR
 * `js` requires pre-compiled CommonJS (DIR/js/*.js), the floor; `tsdb` uses tsdb's loader
 * (dist/src/script/load-module.js, cache in $TSDB_CACHE_DIR); `ts-node` registers ts-node
 * transpile-only, `ts-node-check` with type checking. Checks every module's exports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Loader = (file: string) => Promise<Record<string, unknown>>;

function loaderFor(mode: string): Loader {
  switch (mode) {
    case 'js':
      return async (file) => require(file) as Record<string, unknown>;
    case 'tsdb': {
      const { loadModule } = require('../src/script/load-module') as typeof import('../src/script/load-module');
      return loadModule;
    }
    case 'ts-node':
    case 'ts-node-check': {
      const tsNode = require('ts-node') as typeof import('ts-node');
      tsNode.register({ transpileOnly: mode === 'ts-node', compilerOptions: { module: 'commonjs' } });
      return async (file) => require(file) as Record<string, unknown>;
    }
    default:
      throw new Error(`unknown loader '${mode}'`);
  }
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === undefined || dir === undefined) throw new Error('usage: load-child.js MODE DIR');
  const folder = mode === 'js' ? path.join(dir, 'js') : dir;
  const ext = mode === 'js' ? '.js' : '.ts';
  const files = fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(ext))
    .sort()
    .map((name) => path.join(folder, name));
  const load = loaderFor(mode);
  for (const file of files) {
    const exports = await load(file);
    if (typeof exports['revision'] !== 'string' || typeof exports['upgrade'] !== 'function') {
      throw new Error(`${file}: loaded without 'revision' and 'upgrade' exports`);
    }
  }
  process.stdout.write(`${files.length}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
