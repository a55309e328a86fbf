/**
 * SIGINT/SIGTERM while a command holds the database: roll back the migration in progress, say where
 * the database stands, exit 130/143. better-sqlite3 is synchronous, so when a signal handler runs no
 * statement is half-way: the rollback is clean and the script never resumes.
 */
import type { SqliteDb } from '../dialect/sqlite/connection';
import { readVersions } from './version-table';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** How the running migration undoes the revision in progress (keeping finished ones when it commits per revision). */
let undoInProgress: (() => void) | null = null;

/** Set by runMigrations while a revision runs; null when none does. */
export function setUndoInProgress(undo: (() => void) | null): void {
  undoInProgress = undo;
}

/** Installs the handlers until the returned function is called; `stop` reports the line and ends the process with the code. */
export function rollBackOnSignal(db: SqliteDb, versionTable: string, stop: (line: string, exitCode: number) => void): () => void {
  const handlers = (Object.keys(EXIT_CODES) as Array<keyof typeof EXIT_CODES>).map((signal) => {
    const handler = (): void => {
      let where: string;
      try {
        const rolledBack = db.open && db.inTransaction;
        if (rolledBack) (undoInProgress ?? (() => db.exec('ROLLBACK')))();
        const versions = db.open ? readVersions(db, versionTable) : [];
        const at = versions.length === 0 ? 'base (empty)' : versions.join(', ');
        where = `${rolledBack ? 'the migration in progress was rolled back; ' : ''}the database is at ${at}`;
      } catch (error) {
        where = `could not read where the database stands (${error instanceof Error ? error.message : String(error)}); run \`tsdb current\``;
      }
      stop(`error: interrupted by ${signal}: ${where}\n`, EXIT_CODES[signal]);
    };
    process.on(signal, handler);
    return { signal, handler };
  });
  return () => {
    for (const { signal, handler } of handlers) process.off(signal, handler);
  };
}
