/** What compareSchemas is asked to compare (a leaf, shared by the compare modules). */
import type { Comparator } from './comparator';

/** What compareSchemas compares, and the renames the models declare. */
export interface CompareOptions {
  /** The engine's rules (the dialect's comparator). */
  readonly comparator: Comparator;
  readonly compareTypes: boolean;
  readonly compareServerDefaults: boolean;
  /** Declared renames from the models: table new name -> old name; per table, column new name -> old name. */
  readonly tableRenames?: ReadonlyMap<string, string>;
  readonly columnRenames?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}
