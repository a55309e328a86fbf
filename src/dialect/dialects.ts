/** Which dialect speaks to a database URL: an explicit map, each dialect loaded on first use. */
import type { DatabaseTarget } from '../config/database-url';
import type { DialectName } from './connection';
import type { Dialect } from './dialect';

/** Each engine's dialect, loaded on first use (PostgreSQL's driver is never loaded for a SQLite URL). */
const DIALECTS: { readonly [N in DialectName]: (target: DatabaseTarget) => Dialect } = {
  sqlite: () => (require('./sqlite/sqlite-dialect') as typeof import('./sqlite/sqlite-dialect')).sqliteDialect,
  postgresql: (target) => (require('./postgres/postgres-dialect') as typeof import('./postgres/postgres-dialect')).postgresDialect(target),
};

/** The dialect of the database a URL names. */
export function dialectFor(target: DatabaseTarget): Dialect {
  return DIALECTS[target.dialect](target);
}
