/**
 * The scripts of a migrations folder compiled as ONE module list with one V8 code cache: an upgrade of
 * hundreds of revisions then deserializes one script instead of hundreds. The pack is keyed on every
 * file's cache key, so any change makes a new one; it is written at exit by a run that loaded many scripts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCached, type ModuleWrapper } from './code-cache';
import { sourceMapsEnabled, usePackedWrappers } from './load-module';
import { cacheFolder, compiledCode, fileKey, fnv64, isRacy, writeCacheFile } from './transpile-cache';

/** A script file as the pack needs it. */
export interface PackableFile {
  readonly absolutePath: string;
  readonly stat: fs.Stats;
}

/** Loads this many scripts one by one in a run, and the next run gets a pack. */
const PACK_AFTER_LOADS = 20;

function packFiles(versionsDir: string, files: ReadonlyArray<PackableFile>): { source: string; cache: string; prefix: string } | null {
  const folder = cacheFolder();
  // a file changed in the last two seconds is never cached, so neither is a pack holding it
  if (folder === null || files.length === 0 || files.some((f) => isRacy(f.stat))) return null;
  const prefix = `pack-${fnv64(versionsDir)}-`;
  const name = `${prefix}${fnv64(files.map((f) => `${f.absolutePath}\0${fileKey(f.absolutePath, f.stat)}`).join('\0'))}`;
  return { source: path.join(folder, `${name}.js`), cache: path.join(folder, `${name}.v8`), prefix };
}

/** Opens the pack of `files` when one exists; otherwise arranges for this run to write it if it loads many scripts. Returns a load counter. */
export function openPack(versionsDir: string, files: ReadonlyArray<PackableFile>): () => void {
  const pack = sourceMapsEnabled() ? null : packFiles(versionsDir, files);
  if (pack === null) return () => undefined;
  let text: string | null;
  try {
    text = fs.readFileSync(pack.source, 'utf8');
  } catch {
    text = null;
  }
  if (text !== null) {
    const { paths, wrappers } = runCached(text, pack.source, pack.cache) as { paths: string[]; wrappers: ModuleWrapper[] };
    usePackedWrappers(new Map(paths.map((file, i) => [file, wrappers[i] as ModuleWrapper])));
    return () => undefined;
  }
  let loads = 0;
  return () => {
    loads += 1;
    if (loads === PACK_AFTER_LOADS) process.once('exit', () => writePack(pack, files));
  };
}

/** Writes the pack: every script's transpiled code as a function, in one file (scripts using import() are left out). */
function writePack(pack: { source: string; prefix: string }, files: ReadonlyArray<PackableFile>): void {
  try {
    const entries = files
      .filter((f) => /\.[cm]?ts$/.test(f.absolutePath))
      .map((f) => ({ file: f.absolutePath, code: compiledCode(f.absolutePath, f.stat) }))
      .filter((e) => !e.code.includes('import('));
    const wrappers = entries.map((e) => `(function (exports, require, module, __filename, __dirname) {\n${e.code}\n})`);
    writeCacheFile(pack.source, `({ paths: ${JSON.stringify(entries.map((e) => e.file))}, wrappers: [\n${wrappers.join(',\n')}\n] })`);
    // one pack per folder: the older ones are stale
    const folder = path.dirname(pack.source);
    for (const name of fs.readdirSync(folder)) {
      if (name.startsWith(pack.prefix) && !pack.source.endsWith(name) && !name.startsWith(path.basename(pack.source, '.js')))
        fs.rmSync(path.join(folder, name), { force: true });
    }
  } catch {
    // a missing pack only costs speed
  }
}
