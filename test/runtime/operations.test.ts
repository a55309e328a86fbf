import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { introspectTable } from '../../src/dialect/sqlite/introspect';
import { boolean, integer, sql, text, varchar, index, unique, check } from '../../src/index';
import { applyOnce } from '../helpers/migrate';
import { snapshot, tempDatabase } from '../helpers/sqlite';

let t: ReturnType<typeof tempDatabase>;
let db: Database.Database;
beforeEach(() => {
  t = tempDatabase();
  db = t.db;
});
afterEach(() => t.cleanup());

const rows = (table: string) => db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all();
const table = (name: string) => {
  const found = introspectTable(db, name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};
const objects = (type: string) =>
  (db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as Array<{ name: string }>).map((r) => r.name);

async function seedUsers() {
  await applyOnce(
    db,
    async (op) => {
      await op.createTable(
        'user',
        {
          id: integer().primaryKey(),
          username: varchar(80).notNull().unique(),
          email: varchar(120).notNull(),
          active: boolean().notNull().default(true),
        },
        (c) => [index('ix_user_email').on(c.email)],
      );
      await op.bulkInsert('user', [
        { id: 1, username: 'ada', email: 'ada@x', active: true },
        { id: 2, username: 'bob', email: 'bob@x', active: false },
      ]);
    },
    'seed',
  );
}

describe('createTable / dropTable / renameTable', () => {
  it('creates every declared part and drops it again', async () => {
    await seedUsers();
    const user = table('user');
    expect(user.columns.map((c) => [c.name, c.type, c.nullable])).toStrictEqual([
      ['id', 'INTEGER', false],
      ['username', 'VARCHAR(80)', false],
      ['email', 'VARCHAR(120)', false],
      ['active', 'BOOLEAN', false],
    ]);
    expect(user.uniques).toStrictEqual([{ name: 'uq_user_username', columns: ['username'] }]);
    expect(user.indexes.map((i) => i.name)).toStrictEqual(['ix_user_email']);
    expect(rows('user')).toHaveLength(2);
    await applyOnce(db, (op) => op.dropTable('user'), 'drop');
    expect(objects('table')).not.toContain('user');
  });

  it('renames a table and keeps its rows and the references to it', async () => {
    await seedUsers();
    await applyOnce(db, async (op) => {
      await op.createTable('post', { id: integer().primaryKey(), userId: integer('user_id') });
      await op.createForeignKey('fk_post_user', 'post', 'user', ['user_id'], ['id'], { onDelete: 'cascade' });
      await op.bulkInsert('post', [{ id: 1, user_id: 1 }]);
      await op.renameTable('user', 'account');
    });
    expect(rows('account')).toHaveLength(2);
    expect(table('post').foreignKeys[0]?.refTable).toBe('account');
    expect(db.prepare('PRAGMA foreign_key_check').all()).toStrictEqual([]);
  });
});

describe('columns', () => {
  it('adds a plain column in place and a UNIQUE one by rebuilding, keeping rows', async () => {
    await seedUsers();
    await applyOnce(db, async (op) => {
      await op.addColumn('user', text('bio'));
      await op.addColumn('user', varchar('handle', 40).unique());
    });
    const user = table('user');
    expect(user.columns.map((c) => c.name)).toStrictEqual(['id', 'username', 'email', 'active', 'bio', 'handle']);
    expect(user.uniques.map((u) => u.name).sort()).toStrictEqual(['uq_user_handle', 'uq_user_username']);
    expect(user.indexes.map((i) => i.name)).toStrictEqual(['ix_user_email']);
    expect(rows('user')).toStrictEqual([
      { id: 1, username: 'ada', email: 'ada@x', active: 1, bio: null, handle: null },
      { id: 2, username: 'bob', email: 'bob@x', active: 0, bio: null, handle: null },
    ]);
  });

  it('adds a NOT NULL column with a default to existing rows', async () => {
    await seedUsers();
    await applyOnce(db, (op) => op.addColumn('user', integer('score').notNull().default(7)));
    expect((rows('user') as Array<{ score: number }>).map((r) => r.score)).toStrictEqual([7, 7]);
  });

  it('adds a column with an expression default by rebuilding', async () => {
    await seedUsers();
    await applyOnce(db, (op) => op.addColumn('user', text('created_at').default(sql`CURRENT_TIMESTAMP`)));
    expect(table('user').columns.at(-1)?.default).toStrictEqual({ kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
    expect(rows('user')).toHaveLength(2);
  });

  it('drops a plain column in place and an indexed one by rebuilding', async () => {
    await seedUsers();
    await applyOnce(db, async (op) => {
      await op.dropColumn('user', 'active');
      await op.dropColumn('user', 'email');
    });
    const user = table('user');
    expect(user.columns.map((c) => c.name)).toStrictEqual(['id', 'username']);
    expect(user.indexes).toStrictEqual([]);
    expect(user.uniques.map((u) => u.name)).toStrictEqual(['uq_user_username']);
    expect(rows('user')).toStrictEqual([
      { id: 1, username: 'ada' },
      { id: 2, username: 'bob' },
    ]);
  });

  it('alters type, nullability and default by rebuilding, and renames in place', async () => {
    await seedUsers();
    await applyOnce(db, async (op) => {
      await op.alterColumn('user', 'email', { type: varchar(200), nullable: true, default: 'none' });
      await op.alterColumn('user', 'username', { newName: 'login' });
    });
    const user = table('user');
    expect(user.columns.find((c) => c.name === 'email')).toMatchObject({
      type: 'VARCHAR(200)',
      nullable: true,
      default: { kind: 'literal', value: 'none' },
    });
    expect(user.columns.map((c) => c.name)).toContain('login');
    expect(user.uniques).toStrictEqual([{ name: 'uq_user_username', columns: ['login'] }]);
    expect(user.indexes.map((i) => i.name)).toStrictEqual(['ix_user_email']);
    expect((rows('user') as Array<{ login: string }>).map((r) => r.login)).toStrictEqual(['ada', 'bob']);
  });

  it('refuses to make a column NOT NULL while rows hold NULL, and changes nothing', async () => {
    await seedUsers();
    await applyOnce(db, (op) => op.addColumn('user', text('bio')), 'bio');
    const before = snapshot(db);
    await expect(applyOnce(db, (op) => op.alterColumn('user', 'bio', { nullable: false }), 'strict')).rejects.toThrow(
      /alterColumn on 'user': 2 rows of 'user' have NULL in 'bio' \(rowid 1, 2\); give them a value first/,
    );
    expect(snapshot(db).schema).toStrictEqual(before.schema.filter(() => true));
    expect(snapshot(db).rows['user']).toStrictEqual(before.rows['user']);
  });
});

describe('indexes and constraints', () => {
  it('creates and drops indexes, including partial unique ones', async () => {
    await seedUsers();
    await applyOnce(db, async (op) => {
      await op.createIndex('ix_active_email', 'user', ['email'], { unique: true, where: 'active = 1' });
      await op.dropIndex('ix_user_email', 'user');
    });
    expect(table('user').indexes).toStrictEqual([{ name: 'ix_active_email', columns: ['email'], unique: true, where: 'active = 1' }]);
  });

  it('adds and drops UNIQUE, FOREIGN KEY and CHECK constraints by rebuilding', async () => {
    await seedUsers();
    await applyOnce(db, async (op) => {
      await op.createTable('team', { id: integer().primaryKey() });
      await op.bulkInsert('team', [{ id: 1 }]);
      await op.addColumn('user', integer('team_id'));
      await op.createUniqueConstraint('uq_user_email', 'user', ['email']);
      await op.createForeignKey('fk_user_team', 'user', 'team', ['team_id'], ['id'], { onDelete: 'set null' });
      await op.createCheckConstraint('ck_user_email', 'user', sql`length(email) > 2`);
    });
    let user = table('user');
    expect(user.uniques.map((u) => u.name).sort()).toStrictEqual(['uq_user_email', 'uq_user_username']);
    expect(user.foreignKeys).toStrictEqual([
      { name: 'fk_user_team', columns: ['team_id'], refTable: 'team', refColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' },
    ]);
    expect(user.checks).toStrictEqual([{ name: 'ck_user_email', expression: 'length(email) > 2' }]);
    expect(() => db.prepare("INSERT INTO user (id, username, email) VALUES (3, 'cy', 'c')").run()).toThrow(/CHECK constraint failed/);
    await applyOnce(
      db,
      async (op) => {
        await op.dropConstraint('ck_user_email', 'user');
        await op.dropConstraint('fk_user_team', 'user');
        await op.dropConstraint('uq_user_email', 'user');
      },
      'drop',
    );
    user = table('user');
    expect([user.checks, user.foreignKeys, user.uniques.map((u) => u.name)]).toStrictEqual([[], [], ['uq_user_username']]);
    expect(rows('user')).toHaveLength(2);
  });

  it('names the missing constraint and the ones that exist', async () => {
    await seedUsers();
    await expect(applyOnce(db, (op) => op.dropConstraint('nope', 'user'), 'x')).rejects.toThrow(
      /no constraint named 'nope' \(named constraints: uq_user_username\)/,
    );
  });
});

describe('primary keys', () => {
  it('replaces a primary key by rebuilding, keeping rows', async () => {
    await applyOnce(db, async (op) => {
      await op.createTable('membership', { userId: integer('user_id').notNull(), teamId: integer('team_id'), role: text() });
      await op.bulkInsert('membership', [
        { user_id: 1, team_id: 1, role: 'a' },
        { user_id: 1, team_id: 2, role: 'b' },
      ]);
      await op.alterPrimaryKey('membership', ['user_id', 'team_id'], { name: 'pk_membership' });
    });
    const membership = table('membership');
    expect(membership.primaryKey).toStrictEqual({ name: 'pk_membership', columns: ['user_id', 'team_id'] });
    expect(membership.columns.find((c) => c.name === 'team_id')?.nullable).toBe(false);
    expect(rows('membership')).toHaveLength(2);
    await applyOnce(db, (op) => op.alterPrimaryKey('membership', null), 'nopk');
    expect(table('membership').primaryKey).toBeNull();
  });
});

describe('data operations', () => {
  it('execute with bindings and op.knex share the migration transaction', async () => {
    await seedUsers();
    await applyOnce(db, async (op) => {
      await op.execute('UPDATE "user" SET email = ? WHERE id = ?', ['ada@new', 1]);
      await op.knex('user').where({ id: 2 }).update({ email: 'bob@new' });
      const seen = await op.knex('user').select('email').orderBy('id');
      expect(seen).toStrictEqual([{ email: 'ada@new' }, { email: 'bob@new' }]);
    });
    expect((rows('user') as Array<{ email: string }>).map((r) => r.email)).toStrictEqual(['ada@new', 'bob@new']);
  });

  it('rolls back op.knex writes together with DDL when the script fails', async () => {
    await seedUsers();
    const before = snapshot(db);
    await expect(
      applyOnce(
        db,
        async (op) => {
          await op.addColumn('user', text('bio'));
          await op.knex('user').insert({ id: 3, username: 'cy', email: 'cy@x' });
          await op.createTable('audit', { id: integer().primaryKey() });
          throw new Error('boom');
        },
        'fail',
      ),
    ).rejects.toThrow(/upgrade fail \(inline\/fail\.ts\) failed: boom/);
    expect(snapshot(db)).toStrictEqual(before);
  });
});

describe('models helpers used by ops', () => {
  it('accepts table-level unique and check extras in createTable', async () => {
    await applyOnce(db, (op) =>
      op.createTable('item', { id: integer().primaryKey(), code: text().notNull(), qty: integer() }, (c) => [
        unique('uq_item_code').on(c.code),
        check('ck_item_qty', sql`qty >= 0`),
      ]),
    );
    expect(table('item').uniques).toStrictEqual([{ name: 'uq_item_code', columns: ['code'] }]);
    expect(table('item').checks).toStrictEqual([{ name: 'ck_item_qty', expression: 'qty >= 0' }]);
  });
});
