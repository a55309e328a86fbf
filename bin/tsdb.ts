#!/usr/bin/env node
/**
 * The tsdb executable. It loads the bundled CLI (dist/bin/tsdb-cli.js) with V8's code cache kept on
 * disk, registers it as a module (so `import … from 'tsdb'` in users' files gets the same copy),
 * and runs it; main() is the only code that sets the exit code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileModule } from '../src/script/code-cache';
import { registerModule } from '../src/script/module-internals';
import { cacheFolder, fnv64 } from '../src/script/transpile-cache';

const bundle = path.join(__dirname, 'tsdb-cli.js');
const cli = registerModule(bundle, __dirname, module);
// V8 checks cached code against the source length only, so the key is the bundle's content hash (set at build time).
declare const __TSDB_BUILD_ID__: string | undefined;
const buildId = typeof __TSDB_BUILD_ID__ === 'string' ? __TSDB_BUILD_ID__ : null;
const folder = buildId === null ? null : cacheFolder();
const codeCache = folder === null ? null : path.join(folder, `cli-${fnv64(`${buildId}\0${bundle}\0${process.version}`)}.v8`);
compileModule(cli, fs.readFileSync(bundle, 'utf8'), bundle, codeCache);
cli.loaded = true;

// `tsdb history | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
(cli.exports as { main: (entry: string, importer: (url: string) => Promise<unknown>) => void }).main(bundle, (url) => import(url));
