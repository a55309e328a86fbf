/** tsdb init: writes tsdb.config.ts (when there is none) and the script directory. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TsdbError } from '../errors';
import { packageRoot } from '../package-root';
import { findConfigFile } from '../runtime/config';
import { stringLiteral } from '../script/render-script';
import type { CommandContext } from './context';

/** What init wrote. */
export interface InitResult {
  readonly configWritten: string | null;
  readonly directory: string;
  readonly files: ReadonlyArray<string>;
}


function configText(directory: string): string {
  return `import { defineConfig } from 'tsdb';

export default defineConfig({
  url: process.env.DATABASE_URL ?? 'sqlite:///sqlite.db', // database URL
  models: ['common/models.ts'], // model modules or globs, relative to this file
  migrations: ${stringLiteral(directory)}, // the script directory
});
`;
}

/** Creates the script directory; refuses a non-empty one and then changes nothing. */
export async function init(ctx: CommandContext, options: { directory?: string }): Promise<InitResult> {
  const relative = options.directory ?? ctx.directory ?? 'migrations';
  const directory = path.resolve(ctx.cwd, relative);
  if (fs.existsSync(directory) && !fs.statSync(directory).isDirectory()) {
    throw new TsdbError('NOT_A_DIRECTORY', `${relative} exists and is a file, not a directory; choose another script directory with -d DIR`);
  }
  if (fs.existsSync(directory) && fs.readdirSync(directory).length > 0) {
    throw new TsdbError('DIRECTORY_NOT_EMPTY', `directory ${relative} already exists and is not empty; choose another with -d DIR`);
  }
  const configExists = findConfigFile({ cwd: ctx.cwd, configPath: ctx.configPath }) !== null;
  fs.mkdirSync(path.join(directory, 'versions'), { recursive: true });
  const files = ['README', 'script.ts.tmpl'].map((name) => {
    const target = path.join(directory, name);
    fs.copyFileSync(path.join(packageRoot(), 'templates', name), target);
    return target;
  });
  let configWritten: string | null = null;
  if (!configExists) {
    configWritten = path.join(ctx.cwd, 'tsdb.config.ts');
    fs.writeFileSync(configWritten, configText(path.relative(ctx.cwd, directory).split(path.sep).join('/')), { flag: 'wx' });
  }
  return { configWritten, directory, files: [...files, path.join(directory, 'versions')] };
}
