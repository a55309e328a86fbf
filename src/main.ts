/** The bundled CLI's entry: the public API (so `import … from 'tsdb'` in users' files gets this copy) plus main(). */
import { run } from './cli';
import { setOwnEntry } from './script/load-module';

export * from './index';

/** Runs the CLI on process.argv and sets the exit code; `entry` is this bundle's file. */
export function main(entry: string): void {
  setOwnEntry(entry);
  // `tsdb history | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  }, (error: unknown) => {
    process.stderr.write(`internal error (a bug in tsdb): ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  });
}
