/**
 * Offline SQL (`--sql`), as every dialect shares it: migrations run against a scratch database through a
 * connection that records each write as SQL text with its values written in; the recorded run is cut
 * into its parts, and the dialect renders them as a script for its shell.
 */
import type { Connection } from './connection';

/** One statement that ran; `control` marks BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE, which offline output replaces with its own. */
export interface RecordedSql {
  readonly sql: string;
  readonly control: boolean;
}

/** A scratch database to render offline SQL with: `plain` replays without recording, `recording` records. */
export interface RecordingScratch {
  readonly plain: Connection;
  readonly recording: Connection;
  /** Everything `recording` ran so far, in order. */
  recorded(): ReadonlyArray<RecordedSql>;
  close(): Promise<void>;
}

/** What a dialect offers for offline SQL. */
export interface OfflineSupport {
  recordingScratch(): Promise<RecordingScratch>;
  /** The script text for the engine's shell. */
  render(script: OfflineScript): string;
  /** How to apply the script, for its header. */
  readonly applyHint: string;
}

/** One migration (or stamp) in the script: a comment line and the statements of its transaction. */
export interface OfflineScriptStep {
  /** `Running upgrade a -> b, message`; only its first line is used. */
  readonly comment: string;
  readonly statements: ReadonlyArray<string>;
}

/** Everything the script holds, in order. */
export interface OfflineScript {
  /** Comment lines at the top (without `-- `). */
  readonly header: ReadonlyArray<string>;
  /** Statements that must run outside any transaction (PRAGMA foreign_keys). */
  readonly outside: ReadonlyArray<string>;
  /** Statements before the first migration (the version table). */
  readonly setup: ReadonlyArray<string>;
  readonly steps: ReadonlyArray<OfflineScriptStep>;
  /** Statements after the last COMMIT (PRAGMA foreign_keys back on). */
  readonly epilogue: ReadonlyArray<string>;
  /** true: one BEGIN … COMMIT per step; false: one transaction for setup and every step. */
  readonly transactionPerStep: boolean;
}

/** A recorded run of runMigrations cut into its parts, with tsdb's own transaction statements dropped. */
export interface RecordedRun {
  /** Before the first transaction statement: PRAGMA foreign_keys = OFF. */
  readonly outside: ReadonlyArray<string>;
  /** After BEGIN, before the first step: the version table. */
  readonly setup: ReadonlyArray<string>;
  /** Each step's statements: its ops and its version-table rows. */
  readonly steps: ReadonlyArray<ReadonlyArray<string>>;
  /** After the final COMMIT: PRAGMA foreign_keys = ON. */
  readonly epilogue: ReadonlyArray<string>;
}

/** Cuts `recorded` at `stepStarts` (the recorded count when each step began) and at the first and last transaction statements. */
export function splitRecordedRun(recorded: ReadonlyArray<RecordedSql>, stepStarts: ReadonlyArray<number>): RecordedRun {
  const firstControl = recorded.findIndex((r) => r.control);
  const lastControl = recorded.findLastIndex((r) => r.control);
  const sqlOf = (from: number, to: number) =>
    recorded
      .slice(from, to)
      .filter((r) => !r.control)
      .map((r) => r.sql);
  const bodyEnd = lastControl < 0 ? recorded.length : lastControl;
  const setupEnd = stepStarts[0] ?? bodyEnd;
  return {
    outside: sqlOf(0, firstControl < 0 ? 0 : firstControl),
    setup: sqlOf(Math.max(firstControl, 0), setupEnd),
    steps: stepStarts.map((start, i) => sqlOf(start, stepStarts[i + 1] ?? bodyEnd)),
    epilogue: sqlOf(bodyEnd, recorded.length),
  };
}
