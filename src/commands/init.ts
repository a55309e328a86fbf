/** tsdb init: writes the config (when there is none) and the script directory, in the project's language. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TsdbError } from '../errors';
import { packageRoot } from '../package-root';
import { findConfigFile, loadConfigFile } from '../runtime/config';
import { hasPrettier } from '../runtime/post-write';
import { configFileFormat, detectProjectFormat, SCRIPT_FORMATS, TEMPLATE_NAMES, type ScriptFormat } from '../script/script-format';
import type { CommandContext } from './context';
import { configFileName, configText } from './init-config';

/** What init wrote. */
export interface InitResult {
  readonly configWritten: string | null;
  readonly directory: string;
  readonly files: ReadonlyArray<string>;
  /** The language and module system of the template it wrote. */
  readonly format: ScriptFormat;
}

/** Options of init. */
export interface InitOptions {
  readonly directory?: string;
  /** Overrides the detection (README: "Script format"). */
  readonly format?: string;
}

/** The format asked for, else the existing config's (its scriptFormat, file type, or its project's); TypeScript when there is no config. */
async function chooseFormat(ctx: CommandContext, requested: string | undefined, configPath: string | null): Promise<ScriptFormat> {
  if (requested !== undefined) {
    if (SCRIPT_FORMATS.includes(requested as ScriptFormat)) return requested as ScriptFormat;
    throw new TsdbError('BAD_FORMAT', `--format ${requested} is not a script format; use one of ${SCRIPT_FORMATS.join(', ')}`);
  }
  const configured = configPath === null ? undefined : (await loadConfigFile(configPath)).scriptFormat;
  // with no config, init writes tsdb.config.ts and script.ts.tmpl (the fixed contract); --format esm|cjs asks for JavaScript
  if (configPath === null) return 'ts';
  return configured ?? configFileFormat(configPath) ?? detectProjectFormat(path.dirname(configPath));
}

/** Creates the script directory; refuses a non-empty one and then changes nothing. */
export async function init(ctx: CommandContext, options: InitOptions): Promise<InitResult> {
  const relative = options.directory ?? ctx.directory ?? 'migrations';
  const directory = path.resolve(ctx.cwd, relative);
  if (fs.existsSync(directory) && !fs.statSync(directory).isDirectory()) {
    throw new TsdbError('NOT_A_DIRECTORY', `${relative} exists and is a file, not a directory; choose another script directory with -d DIR`);
  }
  if (fs.existsSync(directory) && fs.readdirSync(directory).length > 0) {
    throw new TsdbError('DIRECTORY_NOT_EMPTY', `directory ${relative} already exists and is not empty; choose another with -d DIR`);
  }
  const configPath = findConfigFile({ cwd: ctx.cwd, configPath: ctx.configPath });
  const format = await chooseFormat(ctx, options.format, configPath);
  const existed = fs.existsSync(directory);
  let files: string[];
  let configWritten: string | null = null;
  try {
    fs.mkdirSync(path.join(directory, 'versions'), { recursive: true });
    files = ['README', TEMPLATE_NAMES[format]].map((name) => {
      const target = path.join(directory, name);
      fs.copyFileSync(path.join(packageRoot(), 'templates', name), target);
      return target;
    });
    if (configPath === null) {
      const file = path.join(ctx.cwd, configFileName(format, ctx.cwd));
      fs.writeFileSync(file, configText(format, path.relative(ctx.cwd, directory).split(path.sep).join('/'), hasPrettier(ctx.cwd)), { flag: 'wx' });
      configWritten = file;
    }
  } catch (error) {
    // all or nothing: a half-made folder would make the next `tsdb init` refuse
    if (existed) for (const name of fs.readdirSync(directory)) fs.rmSync(path.join(directory, name), { recursive: true, force: true });
    else fs.rmSync(directory, { recursive: true, force: true });
    throw new TsdbError('INIT_FAILED', `cannot create ${relative}: ${(error as Error).message}; check that the folder is writable and try again`, { cause: error });
  }
  return { configWritten, directory, files: [...files, path.join(directory, 'versions')], format };
}
