/** The programmatic API's work: runs each command with a library context and turns its result into plain data. Loaded on the first call (see api.ts). */
import type * as Api from './types';
import { check as checkCommand } from '../commands/check';
import type { CommandContext, CommandEvent } from '../commands/context';
import { current as currentCommand } from '../commands/current';
import { branches as branchesCommand, heads as headsCommand, history as historyCommand, show as showCommand } from '../commands/history';
import { init as initCommand } from '../commands/init';
import { merge as mergeCommand } from '../commands/merge';
import { migrate as migrateCommand } from '../commands/migrate';
import { revision as revisionCommand } from '../commands/revision';
import { stamp as stampCommand } from '../commands/stamp';
import { downgrade as downgradeCommand, upgrade as upgradeCommand } from '../commands/upgrade';
import { assertNever } from '../errors';
import { branchPointInfo, changeInfo, revisionInfo, stepInfo } from '../commands/plain-data';

/** A command context without exitOnSignal (a library leaves signals to the app); warnings are also collected for the result. */
function contextOf(options: Api.WorkspaceOptions, warnings: string[] = []): CommandContext {
  const onEvent = options.onEvent;
  return {
    cwd: options.cwd ?? process.cwd(),
    configPath: options.config,
    directory: options.directory,
    url: options.url,
    lockTimeoutMs: options.lockTimeoutMs,
    onEvent: (event) => {
      if (event.type === 'warning') warnings.push(event.message);
      onEvent?.(toEvent(event));
    },
  };
}

function toEvent(event: CommandEvent): Api.MigrationEvent {
  switch (event.type) {
    case 'step':
      return { type: 'step', step: stepInfo(event.step) };
    case 'stamp':
      return { type: 'stamp', before: [...event.before], after: [...event.after] };
    case 'info':
      return { type: 'info', message: event.message };
    case 'warning':
      return { type: 'warning', message: event.message };
    default:
      return assertNever(event);
  }
}

function listOf(value: string | ReadonlyArray<string> | undefined): string[] | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? [value] : [...value];
}

/** Applies revisions up to `target` (default `head`). */
export async function upgrade(options: Api.UpgradeOptions = {}): Promise<Api.UpgradeResult> {
  const warnings: string[] = [];
  const result = await upgradeCommand(contextOf(options, warnings), { target: options.target, strict: options.strict });
  return { steps: result.steps.map(stepInfo), current: [...result.current], warnings };
}

/** Reverts revisions down to `target` (default `-1`). */
export async function downgrade(options: Api.UpgradeOptions = {}): Promise<Api.UpgradeResult> {
  const warnings: string[] = [];
  const result = await downgradeCommand(contextOf(options, warnings), { target: options.target, strict: options.strict });
  return { steps: result.steps.map(stepInfo), current: [...result.current], warnings };
}

/** The version table and the heads; never creates the database file. */
export async function current(options: Api.WorkspaceOptions = {}): Promise<Api.CurrentResult> {
  const result = await currentCommand(contextOf(options));
  const ids = result.entries.map((entry) => entry.id);
  const atHead = ids.length === result.heads.length && ids.every((id) => result.heads.includes(id));
  return { databaseExists: result.databaseExists, current: ids, heads: [...result.heads], atHead };
}

/** The revisions, newest first. */
export async function history(options: Api.HistoryOptions = {}): Promise<Api.RevisionsResult> {
  const result = await historyCommand(contextOf(options), {
    range: options.range,
    indicateCurrent: options.indicateCurrent,
    appliedTimes: options.appliedTimes,
  });
  return { revisions: result.entries.map(revisionInfo) };
}

/** The head revisions. */
export async function heads(options: Api.WorkspaceOptions = {}): Promise<Api.RevisionsResult> {
  const result = await headsCommand(contextOf(options));
  return { revisions: result.entries.map(revisionInfo) };
}

/** One revision (or every head, for `head`/`heads`). */
export async function show(options: Api.ShowOptions): Promise<Api.RevisionsResult> {
  const result = await showCommand(contextOf(options), { revision: options.revision });
  return { revisions: result.entries.map(revisionInfo) };
}

/** Every branch point with its branches. */
export async function branches(options: Api.WorkspaceOptions = {}): Promise<Api.BranchesResult> {
  const result = await branchesCommand(contextOf(options));
  return {
    branchPoints: result.branchPoints.map(branchPointInfo),
  };
}

/** Sets the version table without running scripts (or, with `repair`, accepts an edited script). */
export async function stamp(options: Api.StampOptions): Promise<Api.StampResult> {
  const result = await stampCommand(contextOf(options), {
    revisions: listOf(options.revisions) ?? [],
    purge: options.purge,
    repair: options.repair,
  });
  return { before: [...result.before], after: [...result.after] };
}

/** Writes an empty script; needs no database. */
export async function revision(options: Api.RevisionOptions): Promise<Api.RevisionResult> {
  const result = await revisionCommand(contextOf(options), {
    message: options.message,
    revId: options.revId,
    head: options.head,
    splice: options.splice,
    branchLabel: listOf(options.branchLabel),
    dependsOn: listOf(options.dependsOn),
  });
  return { revision: result.revision, path: result.path, downRevisions: [...result.downRevisions], heads: [...result.heads] };
}

/** Writes a merge script joining several heads; needs no database. */
export async function merge(options: Api.MergeOptions): Promise<Api.NewScript> {
  const result = await mergeCommand(contextOf(options), {
    message: options.message,
    revisions: listOf(options.revisions),
    revId: options.revId,
    branchLabel: listOf(options.branchLabel),
  });
  return { revision: result.revision, path: result.path, downRevisions: [...result.downRevisions] };
}

/** Autogenerates a script from the models against the database at head. */
export async function migrate(options: Api.MigrateOptions): Promise<Api.MigrateResult> {
  const { message, revId, allowEmpty, baseline } = options;
  const result = await migrateCommand(contextOf(options), { message, revId, allowEmpty, baseline });
  const script =
    result.path === null || result.revision === null
      ? null
      : { revision: result.revision, path: result.path, downRevisions: [...result.downRevisions] };
  const stamped = baseline === true ? { stamped: [...result.stamped] } : {};
  return { script, changes: result.ops.map(changeInfo), warnings: [...result.warnings], ...stamped };
}

/** Compares the models with the database at head; drift is returned, not thrown. */
export async function check(options: Api.CheckOptions = {}): Promise<Api.CheckResult> {
  const result = await checkCommand(contextOf(options), {
    offline: options.offline,
    ...(options.scratchUrl === undefined ? {} : { scratchUrl: options.scratchUrl }),
  });
  return {
    ok: result.ops.length === 0 && result.tampered.length === 0,
    changes: result.ops.map(changeInfo),
    tampered: result.tampered.map((t) => ({ ...t })),
    warnings: [...result.warnings],
    source: result.source,
  };
}

/** Writes the config (when none exists) and the script directory. */
export async function init(options: Api.WorkspaceOptions = {}): Promise<Api.InitResult> {
  const result = await initCommand(contextOf(options), { directory: options.directory });
  return { configWritten: result.configWritten, directory: result.directory, files: [...result.files] };
}

/** Every function above, checked against the public interface; api.ts hands them out. */
export const commands: Api.Migrations = {
  upgrade,
  downgrade,
  current,
  check,
  migrate,
  revision,
  merge,
  stamp,
  history,
  heads,
  show,
  branches,
  init,
};
