/** The shapes of the programmatic API (`migrations` from 'tsdb'): one options object in, plain JSON-safe data out. */
import type { BranchPointInfo, MigrationStepInfo, RevisionInfo, SchemaChange } from '../commands/shapes';
import type { MigrateOptions as MigrateCommandOptions, UpgradeOptions as UpgradeCommandOptions } from '../commands/shapes';
import type { TamperedScript } from '../commands/tampered-script';

export type { BranchPointInfo, MigrationStepInfo, RevisionInfo, SchemaChange } from '../commands/shapes';

/** Where the project is and how to reach its database: what every `migrations` function takes, as the CLI's global options. */
export interface WorkspaceOptions {
  /** The folder the config is looked up in and relative paths start from (default: `process.cwd()`). */
  readonly cwd?: string;
  /** The config file, relative to `cwd` (`-c/--config`); default: `tsdb.config.{ts,js,mjs,cjs,json}` in `cwd`. */
  readonly config?: string;
  /** The script directory, relative to `cwd` (`-d/--directory`); default: the config's `migrations`. */
  readonly directory?: string;
  /** The database URL (`--url`); default: the config's `url`. */
  readonly url?: string;
  /** How long to wait for another process's write lock, in milliseconds (default 30 000). */
  readonly lockTimeoutMs?: number;
  /** Progress while the call runs (what the CLI prints on stderr); the result carries the same facts. */
  readonly onEvent?: (event: MigrationEvent) => void;
}

/** Progress reported to `onEvent`. */
export type MigrationEvent =
  | { readonly type: 'step'; readonly step: MigrationStepInfo }
  | { readonly type: 'stamp'; readonly before: ReadonlyArray<string>; readonly after: ReadonlyArray<string> }
  | { readonly type: 'info'; readonly message: string }
  | { readonly type: 'warning'; readonly message: string };

/** Options of `upgrade` (target default `head`) and `downgrade` (target default `-1`). */
export interface UpgradeOptions extends WorkspaceOptions, UpgradeCommandOptions {}

/** What upgrade or downgrade did. */
export interface UpgradeResult {
  /** The scripts that ran, in order; empty when the database was already at the target. */
  readonly steps: ReadonlyArray<MigrationStepInfo>;
  /** The version table afterwards: the applied heads, sorted; empty at base. */
  readonly current: ReadonlyArray<string>;
  /** Warnings (e.g. an applied script was edited since it ran), also sent to `onEvent`. */
  readonly warnings: ReadonlyArray<string>;
}

/** Where the database stands. */
export interface CurrentResult {
  /** False when the database file does not exist yet (nothing is created). */
  readonly databaseExists: boolean;
  /** The version table's rows: the applied heads, sorted; empty at base. */
  readonly current: ReadonlyArray<string>;
  /** The script directory's heads, sorted. */
  readonly heads: ReadonlyArray<string>;
  /** True when `current` is exactly `heads`: an upgrade would do nothing. */
  readonly atHead: boolean;
}

/** Options of `history`. */
export interface HistoryOptions extends WorkspaceOptions {
  /** `base:head`, `A:B`, `A:`, `:B`, `current:`, `-N:` (default: everything). */
  readonly range?: string;
  /** Read the version table and fill `isCurrent`. */
  readonly indicateCurrent?: boolean;
  /** Read the log and fill `applied`. */
  readonly appliedTimes?: boolean;
}

/** A list of revisions (history: newest first). */
export interface RevisionsResult {
  readonly revisions: ReadonlyArray<RevisionInfo>;
}

/** Options of `show`. */
export interface ShowOptions extends WorkspaceOptions {
  /** An id, unique prefix, label, `head` or `heads`. */
  readonly revision: string;
}

/** Every branch point, newest first. */
export interface BranchesResult {
  readonly branchPoints: ReadonlyArray<BranchPointInfo>;
}

/** Options of `stamp`. */
export interface StampOptions extends WorkspaceOptions {
  /** Ids, prefixes, `head`, `heads` or `base`: one or several. */
  readonly revisions: string | ReadonlyArray<string>;
  /** Empty the version table first, rows naming unknown revisions included. */
  readonly purge?: boolean;
  /** Accept the edited text of ONE applied revision as its new checksum; the version table is unchanged. */
  readonly repair?: boolean;
}

/** The version table before and after a stamp. */
export interface StampResult {
  readonly before: ReadonlyArray<string>;
  readonly after: ReadonlyArray<string>;
}

/** A script that revision, merge or migrate wrote. */
export interface NewScript {
  readonly revision: string;
  /** The file written (absolute). */
  readonly path: string;
  readonly downRevisions: ReadonlyArray<string>;
}

/** Options of `revision`: an empty script for a hand-written change (use `migrate` to autogenerate). */
export interface RevisionOptions extends WorkspaceOptions {
  readonly message: string;
  /** Use this id instead of a random one (1-32 letters, digits, underscores). */
  readonly revId?: string;
  /** The parent: a head, `LABEL@head`, or `base` for a new root (default: the only head). */
  readonly head?: string;
  /** Allow `head` to name a revision that is not a head, starting a new branch there. */
  readonly splice?: boolean;
  readonly branchLabel?: string | ReadonlyArray<string>;
  readonly dependsOn?: string | ReadonlyArray<string>;
}

/** The script revision wrote, and the heads once it exists (more than one after `splice` or `head: 'base'`). */
export interface RevisionResult extends NewScript {
  readonly heads: ReadonlyArray<string>;
}

/** Options of `merge`. */
export interface MergeOptions extends WorkspaceOptions {
  readonly message: string;
  /** The revisions to join (`heads`, ids, prefixes, labels, `LABEL@head`); default: every head. */
  readonly revisions?: string | ReadonlyArray<string>;
  readonly revId?: string;
  readonly branchLabel?: string | ReadonlyArray<string>;
}

/** Options of `migrate`. */
export interface MigrateOptions extends WorkspaceOptions, MigrateCommandOptions {}

/** What migrate found and wrote. */
export interface MigrateResult {
  /** Null when nothing changed (and `allowEmpty` was not set): no file was written. */
  readonly script: NewScript | null;
  readonly changes: ReadonlyArray<SchemaChange>;
  /** Review these before upgrading (a likely rename, a NOT NULL column given a placeholder, …). */
  readonly warnings: ReadonlyArray<string>;
  /** Only with `baseline`: the version rows the database was stamped with (the new revision). */
  readonly stamped?: ReadonlyArray<string>;
}

/** Options of `check`. */
export interface CheckOptions extends WorkspaceOptions {
  /** Replay every migration into an in-memory database instead of reading the database (also used when its file does not exist). */
  readonly offline?: boolean;
  /** PostgreSQL, with `offline`: a server where a temporary database is created, replayed into and dropped (default: config `scratchUrl`). */
  readonly scratchUrl?: string;
}

/** An applied script that was edited or deleted since it ran (the type `tsdb check` itself reports). */
export type { TamperedScript };

/** What check found: drift is data here, not an error (the CLI exits 1 when `ok` is false). */
export interface CheckResult {
  /** True when there are no changes and no tampered scripts. */
  readonly ok: boolean;
  /** What a `migrate` would write now; empty when the models match. */
  readonly changes: ReadonlyArray<SchemaChange>;
  readonly tampered: ReadonlyArray<TamperedScript>;
  readonly warnings: ReadonlyArray<string>;
  /** What the models were compared with: the live database, or the migrations replayed in memory. */
  readonly source: 'database' | 'replay';
}

/** What init wrote (the script directory is `directory`, default `migrations`). */
export interface InitResult {
  /** The config file written, or null when one existed. */
  readonly configWritten: string | null;
  readonly directory: string;
  readonly files: ReadonlyArray<string>;
}

/** Every function of `migrations`; each takes one options object (the CLI's global options plus its own). */
export interface Migrations {
  /** Applies revisions up to `target` (default `head`): `await migrations.upgrade({ cwd: __dirname })`. */
  upgrade(options?: UpgradeOptions): Promise<UpgradeResult>;
  /** Reverts revisions down to `target` (default `-1`, one step): `await migrations.downgrade({ target: 'base' })`. */
  downgrade(options?: UpgradeOptions): Promise<UpgradeResult>;
  /** Where the database stands (`atHead`); never creates the database file. */
  current(options?: WorkspaceOptions): Promise<CurrentResult>;
  /** Compares the models with the database at head; drift and edited scripts are data (`ok: false`), not errors. */
  check(options?: CheckOptions): Promise<CheckResult>;
  /** Autogenerates a script from the models against the database at head (`script` is null when nothing changed). */
  migrate(options: MigrateOptions): Promise<MigrateResult>;
  /** Writes an empty script for a hand-written change; needs no database. */
  revision(options: RevisionOptions): Promise<RevisionResult>;
  /** Writes a merge script joining several heads (default: every head); needs no database. */
  merge(options: MergeOptions): Promise<NewScript>;
  /** Sets the version table without running scripts: `await migrations.stamp({ revisions: 'head' })`. */
  stamp(options: StampOptions): Promise<StampResult>;
  /** The revisions, newest first. */
  history(options?: HistoryOptions): Promise<RevisionsResult>;
  /** The head revisions. */
  heads(options?: WorkspaceOptions): Promise<RevisionsResult>;
  /** One revision by id, unique prefix or label (every head for `head`/`heads`). */
  show(options: ShowOptions): Promise<RevisionsResult>;
  /** Every branch point, with its branches and the heads they lead to. */
  branches(options?: WorkspaceOptions): Promise<BranchesResult>;
  /** Writes the config (when none exists) and the script directory (`directory`, default `migrations`). */
  init(options?: WorkspaceOptions): Promise<InitResult>;
}
