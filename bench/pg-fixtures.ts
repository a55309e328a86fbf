/** Setup for the PostgreSQL benchmarks: the server's client tools run synchronously, revision plans, node-pg-migrate files. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PgServer } from '../test/helpers/pg-server';
import { BenchFailure } from './measure';
import { check } from './report';

/** The trivial statement of upgrade revision i (1-based), sent as written by tsdb, the floor and node-pg-migrate alike. */
export function trivialTableSql(i: number): string {
  return `CREATE TABLE t_${String(i).padStart(4, '0')} (id integer primary key)`;
}

/** Runs a PostgreSQL client tool (psql, createdb, dropdb) against the server as the superuser; its stdout. */
export function pgTool(server: PgServer, tool: string, args: ReadonlyArray<string>): string {
  const result = spawnSync(path.join(server.bin, tool), ['-h', server.host, '-p', String(server.port), '-U', 'postgres', ...args], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new BenchFailure(`${tool} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** One value from SQL run by psql on `database`. */
export function psqlValue(server: PgServer, database: string, sql: string): string {
  return pgTool(server, 'psql', ['-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql]).trim();
}

/** A timed command that creates `database` first (createdb inside the timed run), then execs node with `args`. */
export function withFreshDatabase(server: PgServer, database: string, args: ReadonlyArray<string>): ['/bin/sh', string[]] {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const createdb = [path.join(server.bin, 'createdb'), '-h', server.host, '-p', String(server.port), '-U', 'postgres', '-T', 'template0'];
  const script = `${[...createdb, database].map(quote).join(' ')} && exec ${[process.execPath, ...args].map(quote).join(' ')}`;
  return ['/bin/sh', ['-c', script]];
}

/** Drops `database` if it exists (untimed, before each run). */
export function dropDatabase(server: PgServer, database: string): void {
  pgTool(server, 'dropdb', ['--if-exists', '--force', database]);
}

/** Checks an upgraded database: `tables` tables t_NNNN and, when given, that single row in `versionTable`. */
export function verifyPgDatabase(server: PgServer, database: string, what: string, tables: number, version: string | null): void {
  const count = Number(
    psqlValue(server, database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'"),
  );
  check(count === tables, `${what}: ${count} tables t_NNNN in ${database}, expected ${tables}`);
  if (version !== null) {
    const got = psqlValue(server, database, "SELECT string_agg(version_num, ', ') FROM public.tsdb_version");
    check(got === version, `${what}: tsdb_version holds [${got}], expected [${version}]`);
  }
}

/** Writes `count` node-pg-migrate migrations (the same statements) into `dir/migrations`, run in file-name order. */
export function writeNodePgMigrations(dir: string, count: number): void {
  const folder = path.join(dir, 'migrations');
  fs.mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= count; i++) {
    fs.writeFileSync(
      path.join(folder, `${1_700_000_000_000 + i}_create_t_${i}.js`),
      [
        `exports.up = (pgm) => { pgm.sql(${JSON.stringify(trivialTableSql(i))}); };`,
        `exports.down = (pgm) => { pgm.sql('DROP TABLE t_${String(i).padStart(4, '0')}'); };`,
        '',
      ].join('\n'),
    );
  }
}
