/**
 * The migration lock on PostgreSQL: a session advisory lock keyed by database, schema and version table,
 * polled with pg_try_advisory_lock. A waiter never blocks inside the server, so it cannot deadlock a
 * CREATE INDEX CONCURRENTLY that the holder runs (a blocking pg_advisory_lock waiter does: postgres-practice §1b).
 */
import { DatabaseError } from '../../errors';
import type { PgConnection } from './connection';
import { lockKey } from './names';

function keyOf(conn: PgConnection, versionTable: string): bigint {
  return lockKey(`tsdb\0${conn.target.database}\0${conn.target.schema}\0${versionTable}`);
}

/** The sessions holding the lock, for the error: `pid 123 (app, idle in transaction)`. */
async function holders(conn: PgConnection, key: bigint): Promise<string> {
  const unsigned = BigInt.asUintN(64, key);
  const rows = await conn.query<{ pid: number; application_name: string; state: string | null }>(
    'SELECT a.pid, a.application_name, a.state FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid ' +
      "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid AND l.objid = ?::oid AND l.objsubid = 1",
    [String(unsigned >> 32n), String(unsigned & 0xffffffffn)],
  );
  return rows.map((r) => `pid ${r.pid} (${r.application_name || 'no application_name'}, ${r.state ?? 'unknown state'})`).join(', ');
}

/** Takes the lock, polling with growing, jittered pauses for up to `timeoutMs`; then fails with a line containing `locked`. */
export async function acquireAdvisoryLock(conn: PgConnection, timeoutMs: number, versionTable: string): Promise<void> {
  const key = keyOf(conn, versionTable);
  const deadline = Date.now() + timeoutMs;
  let pause = 10;
  for (;;) {
    const [row] = await conn.query<{ ok: boolean }>('SELECT pg_catalog.pg_try_advisory_lock(?::bigint) AS ok', [key.toString()]);
    if (row?.ok === true) return;
    if (Date.now() >= deadline) {
      const who = await holders(conn, key);
      throw new DatabaseError(
        'LOCKED',
        `database is locked: another tsdb runner holds the migration lock of ${conn.display} (schema ${conn.target.schema}, ` +
          `${versionTable})${who === '' ? '' : ` — ${who}`}; retry later or raise --lock-timeout`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause * (0.5 + Math.random()), Math.max(0, deadline - Date.now()))));
    pause = Math.min(pause * 2, 250);
  }
}

/** Releases the lock; a closed session has released it already. */
export async function releaseAdvisoryLock(conn: PgConnection, versionTable: string): Promise<void> {
  await conn.query('SELECT pg_catalog.pg_advisory_unlock(?::bigint)', [keyOf(conn, versionTable).toString()]).catch(() => undefined);
}
