/**
 * Compiles CommonJS code with V8's code cache kept on disk (what Node 22's module.enableCompileCache
 * does, for Node 20): the bundled CLI and transpiled scripts skip most of their compile on a warm start.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { moduleStatics, type NodeModule } from './module-internals';

/** The parts of a CommonJS module object this needs. */
export type CompilableModule = Pick<NodeModule, 'exports' | 'require'>;

/** The `require` a module's code receives, as Node builds it. */
export function makeRequire(module: CompilableModule): NodeJS.Require {
  const internals = moduleStatics;
  const req = ((id: string) => module.require(id)) as NodeJS.Require;
  req.resolve = ((request: string, options?: unknown) =>
    internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  req.main = require.main;
  req.cache = internals._cache as NodeJS.Require['cache'];
  req.extensions = internals._extensions as unknown as NodeJS.Require['extensions'];
  return req;
}

/** Keeps the code cache of one compiled file, written once after it has run (so lazily compiled functions are in it). */
const pending: Array<{ script: vm.Script; file: string }> = [];
let flushScheduled = false;

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  process.once('exit', () => {
    for (const { script, file } of pending) {
      try {
        fs.writeFileSync(file, script.createCachedData());
      } catch {
        // a missing code cache only costs speed
      }
    }
  });
}

/** Compiles and runs `source` with a code cache in `cacheFile` (null: none), written at exit when missing or rejected; returns its value. */
export function runCached(source: string, filename: string, cacheFile: string | null): unknown {
  let cachedData: Buffer | undefined;
  if (cacheFile !== null) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // No import() in code compiled here: Node 20 cannot resolve it from cached code (callers route such code elsewhere).
  const script = new vm.Script(source, { filename, cachedData });
  if (cacheFile !== null && (cachedData === undefined || script.cachedDataRejected === true)) {
    pending.push({ script, file: cacheFile });
    scheduleFlush();
  }
  return script.runInThisContext({ displayErrors: true });
}

/** The function Node wraps a CommonJS module's code in. */
export type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;

/** Runs `wrapper` as the body of `module`. */
export function runWrapper(wrapper: ModuleWrapper, module: CompilableModule, filename: string): void {
  wrapper.call(module.exports, module.exports, makeRequire(module), module, filename, path.dirname(filename));
}

/** Runs `code` as the body of `module` (like Module.prototype._compile) with a code cache in `cacheFile` (null: none). */
export function compileModule(module: CompilableModule, code: string, filename: string, cacheFile: string | null): void {
  runWrapper(runCached(Module.wrap(code), filename, cacheFile) as ModuleWrapper, module, filename);
}
