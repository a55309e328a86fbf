/**
 * The programmatic API, `migrations` from 'tsdb': the CLI's commands as async functions that return
 * plain data and throw TsdbError (with `.code`) on failure. They never print, exit the process or
 * install signal handlers, so an app can migrate itself at start-up and a test suite can build its
 * database. A namespace object because `check` (and more names) are already models builders.
 */
import type * as Api from './types';

let loaded: Promise<Migrations> | null = null;

/** The command modules load on the first call: every app imports 'tsdb' for its models and must not pay ~50 ms for the migration machinery. */
function commands(): Promise<Migrations> {
  if (loaded !== null) return loaded;
  // Compiled (dist, the CLI bundle): a literal require, which esbuild bundles and every test runner supports.
  // From the TypeScript sources (vitest runs them) a require cannot reach a .ts file, but import() can; the
  // specifier is a variable so that type-checking a project against src/index.ts does not pull in every command.
  const fromSource = './commands.js';
  const load = __filename.endsWith('.ts') ? (import(fromSource) as Promise<CommandsModule>) : Promise.resolve(require('./commands') as CommandsModule);
  loaded = load.then((module) => module.commands);
  return loaded;
}

/** What commands.ts exports. */
interface CommandsModule {
  readonly commands: Migrations;
}

/** Every function of `migrations`; each takes one options object (the CLI's global options plus its own). */
export interface Migrations {
  /** Applies revisions up to `target` (default `head`): `await migrations.upgrade({ cwd: __dirname })`. */
  upgrade(options?: Api.UpgradeOptions): Promise<Api.UpgradeResult>;
  /** Reverts revisions down to `target` (default `-1`, one step): `await migrations.downgrade({ target: 'base' })`. */
  downgrade(options?: Api.UpgradeOptions): Promise<Api.UpgradeResult>;
  /** Where the database stands (`atHead`); never creates the database file. */
  current(options?: Api.WorkspaceOptions): Promise<Api.CurrentResult>;
  /** Compares the models with the database at head; drift and edited scripts are data (`ok: false`), not errors. */
  check(options?: Api.CheckOptions): Promise<Api.CheckResult>;
  /** Autogenerates a script from the models against the database at head (`script` is null when nothing changed). */
  migrate(options: Api.MigrateOptions): Promise<Api.MigrateResult>;
  /** Writes an empty script for a hand-written change; needs no database. */
  revision(options: Api.RevisionOptions): Promise<Api.RevisionResult>;
  /** Writes a merge script joining several heads (default: every head); needs no database. */
  merge(options: Api.MergeOptions): Promise<Api.NewScript>;
  /** Sets the version table without running scripts: `await migrations.stamp({ revisions: 'head' })`. */
  stamp(options: Api.StampOptions): Promise<Api.StampResult>;
  /** The revisions, newest first. */
  history(options?: Api.HistoryOptions): Promise<Api.RevisionsResult>;
  /** The head revisions. */
  heads(options?: Api.WorkspaceOptions): Promise<Api.RevisionsResult>;
  /** One revision by id, unique prefix or label (every head for `head`/`heads`). */
  show(options: Api.ShowOptions): Promise<Api.RevisionsResult>;
  /** Every branch point, with its branches and the heads they lead to. */
  branches(options?: Api.WorkspaceOptions): Promise<Api.BranchesResult>;
  /** Writes the config (when none exists) and the script directory (`directory`, default `migrations`). */
  init(options?: Api.WorkspaceOptions): Promise<Api.InitResult>;
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
