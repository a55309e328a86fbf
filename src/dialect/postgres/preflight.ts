/**
 * Live data checks before an op's DDL on PostgreSQL: the rows a change would break are counted, and the
 * revision is refused with the count and a few keys before anything runs.
 */
import type { Op } from '../../operations/ops';
import type { PgConnection } from './connection';
import type { PlanContext } from './ddl';

/** Throws OperationError PREFLIGHT when `op` would break rows; may warn about what it keeps. */
export async function preflight(_conn: PgConnection, _op: Op, _ctx: PlanContext, _warn: (message: string) => void): Promise<void> {
  // filled in by the preflight rules (NULLs, duplicates, orphans, checks, keys, enum values, type conversions)
}
