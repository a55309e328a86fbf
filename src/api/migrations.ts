/**
 * The programmatic API, `migrations` from 'tsdb': the CLI's commands as async functions that return
 * plain data and throw TsdbError (with `.code`) on failure. They never print, exit the process or
 * install signal handlers, so an app can migrate itself at start-up and a test suite can build its
 * database. A namespace object because `check` (and more names) are already models builders.
 */
import type { Migrations } from './types';

export type { Migrations } from './types';

let loaded: Promise<Migrations> | null = null;

/** The command modules load on the first call: every app imports 'tsdb' for its models and must not pay ~50 ms for the migration machinery. */
function commands(): Promise<Migrations> {
  if (loaded !== null) return loaded;
  // Compiled (dist, the CLI bundle): a literal require, which esbuild bundles and every test runner supports.
  // From the TypeScript sources (vitest runs them) a require cannot reach a .ts file, but import() can; the
  // specifier is a variable so that type-checking a project against src/index.ts does not pull in every command.
  const fromSource = './commands.js';
  const load = __filename.endsWith('.ts')
    ? (import(fromSource) as Promise<CommandsModule>)
    : Promise.resolve(require('./commands') as CommandsModule);
  loaded = load.then((module) => module.commands);
  return loaded;
}

/** What commands.ts exports. */
interface CommandsModule {
  readonly commands: Migrations;
}

/**
 * tsdb's commands as functions, e.g. at app start-up:
 * ```ts
 * import { migrations } from 'tsdb';
 * const { steps, current } = await migrations.upgrade({ cwd: projectRoot });
 * ```
 */
export const migrations: Migrations = Object.freeze({
  upgrade: async (options) => (await commands()).upgrade(options),
  downgrade: async (options) => (await commands()).downgrade(options),
  current: async (options) => (await commands()).current(options),
  check: async (options) => (await commands()).check(options),
  migrate: async (options) => (await commands()).migrate(options),
  revision: async (options) => (await commands()).revision(options),
  merge: async (options) => (await commands()).merge(options),
  stamp: async (options) => (await commands()).stamp(options),
  history: async (options) => (await commands()).history(options),
  heads: async (options) => (await commands()).heads(options),
  show: async (options) => (await commands()).show(options),
  branches: async (options) => (await commands()).branches(options),
  init: async (options) => (await commands()).init(options),
} satisfies Migrations);
