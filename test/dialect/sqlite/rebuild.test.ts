import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { SqliteConnection } from '../../../src/dialect/sqlite/connection';
import { SqliteOpRunner } from '../../../src/dialect/sqlite/op-runner';
import { integer, varchar } from '../../../src/index';
import { applyOnce, migrate } from '../../helpers/migrate';
import { snapshot, tempDatabase } from '../../helpers/sqlite';

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
beforeEach(() => {
  t = tempDatabase();
  db = t.db;
  db.exec(`
    CREATE TABLE team (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(50) NOT NULL, size INTEGER CHECK (size >= 0));
    CREATE INDEX ix_team_name ON team (name);
    CREATE TABLE member (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE, name TEXT);
    CREATE TABLE audit (msg TEXT);
    CREATE TRIGGER tr_team_insert AFTER INSERT ON team BEGIN INSERT INTO audit (msg) VALUES ('team ' || NEW.name); END;
    CREATE VIEW team_sizes AS SELECT team.name, count(member.id) AS n FROM team LEFT JOIN member ON member.team_id = team.id GROUP BY team.id;
  `);
  const addTeam = db.prepare('INSERT INTO team (name, size) VALUES (?, ?)');
  const addMember = db.prepare('INSERT INTO member (team_id, name) VALUES (?, ?)');
  for (let i = 1; i <= 20; i++) {
    addTeam.run(`team${i}`, i);
    for (let j = 0; j < 5; j++) addMember.run(i, `m${i}-${j}`);
  }
  db.exec("DELETE FROM team WHERE name = 'team20'"); // cascades; leaves the AUTOINCREMENT sequence at 20
});
afterEach(() => t.cleanup());

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('rebuilding a parent table referenced with ON DELETE CASCADE', () => {
  it('keeps every child row, index, trigger, check, view and the AUTOINCREMENT sequence', async () => {
    const members = db.prepare('SELECT * FROM member ORDER BY id').all();
    expect(members).toHaveLength(95);
    await applyOnce(db, (op) => op.alterColumn('team', 'name', { type: varchar(200) }));
    expect(db.prepare('SELECT * FROM member ORDER BY id').all()).toStrictEqual(members);
    expect(count('team')).toBe(19);
    const sqlOf = (name: string) =>
      (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string } | undefined)?.sql;
    expect(sqlOf('team')).toContain('VARCHAR(200)');
    expect(sqlOf('team')).toContain('CHECK (size >= 0)');
    expect(sqlOf('ix_team_name')).toBe('CREATE INDEX "ix_team_name" ON "team" ("name")');
    expect(sqlOf('tr_team_insert')).toContain('AFTER INSERT ON team');
    expect(db.prepare('SELECT name FROM sqlite_master WHERE name LIKE ?').all('_tsdb_%')).toStrictEqual([]);
    // the trigger still fires, the view still reads, ids are not reused, and the cascade still works
    db.prepare('INSERT INTO team (name, size) VALUES (?, ?)').run('fresh', 1);
    expect((db.prepare("SELECT id FROM team WHERE name = 'fresh'").get() as { id: number }).id).toBe(21);
    expect(db.prepare("SELECT msg FROM audit WHERE msg = 'team fresh'").all()).toHaveLength(1);
    expect((db.prepare("SELECT n FROM team_sizes WHERE name = 'team1'").get() as { n: number }).n).toBe(5);
    db.exec('DELETE FROM team WHERE id = 1');
    expect(count('member')).toBe(90);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('catches what Knex and Drizzle Kit miss: a rebuild with foreign keys ON would cascade, so it is rolled back', async () => {
    db.pragma('foreign_keys = ON');
    db.exec('BEGIN');
    const context = { warn: () => undefined, progress: null, outsideTransaction: async () => undefined };
    const ops = new SqliteOpRunner(new SqliteConnection(db), context);
    void ops.submit({ kind: 'alterColumn', table: 'team', name: 'name', changes: { type: 'TEXT' }, existing: null });
    await expect(ops.finish()).rejects.toThrow(/row count of 'member' from 95 to 0; rolled back/);
    db.exec('ROLLBACK');
    expect(count('member')).toBe(95);
  });
});

describe('foreign keys while scripts run', () => {
  it('fails the revision when a delete leaves children behind (the cascade does not fire)', async () => {
    const before = snapshot(db);
    await expect(applyOnce(db, (op) => op.execute('DELETE FROM team WHERE id = 1'))).rejects.toThrow(
      /rows left without their parent \(5 in member -> team\)/,
    );
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('passes when the script deletes the children itself', async () => {
    await applyOnce(db, async (op) => {
      await op.execute('DELETE FROM member WHERE team_id = 1');
      await op.execute('DELETE FROM team WHERE id = 1');
    });
    expect(count('member')).toBe(90);
  });

  it('tolerates violations that were already there before the migration', async () => {
    db.pragma('foreign_keys = OFF');
    db.exec("INSERT INTO member (team_id, name) VALUES (999, 'orphan')");
    await applyOnce(db, (op) => op.addColumn('team', integer('rank')));
    expect(count('member')).toBe(96);
  });
});

describe('atomic revisions', () => {
  it('a script that throws after DDL and DML leaves schema and rows identical', async () => {
    const before = snapshot(db);
    await expect(
      applyOnce(db, async (op) => {
        await op.addColumn('team', integer('rank'));
        await op.alterColumn('team', 'name', { type: 'TEXT' });
        await op.execute("INSERT INTO team (name) VALUES ('x')");
        await op.createTable('extra', { id: integer().primaryKey() });
        throw new Error('boom');
      }),
    ).rejects.toThrow(/boom; it was rolled back and the database is at base/);
    expect(snapshot(db)).toStrictEqual(before);
  });

  it('keeps earlier revisions by default and rolls back the whole command without transactionPerMigration', async () => {
    const migrations = [
      { id: 'a1', upgrade: (op: import('../../../src/operations/operations').Operations) => op.addColumn('team', integer('rank')) },
      {
        id: 'a2',
        upgrade: () => {
          throw new Error('second fails');
        },
      },
    ];
    const before = snapshot(db);
    await expect(migrate(db, migrations, { transactionPerMigration: false })).rejects.toThrow(/database is at base/);
    expect(snapshot(db)).toStrictEqual(before);
    await expect(migrate(db, migrations)).rejects.toThrow(/second fails; it was rolled back and the database is at a1/);
    expect(db.prepare('SELECT version_num FROM tsdb_version').all()).toStrictEqual([{ version_num: 'a1' }]);
    await expect(migrate(db, migrations)).rejects.toThrow(/second fails; it was rolled back and the database is at a1/);
  });

  it('reports a thrown non-Error value', async () => {
    await expect(
      applyOnce(db, () => {
        throw 'just a string';
      }),
    ).rejects.toThrow(/a non-Error value was thrown: "just a string"/);
  });
});
