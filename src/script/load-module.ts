/** Loads users' config, models and scripts at run time: TypeScript through transpile-cache, JS natively. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScriptDirectoryError, TsdbError } from '../errors';
import { compileModule, runWrapper, type ModuleWrapper } from './code-cache';
import { moduleStatics, registerModule, type NodeModule } from './module-internals';
import { codeCacheFile, compiledCode, loadEsbuild } from './transpile-cache';

const TYPESCRIPT = ['.ts', '.mts', '.cts', '.tsx'];
const internals = moduleStatics;
let hooksInstalled = false;

// Run from the TypeScript sources (vitest, using the programmatic API in-process), 'tsdb' is src/index.ts.
let ownEntry = path.resolve(__dirname, '..', __filename.endsWith('.ts') ? 'index.ts' : 'index.js');

type DynamicImport = (url: string) => Promise<unknown>;
let dynamicImport: DynamicImport = (url) => import(url);

/** Code compiled with a V8 code cache cannot call import() on Node 20, so the executable hands in its own. */
export function setDynamicImport(fn: DynamicImport): void {
  dynamicImport = fn;
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  return (await dynamicImport(pathToFileURL(file).href)) as Record<string, unknown>;
}

/** Makes `import … from 'tsdb'` in users' files load `file`: the running tsdb, so there is one copy of it. */
export function setOwnEntry(file: string): void {
  ownEntry = file;
}

/** Maps stack traces of users' TypeScript to .ts lines; off by default because it slows every load (--verbose turns it on). */
export function enableSourceMaps(): void {
  sourceMaps = true;
  process.setSourceMapsEnabled(true);
}

let sourceMaps = false;

/** True with --verbose: stack traces then point at each TypeScript file, so files are compiled one by one. */
export function sourceMapsEnabled(): boolean {
  return sourceMaps;
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  for (const ext of TYPESCRIPT) {
    internals._extensions[ext] ??= (module, filename) => {
      compileTypeScript(module, filename);
    };
  }
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function resolveWithTypeScript(request, parent, isMain, options) {
    if (request === 'tsdb') return ownEntry;
    try {
      return resolve.call(this, request, parent, isMain, options);
    } catch (error) {
      // ESM-style TypeScript imports name the emitted file: './models.js' means './models.ts'.
      const match = /^(\.{1,2}\/.*)\.(m|c)?js$/.exec(request);
      if (match) {
        const ts = `${match[1]}.${match[2] ?? ''}ts`;
        try {
          return resolve.call(this, ts, parent, isMain, options);
        } catch {
          // fall through to the original error
        }
      }
      throw error;
    }
  };
}

function describeLoadError(file: string, error: unknown): TsdbError {
  if (error instanceof TsdbError) return error;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const code = (error as { code?: unknown }).code;
  // ES modules resolve 'tsdb' through Node itself, which finds it only when the project installs it.
  const hint =
    code === 'ERR_MODULE_NOT_FOUND' && message?.includes("'tsdb'") === true
      ? '; JavaScript ES modules need tsdb installed in the project: npm install --save-dev tsdb'
      : code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND'
        ? '; check the import path, or npm install the package'
        : '; it threw while loading: fix that code (--verbose shows where)';
  return new ScriptDirectoryError('LOAD_FAILED', `cannot load ${file}: ${message}${hint}`, { cause: error });
}

/** JSON.parse, with the file and line of a syntax error (V8's own message has neither). */
function parseJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    let where = '';
    try {
      loadEsbuild().transformSync(text, { loader: 'json' });
    } catch (located) {
      const at = (located as { errors?: Array<{ location?: { line: number; column: number } | null; text: string }> }).errors?.[0];
      if (at?.location) where = `:${at.location.line}:${at.location.column + 1}: ${at.text}`;
    }
    throw new ScriptDirectoryError(
      'LOAD_FAILED',
      `${path.relative(process.cwd(), file) || file}${where || `: ${(error as Error).message}`}; fix the JSON syntax there`,
      { cause: error },
    );
  }
}

let packedWrappers: ReadonlyMap<string, ModuleWrapper> | null = null;

/** Module bodies already compiled together (see script-pack): used instead of compiling those files one by one. */
export function usePackedWrappers(wrappers: ReadonlyMap<string, ModuleWrapper>): void {
  packedWrappers = new Map([...(packedWrappers ?? []), ...wrappers]);
}

/** Compiles a transpiled file with the V8 code cache, or with Node's own compiler when it uses import() (which cached code cannot). */
function compileTypeScript(module: NodeModule, filename: string): void {
  const packed = packedWrappers?.get(filename);
  if (packed !== undefined) return runWrapper(packed, module, filename);
  const stat = fs.statSync(filename);
  const code = compiledCode(filename, stat);
  if (code.includes('import(')) module._compile(code, filename);
  else compileModule(module, code, filename, codeCacheFile(filename, stat));
}

/** Loads a TypeScript entry file (config, model, script) without Node's path resolution: the path is known. */
function loadTypeScript(file: string): Record<string, unknown> {
  const known = internals._cache[file];
  if (known !== undefined) return known.exports as Record<string, unknown>;
  const module = registerModule(file, path.dirname(file), null);
  try {
    compileTypeScript(module, file);
  } catch (error) {
    delete internals._cache[file];
    throw error;
  }
  module.loaded = true;
  return module.exports as Record<string, unknown>;
}

/** Loads a module file and returns its exports; every failure names the file. */
export async function loadModule(file: string): Promise<Record<string, unknown>> {
  const absolute = path.resolve(file);
  const ext = path.extname(absolute);
  try {
    if (ext === '.json') return { default: parseJson(absolute) };
    installHooks();
    if (TYPESCRIPT.includes(ext)) return loadTypeScript(absolute);
    if (ext === '.mjs') return await importModule(absolute);
    try {
      return require(absolute) as Record<string, unknown>;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_REQUIRE_ESM') throw error;
      return await importModule(absolute);
    }
  } catch (error) {
    throw describeLoadError(absolute, error);
  }
}
