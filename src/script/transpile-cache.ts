/**
 * TypeScript → CommonJS with esbuild, cached on disk. The cache key is the file's path, inode, size,
 * mtime and ctime (git's index does the same), so a warm start reads neither the source nor a hash of it.
 * Chosen by measurement (README, design notes).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScriptDirectoryError } from '../errors';

/** Bumped whenever the transform options change, so old cache entries are never reused. */
export const TRANSFORM_VERSION = 'tsdb-transpile-3';

const META_URL = '__tsdb_import_meta_url';

interface EsbuildMessage {
  readonly text: string;
  readonly location: { readonly line: number; readonly column: number } | null;
}

let cacheDir: string | null | undefined;

function defaultCacheRoot(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  return path.join(xdg !== undefined && xdg !== '' ? xdg : path.join(os.homedir(), '.cache'), 'tsdb');
}

/** Only a folder this user owns and nobody else can write may hold code that tsdb runs. */
function isPrivateFolder(dir: string): boolean {
  const stat = fs.statSync(dir);
  const uid = process.getuid?.();
  return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}

/** The cache folder ($TSDB_CACHE_DIR, else $XDG_CACHE_HOME/tsdb or ~/.cache/tsdb), created on first use;
 * null when caching is off (TSDB_CACHE_DIR=''), impossible, or the folder is not private to this user. */
export function cacheFolder(): string | null {
  if (cacheDir !== undefined) return cacheDir;
  const configured = process.env['TSDB_CACHE_DIR'];
  const root = configured === '' ? null : (configured ?? defaultCacheRoot());
  try {
    if (root !== null) fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    cacheDir = root !== null && isPrivateFolder(root) ? root : null;
  } catch {
    cacheDir = null; // an unwritable cache only costs speed
  }
  return cacheDir;
}

/** Two FNV-1a lanes of 32 bits, as 16 hex digits: a cheap key for short strings (no crypto, no BigInt, on the hot path). */
export function fnv64(text: string, numbers: ReadonlyArray<number> = []): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (a >>> 16), 0x01000193);
  }
  // numbers are mixed as the 32-bit halves of their doubles: printing a double costs more than hashing it
  for (let i = 0; i < numbers.length; i++) {
    NUMBER_BITS[0] = numbers[i] ?? 0;
    for (let w = 0; w < 2; w++) {
      const c = NUMBER_WORDS[w] ?? 0;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c ^ (a >>> 16), 0x01000193);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const NUMBER_BITS = new Float64Array(1);
const NUMBER_WORDS = new Uint32Array(NUMBER_BITS.buffer);

/** The code file and the V8 cache of one file share a key: computed once per stat. */
const keys = new WeakMap<fs.Stats, { filename: string; key: string }>();

/**
 * The cache key of a file in its current state: path, inode, size, mtime and ctime. Tools that
 * restore an old mtime (tar, rsync -a, cp -p) still give the file a new ctime, which no tool can set.
 */
export function fileKey(filename: string, stat: fs.Stats): string {
  const known = keys.get(stat);
  if (known !== undefined && known.filename === filename) return known.key;
  const key = fnv64(`${TRANSFORM_VERSION}\0${filename}`, [stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs]);
  keys.set(stat, { filename, key });
  return key;
}

/** Files changed in the last two seconds are never cached: a second write in the same clock tick would not change the key (git's "racy" rule). */
export function isRacy(stat: fs.Stats): boolean {
  return Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) < 2000;
}

/** Writes a cache file atomically; failures only cost speed. */
export function writeCacheFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

type Esbuild = typeof import('esbuild');

export function loadEsbuild(): Esbuild {
  // Loaded on a cache miss only: esbuild is the one heavy part of loading TypeScript.
  return require('esbuild') as Esbuild;
}

function transformOptions(filename: string, source: string, mapFile: string | null): import('esbuild').TransformOptions {
  const usesMeta = source.includes('import.meta');
  return {
    loader: filename.endsWith('x') ? 'tsx' : 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: filename,
    sourcemap: mapFile === null ? 'inline' : 'external',
    define: usesMeta ? { 'import.meta.url': META_URL, 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' } : {},
    banner: usesMeta ? `var ${META_URL} = require("node:url").pathToFileURL(__filename).href;` : '',
  };
}

function withMap(result: { code: string; map: string }, mapFile: string | null): string {
  if (mapFile === null) return result.code;
  writeCacheFile(mapFile, result.map);
  // A short pointer instead of an inline map: stack traces map to .ts lines when source maps are on (--verbose).
  return `${result.code}//# sourceMappingURL=${pathToFileURL(mapFile).href}\n`;
}

function syntaxError(filename: string, error: unknown): ScriptDirectoryError {
  const first = ((error as { errors?: ReadonlyArray<EsbuildMessage> }).errors ?? [])[0];
  const where = first?.location ? `:${first.location.line}:${first.location.column + 1}` : '';
  const text = first?.text ?? (error instanceof Error ? error.message : String(error));
  return new ScriptDirectoryError('SYNTAX_ERROR', `${filename}${where}: ${text}; fix the file and run the command again`, { cause: error });
}

function transform(filename: string, source: string, mapFile: string | null): string {
  try {
    return withMap(loadEsbuild().transformSync(source, transformOptions(filename, source, mapFile)), mapFile);
  } catch (error) {
    throw syntaxError(filename, error);
  }
}

function cachePath(filename: string, stat: fs.Stats): string | null {
  const dir = cacheFolder();
  return dir === null || isRacy(stat) ? null : path.join(dir, `${fileKey(filename, stat)}.js`);
}

/** A file to transpile: its path, stat and text. */
export interface SourceFile {
  readonly filename: string;
  readonly stat: fs.Stats;
  readonly source: string;
}

/** Transpiles and caches many files at once (esbuild works on them in parallel); the first syntax error, in file order, is thrown. */
export async function precompile(files: ReadonlyArray<SourceFile>): Promise<void> {
  if (files.length === 0) return;
  const esbuild = loadEsbuild();
  const results = await Promise.allSettled(
    files.map((f) => {
      const cached = cachePath(f.filename, f.stat);
      return esbuild.transform(f.source, transformOptions(f.filename, f.source, cached === null ? null : `${cached}.map`));
    }),
  );
  results.forEach((result, i) => {
    const file = files[i];
    if (file === undefined) return;
    if (result.status === 'rejected') throw syntaxError(file.filename, result.reason);
    const cached = cachePath(file.filename, file.stat);
    if (cached !== null) writeCacheFile(cached, withMap(result.value, `${cached}.map`));
  });
}

/** Parses JavaScript files (which Node loads itself) in parallel; the first syntax error, in file order, is thrown. */
export async function checkSyntax(files: ReadonlyArray<SourceFile>): Promise<void> {
  if (files.length === 0) return;
  const esbuild = loadEsbuild();
  const results = await Promise.allSettled(files.map((f) => esbuild.transform(f.source, { loader: 'js', sourcefile: f.filename })));
  results.forEach((result, i) => {
    const file = files[i];
    if (file !== undefined && result.status === 'rejected') throw syntaxError(file.filename, result.reason);
  });
}

/** Where the V8 code cache of a transpiled file lives (null when caching is off). */
export function codeCacheFile(filename: string, stat: fs.Stats): string | null {
  const dir = cacheFolder();
  return dir === null || isRacy(stat) ? null : path.join(dir, `${fileKey(filename, stat)}.v8`);
}

/** The CommonJS code of a TypeScript file: from the cache, or transpiled (throwing a syntax error naming file:line) and cached. */
export function compiledCode(filename: string, stat: fs.Stats = fs.statSync(filename), source?: string): string {
  const cached = cachePath(filename, stat);
  if (cached !== null && source === undefined) {
    try {
      return fs.readFileSync(cached, 'utf8');
    } catch {
      // not cached yet
    }
  }
  const code = transform(filename, source ?? fs.readFileSync(filename, 'utf8'), cached === null ? null : `${cached}.map`);
  if (cached !== null) writeCacheFile(cached, code);
  return code;
}
