/**
 * The PostgreSQL connection saves round trips: begin() sends its BEGIN with the next statement, runAll sends
 * several writes as one query with the values written in. Both must mean exactly what the long form means:
 * the values stored as bound, a failure leaving the transaction open (so the runner rolls it back), and
 * op.knex never running before the held BEGIN.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl, type PostgresTarget } from '../../../src/config/database-url';
import { connectPostgres, type PgConnection } from '../../../src/dialect/postgres/connection';
import { bundleFits } from '../../../src/dialect/postgres/pg-driver';
import { usePostgres } from '../../helpers/postgres';

const pg = usePostgres();
let conn: PgConnection | undefined;

afterEach(async () => {
  await conn?.close();
  conn = undefined;
});

async function open(setup: string): Promise<PgConnection> {
  await pg().server.query(pg().database, setup);
  conn = await connectPostgres(parseDatabaseUrl(pg().url, process.cwd()) as PostgresTarget);
  return conn;
}

async function rows(sql: string): Promise<unknown[]> {
  return pg().server.query(pg().database, sql);
}

describe('PostgreSQL connection: fewer round trips, same meaning', { timeout: 30_000 }, () => {
  it('runAll stores quotes, backslashes, NULL and numbers as bound values would, and commits with them', async () => {
    const c = await open('CREATE TABLE t (s text, n double precision)');
    await c.begin();
    const odd = "it's a \\path\\ with ? and $1";
    await c.runAll([
      { sql: 'INSERT INTO t (s, n) VALUES (?, ?)', params: [odd, 1.25] },
      { sql: 'INSERT INTO t (s, n) VALUES (?, ?)', params: [null, -3] },
      { sql: 'COMMIT', params: [] },
    ]);
    expect(c.inTransaction).toBe(false);
    expect(await rows('SELECT s, n FROM t ORDER BY n')).toEqual([
      { s: null, n: -3 },
      { s: odd, n: 1.25 },
    ]);
  });

  it('a failing write in runAll stops the rest: nothing after it runs and the transaction stays open to roll back', async () => {
    const c = await open('CREATE TABLE t (id integer PRIMARY KEY)');
    await c.begin();
    await expect(
      c.runAll([
        { sql: 'INSERT INTO t (id) VALUES (?)', params: [1] },
        { sql: 'INSERT INTO t (id) VALUES (?)', params: [1] },
        { sql: 'COMMIT', params: [] },
      ]),
    ).rejects.toThrow(/duplicate key/);
    expect(c.inTransaction).toBe(true);
    await c.exec('ROLLBACK');
    expect(await rows('SELECT id FROM t')).toEqual([]);
  });

  it('a statement that fails right after a held BEGIN leaves the transaction open, as if BEGIN had gone alone', async () => {
    const c = await open('CREATE TABLE t (id integer)');
    for (let round = 0; round < 20; round++) {
      await c.exec('INSERT INTO t VALUES (1)'); // committed: the count below counts only what rollbacks kept
      await c.begin();
      expect(c.inTransaction).toBe(true);
      await expect(c.exec('ALTER TABLE no_such_table ADD COLUMN x integer')).rejects.toThrow(/no_such_table/);
      expect(c.inTransaction).toBe(true);
      await c.exec('ROLLBACK');
      expect(c.inTransaction).toBe(false);
    }
    expect(await rows('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 20 }]);
  });

  it('a syntax error right after a held BEGIN (the server runs none of the text) still leaves a transaction to roll back', async () => {
    const c = await open('CREATE TABLE t (id integer)');
    await c.begin();
    await expect(c.exec('SELEC 1')).rejects.toThrow(/syntax error/);
    expect(c.inTransaction).toBe(true);
    await c.exec('ROLLBACK');
    expect(c.inTransaction).toBe(false);
    await c.begin();
    await c.exec('INSERT INTO t VALUES (1)');
    await c.exec('COMMIT');
    expect(await rows('SELECT id FROM t')).toEqual([{ id: 1 }]);
  });

  it('the bundled pg is used only for the pg version it was built from', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-pg-version-'));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'pg', version: '8.23.1' }));
    const entry = path.join(dir, 'lib', 'index.js');
    expect(bundleFits('// pg 8.23.1\n"use strict";', entry)).toBe(true);
    expect(bundleFits('// pg 8.20.0\n"use strict";', entry)).toBe(false);
    expect(bundleFits('"use strict";', entry)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a held BEGIN goes first when the next statement has bound values, and sendHeld sends it for op.knex', async () => {
    const c = await open('CREATE TABLE t (id integer)');
    await c.begin();
    await c.run('INSERT INTO t VALUES (?)', [7]);
    await c.exec('ROLLBACK');
    expect(await rows('SELECT id FROM t')).toEqual([]);

    await c.begin();
    await c.sendHeld();
    await c.client.query('INSERT INTO t VALUES (8)'); // as op.knex does, on the raw client
    await c.exec('ROLLBACK');
    expect(await rows('SELECT id FROM t')).toEqual([]);
  });
});
