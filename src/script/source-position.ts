/**
 * Where a user's code threw, as a line of the file they wrote: the first stack frame outside tsdb,
 * mapped through the source map esbuild wrote for a TypeScript file (stack traces show the
 * transpiled lines unless --verbose turned Node's source maps on).
 */
import * as fs from 'node:fs';
import { findSourceMap, SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package-root';
import { sourceMapsEnabled } from './load-module';
import { compiledCode } from './transpile-cache';

/** A position in a user's file; line and column count from 1. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const TYPESCRIPT = /\.[mc]?tsx?$/;
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function isOwnCode(file: string): boolean {
  const root = packageRoot();
  return (
    [path.join(root, 'src'), path.join(root, 'dist')].some((dir) => file.startsWith(dir + path.sep)) ||
    file.includes(`${path.sep}node_modules${path.sep}tsdb${path.sep}`)
  );
}

/** The source map at the end of transpiled code: a data: URL or a file:// URL of the cache. */
function sourceMapOf(code: string): SourceMap | null {
  const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  if (url === undefined) return null;
  const inline = /^data:application\/json;(?:charset=[^;,]+;)?base64,(.*)$/.exec(url)?.[1];
  const text = inline !== undefined ? Buffer.from(inline, 'base64').toString('utf8') : fs.readFileSync(fileURLToPath(url), 'utf8');
  return new SourceMap(JSON.parse(text) as ConstructorParameters<typeof SourceMap>[0]);
}

/** Maps a transpiled position back to the TypeScript source; the position itself when there is no map entry. */
function original(position: SourcePosition): SourcePosition {
  // With --verbose, Node itself maps the frames of files it keeps a source map for.
  if (!TYPESCRIPT.test(position.file) || (sourceMapsEnabled() && findSourceMap(position.file) !== undefined)) return position;
  try {
    const map = sourceMapOf(compiledCode(position.file));
    const entry = map?.findEntry(position.line - 1, position.column - 1);
    if (entry === undefined || !('originalLine' in entry)) return position;
    return { file: position.file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return position; // the transpiled line is still a clue
  }
}

/** The first frame of `error`'s stack in a user's file (not tsdb's own code, not Node's), mapped to its source; null when none. */
export function userSourcePosition(error: unknown): SourcePosition | null {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line);
    if (match === null) continue;
    const [, location = '', row = '0', col = '0'] = match;
    const file = location.startsWith('file://') ? fileURLToPath(location) : location;
    if (!path.isAbsolute(file) || isOwnCode(file)) continue;
    return original({ file, line: Number(row), column: Number(col) });
  }
  return null;
}
