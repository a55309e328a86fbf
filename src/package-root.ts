/** Finds tsdb's own package folder (templates, package.json), bundled or not. */
import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | null = null;

/** The folder holding tsdb's package.json. */
export function packageRoot(): string {
  if (root !== null) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'templates', 'script.ts.tmpl')) && fs.existsSync(path.join(dir, 'package.json'))) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`tsdb's templates folder was not found above ${__dirname}`);
  }
}

/** tsdb's version from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
