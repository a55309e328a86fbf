/**
 * PostgreSQL through node-postgres behind the async Connection: `?` placeholders become `$1…`, the
 * transaction state is the server's own (ReadyForQuery), and a failed connect is one line naming the
 * host, port and database (never the password).
 */
import type { EventEmitter } from 'node:events';
import type { Client, QueryResult } from 'pg';
import type { PostgresTarget } from '../../config/database-url';
import { DatabaseError, TsdbError } from '../../errors';
import { runEach, type Connection, type PendingWrite, type RunResult } from '../connection';
import { inlinePgBindings, placeholderParts } from './literals';
import { pgDriver } from './pg-driver';

/** `?` → `$n` outside literals, identifiers and comments; `\?` is a literal `?` (jsonb's operator), as in Knex. */
export function toPositional(sql: string): string {
  const parts = placeholderParts(sql);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) out += `$${i}${parts[i] ?? ''}`;
  return out;
}

/** What the protocol connection emits when a query's turn is over, or the connection with it. */
const ENDS = ['readyForQuery', 'end', 'error'] as const;

/** An open node-postgres client. */
export class PgConnection implements Connection {
  readonly dialect = 'postgresql';
  readonly display: string;
  readonly client: Client;
  readonly target: PostgresTarget;
  /** begin() was called and its BEGIN not sent yet. */
  #beginHeld = false;

  constructor(client: Client, target: PostgresTarget) {
    this.client = client;
    this.target = target;
    this.display = target.display;
  }

  async query<R>(sql: string, params: ReadonlyArray<unknown> = []): Promise<R[]> {
    return (await this.#send(sql, params)).rows as R[];
  }

  async run(sql: string, params: ReadonlyArray<unknown> = []): Promise<RunResult> {
    return { changes: (await this.#send(sql, params)).rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.#send(sql, []);
  }

  /** One round trip: the values written in as literals, the statements sent as one simple query. */
  async runAll(writes: ReadonlyArray<PendingWrite>): Promise<void> {
    if (writes.length <= 1) return runEach(this, writes);
    const text = writes.map((write) => (write.params.length === 0 ? write.sql : inlinePgBindings(write.sql, write.params)));
    await this.#send(text.join(';\n'), []);
  }

  /** The BEGIN goes with the next statement: one round trip less per revision. */
  async begin(): Promise<void> {
    this.#beginHeld = true;
  }

  async sendHeld(): Promise<void> {
    if (this.#beginHeld) await this.#send('BEGIN', []);
  }

  /** Sends one statement (or, without parameters, several), with a held BEGIN in front; the last statement's result. */
  async #send(sql: string, params: ReadonlyArray<unknown>): Promise<QueryResult> {
    let text = params.length === 0 ? sql : toPositional(sql);
    let withBegin = false;
    if (this.#beginHeld) {
      this.#beginHeld = false;
      // bound parameters need the extended protocol, which takes one statement at a time
      if (params.length > 0) await this.client.query('BEGIN');
      else [text, withBegin] = [`BEGIN;\n${text}`, true];
    }
    try {
      const result = (await this.client.query(text, [...params])) as QueryResult | QueryResult[];
      return Array.isArray(result) ? (result[result.length - 1] as QueryResult) : result;
    } catch (error) {
      await this.#readyAgain();
      // A syntax error fails the whole text before any of it runs, BEGIN included: the transaction the caller
      // opened is still to come (and its ROLLBACK a no-op), as it would be had BEGIN gone alone.
      if (withBegin && this.client.getTransactionStatus() === 'I') this.#beginHeld = true;
      throw error;
    }
  }

  /**
   * A failed query rejects on the server's ErrorResponse, before its ReadyForQuery says whether a transaction
   * is still open (e.g. the BEGIN sent in front of a failing statement): wait for it, so inTransaction is true.
   */
  async #readyAgain(): Promise<void> {
    const client = this.client as unknown as { readyForQuery: boolean; _queryable: boolean; _ending: boolean; connection: EventEmitter };
    if (client.readyForQuery || !client._queryable || client._ending) return; // a dead connection sends nothing more
    await new Promise<void>((resolve) => {
      const done = () => {
        for (const event of ENDS) client.connection.off(event, done);
        resolve();
      };
      for (const event of ENDS) client.connection.once(event, done);
    });
  }

  get inTransaction(): boolean {
    if (this.#beginHeld) return true;
    const status = this.client.getTransactionStatus();
    return status === 'T' || status === 'E';
  }

  async close(): Promise<void> {
    this.#beginHeld = false;
    await this.client.end();
  }

  /** Closes the socket: the server rolls back the open transaction and drops the session's advisory lock. */
  abort(_keepFinished: boolean, _lastWrites: ReadonlyArray<PendingWrite>): void {
    const stream = (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
    stream?.destroy();
  }
}

function where(target: PostgresTarget): string {
  return `PostgreSQL at ${target.host}:${target.port}, database '${target.database}'`;
}

/** A failed connect, as one line that names where and what to do; the password never appears. */
export function describeConnectError(error: unknown, target: PostgresTarget): DatabaseError {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  const at = where(target);
  const masked = target.password === undefined || target.password === '' ? text : text.split(target.password).join('***');
  switch (code) {
    case 'ECONNREFUSED':
      return new DatabaseError(
        'CONNECTION_REFUSED',
        `cannot connect to ${at}: connection refused; is the server running and listening there?`,
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseError('HOST_NOT_FOUND', `cannot connect to ${at}: host '${target.host}' not found; check the URL`, {
        cause: error,
      });
    case '28P01':
    case '28000':
      return new DatabaseError(
        'AUTHENTICATION_FAILED',
        `cannot connect to ${at}: authentication failed for user '${target.user}'; check the password (in the URL or PGPASSWORD) and the server's pg_hba.conf`,
        { cause: error },
      );
    case '3D000':
      return new DatabaseError(
        'UNKNOWN_DATABASE',
        `cannot connect to ${at}: the database does not exist; create it (createdb ${target.database}) or fix the URL`,
        { cause: error },
      );
    case '42501':
      return new DatabaseError('PERMISSION_DENIED', `cannot connect to ${at}: permission denied for user '${target.user}' (${masked})`, {
        cause: error,
      });
    default:
      if (/timeout/i.test(text)) {
        return new DatabaseError(
          'CONNECT_TIMEOUT',
          `cannot connect to ${at}: no answer within ${target.connectTimeout} s; check the host and port, or raise connect_timeout in the URL`,
          { cause: error },
        );
      }
      return new DatabaseError('CANNOT_CONNECT', `cannot connect to ${at}: ${masked.split('\n')[0] ?? masked}`, { cause: error });
  }
}

/** SQLSTATE classes and codes of errors that are about the server or the role, not about tsdb's SQL. */
const SERVER_ERRORS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/^42501$/, 'PERMISSION_DENIED', 'grant the role what it needs (e.g. GRANT CREATE ON SCHEMA … TO …) or connect as a role that has it'],
  [/^08/, 'CONNECTION_LOST', 'check the server and the network, then run the command again'],
  [/^57P0[1-3]$/, 'SERVER_SHUTDOWN', 'the server is shutting down or restarting: run the command again once it is up'],
  [/^53/, 'INSUFFICIENT_RESOURCES', 'the server is out of disk, memory or connections: free some, then run the command again'],
  [/^57014$/, 'QUERY_CANCELED', 'a statement timeout or an administrator canceled it: run the command again'],
];

/** An error the server raised while tsdb worked (outside a revision, which says its own), as one line naming where. */
export function describeServerError(error: unknown, target: PostgresTarget): unknown {
  if (error instanceof TsdbError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const lost = /Connection terminated|ECONNRESET|EPIPE/.test(error.message) || code === 'ECONNRESET' || code === 'EPIPE';
  const sqlstate = lost ? '08006' : typeof code === 'string' ? code : '';
  const known = SERVER_ERRORS.find(([pattern]) => pattern.test(sqlstate));
  if (known === undefined) return error;
  const user = ` as user '${target.user}'`;
  const text = error.message.split('\n')[0] ?? error.message;
  return new DatabaseError(known[1], `${where(target)}${user}: ${text}; ${known[2]}`, { cause: error });
}

/** Opens a connection to the target (its own database, or `database` instead). */
export async function connectPostgres(target: PostgresTarget, database: string = target.database): Promise<PgConnection> {
  const client = new (pgDriver().Client)({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database,
    application_name: target.applicationName,
    connectionTimeoutMillis: target.connectTimeout * 1000,
    // a session whose client is gone (killed, interrupted) is ended within a second, even mid-statement: its
    // transaction rolls back and its advisory lock goes, instead of both outliving tsdb until the statement ends
    options: '-c client_connection_check_interval=1000',
    ...(target.sslmode === undefined || target.sslmode === 'disable' ? {} : { ssl: sslOptions(target.sslmode) }),
  });
  client.on('error', () => undefined); // a dropped connection surfaces on the next query
  const withDatabase = database === target.database ? target : { ...target, database };
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw describeConnectError(error, withDatabase);
  }
  return new PgConnection(client, withDatabase);
}

function sslOptions(mode: string): boolean | { rejectUnauthorized: boolean } {
  return mode === 'verify-ca' || mode === 'verify-full' ? { rejectUnauthorized: true } : { rejectUnauthorized: false };
}
