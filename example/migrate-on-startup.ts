/**
 * App file 3: the app migrates its own database at start-up with tsdb's programmatic API, then uses it.
 * `npm run example:start`; it is the README's "Programmatic API" example, and test/api/example.test.ts runs it.
 */
import * as path from 'node:path';
import { migrations, TsdbError, type MigrationEvent } from 'tsdb';
import { listUsers } from './app';
import { register } from './registration';

/** The folder of tsdb.config.ts (the repository root, for this example). */
const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Brings the database to head before the app touches it; returns the revisions it is at. */
export async function migrateOnStartup(): Promise<ReadonlyArray<string>> {
  const onEvent = (event: MigrationEvent): void => {
    if (event.type === 'step') console.log(`migrating: ${event.step.direction} ${event.step.revision}, ${event.step.message}`);
    if (event.type === 'warning') console.warn(`tsdb warning: ${event.message}`);
  };
  const { steps, current } = await migrations.upgrade({ cwd: PROJECT_ROOT, onEvent });
  console.log(steps.length === 0 ? `database already at ${current.join(', ')}` : `database migrated to ${current.join(', ')}`);
  return current;
}

/** Start-up: migrate, then serve (here: register a first user and list them all). */
export async function main(): Promise<void> {
  try {
    await migrateOnStartup();
  } catch (error) {
    // A TsdbError is an expected failure with a stable code (a failed script, a locked database, …); anything else is a bug.
    if (!(error instanceof TsdbError)) throw error;
    console.error(`cannot start: ${error.message} [${error.code}]`);
    process.exitCode = 1;
    return;
  }
  if (listUsers().length === 0) register('ada', 'ada@example.com', 'engines');
  for (const row of listUsers()) console.log(`${row.username} (${row.team ?? 'no team'})`);
}

if (require.main === module) void main();
