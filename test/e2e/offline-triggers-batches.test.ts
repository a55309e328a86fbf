/**
 * Through the built CLI, live and `--sql` (replayed with the sqlite3 shell): triggers created with
 * op.execute, and consecutive changes of one table copied once.
 */
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed } from '../helpers/cli-project';
import { contents, sqlite3Replay } from '../helpers/offline-sql';
import { lines, useSharedTempProject } from '../helpers/temp-project';
import { TRIGGER_SQL } from '../helpers/trigger-sql';

const exec = (sql: string) => `await op.execute(${JSON.stringify(sql)});`;

describe('triggers, live and offline', { timeout: 60_000 }, () => {
  const project = useSharedTempProject({}, (p) => {
    initProject(p);
    addRevision(p, 'tasks with triggers', {
      upgrade: [
        exec(TRIGGER_SQL.table),
        exec(TRIGGER_SQL.updatedAt),
        exec(TRIGGER_SQL.audit),
        exec(TRIGGER_SQL.multi),
        exec("INSERT INTO task (title) VALUES ('one'), ('two')"),
        exec("UPDATE task SET status = 'done' WHERE id = 2"),
      ].join('\n'),
      downgrade: exec('DROP TABLE tag; DROP TABLE audit; DROP TABLE task'),
    });
    addRevision(p, 'rebuild task', { imports: ['varchar'], upgrade: "await op.alterColumn('task', 'title', { type: varchar(100) });" });
  });

  it('upgrade creates the triggers (they fire in the script and after it)', () => {
    const p = project();
    mustSucceed(p, ['upgrade']);
    const db = p.sqlite('app.db');
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all()).toStrictEqual([
        'tr_tag_name',
        'tr_task_audit',
        'tr_task_updated',
      ]);
      expect(db.prepare('SELECT task_id, msg FROM audit').all()).toStrictEqual([{ task_id: 2, msg: 'finished' }]);
      expect(db.prepare('SELECT name FROM tag ORDER BY id').pluck().all()).toStrictEqual(['urgent', 'later; maybe']);
    } finally {
      db.close();
    }
  });

  it('upgrade --sql prints each trigger as one statement; the sqlite3 shell replays it to the live database', () => {
    const p = project();
    const result = mustSucceed(p, ['upgrade', '--sql']);
    expect(result.stdout).toContain(`${TRIGGER_SQL.updatedAt};\n`);
    expect(result.stdout).toContain(`${TRIGGER_SQL.audit};\n`);
    expect(result.stdout).toContain(";\nINSERT INTO tag (name) VALUES ('Urgent'), ('Later; maybe');\n");
    sqlite3Replay(p.path('offline.db'), result.stdout);
    expect(contents(p.path('offline.db'))).toStrictEqual(contents(p.path('app.db')));
  });

  it('refuses COMMIT after a trigger, live and offline, with one line', () => {
    const p = project();
    const bad = addRevision(p, 'bad', { upgrade: exec(`${TRIGGER_SQL.updatedAt.replace('tr_task_updated', 'tr_two')}; COMMIT`) });
    for (const args of [['upgrade'], ['upgrade', '--sql']]) {
      const result = p.run(args);
      expect(result.code).toBe(1);
      expect(lines(result.stderr).filter((line) => !line.startsWith('Running upgrade'))).toEqual([
        expect.stringMatching(new RegExp(`^error: upgrade ${bad.id} .*execute: 'COMMIT' is not allowed in a migration`)),
      ]);
    }
  });
});

describe('one rebuild per table per revision, live and offline', { timeout: 60_000 }, () => {
  const project = useSharedTempProject({}, (p) => {
    initProject(p);
    addRevision(p, 'followers', {
      upgrade: [
        exec('CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT)'),
        exec('CREATE TABLE followers (follower_id INTEGER REFERENCES user (id), followed_id INTEGER, since TEXT, note TEXT)'),
        exec("INSERT INTO user VALUES (1, 'a'), (2, 'b'); INSERT INTO followers VALUES (1, 2, '5', 'x'), (2, 1, '7', NULL)"),
      ].join('\n'),
    });
    addRevision(p, 'three changes', {
      imports: ['integer', 'text'],
      upgrade: [
        "await op.alterColumn('followers', 'since', { type: integer(), nullable: false });",
        "await op.addColumn('followers', text('via').default('web'));",
        "await op.createUniqueConstraint('uq_followers_pair', 'followers', ['follower_id', 'followed_id']);",
        "await op.dropColumn('followers', 'note');",
      ].join('\n'),
    });
  });

  it('copies the table once, in the printed SQL as in the live run, and both end the same', () => {
    const p = project();
    const sql = mustSucceed(p, ['upgrade', '--sql']).stdout;
    expect(sql.match(/CREATE TABLE "_tsdb_new_followers"/g)).toHaveLength(1);
    expect(sql.match(/INSERT INTO "_tsdb_new_followers"/g)).toHaveLength(1);
    mustSucceed(p, ['upgrade']);
    sqlite3Replay(p.path('offline.db'), sql);
    expect(contents(p.path('offline.db'))).toStrictEqual(contents(p.path('app.db')));
    expect(contents(p.path('app.db')).rows['followers']).toStrictEqual(["1, 2, 5, 'web'", "2, 1, 7, 'web'"]);
  });
});
