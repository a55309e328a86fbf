/**
 * TypeScript → CommonJS with esbuild, cached on disk by content hash. Chosen by measurement
 * (README, design notes): a warm cache costs a file read; a miss costs one esbuild transform.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ScriptDirectoryError } from '../errors';

/** Bumped whenever the transform options change, so old cache entries are never reused. */
const TRANSFORM_VERSION = 'tsdb-transpile-1';

const META_URL = '__tsdb_import_meta_url';

interface EsbuildMessage {
  readonly text: string;
  readonly location: { readonly line: number; readonly column: number } | null;
}

function cacheRoot(): string | null {
  const configured = process.env['TSDB_CACHE_DIR'];
  if (configured === '') return null;
  if (configured !== undefined) return configured;
  return path.join(os.tmpdir(), `tsdb-cache-${process.getuid?.() ?? 'user'}`);
}

let cacheDir: string | null | undefined;

function ensureCacheDir(): string | null {
  if (cacheDir !== undefined) return cacheDir;
  const root = cacheRoot();
  try {
    if (root !== null) fs.mkdirSync(root, { recursive: true });
    cacheDir = root;
  } catch {
    cacheDir = null; // an unwritable cache only costs speed
  }
  return cacheDir;
}

/** The cache key of a source file. */
export function sourceHash(filename: string, source: string): string {
  return createHash('sha1').update(TRANSFORM_VERSION).update('\0').update(filename).update('\0').update(source).digest('hex');
}

/** True when a transpiled copy of this exact source is cached (so it is known to parse). */
export function isCached(hash: string): boolean {
  const dir = ensureCacheDir();
  return dir !== null && fs.existsSync(path.join(dir, `${hash}.js`));
}

function transform(filename: string, source: string): string {
  // Loaded on a cache miss only: esbuild is the one heavy part of loading TypeScript.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const usesMeta = source.includes('import.meta');
  try {
    const result = esbuild.transformSync(source, {
      loader: filename.endsWith('x') ? 'tsx' : 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      define: usesMeta ? { 'import.meta.url': META_URL, 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' } : {},
      banner: usesMeta ? `var ${META_URL} = require("node:url").pathToFileURL(__filename).href;` : '',
    });
    return result.code;
  } catch (error) {
    const first = ((error as { errors?: ReadonlyArray<EsbuildMessage> }).errors ?? [])[0];
    const where = first?.location ? `:${first.location.line}:${first.location.column + 1}` : '';
    const text = first?.text ?? (error instanceof Error ? error.message : String(error));
    throw new ScriptDirectoryError('SYNTAX_ERROR', `${filename}${where}: ${text}; fix the file and run the command again`, { cause: error });
  }
}

/** The CommonJS code for a TypeScript file, from the cache or freshly transpiled (then cached). */
export function transpile(filename: string, source: string, hash: string = sourceHash(filename, source)): string {
  const dir = ensureCacheDir();
  const cached = dir === null ? null : path.join(dir, `${hash}.js`);
  if (cached !== null) {
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      // not cached yet
    }
  }
  const code = transform(filename, source);
  if (cached !== null) {
    const temp = `${cached}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, code);
      fs.renameSync(temp, cached);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  }
  return code;
}
