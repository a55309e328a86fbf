/**
 * Which language and module system new scripts are written in, and how tsdb tells them apart:
 * TypeScript (`.ts`), an ES module (`import`/`export`) or CommonJS (`require`/`exports`) in JavaScript.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `ts`: TypeScript; `esm`: JavaScript ES module; `cjs`: JavaScript CommonJS. */
export type ScriptFormat = 'ts' | 'esm' | 'cjs';

/** Every format, for validation and messages. */
export const SCRIPT_FORMATS: ReadonlyArray<ScriptFormat> = ['ts', 'esm', 'cjs'];

/** The template file a format is made from, in the script directory and in tsdb's templates/. */
export const TEMPLATE_NAMES: { readonly [F in ScriptFormat]: string } = {
  ts: 'script.ts.tmpl',
  esm: 'script.mjs.tmpl',
  cjs: 'script.cjs.tmpl',
};

/** True for a format whose scripts are JavaScript. */
export function isJavaScript(format: ScriptFormat): boolean {
  return format !== 'ts';
}

interface PackageJson {
  readonly dir: string;
  readonly json: Record<string, unknown>;
}

/** The nearest package.json at or above `dir` (what Node reads to decide how a .js file is loaded), or null. */
export function nearestPackageJson(dir: string): PackageJson | null {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const file = path.join(current, 'package.json');
    try {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      return { dir: current, json: typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {} };
    } catch (error) {
      // Node itself fails on a broken package.json when it loads the script; here it only counts as "no type".
      if ((error as { code?: unknown }).code !== 'ENOENT' && (error as { code?: unknown }).code !== 'ENOTDIR')
        return { dir: current, json: {} };
    }
    if (path.dirname(current) === current) return null;
  }
}

/** Whether Node loads a `.js` file in `dir` as an ES module (the nearest package.json says "type": "module"). */
export function isModulePackage(dir: string): boolean {
  return nearestPackageJson(dir)?.json['type'] === 'module';
}

/** The extension of a new script: `.ts`, or `.js` when the package's own module system matches, else `.mjs`/`.cjs`. */
export function scriptExtension(format: ScriptFormat, versionsDir: string): string {
  if (format === 'ts') return '.ts';
  const module = isModulePackage(versionsDir);
  if (format === 'esm') return module ? '.js' : '.mjs';
  return module ? '.cjs' : '.js';
}

/** The format of the one template in the script directory; null when it has none or several. */
export function templateFormat(migrationsDir: string): ScriptFormat | null {
  const present = SCRIPT_FORMATS.filter((f) => fs.existsSync(path.join(migrationsDir, TEMPLATE_NAMES[f])));
  return present.length === 1 ? (present[0] ?? null) : null;
}

/** The format a config file's own extension implies, or null for JSON (which says nothing about the language). */
export function configFileFormat(configPath: string): ScriptFormat | null {
  const ext = path.extname(configPath);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'ts';
  if (ext === '.mjs') return 'esm';
  if (ext === '.cjs') return 'cjs';
  if (ext === '.js') return isModulePackage(path.dirname(configPath)) ? 'esm' : 'cjs';
  return null;
}

const SOURCE_FOLDERS = ['.', 'src', 'lib'];
const TS_SOURCE = /^(?!.*\.d\.[cm]?ts$).+\.[cm]?tsx?$/;
const JS_SOURCE = /^(?!tsdb\.config\.)[^.].*\.[cm]?jsx?$/;

function sourceFiles(dirs: ReadonlyArray<string>): string[] {
  const names: string[] = [];
  for (const dir of new Set(dirs.flatMap((d) => SOURCE_FOLDERS.map((sub) => path.join(d, sub))))) {
    try {
      names.push(...fs.readdirSync(dir));
    } catch {
      // a folder that is not there holds no sources
    }
  }
  return names;
}

function listsTypeScript(json: Record<string, unknown>): boolean {
  return ['dependencies', 'devDependencies', 'peerDependencies'].some((key) => {
    const deps = json[key];
    return typeof deps === 'object' && deps !== null && 'typescript' in deps;
  });
}

/**
 * The format of a project without a tsdb config (what `tsdb init` writes) or with a JSON one.
 * JavaScript only on evidence: a package.json, no TypeScript (no tsconfig.json, no `typescript`
 * dependency, no .ts file) and JavaScript files at the top or in src/ or lib/. Anything else is
 * TypeScript, so `npm init -y && npx tsdb init` still writes tsdb.config.ts.
 */
export function detectProjectFormat(dir: string): ScriptFormat {
  const pkg = nearestPackageJson(dir);
  if (pkg === null) return 'ts';
  const roots = [dir, pkg.dir];
  if (roots.some((root) => fs.existsSync(path.join(root, 'tsconfig.json'))) || listsTypeScript(pkg.json)) return 'ts';
  const names = sourceFiles(roots);
  if (names.some((name) => TS_SOURCE.test(name)) || !names.some((name) => JS_SOURCE.test(name))) return 'ts';
  return pkg.json['type'] === 'module' ? 'esm' : 'cjs';
}

/** Where to look when the config does not name a format. */
export interface FormatSources {
  readonly migrationsDir: string;
  readonly configPath: string | null;
  readonly rootDir: string;
}

/**
 * The format of new scripts when the config does not set `scriptFormat`: the script directory's one
 * template (what `tsdb init` chose), else the config file's extension, else the project (detectProjectFormat).
 */
export function detectScriptFormat(sources: FormatSources): ScriptFormat {
  return (
    templateFormat(sources.migrationsDir) ??
    (sources.configPath === null ? null : configFileFormat(sources.configPath)) ??
    detectProjectFormat(sources.rootDir)
  );
}
