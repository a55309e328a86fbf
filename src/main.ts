/** The bundled CLI's entry: the public API (so `import … from 'tsdb'` in users' files gets this copy) plus main(). */
import { run } from './cli';
import { setDynamicImport, setOwnEntry } from './script/load-module';

export * from './index';

/** Runs the CLI on process.argv and sets the exit code; `entry` is this bundle's file, `importer` the executable's import(). */
export function main(entry: string, importer: (url: string) => Promise<unknown>): void {
  setOwnEntry(entry);
  setDynamicImport(importer);
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
