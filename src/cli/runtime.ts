/** What the CLI hands each command action: where to write, colours, the command context (a leaf: types only). */
import type { CommandContext } from '../commands/context';
import type { Colors } from './color';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY: boolean;
  /** Ends the process (the executable's); without it, signals are left to the host. */
  readonly exit?: (code: number) => never;
  /** stderr is a terminal: progress (revision counts, rows copied, time taken) is drawn there. */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** What a command action needs to print and report. */
export interface CliRuntime {
  readonly io: CliIo;
  readonly color: Colors;
  readonly context: () => CommandContext;
  readonly quiet: () => boolean;
  /** Progress is shown: stderr is a terminal, and neither --quiet nor --json was given. */
  readonly progress: () => boolean;
  readonly out: (line: string) => void;
  readonly info: (line: string) => void;
  /** A warning: one stderr line, and an entry of `warnings` in the --json document. */
  readonly warn: (message: string) => void;
  /** --json was given: results go into one document instead of text. */
  readonly json: boolean;
  /** With --json: the fields of the one document printed at the end (text output is then suppressed). */
  readonly emit: (fields: Readonly<Record<string, unknown>>) => void;
}
