/** Tamper evidence: applied scripts whose text no longer matches the checksum logged when they ran. */
import { TsdbError } from '../errors';
import { isAppliedEntry, type LogEntry } from '../runtime/revision-log';
import type { ScriptDirectory } from '../script/script-directory';
import type { TamperedScript } from './tampered-script';

export type { TamperedScript };

/** Compares the newest log row of each applied revision with the script on disk. */
export function findTampered(scripts: ScriptDirectory, log: ReadonlyMap<string, LogEntry>): TamperedScript[] {
  const found: TamperedScript[] = [];
  for (const entry of log.values()) {
    if (!isAppliedEntry(entry)) continue;
    const file = scripts.files.get(entry.revision);
    if (file === undefined) found.push({ revision: entry.revision, kind: 'deleted', path: null, appliedAt: entry.appliedAt });
    else if (entry.checksum !== null && entry.checksum !== file.checksum) {
      found.push({ revision: entry.revision, kind: 'edited', path: file.revision.path, appliedAt: entry.appliedAt });
    }
  }
  return found.sort((a, b) => (a.revision < b.revision ? -1 : 1));
}

/** One line for all of them, with the way out. */
export function tamperMessage(list: ReadonlyArray<TamperedScript>): string {
  const what = list
    .map((t) =>
      t.kind === 'edited'
        ? `${t.revision} (${t.path ?? '?'}) was edited after it was applied on ${t.appliedAt}`
        : `${t.revision} was applied on ${t.appliedAt} but its script is gone`,
    )
    .join('; ');
  const fix = list.some((t) => t.kind === 'edited')
    ? `revert the edit, or accept the new text of one revision with \`tsdb stamp --repair ${list.find((t) => t.kind === 'edited')?.revision ?? 'REV'}\``
    : 'restore the script from version control';
  return `applied script${list.length === 1 ? '' : 's'} changed: ${what}; ${fix}`;
}

/** The error `check` and `upgrade --strict` fail with. */
export function tamperError(list: ReadonlyArray<TamperedScript>): TsdbError {
  return new TsdbError('SCRIPT_CHANGED', tamperMessage(list));
}
