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

function makeRequire(module: CompilableModule): NodeJS.Require {
  const internals = moduleStatics;
  const req = ((id: string) => module.require(id)) as NodeJS.Require;
  req.resolve = ((request: string, options?: unknown) => internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
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

/** Runs `code` as the body of `module` (like Module.prototype._compile) with a code cache in `cacheFile` (null: none). */
export function compileModule(module: CompilableModule, code: string, filename: string, cacheFile: string | null): void {
  let cachedData: Buffer | undefined;
  if (cacheFile !== null) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // No import() in code compiled here: Node 20 cannot resolve it from cached code (callers route such code elsewhere).
  const script = new vm.Script(Module.wrap(code), { filename, cachedData });
  if (cacheFile !== null && (cachedData === undefined || script.cachedDataRejected === true)) {
    pending.push({ script, file: cacheFile });
    scheduleFlush();
  }
  const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  fn.call(module.exports, module.exports, makeRequire(module), module, filename, path.dirname(filename));
}
