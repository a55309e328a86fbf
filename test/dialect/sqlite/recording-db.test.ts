import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderOfflineScript } from '../../../src/dialect/sqlite/offline-script';
import { integer, text, varchar } from '../../../src/index';
import { RecordingDb } from '../../../src/dialect/sqlite/recording-db';
import { splitRecordedRun } from '../../../src/dialect/offline';
import { runMigrations } from '../../../src/runtime/migration-context';
import { inlineMap, migrate, type InlineMigration } from '../../helpers/migrate';
import { asDatabase, snapshot } from '../../helpers/sqlite';

let raw: Database.Database;
let recorder: RecordingDb;
beforeEach(() => {
  raw = new Database(':memory:');
  recorder = new RecordingDb(raw);
});
afterEach(() => raw.close());

const sqlOf = () => recorder.recorded.map((r) => r.sql);

describe('RecordingDb', () => {
  it('records writes with their values written in, after they ran, and not reads', () => {
    const db = recorder.db;
    db.exec('CREATE TABLE t (a, b)');
    db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run("it's", Buffer.from('hi'));
    db.prepare('SELECT * FROM t WHERE a = ?').all('x');
    db.prepare('PRAGMA table_info(t)').all();
    db.pragma('foreign_key_check');
    db.pragma('foreign_keys = OFF');
    db.prepare('PRAGMA legacy_alter_table = ON').run();
    db.prepare('UPDATE t SET b = NULL RETURNING a').all();
    expect(raw.prepare('SELECT a, b FROM t').all()).toStrictEqual([{ a: "it's", b: null }]);
    expect(sqlOf()).toStrictEqual([
      'CREATE TABLE t (a, b)',
      "INSERT INTO t (a, b) VALUES ('it''s', X'6869')",
      'PRAGMA foreign_keys = OFF',
      'PRAGMA legacy_alter_table = ON',
      'UPDATE t SET b = NULL RETURNING a',
    ]);
  });

  it('marks transaction statements, keeps bound values of bind(), and chains on the recorder', () => {
    const db = recorder.db;
    db.exec('BEGIN IMMEDIATE');
    db.exec('CREATE TABLE t (a)');
    const insert = db.prepare('INSERT INTO t (a) VALUES (?)').bind(7);
    insert.run();
    expect(db.prepare('SELECT a FROM t').pluck().get()).toBe(7);
    db.exec('COMMIT');
    expect(db.inTransaction).toBe(false);
    expect(recorder.recorded).toStrictEqual([
      { sql: 'BEGIN IMMEDIATE', control: true },
      { sql: 'CREATE TABLE t (a)', control: false },
      { sql: 'INSERT INTO t (a) VALUES (7.0)', control: false },
      { sql: 'COMMIT', control: true },
    ]);
  });

  it('records nothing for a statement that failed', () => {
    expect(() => recorder.db.exec('CREATE TABLE')).toThrow();
    expect(() => recorder.db.prepare('INSERT INTO nowhere VALUES (?)')).toThrow();
    expect(recorder.recorded).toStrictEqual([]);
  });
});

describe('a recorded migration run, replayed from its text', () => {
  const migrations: InlineMigration[] = [
    {
      id: 'a1',
      upgrade: async (op) => {
        await op.createTable('team', { id: integer().primaryKey(), name: varchar(50).notNull() });
        await op.createIndex('ix_team_name', 'team', ['name']);
        await op.bulkInsert('team', [
          { id: 1, name: "O'Brien" },
          { id: 2, name: 'Ada' },
        ]);
      },
    },
    {
      id: 'b2',
      upgrade: async (op) => {
        await op.alterColumn('team', 'name', { type: varchar(200) }); // a rebuild
        await op.addColumn('team', text('motto'));
        await op.execute('UPDATE team SET motto = ? WHERE id = ?', ['a "b" \'c\'', 2]);
      },
    },
  ];

  it('gives the same schema, rows and version table as running the migrations', async () => {
    const stepStarts: number[] = [];
    const map = inlineMap(migrations);
    const result = await runMigrations({
      db: asDatabase(recorder.db),
      versionTable: 'tsdb_version',
      transactionPerMigration: true,
      plan: (current) => map.planUpgrade(current, 'heads'),
      loadScript: async (revision) => ({
        upgrade: migrations.find((m) => m.id === revision.id)?.upgrade ?? (() => undefined),
        downgrade: () => undefined,
      }),
      onStep: () => stepStarts.push(recorder.recorded.length),
    });
    const run = splitRecordedRun(recorder.recorded, stepStarts);
    expect(run.outside).toStrictEqual(['PRAGMA foreign_keys = OFF']);
    expect(run.epilogue).toStrictEqual(['PRAGMA foreign_keys = ON']);
    expect(run.steps[1]?.some((sql) => sql.startsWith('CREATE TABLE "_tsdb_new_team"'))).toBe(true);
    const text = renderOfflineScript({
      header: [],
      outside: run.outside,
      setup: run.setup,
      epilogue: run.epilogue,
      transactionPerStep: true,
      steps: result.steps.map((s, i) => ({ comment: s.revision.id, statements: run.steps[i] ?? [] })),
    });
    const replayed = new Database(':memory:');
    const live = new Database(':memory:');
    try {
      replayed.exec(text);
      await migrate(live, migrations);
      expect(snapshot(replayed)).toStrictEqual(snapshot(live));
      expect(replayed.prepare('SELECT motto FROM team WHERE id = 2').pluck().get()).toBe('a "b" \'c\'');
    } finally {
      replayed.close();
      live.close();
    }
  });
});
