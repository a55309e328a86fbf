/** Parses database URLs: sqlite:///relative.db, sqlite:////absolute.db, sqlite://:memory:, postgresql://… */
import * as path from 'node:path';
import { ConfigError } from '../errors';

/** A PostgreSQL server and database, with what the URL, the config and the PG* variables say. */
export interface PostgresTarget {
  readonly dialect: 'postgresql';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  /** Where tables declared without a schema, and the version table, live (default `public`). */
  readonly schema: string;
  readonly sslmode: string | undefined;
  readonly applicationName: string;
  /** Seconds to wait for a connection. */
  readonly connectTimeout: number;
  /** The URL with the password masked. */
  readonly display: string;
}

/** A parsed database location. */
export type DatabaseTarget = { readonly dialect: 'sqlite'; readonly filename: string; readonly display: string } | PostgresTarget;

const PG_PARAMETERS = ['schema', 'sslmode', 'application_name', 'connect_timeout'];
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** Replaces the password of a URL with ***, for every message that shows a URL. */
export function maskUrl(url: string): string {
  const [base = '', ...query] = url.split('?');
  // the user info ends at the LAST @ before the path, as URL parsers (and node-postgres) read it
  const masked = base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)([^/]*)@/i, (_all, user: string) => `${user}***@`);
  if (query.length === 0) return masked;
  const params = query
    .join('?')
    .replace(/((?:^|&)(?:password|pass|pwd|sslpassword|sslkey|secret|token)=)[^&]*/gi, (_all, key: string) => `${key}***`);
  return `${masked}?${params}`;
}

/** Parses `url`; relative SQLite paths are taken from `baseDir` (the config file's folder); PostgreSQL fills gaps from PG* variables. */
export function parseDatabaseUrl(
  url: string,
  baseDir: string,
  defaults: { readonly schema?: string | undefined; readonly env?: Readonly<Record<string, string | undefined>> } = {},
): DatabaseTarget {
  if (url === 'sqlite://:memory:' || url === 'sqlite:///:memory:') {
    return { dialect: 'sqlite', filename: ':memory:', display: 'sqlite://:memory:' };
  }
  if (url.startsWith('sqlite:///')) {
    const rest = url.slice('sqlite:///'.length).split('?')[0] ?? '';
    if (rest === '') throw new ConfigError(`database URL '${maskUrl(url)}' names no file; write sqlite:///path/to/file.db`);
    const filename = rest.startsWith('/') ? rest : path.resolve(baseDir, rest);
    return { dialect: 'sqlite', filename, display: maskUrl(url) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return parsePostgresUrl(url, defaults.schema, defaults.env ?? process.env);
  throw new ConfigError(
    `database URL '${maskUrl(url)}' is not supported; use sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite://:memory: or postgresql://user:pass@host:port/db`,
  );
}

function badUrl(url: string, why: string): ConfigError {
  return new ConfigError(`database URL '${maskUrl(url)}': ${why}; the form is postgresql://user:password@host:port/dbname?schema=NAME`);
}

function parsePostgresUrl(
  url: string,
  configSchema: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(url, 'it cannot be read as a URL');
  }
  const params = parsed.searchParams;
  for (const key of params.keys()) {
    if (!PG_PARAMETERS.includes(key)) throw badUrl(url, `unknown parameter '${key}' (allowed: ${PG_PARAMETERS.join(', ')})`);
  }
  const text = (value: string) => decodeURIComponent(value);
  const portText = parsed.port || env['PGPORT'] || '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw badUrl(url, `port '${portText}' is not a port number`);
  const sslmode = params.get('sslmode') ?? undefined;
  if (sslmode !== undefined && !SSL_MODES.includes(sslmode))
    throw badUrl(url, `sslmode '${sslmode}' is not one of ${SSL_MODES.join(', ')}`);
  const timeoutText = params.get('connect_timeout') ?? '10';
  const connectTimeout = Number(timeoutText);
  if (!Number.isFinite(connectTimeout) || connectTimeout < 0)
    throw badUrl(url, `connect_timeout '${timeoutText}' is not a number of seconds`);
  const user = text(parsed.username) || env['PGUSER'] || env['USER'] || 'postgres';
  const database = text(parsed.pathname.replace(/^\//, '')) || env['PGDATABASE'] || user;
  const schema = params.get('schema') ?? configSchema ?? 'public';
  if (schema === '') throw badUrl(url, 'schema is empty');
  return {
    dialect: 'postgresql',
    host: text(parsed.hostname).replace(/^\[(.*)\]$/, '$1') || env['PGHOST'] || 'localhost',
    port,
    user,
    password: parsed.password === '' ? env['PGPASSWORD'] : text(parsed.password),
    database,
    schema,
    sslmode,
    applicationName: params.get('application_name') ?? 'tsdb',
    connectTimeout,
    display: maskUrl(url),
  };
}
