#!/usr/bin/env node
/** The tsdb executable: the only place that calls process.exit. It also serves `import … from 'tsdb'`. */
import { run } from '../src/cli';
import { setOwnEntry } from '../src/script/load-module';

export * from '../src/index';

if (require.main === module) {
  setOwnEntry(__filename);
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
