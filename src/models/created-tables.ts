/** Tables `table()` creates while models modules load, so loading can name those a module does not export. */
import type { AsyncLocalStorage } from 'node:async_hooks';

/** One `table()` call: its declaration object, and an Error whose stack says where the call was (formatted only when read). */
export interface CreatedTable {
  readonly declaration: { readonly name: string };
  readonly site: Error;
}

type Collector = AsyncLocalStorage<CreatedTable[]>;

// On globalThis: a models module loaded as an ES module imports its own copy of tsdb, whose table() must report here too.
const SLOT = Symbol.for('tsdb.createdTables');

function collector(): Collector | undefined {
  return (globalThis as { [SLOT]?: Collector })[SLOT];
}

/** Called by `table()`: records the declaration while models are being collected (a no-op otherwise). */
export function noteCreatedTable(declaration: { readonly name: string }): void {
  collector()
    ?.getStore()
    ?.push({ declaration, site: new Error(`table('${declaration.name}') called here`) });
}

/** Runs `load` and returns its value with every `table()` call made while it ran (concurrent loads each see their own). */
export async function collectCreatedTables<T>(load: () => Promise<T>): Promise<{ value: T; created: CreatedTable[] }> {
  const global = globalThis as { [SLOT]?: Collector };
  global[SLOT] ??= new (require('node:async_hooks') as typeof import('node:async_hooks')).AsyncLocalStorage<CreatedTable[]>();
  const created: CreatedTable[] = [];
  const value = await global[SLOT].run(created, load);
  return { value, created };
}
