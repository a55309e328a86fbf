/** `--sql` on upgrade, downgrade and stamp: the offline SQL on stdout, and nothing else there. */
import type { CliRuntime } from './runtime';
import { withEvents } from './context';
import type { OfflineDirection } from '../commands/offline-range';

/** What `--sql` means on each command, for its option help. */
export const SQL_OPTION_HELP = 'print the SQL instead of running it (offline: no database is opened); takes FROM:TO ranges';

/** Renders the SQL of `tsdb <direction> --sql <args>` and writes it to stdout. */
export async function printOfflineSql(rt: CliRuntime, direction: OfflineDirection, args: ReadonlyArray<string>): Promise<void> {
  const { offlineSql } = require('../commands/offline') as typeof import('../commands/offline');
  const result = await offlineSql(withEvents(rt), { direction, range: args });
  rt.emit({ sql: result.sql, from: result.from, to: result.to, steps: result.steps });
  if (!rt.json) rt.io.stdout(result.sql);
}
