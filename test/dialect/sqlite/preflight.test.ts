import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { varchar } from '../../../src/index';
import { applyOnce } from '../../helpers/migrate';
import { snapshot, tempDatabase } from '../../helpers/sqlite';

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
beforeEach(() => {
  t = tempDatabase();
  db = t.db;
  db.exec(`CREATE TABLE team (id INTEGER PRIMARY KEY);
    INSERT INTO team (id) VALUES (1);
    CREATE TABLE player (id INTEGER PRIMARY KEY, email VARCHAR(100), age INTEGER, team_id INTEGER);
    INSERT INTO player (email, age, team_id) VALUES ('a@x', 30, 1), ('a@x', -1, 9), ('a-very-long-address@x', 20, NULL), (NULL, 40, 1);`);
});
afterEach(() => t.cleanup());

describe('lossy-change preflight: the count, the table, sample keys, and nothing changed', () => {
  it.each([
    [
      'NOT NULL',
      (op: Parameters<Parameters<typeof applyOnce>[1]>[0]) => op.alterColumn('player', 'email', { nullable: false }),
      /1 row of 'player' has NULL in 'email' \(rowid 4\)/,
    ],
    [
      'UNIQUE',
      (op: Parameters<Parameters<typeof applyOnce>[1]>[0]) => op.createUniqueConstraint('uq_email', 'player', ['email']),
      /2 rows of 'player' have duplicate values in \(email\) \(rowid 1, 2\)/,
    ],
    [
      'CHECK',
      (op: Parameters<Parameters<typeof applyOnce>[1]>[0]) => op.createCheckConstraint('ck_age', 'player', 'age >= 0'),
      /1 row of 'player' has rows failing CHECK \(age >= 0\) \(rowid 2\)/,
    ],
    [
      'FOREIGN KEY',
      (op: Parameters<Parameters<typeof applyOnce>[1]>[0]) => op.createForeignKey('fk_team', 'player', 'team', ['team_id'], ['id']),
      /1 row of 'player' has values in \(team_id\) with no matching row in 'team' \(rowid 2\)/,
    ],
    [
      'narrower VARCHAR',
      (op: Parameters<Parameters<typeof applyOnce>[1]>[0]) => op.alterColumn('player', 'email', { type: varchar(10) }),
      /1 row of 'player' has values longer than 10 characters in 'email' \(rowid 3\)/,
    ],
    [
      'PRIMARY KEY',
      (op: Parameters<Parameters<typeof applyOnce>[1]>[0]) => op.alterPrimaryKey('player', ['email']),
      /3 rows of 'player' have NULL or duplicate keys in \(email\)/,
    ],
  ])('%s', async (_, change, message) => {
    const before = snapshot(db);
    await expect(applyOnce(db, change)).rejects.toThrow(message);
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('lets a change through when no row breaks it', async () => {
    db.exec('DELETE FROM player WHERE id IN (2, 3, 4)');
    await applyOnce(db, async (op) => {
      await op.alterColumn('player', 'email', { nullable: false, type: varchar(10) });
      await op.createUniqueConstraint('uq_email', 'player', ['email']);
    });
    expect(db.prepare('SELECT count(*) AS n FROM player').get()).toStrictEqual({ n: 1 });
  });
});
