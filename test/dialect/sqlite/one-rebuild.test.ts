/**
 * One rebuild per table per revision: consecutive changes of one table copy its rows once, with the
 * same result, checks and error messages as the same changes run one revision each.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { integer, text, varchar } from '../../../src/index';
import type { Operations } from '../../../src/operations/operations';
import { RecordingDb } from '../../../src/dialect/sqlite/recording-db';
import { applyOnce, migrate } from '../../helpers/migrate';
import { snapshot, tempDatabase } from '../../helpers/sqlite';

const SCHEMA = `
  CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE followers (follower_id INTEGER REFERENCES user (id), followed_id INTEGER, since TEXT, score TEXT, note TEXT);
  CREATE INDEX ix_followers_note ON followers (note);
  CREATE TABLE audit (msg TEXT);
  CREATE TRIGGER tr_followers AFTER INSERT ON followers BEGIN INSERT INTO audit VALUES ('followed ' || NEW.followed_id); END;
  INSERT INTO user (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c');
  INSERT INTO followers VALUES (1, 2, '2024-01-01', '012', 'x'), (2, 3, NULL, '7', NULL), (3, 1, '2024-03-01', NULL, 'y');`;

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
beforeEach(() => {
  t = tempDatabase();
  db = t.db;
  db.exec(SCHEMA);
});
afterEach(() => t.cleanup());

type Step = (op: Operations) => Promise<void>;

/** Runs the steps in ONE revision through a recorder; returns how many times each table was copied. */
async function inOneRevision(target: Database.Database, steps: ReadonlyArray<Step>): Promise<Record<string, number>> {
  const recorder = new RecordingDb(target);
  await migrate(recorder.db, [
    {
      id: 'one',
      upgrade: async (op: Operations) => {
        for (const step of steps) await step(op);
      },
    },
  ]);
  const copies: Record<string, number> = {};
  for (const { sql } of recorder.recorded) {
    const name = /^CREATE TABLE "_tsdb_new_(\w+)"/.exec(sql)?.[1];
    if (name !== undefined) copies[name] = (copies[name] ?? 0) + 1;
  }
  return copies;
}

/** Runs each step as its own revision (nothing can be batched) on a fresh copy of the schema; returns that database's snapshot. */
async function oneRevisionEach(steps: ReadonlyArray<Step>): Promise<ReturnType<typeof snapshot>> {
  const other = new Database(':memory:');
  try {
    other.exec(SCHEMA);
    await migrate(
      other,
      steps.map((step, i) => ({ id: `s${i}`, upgrade: step })),
    );
    other.exec('DELETE FROM tsdb_version');
    return snapshot(other);
  } finally {
    other.close();
  }
}

function withoutVersions(): ReturnType<typeof snapshot> {
  db.exec('DELETE FROM tsdb_version');
  return snapshot(db);
}

const FIVE_CHANGES: Step[] = [
  (op) => op.alterColumn('followers', 'score', { type: integer() }),
  (op) => op.alterColumn('followers', 'follower_id', { nullable: false }),
  (op) => op.addColumn('followers', text('origin').default('web')),
  (op) => op.dropColumn('followers', 'note'),
  (op) => op.createIndex('ix_followers_pair', 'followers', ['follower_id', 'followed_id'], { unique: true }),
];

describe('consecutive changes of one table: one copy', () => {
  it('five changes (type, NOT NULL, add, drop an indexed column, index) copy the table once, and end as five revisions would', async () => {
    expect(await inOneRevision(db, FIVE_CHANGES)).toStrictEqual({ followers: 1 });
    expect(withoutVersions()).toStrictEqual(await oneRevisionEach(FIVE_CHANGES));
    expect(db.prepare('SELECT score, typeof(score) AS kind, origin FROM followers ORDER BY rowid').all()).toStrictEqual([
      { score: 12, kind: 'integer', origin: 'web' },
      { score: 7, kind: 'integer', origin: 'web' },
      { score: null, kind: 'null', origin: 'web' },
    ]);
    db.exec('INSERT INTO followers (follower_id, followed_id) VALUES (3, 9)');
    expect(db.prepare('SELECT msg FROM audit WHERE rowid = (SELECT max(rowid) FROM audit)').pluck().get()).toBe('followed 9');
  });

  it('converts a value as the changes in between would: TEXT → INTEGER → TEXT turns 012 into 12', async () => {
    const steps: Step[] = [
      (op) => op.alterColumn('followers', 'score', { type: 'INTEGER' }),
      (op) => op.alterColumn('followers', 'score', { type: 'TEXT', nullable: false, default: '0' }).catch(() => undefined),
      (op) => op.alterColumn('followers', 'since', { type: varchar(20) }),
    ];
    db.exec("UPDATE followers SET score = '5' WHERE score IS NULL");
    const expected = await (async () => {
      const other = new Database(':memory:');
      other.exec(SCHEMA);
      other.exec("UPDATE followers SET score = '5' WHERE score IS NULL");
      await migrate(
        other,
        steps.map((step, i) => ({ id: `s${i}`, upgrade: step })),
      );
      other.exec('DELETE FROM tsdb_version');
      const shot = snapshot(other);
      other.close();
      return shot;
    })();
    expect(await inOneRevision(db, steps)).toStrictEqual({ followers: 1 });
    expect(withoutVersions()).toStrictEqual(expected);
    expect(db.prepare('SELECT score FROM followers ORDER BY rowid').pluck().all()).toStrictEqual(['12', '7', '5']);
  });

  it('keeps the default a column was added with for the rows there, when a later change in the batch alters the default', async () => {
    const steps: Step[] = [
      (op) => op.alterColumn('followers', 'since', { nullable: true, type: 'DATE' }),
      (op) => op.addColumn('followers', integer('level').default(1)),
      (op) => op.alterColumn('followers', 'level', { default: 5 }),
    ];
    expect(await inOneRevision(db, steps)).toStrictEqual({ followers: 1 });
    expect(withoutVersions()).toStrictEqual(await oneRevisionEach(steps));
    expect(db.prepare('SELECT DISTINCT level FROM followers').pluck().all()).toStrictEqual([1]);
  });
});

describe('plain changes taken into a pending rebuild', () => {
  it('keeps the foreign key of a column added in place', async () => {
    const steps: Step[] = [
      (op) => op.alterColumn('followers', 'since', { type: 'DATE' }),
      (op) => op.addColumn('followers', integer('invited_by').references('user.id')),
    ];
    expect(await inOneRevision(db, steps)).toStrictEqual({ followers: 1 });
    expect(
      db.prepare('SELECT "from", "table", "to" FROM pragma_foreign_key_list(\'followers\') ORDER BY "from"').raw().all(),
    ).toStrictEqual([
      ['follower_id', 'user', 'id'],
      ['invited_by', 'user', 'id'],
    ]);
  });
});

describe('what ends a batch', () => {
  it('op.execute: add column → backfill → set NOT NULL stays correct', async () => {
    const steps: Step[] = [
      (op) => op.alterColumn('followers', 'score', { type: 'INTEGER' }),
      (op) => op.addColumn('followers', integer('rank')),
      (op) => op.execute('UPDATE followers SET rank = follower_id * 10'),
      (op) => op.alterColumn('followers', 'rank', { nullable: false }),
    ];
    expect(await inOneRevision(db, steps)).toStrictEqual({ followers: 2 });
    expect(db.prepare('SELECT rank FROM followers ORDER BY rowid').pluck().all()).toStrictEqual([10, 20, 30]);
  });

  it('op.knex: a query sees every op called before it', async () => {
    await applyOnce(db, async (op) => {
      await op.alterColumn('followers', 'score', { type: 'INTEGER' });
      await op.addColumn('followers', integer('rank'));
      await op.knex('followers').update({ rank: 1 });
      await op.alterColumn('followers', 'rank', { nullable: false });
    });
    expect(db.prepare('SELECT DISTINCT rank FROM followers').pluck().all()).toStrictEqual([1]);
  });

  it('an op on another table, and a rename, end it; the batch runs before them', async () => {
    const steps: Step[] = [
      (op) => op.alterColumn('followers', 'score', { type: 'INTEGER' }),
      (op) => op.alterColumn('user', 'name', { type: varchar(40) }),
      (op) => op.alterColumn('followers', 'since', { type: 'DATE' }),
      (op) => op.alterColumn('followers', 'note', { newName: 'remark' }),
      (op) => op.alterColumn('followers', 'remark', { type: varchar(10) }),
    ];
    expect(await inOneRevision(db, steps)).toStrictEqual({ followers: 3, user: 1 });
    expect(withoutVersions()).toStrictEqual(await oneRevisionEach(steps));
  });
});

describe('checks and failures in a batch', () => {
  it('evaluates each check against the table as it stands before its op, and names that op', async () => {
    const before = snapshot(db);
    await expect(
      applyOnce(db, async (op) => {
        await op.alterColumn('followers', 'score', { type: 'INTEGER' });
        await op.addColumn('followers', integer('level'));
        await op.alterColumn('followers', 'level', { nullable: false });
      }),
    ).rejects.toThrow(/alterColumn on 'followers': 3 rows of 'followers' have NULL in 'level' \(rowid 1, 2, 3\); give them a value first/);
    await expect(
      applyOnce(db, async (op) => {
        await op.addColumn('followers', text('code').default('x1'));
        await op.alterColumn('followers', 'score', { nullable: false, type: 'TEXT' });
        await op.alterColumn('followers', 'code', { type: 'INTEGER' });
      }),
    ).rejects.toThrow(/alterColumn on 'followers': 1 row of 'followers' has NULL in 'score' \(rowid 3\)/);
    await expect(
      applyOnce(db, async (op) => {
        await op.addColumn('followers', text('code').default('x1'));
        await op.alterColumn('followers', 'since', { type: 'DATE' });
        await op.alterColumn('followers', 'code', { type: 'INTEGER' });
      }),
    ).rejects.toThrow(
      /3 rows of 'followers' have values in 'code' that are not whole numbers, which INTEGER cannot hold \(rowid 1, 2, 3\)/,
    );
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('rejects an op that cannot be planned at once, and an op the script did not await still fails the revision', async () => {
    const before = snapshot(db);
    let caught: unknown = null;
    await expect(
      applyOnce(db, async (op) => {
        await op.alterColumn('followers', 'score', { type: 'INTEGER' });
        await op.dropColumn('followers', 'missing').catch((error: unknown) => {
          caught = error;
        });
        void op.alterColumn('followers', 'since', { nullable: false });
      }),
    ).rejects.toThrow(/dropColumn\('followers', 'missing'\): table 'followers' has no column 'missing'/);
    expect(String(caught)).toMatch(/has no column 'missing'/);
    await expect(
      applyOnce(db, async (op) => {
        await op.alterColumn('followers', 'score', { type: 'INTEGER' });
        void op.alterColumn('followers', 'since', { nullable: false });
      }),
    ).rejects.toThrow(/alterColumn on 'followers': 1 row of 'followers' has NULL in 'since' \(rowid 2\)/);
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('names every op of the batch when the one copy fails', async () => {
    db.exec('INSERT INTO followers (follower_id, followed_id) VALUES (1, 2)');
    await expect(
      applyOnce(db, async (op) => {
        await op.alterColumn('followers', 'score', { type: 'INTEGER' });
        await op.createIndex('ix_followers_pair', 'followers', ['follower_id', 'followed_id'], { unique: true });
      }),
    ).rejects.toThrow(/alterColumn \+ createIndex on 'followers' \(one rebuild\) failed: UNIQUE constraint failed/);
  });
});
