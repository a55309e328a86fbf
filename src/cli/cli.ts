/** The command line: commander wiring, output and exit codes. `run` never exits the process. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TsdbError } from '../errors';
import { makeColors, type Colors } from './color';
import { registerCommands } from './commands';
import { packageVersion } from '../package-root';
import { enableSourceMaps } from '../script/load-module';
import { rowProgressLine } from './progress';
import type { CliIo, CliRuntime } from './runtime';

export type { CliIo, CliRuntime } from './runtime';
import type { RowProgress } from '../dialect/dialect';

function describeError(error: unknown, verbose: boolean, c: Colors): string {
  if (error instanceof TsdbError) {
    let text = `${c.red('error:')} ${error.message}`;
    if (verbose) {
      for (let cause = error.cause; cause !== undefined; cause = (cause as { cause?: unknown }).cause) {
        text += `\n  caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`;
      }
    }
    return text;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${c.red('internal error')} (a bug in tsdb; please report it with this output):\n${stack}`;
}

/** Commander puts its suggestion on a second line; tsdb's errors are one line: `error: unknown command 'upgrad'; did you mean 'upgrade'?`. */
function oneLineUsageError(text: string, c: Colors): string {
  const joined = text.trimEnd().replace(/\s*\n\s*\(Did you mean (.+?)\?\)/, (_all, name: string) => `; did you mean '${name}'?`);
  return `${joined.replace(/\s*\n\s*/g, ' ').replace(/^error:/, c.red('error:'))}\n`;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidArgumentError('give a number of seconds, e.g. --lock-timeout 60');
  }
  return seconds;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== ''; // https://no-color.org
  const colorWanted = io.isTTY && !noColor && !argv.includes('--no-color');
  const c = makeColors(colorWanted);
  const program = new Command('tsdb');
  const globals = () =>
    program.opts<{
      config?: string;
      directory?: string;
      url?: string;
      quiet?: boolean;
      lockTimeout?: number;
      verbose?: boolean;
      json?: boolean;
    }>();
  // known before parsing, so even a usage error is reported as JSON
  const json = argv.includes('--json');
  const document: JsonDocument = { command: null, fields: {}, warnings: [] };
  program
    .description('Database migrations for TypeScript: declare tables, generate scripts, upgrade, downgrade.')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <path>', 'config file (default: tsdb.config.{ts,js,mjs,cjs,json} in the current folder)')
    .option('-d, --directory <dir>', 'the script directory (overrides `migrations` in the config)')
    .option('--url <url>', 'database URL (overrides `url` in the config)')
    .option('-q, --quiet', 'print only results and errors')
    .option('--no-color', 'no colour (also off when not a terminal, or when NO_COLOR is set)')
    .addOption(
      new Option('--lock-timeout <seconds>', "how long to wait for another runner's write lock").default(30).argParser(parseSeconds),
    )
    .option('--verbose', 'print the cause chain of errors')
    .option('--json', 'print one JSON document on stdout (results, warnings, or the error), nothing else there')
    .addHelpText(
      'after',
      [
        '',
        'Everyday workflow:',
        '  tsdb init                       # once: config and migrations/',
        '  tsdb migrate -m "add user.bio"  # write a script from the models',
        '  tsdb upgrade                    # apply it',
        '  tsdb downgrade -1               # take the last one back',
        '  tsdb check                      # CI: exit 1 when models and database differ',
        '',
        'Every command has its own help and examples: tsdb <command> --help',
      ].join('\n'),
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(oneLineUsageError(text, c)) });
  let drawRows: RowProgress | undefined;
  const runtime: CliRuntime = {
    io,
    color: c,
    quiet: () => globals().quiet === true,
    progress: () => io.stderrIsTTY === true && globals().quiet !== true && !json,
    context: () => {
      const g = globals();
      return {
        cwd: io.cwd,
        configPath: g.config,
        directory: g.directory,
        url: g.url,
        lockTimeoutMs: (g.lockTimeout ?? 30) * 1000,
        // nobody watching, no listener: a rebuild then copies its rows in one statement
        rowProgress: runtime.progress() ? (drawRows ??= rowProgressLine(io.stderr)) : undefined,
        exitOnSignal:
          io.exit === undefined
            ? undefined
            : (line: string, code: number) => {
                io.stderr(line.replace(/^error:/, c.red('error:')));
                io.exit?.(code);
              },
      };
    },
    out: (line) => {
      if (!json) io.stdout(`${line}\n`);
    },
    info: (line) => {
      if (globals().quiet !== true) io.stderr(`${line}\n`);
    },
    warn: (message) => {
      document.warnings.push(message);
      io.stderr(`${c.yellow('warning:')} ${message}\n`);
    },
    json,
    emit: (fields) => {
      Object.assign(document.fields, fields);
    },
  };
  program.hook('preAction', (_program, action) => {
    document.command = action.name();
    if (globals().verbose === true) enableSourceMaps();
  });
  registerCommands(program, runtime);
  const printJson = (error: { code: string; message: string } | null): void => {
    if (!json) return;
    const { command, fields, warnings } = document;
    io.stdout(`${JSON.stringify({ ok: error === null, command, ...fields, warnings, ...(error === null ? {} : { error }) }, null, 2)}\n`);
  };
  try {
    await program.parseAsync([...argv], { from: 'user' });
    printJson(null);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      if (!ok)
        printJson({
          code: 'USAGE',
          message: oneLineUsageError(error.message, makeColors(false))
            .trim()
            .replace(/^error: /, ''),
        });
      return ok ? 0 : 2;
    }
    io.stderr(`${describeError(error, globals().verbose === true, c)}\n`);
    const known = error instanceof TsdbError;
    printJson({ code: known ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
    return known ? 1 : 70;
  }
}

/** What --json prints: the command, its result fields and the warnings met on the way. */
interface JsonDocument {
  command: string | null;
  readonly fields: Record<string, unknown>;
  readonly warnings: string[];
}
