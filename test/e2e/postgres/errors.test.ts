/**
 * Connection and permission errors on PostgreSQL: connection refused, an unknown role, an unknown database,
 * permission denied and a server that never answers are each one line on stderr naming host, port and
 * database, never the password; exit 1, and nothing is changed.
 */
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRevision } from '../../helpers/cli-project';
import { initPgProject, pgTables } from '../../helpers/pg-project';
import { usePostgres } from '../../helpers/postgres';
import { lines, useTempProject, type TempProject } from '../../helpers/temp-project';

const pg = usePostgres();
const project = useTempProject();
const PASSWORD = 's3cret-pw';

/** A TCP server that accepts connections and never says a word. */
let silent: net.Server;
const sockets: net.Socket[] = [];
beforeAll(async () => {
  silent = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function projectAt(url: string): TempProject {
  const p = project();
  initPgProject(p, url);
  addRevision(p, 'table', { upgrade: "await op.execute('CREATE TABLE item (id integer PRIMARY KEY)');" });
  return p;
}

function expectOneLine(p: TempProject, where: { host: string; port: number; database: string }, pattern: RegExp): string {
  const result = p.run(['upgrade']);
  expect(result.code, result.stderr).toBe(1);
  const errors = lines(result.stderr).filter((line) => !line.startsWith('Running '));
  expect(errors, result.stderr).toHaveLength(1);
  const line = errors[0] ?? '';
  expect(line).toContain(`${where.host}:${where.port}`);
  expect(line).toContain(where.database);
  expect(line).toMatch(pattern);
  expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  return line;
}

describe('PostgreSQL connection errors', { timeout: 60_000 }, () => {
  it('connection refused', async () => {
    const port = await freePort();
    const p = projectAt(`postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${pg().database}`);
    expectOneLine(p, { host: '127.0.0.1', port, database: pg().database }, /connection refused/);
  });

  it('an unknown role: authentication failed', async () => {
    const { server, database } = pg();
    const p = projectAt(`postgresql://nobody:${PASSWORD}@${server.host}:${server.port}/${database}`);
    expectOneLine(p, { host: server.host, port: server.port, database }, /authentication failed for user 'nobody'/);
    expect(await pgTables(pg())).toEqual([]);
  });

  it('an unknown database', async () => {
    const { server } = pg();
    const p = projectAt(`postgresql://postgres:${PASSWORD}@${server.host}:${server.port}/no_such_db`);
    expectOneLine(p, { host: server.host, port: server.port, database: 'no_such_db' }, /database does not exist/);
  });

  it('permission denied: a role without CREATE on the schema', async () => {
    const { server, database } = pg();
    await server.query(
      database,
      `DO $$ BEGIN CREATE ROLE reader LOGIN PASSWORD '${PASSWORD}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    const p = projectAt(`postgresql://reader:${PASSWORD}@${server.host}:${server.port}/${database}`);
    expectOneLine(p, { host: server.host, port: server.port, database }, /permission denied/);
    expect(await pgTables(pg())).toEqual([]);
  });

  it('a server that never answers: connect timeout', async () => {
    const port = (silent.address() as net.AddressInfo).port;
    const p = projectAt(`postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${pg().database}?connect_timeout=1`);
    expectOneLine(p, { host: '127.0.0.1', port, database: pg().database }, /no answer within 1 s/);
  });
});
