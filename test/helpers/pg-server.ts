/**
 * A throwaway PostgreSQL server: `initdb` into a temp folder, `postgres` on loopback and a free port
 * with fsync off, fresh databases on demand (`CREATE DATABASE … TEMPLATE template0`). As root (CI) the
 * server runs as the `postgres` user, which the server requires. No server binaries is a failure that
 * says how to install them, never a skip. Free of vitest: the tests (postgres.ts), the bench and
 * `npm run demo:pg` all start their server here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** A running server. */
export interface PgServer {
  readonly host: string;
  readonly port: number;
  /** The server's folder (data directory and socket). */
  readonly dir: string;
  /** The bin folder holding psql, pg_dump, initdb, postgres. */
  readonly bin: string;
  /** `postgresql://postgres@127.0.0.1:PORT/DB`. */
  url(database: string): string;
  /** Runs SQL as the superuser on `database` and returns the rows. */
  query<R = Record<string, unknown>>(database: string, sql: string, params?: unknown[]): Promise<R[]>;
  /** A new, empty database; its name. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The PostgreSQL bin folder: $TSDB_PG_BIN, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBin(): string {
  const explicit = process.env['TSDB_PG_BIN'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL server binaries not found in /usr/lib/postgresql/<version>/bin: install them (apt-get install -y postgresql; .ci/run does) or set TSDB_PG_BIN',
    );
  }
  return path.join(base, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a server binary, as the postgres user when we are root. */
function asServerUser(command: string, args: ReadonlyArray<string>): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode} while starting:\n${log()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 20 s (${String(error)}):\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let counter = 0;

/** Starts a server in a new temp folder. */
export async function startPostgres(): Promise<PgServer> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-pg-'));
  const data = path.join(dir, 'data');
  if (isRoot) spawnSync('chown', ['postgres:postgres', dir]);
  const [initCmd, initArgs] = asServerUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr}${init.stdout}`);
  const port = await freePort();
  const host = '127.0.0.1';
  const settings = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=60'];
  const [cmd, args] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-c',
    `listen_addresses=${host}`,
    '-p',
    String(port),
    '-k',
    dir,
    ...settings,
  ]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = (database: string) => `postgresql://postgres@${host}:${port}/${database}`;
  // Signal the postmaster itself: runuser (as root) does not pass SIGINT on to it.
  const kill = () => {
    try {
      const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGINT'); // fast shutdown
    } catch {
      child.kill('SIGINT');
    }
  };
  process.once('exit', kill);
  await waitReady(url('postgres'), child, () => output);
  const query = async <R>(database: string, sql: string, params: unknown[] = []): Promise<R[]> => {
    const client = new Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as R[];
    } finally {
      await client.end();
    }
  };
  return {
    host,
    port,
    dir,
    bin,
    url,
    query,
    async createDatabase(prefix = 'tsdb_test') {
      counter += 1;
      const name = `${prefix}_${process.pid}_${counter}`;
      await query('postgres', `CREATE DATABASE "${name}" TEMPLATE template0`);
      return name;
    },
    async stop() {
      process.off('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        kill();
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
