/** Checks shared by the commands that write a script (revision, merge, migrate), done before anything is read. */
import { TsdbError } from '../errors';

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
