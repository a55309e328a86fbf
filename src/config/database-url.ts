/** Parses database URLs: sqlite:///relative.db, sqlite:////absolute.db, sqlite://:memory:, postgresql://… */
import * as path from 'node:path';
import { ConfigError } from '../errors';

/** A parsed database location. */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly filename: string; readonly display: string }
  | { readonly dialect: 'postgresql'; readonly url: string; readonly display: string };

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

/** Parses `url`; relative SQLite paths are taken from `baseDir` (the config file's folder). */
export function parseDatabaseUrl(url: string, baseDir: string): DatabaseTarget {
  if (url === 'sqlite://:memory:' || url === 'sqlite:///:memory:') {
    return { dialect: 'sqlite', filename: ':memory:', display: 'sqlite://:memory:' };
  }
  if (url.startsWith('sqlite:///')) {
    const rest = url.slice('sqlite:///'.length).split('?')[0] ?? '';
    if (rest === '') throw new ConfigError(`database URL '${maskUrl(url)}' names no file; write sqlite:///path/to/file.db`);
    const filename = rest.startsWith('/') ? rest : path.resolve(baseDir, rest);
    return { dialect: 'sqlite', filename, display: maskUrl(url) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgresql', url, display: maskUrl(url) };
  throw new ConfigError(
    `database URL '${maskUrl(url)}' is not supported; use sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite://:memory: or postgresql://user:pass@host:port/db`,
  );
}
