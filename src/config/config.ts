/** Finding, loading and validating tsdb.config.{ts,js,mjs,cjs,json}. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, TsdbError } from '../errors';
import { loadModule } from '../script/load-module';
import { detectScriptFormat, SCRIPT_FORMATS, type ScriptFormat } from '../script/script-format';
import { maskUrl, parseDatabaseUrl, type DatabaseTarget } from './database-url';

/** What users write in tsdb.config.ts. */
export interface TsdbConfig {
  /** Database URL, e.g. sqlite:///app.db or postgresql://user:pass@host:5432/db. */
  readonly url?: string;
  /** Model module paths or globs, relative to the config file. */
  readonly models?: string | ReadonlyArray<string>;
  /** The script directory (default `migrations`). */
  readonly migrations?: string;
  /** The version table (default `tsdb_version`). */
  readonly versionTable?: string;
  /** PostgreSQL: the schema of the version table and of tables declared without one (default `public`; `?schema=` in the URL wins). */
  readonly schema?: string;
  /** PostgreSQL: a server where `check --offline` may create and drop a temporary database. */
  readonly scratchUrl?: string;
  readonly compareTypes?: boolean;
  readonly compareServerDefaults?: boolean;
  /** Return false for tables tsdb must ignore. */
  readonly includeTable?: (name: string) => boolean;
  /** true (default): each revision commits or rolls back alone; false: the whole command is one transaction. */
  readonly transactionPerMigration?: boolean;
  /** New scripts in TypeScript (`ts`), a JavaScript ES module (`esm`) or JavaScript CommonJS (`cjs`); default: detected (README). */
  readonly scriptFormat?: ScriptFormat;
  /** Run on every script tsdb writes: `'prettier'`, a command such as `'npx eslint --fix {file}'`, or a function. */
  readonly postWrite?: PostWriteHook;
}

/** What `postWrite` accepts: `'prettier'`, a command line (`{file}` is the script's path), or a function given the path. */
export type PostWriteHook = string | ((file: string) => void | Promise<void>);

/** The config with every path made absolute and every default filled in. */
export interface ResolvedConfig {
  readonly configPath: string | null;
  readonly rootDir: string;
  readonly url: string;
  readonly database: DatabaseTarget;
  readonly models: ReadonlyArray<string>;
  readonly migrationsDir: string;
  readonly versionTable: string;
  /** PostgreSQL: a server where `check --offline` may create and drop a temporary database. */
  readonly scratchUrl: string | null;
  readonly compareTypes: boolean;
  readonly compareServerDefaults: boolean;
  readonly includeTable: (name: string) => boolean;
  readonly transactionPerMigration: boolean;
  readonly scriptFormat: ScriptFormat;
  readonly postWrite: PostWriteHook | null;
}

/** Typed identity for tsdb.config.ts. @example export default defineConfig({ url: 'sqlite:///app.db', models: ['common/models.ts'] }) */
export function defineConfig(config: TsdbConfig): TsdbConfig {
  return config;
}

/** The file names tsdb looks for, in order. */
export const CONFIG_NAMES = ['tsdb.config.ts', 'tsdb.config.js', 'tsdb.config.mjs', 'tsdb.config.cjs', 'tsdb.config.json'];

const KNOWN_KEYS = [
  'url',
  'models',
  'migrations',
  'versionTable',
  'compareTypes',
  'compareServerDefaults',
  'includeTable',
  'transactionPerMigration',
  'scriptFormat',
  'postWrite',
  'schema',
  'scratchUrl',
];

/** Where the command was asked to look, and what it overrides. */
export interface ConfigRequest {
  readonly cwd: string;
  readonly configPath?: string;
  readonly directory?: string;
  readonly url?: string;
}

/** The config file path for this request, or null when there is none. */
export function findConfigFile(request: ConfigRequest): string | null {
  if (request.configPath !== undefined) {
    const file = path.resolve(request.cwd, request.configPath);
    if (!fs.existsSync(file)) throw new ConfigError(`config file ${request.configPath} does not exist; check -c/--config`);
    if (fs.statSync(file).isDirectory()) {
      throw new ConfigError(
        `config path ${request.configPath} is a directory; pass the config file itself, e.g. -c ${path.join(request.configPath, 'tsdb.config.ts')}`,
      );
    }
    return file;
  }
  for (const name of CONFIG_NAMES) {
    const file = path.join(request.cwd, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

function closest(word: string, candidates: ReadonlyArray<string>): string | null {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0] ?? 0;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j] ?? 0;
        row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length] ?? Infinity;
  };
  const best = candidates.map((c) => ({ c, d: distance(word.toLowerCase(), c.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : null;
}

function validate(raw: unknown, file: string): TsdbConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${file}: the config must export an object (export default defineConfig({ … }))`);
  }
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.includes(key)) {
      const guess = closest(key, KNOWN_KEYS);
      throw new ConfigError(
        `${file}: unknown config key '${key}'${guess ? `; did you mean '${guess}'?` : `; known keys: ${KNOWN_KEYS.join(', ')}`}`,
      );
    }
  }
  const expect = (key: string, type: string, ok: (v: unknown) => boolean) => {
    if (config[key] !== undefined && !ok(config[key])) throw new ConfigError(`${file}: '${key}' must be ${type}`);
  };
  expect('url', 'a string such as sqlite:///app.db', (v) => typeof v === 'string' && v !== '');
  expect(
    'models',
    'a path or a list of paths/globs',
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  );
  expect('migrations', 'a folder path', (v) => typeof v === 'string' && v !== '');
  expect('versionTable', 'a table name of at most 63 characters', (v) => typeof v === 'string' && /^\w{1,63}$/.test(v));
  expect('schema', 'a schema name of at most 63 characters', (v) => typeof v === 'string' && /^\w{1,63}$/.test(v));
  expect(
    'scratchUrl',
    'a postgresql:// URL of a server where tsdb may create a database',
    (v) => typeof v === 'string' && /^postgres(ql)?:\/\//.test(v),
  );
  for (const key of ['compareTypes', 'compareServerDefaults', 'transactionPerMigration'])
    expect(key, 'true or false', (v) => typeof v === 'boolean');
  expect('includeTable', 'a function (name) => boolean', (v) => typeof v === 'function');
  expect('scriptFormat', `one of ${SCRIPT_FORMATS.map((f) => `'${f}'`).join(', ')}`, (v) => SCRIPT_FORMATS.includes(v as ScriptFormat));
  expect(
    'postWrite',
    "'prettier', a command such as 'npx eslint --fix {file}', or a function (file) => void",
    (v) => typeof v === 'function' || (typeof v === 'string' && v.trim() !== ''),
  );
  return config as TsdbConfig;
}

async function readConfigFile(file: string): Promise<TsdbConfig> {
  const exports = await loadModule(file);
  if (!('default' in exports) && exports['__esModule'] === true) {
    throw new ConfigError(`${path.basename(file)} has no default export; write \`export default defineConfig({ url: …, models: … })\``);
  }
  const raw = 'default' in exports ? exports['default'] : exports;
  return validate(raw, path.basename(file));
}

/** Loads and validates one config file; what it throws while loading is reported as a config error. */
export async function loadConfigFile(file: string): Promise<TsdbConfig> {
  try {
    return await readConfigFile(file);
  } catch (error) {
    if (error instanceof TsdbError) throw error;
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`cannot load ${file}: ${text}; fix the error in the config file (--verbose shows where it was thrown)`, {
      cause: error,
    });
  }
}

/** Finds and loads the config; `requireFile` false allows running on --url and -d alone. */
export async function loadConfig(request: ConfigRequest): Promise<ResolvedConfig> {
  const file = findConfigFile(request);
  if (file === null && request.url === undefined) {
    throw new ConfigError(
      `no tsdb config in ${request.cwd} (looked for ${CONFIG_NAMES.join(', ')}); run \`tsdb init\`, or pass -c PATH or --url URL`,
    );
  }
  const config = file === null ? {} : await loadConfigFile(file);
  const rootDir = file === null ? request.cwd : path.dirname(file);
  const url = request.url ?? config.url;
  if (url === undefined) throw new ConfigError(`${path.basename(file ?? 'config')}: no 'url'; add url: 'sqlite:///app.db' or pass --url`);
  const models = config.models === undefined ? [] : typeof config.models === 'string' ? [config.models] : config.models;
  const directory = request.directory ?? config.migrations ?? 'migrations';
  const migrationsDir = path.resolve(request.directory !== undefined ? request.cwd : rootDir, directory);
  let detected: ScriptFormat | undefined;
  return {
    configPath: file,
    rootDir,
    url,
    database: parseDatabaseUrl(url, rootDir, { schema: config.schema }),
    scratchUrl: config.scratchUrl ?? null,
    models: models.map((m) => path.resolve(rootDir, m)),
    migrationsDir,
    versionTable: config.versionTable ?? 'tsdb_version',
    compareTypes: config.compareTypes ?? true,
    compareServerDefaults: config.compareServerDefaults ?? true,
    includeTable: config.includeTable ?? (() => true),
    transactionPerMigration: config.transactionPerMigration ?? true,
    // detected on first use: only the commands that write a script need it (not current or history)
    get scriptFormat(): ScriptFormat {
      return config.scriptFormat ?? (detected ??= detectScriptFormat({ migrationsDir, configPath: file, rootDir }));
    },
    postWrite: config.postWrite ?? null,
  };
}

/** Re-exported so messages elsewhere mask passwords the same way. */
export { maskUrl };
