/** What the commands that write a script (revision, merge, migrate) share: option checks, done before anything is read, and writing. */
import { displayPath } from '../display-path';
import { TsdbError } from '../errors';
import { preparePostWrite } from '../config/post-write';
import type { ScriptValues } from '../script/render-script';
import type { CommandContext, Workspace } from './context';

const REV_ID = /^[0-9A-Za-z_]{1,32}$/;
const MAX_MESSAGE = 4096;

/** Refuses an empty or oversized message and a malformed --rev-id. */
export function checkNewScriptOptions(options: { readonly message: string; readonly revId?: string }): void {
  if (options.message.trim() === '') throw new TsdbError('BAD_MESSAGE', 'the message (-m) is empty; say what the revision does');
  if (options.message.length > MAX_MESSAGE) {
    throw new TsdbError(
      'BAD_MESSAGE',
      `the message (-m) is ${options.message.length} characters long; keep it under ${MAX_MESSAGE} and put longer notes in the script itself`,
    );
  }
  if (options.revId !== undefined && !REV_ID.test(options.revId)) {
    throw new TsdbError('BAD_REV_ID', `--rev-id '${options.revId}' is not valid; use 1-32 letters, digits or underscores`);
  }
}

/**
 * Writes a new script in the configured format, then runs the postWrite hook on it. A hook that
 * cannot run (no prettier) fails before writing; one that fails on the file leaves the script
 * written and says so in one warning: the script is valid, and retrying would make a second revision.
 */
export async function writeNewScript(ctx: CommandContext, workspace: Workspace, values: ScriptValues): Promise<string> {
  const { config, scripts } = workspace;
  const hook = config.postWrite === null ? null : preparePostWrite(config.postWrite, config.rootDir);
  const file = scripts.writeScript(values, config.scriptFormat);
  if (hook === null) return file;
  try {
    await hook.run(file);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    ctx.onEvent?.({
      type: 'warning',
      message: `postWrite hook (${hook.name}) failed on ${displayPath(file, ctx.cwd)}: ${why}; the script is written as generated`,
    });
  }
  return file;
}
