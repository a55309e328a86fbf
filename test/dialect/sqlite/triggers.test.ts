import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { text } from '../../../src/index';
import { applyOnce } from '../../helpers/migrate';
import { snapshot, tempDatabase } from '../../helpers/sqlite';
import { TRIGGER_SQL } from '../../helpers/trigger-sql';

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
beforeEach(() => {
  t = tempDatabase();
  db = t.db;
});
afterEach(() => t.cleanup());

const all = (sql: string) => db.prepare(sql).all();

describe('triggers through op.execute', () => {
  it('creates an updated_at trigger and an audit trigger with CASE … END, and they fire', async () => {
    await applyOnce(db, async (op) => {
      await op.execute(TRIGGER_SQL.table);
      await op.execute(TRIGGER_SQL.updatedAt);
      await op.execute(TRIGGER_SQL.audit);
      await op.execute("INSERT INTO task (title) VALUES ('write tests')");
    });
    expect(all("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).toStrictEqual([
      { name: 'tr_task_audit' },
      { name: 'tr_task_updated' },
    ]);
    db.exec("UPDATE task SET status = 'done' WHERE id = 1");
    expect(all('SELECT status, updated_at FROM task')).toStrictEqual([{ status: 'done', updated_at: 'stamped' }]);
    expect(all('SELECT task_id, msg FROM audit')).toStrictEqual([{ task_id: 1, msg: 'finished' }]);
  });

  it('runs a multi-statement string with a trigger in the middle, each statement in order', async () => {
    await applyOnce(db, (op) => op.execute(TRIGGER_SQL.multi));
    expect(all('SELECT id, name FROM tag ORDER BY id')).toStrictEqual([
      { id: 1, name: 'urgent' },
      { id: 2, name: 'later; maybe' },
    ]);
  });

  it('keeps the triggers through a later rebuild of the table', async () => {
    await applyOnce(
      db,
      async (op) => {
        await op.execute(TRIGGER_SQL.table);
        await op.execute(`${TRIGGER_SQL.updatedAt};\n${TRIGGER_SQL.audit};`);
      },
      'r1',
    );
    await applyOnce(db, (op) => op.alterColumn('task', 'title', { type: 'VARCHAR(200)' }), 'r2');
    db.exec("INSERT INTO task (title) VALUES ('x'); UPDATE task SET status = 'later' WHERE id = 1");
    expect(all('SELECT msg, updated_at FROM audit JOIN task ON task.id = audit.task_id')).toStrictEqual([
      { msg: 'moved; to later', updated_at: 'stamped' },
    ]);
  });

  it('still refuses transaction control, wherever it starts a statement, and changes nothing', async () => {
    db.exec(TRIGGER_SQL.table);
    const before = snapshot(db);
    for (const sql of [
      `${TRIGGER_SQL.updatedAt}; COMMIT`,
      'END',
      "INSERT INTO audit VALUES (1, 'x');\n/* then */ END TRANSACTION",
      `BEGIN; ${TRIGGER_SQL.updatedAt}; END`,
    ]) {
      await expect(applyOnce(db, (op) => op.execute(sql))).rejects.toThrow(/execute: '(COMMIT|END|BEGIN)' is not allowed in a migration/);
    }
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('names the statement of a multi-statement string that failed', async () => {
    db.exec(TRIGGER_SQL.table);
    await expect(
      applyOnce(db, async (op) => {
        await op.addColumn('task', text('note'));
        await op.execute(`${TRIGGER_SQL.updatedAt};\nUPDATE task SET missing = 1`);
      }),
    ).rejects.toThrow(/execute failed: no such column: missing \(SQL: UPDATE task SET missing = 1\)/);
  });
});
