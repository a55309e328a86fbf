/** An open database and the dialect that speaks to it: what the runtime and the commands work on. */
import type { Connection } from '../dialect/connection';
import type { Dialect } from '../dialect/dialect';

/** A connection with its dialect. */
export interface Database {
  readonly dialect: Dialect;
  readonly conn: Connection;
}
