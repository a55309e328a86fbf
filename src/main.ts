/** The bundled CLI's entry: the public API (so `import … from 'tsdb'` in users' files gets this copy) plus main(). */
import * as fs from 'node:fs';
import { run } from './cli/cli';
import { setDynamicImport, setOwnEntry } from './script/load-module';

export * from './index';

let stderrStream = false;

/** Progress lines go straight to fd 2 (a stream write costs ~40 µs, one per revision); the stream takes over if the pipe is full. */
function writeStderr(text: string): void {
  if (!stderrStream) {
    const bytes = Buffer.from(text);
    let offset = 0;
    try {
      while (offset < bytes.length) offset += fs.writeSync(2, bytes, offset);
      return;
    } catch {
      stderrStream = true;
      text = bytes.subarray(offset).toString();
    }
  }
  process.stderr.write(text);
}

/** Runs the CLI on process.argv and sets the exit code; `entry` is this bundle's file, `importer` the executable's import(). */
export function main(entry: string, importer: (url: string) => Promise<unknown>): void {
  setOwnEntry(entry);
  setDynamicImport(importer);
  run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: writeStderr,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    exit: (code) => process.exit(code),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`internal error (a bug in tsdb): ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
