/**
 * The `postWrite` config hook, like Alembic's post_write_hooks: run on every script tsdb writes.
 * `'prettier'` formats the file with the project's own Prettier; any other string is a command run
 * without a shell; a function is called with the path.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import type { PostWriteHook } from './config';

/** A hook checked against the project (Prettier found, command parsed) before any script is written. */
export interface PreparedHook {
  /** How messages name the hook: `prettier`, the command's program, or `function`. */
  readonly name: string;
  run(file: string): Promise<void>;
}

/** Prettier's API as tsdb uses it (v2's `format` returns a string, v3's a promise). */
interface PrettierApi {
  format(source: string, options: Record<string, unknown>): string | Promise<string>;
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
  getFileInfo?(file: string, options: { ignorePath: string }): Promise<{ ignored: boolean }>;
}

/** Splits a command line into arguments as a POSIX shell would (whitespace, '…', "…", \ escapes), but expands nothing. */
export function splitCommand(command: string): string[] {
  const args: string[] = [];
  let current: string | null = null;
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] ?? '';
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && /["\\$`]/.test(command[i + 1] ?? '')) current += command[++i] ?? '';
      else current += ch;
    } else if (/\s/.test(ch)) {
      if (current !== null) args.push(current);
      current = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= '';
    } else {
      current = (current ?? '') + (ch === '\\' && i + 1 < command.length ? (command[++i] ?? '') : ch);
    }
  }
  if (quote !== null) throw new ConfigError(`postWrite: the command ${command} has an unclosed ${quote}; close the quote`);
  if (current !== null) args.push(current);
  return args;
}

function prettierHook(rootDir: string): PreparedHook {
  const requireFromProject = createRequire(path.join(rootDir, 'package.json'));
  let resolved: string;
  try {
    resolved = requireFromProject.resolve('prettier');
  } catch (error) {
    throw new ConfigError(
      `postWrite is 'prettier', but prettier is not installed in ${rootDir}; run \`npm install --save-dev prettier\`, or remove postWrite from the config`,
      { cause: error },
    );
  }
  return {
    name: 'prettier',
    async run(file) {
      const prettier = requireFromProject(resolved) as PrettierApi;
      if (typeof prettier.format !== 'function' || typeof prettier.resolveConfig !== 'function') {
        throw new Error(`${resolved} does not export format() and resolveConfig()`);
      }
      const info = await prettier.getFileInfo?.(file, { ignorePath: path.join(rootDir, '.prettierignore') });
      if (info?.ignored === true) return;
      const source = fs.readFileSync(file, 'utf8');
      const formatted = await prettier.format(source, { ...(await prettier.resolveConfig(file)), filepath: file });
      if (formatted !== source) fs.writeFileSync(file, formatted);
    },
  };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

function commandHook(command: string, rootDir: string): PreparedHook {
  const [program, ...args] = splitCommand(command);
  if (program === undefined) throw new ConfigError(`postWrite: the command is empty; write e.g. 'npx eslint --fix {file}'`);
  // Like npm scripts: the project's own tools (node_modules/.bin) come first.
  const env = { ...process.env, PATH: [path.join(rootDir, 'node_modules', '.bin'), process.env['PATH'] ?? ''].join(path.delimiter) };
  return {
    name: program,
    run(file) {
      const argv = args.some((arg) => arg.includes('{file}')) ? args.map((arg) => arg.split('{file}').join(file)) : [...args, file];
      return new Promise((resolve, reject) => {
        execFile(program, argv, { cwd: rootDir, env, timeout: 120_000 }, (error, stdout, stderr) => {
          if (error === null) return resolve();
          const code = (error as { code?: unknown }).code;
          const why =
            code === 'ENOENT'
              ? 'command not found'
              : typeof code === 'number'
                ? `exited with code ${code}`
                : error.killed
                  ? 'timed out'
                  : error.message;
          const output = firstLine(stderr) || firstLine(stdout);
          reject(new Error(`${program} ${why}${output === '' ? '' : `: ${output}`}`));
        });
      });
    },
  };
}

/** Checks the hook against the project; a hook that cannot run at all is a config error, raised before anything is written. */
export function preparePostWrite(hook: PostWriteHook, rootDir: string): PreparedHook {
  if (typeof hook === 'function')
    return {
      name: 'function',
      run: async (file) => {
        await hook(file);
      },
    };
  if (hook.trim() === 'prettier') return prettierHook(rootDir);
  return commandHook(hook, rootDir);
}

/** True when the project at `dir` can load Prettier (what `tsdb init` checks before writing `postWrite: 'prettier'`). */
export function hasPrettier(dir: string): boolean {
  try {
    createRequire(path.join(dir, 'package.json')).resolve('prettier');
    return true;
  } catch {
    return false;
  }
}
