/**
 * SIGINT/SIGTERM while a command holds the database: the run in progress is undone (the revision in
 * progress rolled back; finished ones kept when each revision commits alone), the line says where the
 * database stands, and the process exits 130/143. Nothing here is module state: each command that
 * writes installs its own guard, and its run tells the guard how to undo.
 */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** What a signal handler learns from the run in progress: the version rows that stand after the undo. */
export type UndoRun = () => { readonly rolledBack: boolean; readonly versions: ReadonlyArray<string> };

/** Handed to a run: it says how to undo it while it runs, and clears that when it ends. */
export interface InterruptGuard {
  setUndo(undo: UndoRun | null): void;
}

/** Installs the handlers until `release` is called; `stop` reports the line and ends the process with the code. */
export function guardSignals(abort: () => void, stop: (line: string, exitCode: number) => void): InterruptGuard & { release(): void } {
  let undo: UndoRun | null = null;
  const handlers = (Object.keys(EXIT_CODES) as Array<keyof typeof EXIT_CODES>).map((signal) => {
    const handler = (): void => {
      let where: string;
      try {
        const outcome = undo?.() ?? null;
        if (outcome === null) {
          abort();
          where = 'nothing was being changed; run `tsdb current` to see where the database stands';
        } else {
          const at = outcome.versions.length === 0 ? 'base (empty)' : outcome.versions.join(', ');
          where = `${outcome.rolledBack ? 'the migration in progress was rolled back; ' : ''}the database is at ${at}`;
        }
      } catch (error) {
        where = `could not say where the database stands (${error instanceof Error ? error.message : String(error)}); run \`tsdb current\``;
      }
      stop(`error: interrupted by ${signal}: ${where}\n`, EXIT_CODES[signal]);
    };
    process.on(signal, handler);
    return { signal, handler };
  });
  return {
    setUndo: (next) => {
      undo = next;
    },
    release: () => {
      for (const { signal, handler } of handlers) process.off(signal, handler);
    },
  };
}
