/** Loads the models modules the config names (paths or globs) and collects their exported tables. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, ModelError, ScriptDirectoryError, TsdbError } from '../errors';
import { collectCreatedTables, type CreatedTable } from '../models/created-tables';
import { declaredSchema, type DeclaredSchema, type DeclaredTable } from '../models/declared-schema';
import { TABLE, isTableDef } from '../models/table';
import { loadModule } from '../script/load-module';
import { userSourcePosition, type SourcePosition } from '../script/source-position';

/** The part of picomatch tsdb uses. */
interface Picomatch {
  (glob: string, options?: { readonly dot?: boolean }): (file: string) => boolean;
  scan(input: string): { readonly base: string; readonly glob: string; readonly isGlob: boolean };
}

function loadPicomatch(): Picomatch {
  // required only when the config uses a glob: a plain path needs no matcher
  return require('picomatch') as Picomatch;
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** The files one glob matches (picomatch syntax, dot entries and node_modules skipped). */
function matchGlob(picomatch: Picomatch, pattern: string): string[] {
  const { base, glob } = picomatch.scan(toPosix(pattern));
  const folder = base === '' ? '.' : base;
  const matches = picomatch(glob);
  const found: string[] = [];
  if (fs.existsSync(folder) && fs.statSync(folder).isDirectory()) walk(folder, found);
  return found.filter((file) => matches(toPosix(path.relative(folder, file))) && !file.endsWith('.d.ts'));
}

/** The files a list of absolute paths or globs names, sorted; a plain path must exist, a glob must match a file. */
export function expandModelPaths(patterns: ReadonlyArray<string>, rootDir: string): string[] {
  const files = new Set<string>();
  let picomatch: Picomatch | null = null;
  for (const pattern of patterns) {
    if (fs.existsSync(pattern)) {
      files.add(pattern);
      continue;
    }
    const shown = path.relative(rootDir, pattern) || pattern;
    if (!/[*?[\]{}()!+@]/.test(pattern) || !(picomatch ??= loadPicomatch()).scan(toPosix(pattern)).isGlob) {
      throw new ConfigError(`models: ${shown} does not exist; fix 'models' in the config`);
    }
    const matched = matchGlob(picomatch, pattern);
    if (matched.length === 0) throw new ConfigError(`models: the glob ${shown} matches no file; fix 'models' in the config`);
    for (const file of matched) files.add(file);
  }
  return [...files].sort();
}

/** A table a models module made with `table()` but does not export: autogenerate cannot see it. */
export interface UnexportedTable {
  readonly name: string;
  /** Where `table()` was called: `common/models.ts:12`, or the module that was loading. */
  readonly where: string;
}

/** The declared schema, and the tables the modules created without exporting them. */
export interface LoadedModels extends DeclaredSchema {
  readonly unexported: ReadonlyArray<UnexportedTable>;
}

// table() runs only the first time a module loads: what it created is remembered per module (its exports object).
const createdByModule = new WeakMap<object, ReadonlyArray<CreatedTable>>();

async function loadModelsModule(file: string): Promise<{ exports: Record<string, unknown>; created: ReadonlyArray<CreatedTable> }> {
  const { value: exports, created } = await collectCreatedTables(() => loadModule(file)).catch((error: unknown) => {
    throw withSourceLine(error, 'LOAD_FAILED');
  });
  const known = createdByModule.get(exports);
  if (known !== undefined && created.length === 0) return { exports, created: known };
  createdByModule.set(exports, created);
  return { exports, created };
}

function display(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function located(position: SourcePosition | null, fallback: string): string {
  return position === null ? fallback : `${display(position.file)}:${position.line}`;
}

/**
 * An error the user's own code threw (a references() thunk, a typo at the top of a module) names the
 * file and line it threw at, not just `users is not defined`; errors with a code (a missing import) keep their hint.
 */
function withSourceLine(error: unknown, code: 'MODEL' | 'LOAD_FAILED'): unknown {
  const cause = error instanceof TsdbError && error.code === code ? error.cause : null;
  if (!(cause instanceof Error) || cause instanceof TsdbError || 'code' in cause) return error;
  const position = userSourcePosition(cause);
  if (position === null) return error;
  const where = `${display(position.file)}:${position.line}:${position.column}`;
  const message = `${where}: ${cause.message}; ${code === 'MODEL' ? 'fix the models code there' : 'it threw while the models loaded: fix the code there'}`;
  return code === 'MODEL' ? new ModelError(message, { cause }) : new ScriptDirectoryError(code, message, { cause });
}

/** Loads every models module and builds the declared schema. */
export async function loadModels(patterns: ReadonlyArray<string>, rootDir: string): Promise<LoadedModels> {
  if (patterns.length === 0) {
    throw new ConfigError("the config names no models: add models: ['common/models.ts'] (paths or globs) to tsdb.config.ts");
  }
  const declared: DeclaredTable[] = [];
  const created: Array<CreatedTable & { readonly file: string }> = [];
  for (const file of expandModelPaths(patterns, rootDir)) {
    const loaded = await loadModelsModule(file);
    const shown = display(file);
    for (const value of Object.values(loaded.exports)) {
      if (isTableDef(value)) declared.push({ declaration: value[TABLE], file: shown });
    }
    for (const table of loaded.created) created.push({ ...table, file: shown });
  }
  const exported = new Set<object>(declared.map((d) => d.declaration));
  const names = new Set(declared.map((d) => d.declaration.name));
  const unexported = created
    .filter((c) => !exported.has(c.declaration) && !names.has(c.declaration.name))
    .map((c) => ({ name: c.declaration.name, where: located(userSourcePosition(c.site), c.file) }));
  try {
    return { ...declaredSchema(declared), unexported };
  } catch (error) {
    throw withSourceLine(error, 'MODEL');
  }
}
