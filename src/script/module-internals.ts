/** The parts of Node's CommonJS loader that tsdb uses, typed once: its TypeScript hooks and direct module loading. */
import Module from 'node:module';

/** A CommonJS module object. */
export interface NodeModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
  require(id: string): unknown;
  _compile(code: string, filename: string): void;
}

/** `Module` with its internal statics. */
export interface ModuleStatics {
  new (id: string, parent?: unknown): NodeModule;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: Record<string, (module: NodeModule, filename: string) => void>;
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, NodeModule | undefined>;
}

/** Node's Module constructor, with its internals visible to the type checker. */
export const moduleStatics = Module as unknown as ModuleStatics;

/** A module object for `file`, registered in the require cache so later `require(file)` finds it. */
export function registerModule(file: string, dir: string, parent: unknown): NodeModule {
  const module = new moduleStatics(file, parent);
  module.filename = file;
  module.paths = moduleStatics._nodeModulePaths(dir);
  moduleStatics._cache[file] = module;
  return module;
}
