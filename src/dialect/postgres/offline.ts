/**
 * Offline SQL on PostgreSQL: no server is reached. The migrations run into an offline connection that keeps
 * what they write; planning reads a catalog kept from the ops that ran before (offline-catalog.ts). The
 * dialect's methods that take a connection are routed here when they are given an offline one.
 */
import type { PostgresTarget } from '../../config/database-url';
import type { Connection } from '../connection';
import type { Dialect } from '../dialect';
import type { OfflineSupport, RecordingScratch } from '../offline';
import { quoteIdent, quoteString } from './names';
import { OfflinePgConnection, OfflineState } from './offline-connection';
import { offlineOpRunner } from './offline-runner';
import { renderPostgresScript } from './offline-script';

/** A fresh offline run: a plain side to replay up to FROM, a recording side for what is printed. */
function offlineScratch(server: PostgresTarget): RecordingScratch {
  const state = new OfflineState(server.schema);
  const options = { display: `${server.display} (offline: not connected)`, defaultSchema: server.schema };
  return {
    plain: new OfflinePgConnection(state, { ...options, recording: false }),
    recording: new OfflinePgConnection(state, { ...options, recording: true }),
    recorded: () => state.recorded,
    close: () => Promise.resolve(),
  };
}

/** Offline SQL for the database `server` names. */
export function postgresOffline(server: PostgresTarget): OfflineSupport {
  return {
    recordingScratch: () => Promise.resolve(offlineScratch(server)),
    render: renderPostgresScript,
    applyHint: `Apply with: psql -v ON_ERROR_STOP=1 -f FILE ${quoteString(server.database)}`,
  };
}

/** `dialect`, whose methods that take a connection answer for an offline one without a server. */
export function routeOffline(dialect: Dialect, server: PostgresTarget): Dialect {
  const offline = (conn: Connection): conn is OfflinePgConnection => conn instanceof OfflinePgConnection;
  return {
    ...dialect,
    tableExists: (conn, table) =>
      offline(conn) ? Promise.resolve(conn.state.createdTables.has(table.sql)) : dialect.tableExists(conn, table),
    tableNames: (conn) => (offline(conn) ? Promise.resolve([]) : dialect.tableNames(conn)),
    acquireLock: (conn, timeoutMs, versionTable) =>
      offline(conn) ? Promise.resolve() : dialect.acquireLock(conn, timeoutMs, versionTable),
    releaseLock: (conn, versionTable) => (offline(conn) ? Promise.resolve() : dialect.releaseLock(conn, versionTable)),
    // the script cannot look first: `public` is taken to exist, another schema is created if missing
    prepareBookkeeping: (conn) =>
      offline(conn)
        ? server.schema === 'public'
          ? Promise.resolve()
          : conn.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(server.schema)}`)
        : dialect.prepareBookkeeping(conn),
    opRunner: (conn, context) => (offline(conn) ? offlineOpRunner(conn, context) : dialect.opRunner(conn, context)),
  };
}
