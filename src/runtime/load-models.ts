/** Loads the models modules the config names (paths or globs) and collects their exported tables. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import { declaredSchema, type DeclaredSchema, type DeclaredTable } from '../models/declared-schema';
import { TABLE, isTableDef } from '../models/table';
import { loadModule } from '../script/load-module';

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*' && pattern[i + 1] === '*') {
      source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
}

/** The files a list of absolute paths or globs names, sorted; a plain path must exist. */
export function expandModelPaths(patterns: ReadonlyArray<string>, rootDir: string): string[] {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (!/[*?]/.test(pattern)) {
      if (!fs.existsSync(pattern)) throw new ConfigError(`models: ${path.relative(rootDir, pattern) || pattern} does not exist; fix 'models' in the config`);
      files.add(pattern);
      continue;
    }
    const fixed = pattern.split(/[*?]/)[0] ?? '';
    const base = fixed.endsWith('/') ? fixed : path.dirname(fixed);
    const matcher = globToRegExp(path.relative(base, pattern).split(path.sep).join('/'));
    const found: string[] = [];
    if (fs.existsSync(base)) walk(base, found);
    for (const file of found) {
      if (matcher.test(path.relative(base, file).split(path.sep).join('/')) && !file.endsWith('.d.ts')) files.add(file);
    }
  }
  return [...files].sort();
}

/** Loads every models module and builds the declared schema. */
export async function loadModels(patterns: ReadonlyArray<string>, rootDir: string): Promise<DeclaredSchema> {
  if (patterns.length === 0) {
    throw new ConfigError("the config names no models: add models: ['common/models.ts'] (paths or globs) to tsdb.config.ts");
  }
  const declared: DeclaredTable[] = [];
  for (const file of expandModelPaths(patterns, rootDir)) {
    const exports = await loadModule(file);
    const display = path.relative(process.cwd(), file) || file;
    for (const value of Object.values(exports)) {
      if (isTableDef(value)) declared.push({ declaration: value[TABLE], file: display });
    }
  }
  return declaredSchema(declared);
}
