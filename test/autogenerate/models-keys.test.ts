/**
 * The SQLAlchemy-port builders through autogenerate on real SQLite files: the generated script keeps
 * every key inside createTable, the upgraded database compares clean with the models, changes to
 * those keys are detected (and nothing else), and the generated downgrade takes them back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { float, foreignKey, integer, primaryKey, table, text, varchar } from '../../src/index';
import { introspectTable } from '../../src/dialect/sqlite/introspect';
import { applyOnce } from '../helpers/migrate';
import { AutogenProject, explain, pendingOps, type Models } from '../helpers/autogen';
import { tempDatabase } from '../helpers/sqlite';

let project: AutogenProject | null = null;
afterEach(() => {
  project?.cleanup();
  project = null;
});

const grid = table(
  'grid',
  {
    x: integer().notNull(),
    y: integer().notNull(),
    label: varchar(64).unique().index(),
  },
  (t) => [primaryKey('pk_grid').on(t.x, t.y)],
);

const team = table('team', { id: integer().primaryKey({ name: 'pk_team', autoincrement: true }), name: text().index() });

const cell = table(
  'cell',
  {
    id: integer().primaryKey(),
    gx: integer('gx').notNull(),
    gy: integer('gy').notNull(),
    weight: float(),
  },
  (t) => [
    foreignKey('fk_cell_grid')
      .on(t.gx, t.gy)
      .references(() => [grid.x, grid.y], { onDelete: 'cascade' }),
  ],
);

describe('models keys through autogenerate', () => {
  it('createTable holds them all; after upgrade introspect → compare is empty; downgrade removes them', async () => {
    project = new AutogenProject();
    const models: Models = [grid, team, cell];
    const gen = await project.migrateTo(models);
    expect(gen.ops.map((op) => op.kind)).toStrictEqual(['createTable', 'createTable', 'createTable']);
    expect(gen.source, explain(gen)).not.toMatch(/alterPrimaryKey|createForeignKey|createIndex/);
    expect(gen.source).toContain("  id: integer().primaryKey({ name: 'pk_team', autoincrement: true }),");
    expect(pendingOps(project.db, models), explain(gen)).toStrictEqual([]);
    expect(introspectTable(project.db, 'grid')).toMatchObject({
      primaryKey: { name: 'pk_grid', columns: ['x', 'y'] },
      uniques: [],
      indexes: [{ name: 'ix_grid_label', columns: ['label'], unique: true, where: null }],
    });
    expect(introspectTable(project.db, 'cell')?.foreignKeys).toStrictEqual([
      { name: 'fk_cell_grid', columns: ['gx', 'gy'], refTable: 'grid', refColumns: ['x', 'y'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' },
    ]);
    await project.downgradeOne();
    const left = project.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('grid', 'team', 'cell')").all();
    expect(left).toStrictEqual([]);
  });

  it('detects a renamed key, an added .index() and an added composite foreign key, and takes them back', async () => {
    project = new AutogenProject();
    const plainCell = table('cell', {
      id: integer().primaryKey(),
      gx: integer('gx').notNull(),
      gy: integer('gy').notNull(),
      weight: float(),
    });
    const plainTeam = table('team', { id: integer().primaryKey({ autoincrement: true }), name: text() });
    await project.migrateTo([grid, plainTeam, plainCell]);
    project.db.exec("INSERT INTO grid VALUES (1, 2, 'a'); INSERT INTO team (name) VALUES ('t'); INSERT INTO cell VALUES (1, 1, 2, 0.5)");
    const gen = await project.migrateTo([grid, team, cell]);
    expect(
      gen.ops.map((op) => op.kind),
      explain(gen),
    ).toStrictEqual(['alterPrimaryKey', 'createIndex', 'createForeignKey']);
    expect(pendingOps(project.db, [grid, team, cell])).toStrictEqual([]);
    expect(project.rows('cell')).toStrictEqual([{ id: 1, gx: 1, gy: 2, weight: 0.5 }]);
    await project.downgradeOne();
    expect(pendingOps(project.db, [grid, plainTeam, plainCell])).toStrictEqual([]);
    expect(project.rows('team')).toStrictEqual([{ id: 1, name: 't' }]);
  });
});

describe('op.addColumn and .index()', () => {
  it('refuses the column with the createIndex to write instead, and adds nothing', async () => {
    const t = tempDatabase();
    try {
      await applyOnce(t.db, (op) => op.createTable('user', { id: integer().primaryKey() }), 'r1');
      await expect(applyOnce(t.db, (op) => op.addColumn('user', varchar('email', 120).unique().index()), 'r2')).rejects.toThrow(
        "'user.email': .index() is declared in createTable and models only; add the column without it, " +
          "then await op.createIndex('ix_user_email', 'user', ['email'], { unique: true })",
      );
      expect(introspectTable(t.db, 'user')?.columns.map((c) => c.name)).toStrictEqual(['id']);
    } finally {
      t.cleanup();
    }
  });
});
