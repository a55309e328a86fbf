/** tsdb init: writes the config (when there is none) and the script directory, in the project's language. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../display-path';
import { TsdbError } from '../errors';
import { packageRoot } from '../package-root';
import { findConfigFile, loadConfigFile, type TsdbConfig } from '../config/config';
import { hasPrettier } from '../config/post-write';
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
function chooseFormat(requested: string | undefined, place: ConfigPlace, existing: TsdbConfig | null): ScriptFormat {
  if (requested !== undefined) {
    if (SCRIPT_FORMATS.includes(requested as ScriptFormat)) return requested as ScriptFormat;
    throw new TsdbError('BAD_FORMAT', `--format ${requested} is not a script format; use one of ${SCRIPT_FORMATS.join(', ')}`);
  }
  // with no config, init writes tsdb.config.ts and script.ts.tmpl (the fixed contract); --format esm|cjs asks for JavaScript;
  // a config named with -c that init writes sets the language by its extension
  if (place.existing === null) return place.create === null ? 'ts' : (configFileFormat(place.create) ?? 'ts');
  return existing?.scriptFormat ?? configFileFormat(place.existing) ?? detectProjectFormat(path.dirname(place.existing));
}

/** Where init reads or writes the config: an existing file, or the path of the one to write. */
interface ConfigPlace {
  readonly existing: string | null;
  readonly create: string | null;
}

/** `-c PATH` names the config to use, or to write when nothing is there (as `alembic -c x.ini init` does); else the usual lookup. */
function configPlace(ctx: CommandContext, format: string | undefined): ConfigPlace {
  if (ctx.configPath !== undefined) {
    const file = path.resolve(ctx.cwd, ctx.configPath);
    if (fs.existsSync(file)) return { existing: findConfigFile({ cwd: ctx.cwd, configPath: ctx.configPath }), create: null };
    if (!fs.existsSync(path.dirname(file))) {
      throw new TsdbError(
        'NO_CONFIG_FOLDER',
        `cannot write the config ${ctx.configPath}: the folder ${path.dirname(ctx.configPath)} does not exist; create it first`,
      );
    }
    return { existing: null, create: file };
  }
  const existing = findConfigFile({ cwd: ctx.cwd });
  const fallback = SCRIPT_FORMATS.includes(format as ScriptFormat) ? (format as ScriptFormat) : 'ts';
  return { existing, create: existing === null ? path.join(ctx.cwd, configFileName(fallback, ctx.cwd)) : null };
}

/** The script directory: -d (from the working folder), else the config's `migrations` (from the config's folder), else `migrations` beside it. */
function scriptDirectory(ctx: CommandContext, requested: string | undefined, place: ConfigPlace, existing: TsdbConfig | null): string {
  if (requested !== undefined) return path.resolve(ctx.cwd, requested);
  const configFile = place.existing ?? place.create ?? path.join(ctx.cwd, 'tsdb.config.ts');
  return path.resolve(path.dirname(configFile), existing?.migrations ?? 'migrations');
}

/** Creates the script directory; refuses a non-empty one and then changes nothing. */
export async function init(ctx: CommandContext, options: InitOptions): Promise<InitResult> {
  const place = configPlace(ctx, options.format);
  const existing = place.existing === null ? null : await loadConfigFile(place.existing);
  const directory = scriptDirectory(ctx, options.directory ?? ctx.directory, place, existing);
  const relative = displayPath(directory, ctx.cwd);
  if (fs.existsSync(directory) && !fs.statSync(directory).isDirectory()) {
    throw new TsdbError(
      'NOT_A_DIRECTORY',
      `${relative} exists and is a file, not a directory; choose another script directory with -d DIR`,
    );
  }
  if (fs.existsSync(directory) && fs.readdirSync(directory).length > 0) {
    throw new TsdbError('DIRECTORY_NOT_EMPTY', `directory ${relative} already exists and is not empty; choose another with -d DIR`);
  }
  const format = chooseFormat(options.format, place, existing);
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
    if (place.create !== null) {
      const folder = path.dirname(place.create);
      const scripts = path.relative(folder, directory).split(path.sep).join('/') || '.';
      fs.writeFileSync(
        place.create,
        configText(configFileFormat(place.create) ?? format, scripts, hasPrettier(folder), isJson(place.create)),
        { flag: 'wx' },
      );
      configWritten = place.create;
    }
  } catch (error) {
    // all or nothing: a half-made folder would make the next `tsdb init` refuse
    if (existed) for (const name of fs.readdirSync(directory)) fs.rmSync(path.join(directory, name), { recursive: true, force: true });
    else fs.rmSync(directory, { recursive: true, force: true });
    throw new TsdbError(
      'INIT_FAILED',
      `cannot create ${relative}: ${(error as Error).message}; check that the folder is writable and try again`,
      { cause: error },
    );
  }
  return { configWritten, directory, files: [...files, path.join(directory, 'versions')], format };
}

function isJson(file: string): boolean {
  return path.extname(file) === '.json';
}
