import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { text } from '../../src/index';
import { applyOnce } from '../helpers/migrate';
import { snapshot, tempDatabase } from '../helpers/sqlite';

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
beforeEach(() => {
  t = tempDatabase();
  db = t.db;
  db.exec(`CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, bio TEXT);
    INSERT INTO note (body, bio) VALUES ('a', 'x'), ('b', 'y');
    CREATE TABLE log (msg TEXT);
    CREATE TRIGGER tr_note AFTER INSERT ON note BEGIN INSERT INTO log (msg) VALUES (new.bio); END;`);
});
afterEach(() => t.cleanup());

describe('scripts that misbehave', () => {
  it('an op the script forgot to await still fails the revision, and nothing of it stays', async () => {
    const before = snapshot(db);
    await expect(
      applyOnce(db, async (op) => {
        void op.addColumn('missing_table', text('x'));
        await op.addColumn('note', text('extra'));
      }),
    ).rejects.toThrow(/addColumn\('missing_table', 'x'\): table 'missing_table' does not exist; it was rolled back/);
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('an op.knex query the script did not await fails the revision instead of running after it', async () => {
    const before = snapshot(db);
    await expect(
      applyOnce(db, (op) => {
        void op
          .knex('note')
          .insert({ body: 'late' })
          .then(() => undefined);
      }),
    ).rejects.toThrow(/op\.knex query was still running; await every op\.knex call/);
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('refuses COMMIT and friends in op.execute', async () => {
    const before = snapshot(db);
    for (const sql of ['COMMIT', 'insert into log values (1);\n-- done\n  rollback', 'SAVEPOINT x', 'END TRANSACTION']) {
      await expect(applyOnce(db, (op) => op.execute(sql))).rejects.toThrow(/is not allowed in a migration/);
    }
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('reports a trigger that rolls back the whole transaction as a failure (exit 1), saying where the database stands', async () => {
    db.exec("CREATE TRIGGER tr_guard BEFORE DELETE ON note BEGIN SELECT RAISE(ROLLBACK, 'notes are forever'); END;");
    await expect(applyOnce(db, (op) => op.execute('DELETE FROM note'))).rejects.toThrow(
      /notes are forever .*could not roll it back: the version table says base \(empty\)/,
    );
    expect(db.inTransaction).toBe(false);
    expect((db.prepare('SELECT count(*) AS n FROM note').get() as { n: number }).n).toBe(2);
  });
});

describe('dropColumn and the objects that use the column', () => {
  it('lets SQLite refuse a plain DROP COLUMN that would break a trigger', async () => {
    const before = snapshot(db);
    await expect(applyOnce(db, (op) => op.dropColumn('note', 'bio'))).rejects.toThrow(/dropColumn on 'note' failed: .*no such column/);
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('refuses a rebuild that would leave a trigger or view using a removed column', async () => {
    db.exec('CREATE INDEX ix_note_bio ON note (bio); CREATE VIEW v_bio AS SELECT bio FROM note;');
    const before = snapshot(db);
    await expect(applyOnce(db, (op) => op.dropColumn('note', 'bio'))).rejects.toThrow(
      /table 'note': trigger tr_note, view v_bio use a column this change removes; drop or rewrite them first/,
    );
    expect(snapshot(db)).toStrictEqual(before);
  });
});
