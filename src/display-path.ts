/** How a path is shown in messages: relative to the working folder when it is inside it, else absolute. */
import * as path from 'node:path';

export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}
