/**
 * The shapes commands take and give as plain data, shared by `--json`, the programmatic API and the
 * commands themselves (a leaf: no imports, so the public declarations never reach the runtime).
 */

/** Options of migrate. */
export interface MigrateOptions {
  readonly message: string;
  /** Use this id instead of a random one (1-32 letters, digits, underscores). */
  readonly revId?: string;
  /** Write a script even when nothing changed. */
  readonly allowEmpty?: boolean;
  /**
   * Adopt a database tsdb never managed (tables, no version table, no scripts yet): write a first
   * revision that creates its current schema, and stamp the database at it without running it.
   */
  readonly baseline?: boolean;
}

/** Options of upgrade and downgrade. */
export interface UpgradeOptions {
  /** `head`, `heads`, `base`, an id or unique prefix, a label, `label@head`, `label@base`, `+N`/`-N`, `REV@-N`, … (README, TARGET). */
  readonly target?: string;
  /** Fail (code `SCRIPT_CHANGED`) before running anything, instead of warning, when an applied script was edited or deleted since it ran. */
  readonly strict?: boolean;
}

/** A revision with its place in the graph, as history, heads, show, branches and current report it. */
export interface RevisionInfo {
  readonly revision: string;
  readonly downRevisions: ReadonlyArray<string>;
  readonly branchLabels: ReadonlyArray<string>;
  readonly dependsOn: ReadonlyArray<string>;
  readonly message: string;
  /** The script file (absolute). */
  readonly path: string;
  /** The script's `Create Date` header, as written. */
  readonly createDate: string | null;
  readonly isHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** In the version table (filled by history with `indicateCurrent`, and by current). */
  readonly isCurrent: boolean;
  /** When it was applied, per the log (only filled by history with `appliedTimes`). */
  readonly applied: { readonly at: string; readonly how: string; readonly durationMs: number } | null;
}

/** One script run by upgrade or downgrade, with the version rows before and after it. */
export interface MigrationStepInfo {
  readonly revision: string;
  readonly direction: 'upgrade' | 'downgrade';
  /** The script's message (its docstring's first paragraph). */
  readonly message: string;
  /** The revision's parents (more than one for a merge). */
  readonly downRevisions: ReadonlyArray<string>;
  readonly versionsBefore: ReadonlyArray<string>;
  readonly versionsAfter: ReadonlyArray<string>;
}

/** One difference between the models and the database, as an operation a script would run. */
export interface SchemaChange {
  /** The operation, also the `op` method a script calls: `addColumn`, `dropTable`, `createIndex`, … */
  readonly kind: string;
  /** The table it touches (null for raw SQL). */
  readonly table: string | null;
  /** One line, as the CLI prints it: `Detected added column 'user.bio'`. */
  readonly description: string;
}

/** A revision with two or more children; each branch is its first revision and the heads its line leads to. */
export interface BranchPointInfo extends RevisionInfo {
  readonly branches: ReadonlyArray<RevisionInfo & { readonly heads: ReadonlyArray<string> }>;
}
