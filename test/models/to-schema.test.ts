/** The models builders SQLAlchemy ports write, as the Schema shape they declare (pure). */
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors';
import { declaredSchema } from '../../src/models/declared-schema';
import { TABLE, type ColumnMap, type TableDef, type TableExtra } from '../../src/models/table';
import { declarationToTable } from '../../src/models/to-schema';
import { enumType, float, foreignKey, integer, primaryKey, table, text, varchar } from '../../src/index';
import type { Table } from '../../src/schema/types';

const toTable = (def: TableDef<ColumnMap>): Table => declarationToTable(def[TABLE]);
const fails = (def: () => TableDef<ColumnMap>): string => {
  try {
    toTable(def());
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return (error as Error).message;
  }
  throw new Error('declarationToTable did not throw');
};
const grid = table('grid', { x: integer().notNull(), y: integer().notNull() }, (t) => [primaryKey('pk_grid').on(t.x, t.y)]);

describe('column shorthand: .index(), .unique().index(), float()', () => {
  it('.index() is an index ix_<table>_<column>; .unique().index() (either order) one unique index, no UNIQUE constraint', () => {
    const user = toTable(
      table('user', {
        id: integer().primaryKey(),
        username: varchar(64).unique().index(),
        email: varchar(120).index().unique(),
        city: text().index(),
        nick: text().index('ix_nick'),
        code: text().unique(),
      }),
    );
    expect(user.indexes).toStrictEqual([
      { name: 'ix_user_username', columns: ['username'], unique: true, where: null },
      { name: 'ix_user_email', columns: ['email'], unique: true, where: null },
      { name: 'ix_user_city', columns: ['city'], unique: false, where: null },
      { name: 'ix_nick', columns: ['nick'], unique: false, where: null },
    ]);
    expect(user.uniques).toStrictEqual([{ name: 'uq_user_code', columns: ['code'] }]);
  });

  it('column indexes come first, in column order, then the table extras (the order the renderer keeps)', () => {
    const t = toTable(table('t', { a: text(), b: text().index() }, (c) => [primaryKey(c.a)]));
    expect(t.indexes.map((i) => i.name)).toStrictEqual(['ix_t_b']);
  });

  it('a named unique with .index() is refused: the index carries the name', () => {
    expect(fails(() => table('user', { name: text().unique('uq_name').index() }))).toBe(
      "'user.name': .unique('uq_name').index() is one unique index, named by index(): write .unique().index('uq_name')",
    );
  });

  it('float() is FLOAT', () => {
    expect(toTable(table('m', { ratio: float('ratio').notNull().default(0.5) })).columns).toStrictEqual([
      { name: 'ratio', type: 'FLOAT', nullable: false, default: { kind: 'literal', value: 0.5 }, autoincrement: false },
    ]);
  });
});

describe('named primary keys', () => {
  it("primaryKey('pk').on(…) names a composite key (NOT NULL columns); primaryKey(…) stays unnamed", () => {
    expect(toTable(grid).primaryKey).toStrictEqual({ name: 'pk_grid', columns: ['x', 'y'] });
    const unnamed = toTable(table('m', { a: integer(), b: integer() }, (t) => [primaryKey(t.a, t.b)]));
    expect(unnamed.primaryKey).toStrictEqual({ name: null, columns: ['a', 'b'] });
    expect(unnamed.columns.map((c) => c.nullable)).toStrictEqual([false, false]);
  });

  it('.primaryKey({ name, autoincrement }) names a one-column key; several .primaryKey() columns form one unnamed key', () => {
    expect(toTable(table('team', { id: integer().primaryKey({ name: 'pk_team', autoincrement: true }) }))).toMatchObject({
      primaryKey: { name: 'pk_team', columns: ['id'] },
      columns: [{ name: 'id', autoincrement: true, nullable: false }],
    });
    const assoc = table('followers', { a: integer('follower_id').primaryKey(), b: integer('followed_id').primaryKey() });
    expect(toTable(assoc).primaryKey).toStrictEqual({ name: null, columns: ['follower_id', 'followed_id'] });
  });

  it('refuses a name on a key of several columns, two keys, and a key of no columns', () => {
    expect(fails(() => table('m', { a: integer().primaryKey({ name: 'pk_m' }), b: integer().primaryKey() }))).toBe(
      "table 'm': name a composite primary key with primaryKey('pk_…').on(t.a, t.b), not .primaryKey({ name })",
    );
    expect(fails(() => table('m', { a: integer() }, (t) => [primaryKey(t.a), primaryKey('pk_m').on(t.a)]))).toBe(
      "table 'm' declares its primary key twice",
    );
    expect(fails(() => table('m', { a: integer() }, () => [primaryKey('pk_m').on()]))).toBe(
      "table 'm': primaryKey() names no columns; pass them, e.g. (t.a, t.b)",
    );
  });
});

describe('foreignKey(name).on(…).references(…)', () => {
  it('takes declared columns from a thunk, or table.column texts, with ON DELETE / ON UPDATE', () => {
    const forms = [() => [grid.x, grid.y] as const, ['grid.x', 'grid.y']] as const;
    for (const target of forms) {
      const cell = toTable(
        table('cell', { gx: integer(), gy: integer() }, (t) => [
          foreignKey('fk_cell_grid').on(t.gx, t.gy).references(target, { onDelete: 'cascade', onUpdate: 'set null' }),
        ]),
      );
      expect(cell.foreignKeys).toStrictEqual([
        {
          name: 'fk_cell_grid',
          columns: ['gx', 'gy'],
          refTable: 'grid',
          refColumns: ['x', 'y'],
          onDelete: 'CASCADE',
          onUpdate: 'SET NULL',
        },
      ]);
    }
    const single = toTable(
      table('cell', { gx: integer() }, (t) => [
        foreignKey('fk_x')
          .on(t.gx)
          .references(() => grid.x),
      ]),
    );
    expect(single.foreignKeys).toStrictEqual([
      { name: 'fk_x', columns: ['gx'], refTable: 'grid', refColumns: ['x'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION' },
    ]);
    const text1 = toTable(table('cell', { gx: integer() }, (t) => [foreignKey('fk_x').on(t.gx).references('grid.x')]));
    expect(text1.foreignKeys).toStrictEqual(single.foreignKeys);
  });

  it('follows the column-level foreign keys, in declaration order', () => {
    const cell = toTable(
      table('cell', { owner: integer().references('user.id'), gx: integer(), gy: integer() }, (t) => [
        foreignKey('fk_cell_grid').on(t.gx, t.gy).references(['grid.x', 'grid.y']),
      ]),
    );
    expect(cell.foreignKeys.map((fk) => fk.name)).toStrictEqual(['fk_cell_owner_user', 'fk_cell_grid']);
  });

  it('refuses unequal column counts, two referenced tables, something that is not a column, and a missing .references()', () => {
    const cell = (extra: (t: { readonly gx: TableDef<ColumnMap>[string]; readonly gy: TableDef<ColumnMap>[string] }) => TableExtra) => () =>
      table('cell', { gx: integer(), gy: integer() }, (t) => [extra(t)]);
    expect(
      fails(
        cell((t) =>
          foreignKey('fk')
            .on(t.gx, t.gy)
            .references(() => [grid.x]),
        ),
      ),
    ).toBe("foreign key 'fk' of 'cell': on() names 2 column(s) and references() 1; give as many of each, in pairs");
    expect(fails(cell((t) => foreignKey('fk').on(t.gx, t.gy).references(['grid.x', 'other.y'])))).toBe(
      "foreign key 'fk' of 'cell': references() names columns of grid and other; a foreign key references one table",
    );
    expect(
      fails(
        cell((t) =>
          foreignKey('fk')
            .on(t.gx)
            .references((() => [undefined]) as unknown as () => typeof grid.x),
        ),
      ),
    ).toBe("foreign key 'fk' of 'cell': references() must give columns of a table, e.g. () => [grid.x, grid.y] or ['grid.x', 'grid.y']");
    expect(fails(cell((t) => foreignKey('fk').on(t.gx) as unknown as TableExtra))).toBe(
      "table 'cell': the extras callback returned foreignKey(…).on(…) without .references(…); return index(…).on(…), " +
        'uniqueIndex(…), unique(…), check(…), primaryKey(…) or foreignKey(…).on(…).references(…)',
    );
  });

  it('the declared schema checks both ends: an undeclared table, an unknown column, a column of another table', () => {
    const declare =
      (...defs: TableDef<ColumnMap>[]) =>
      () =>
        declaredSchema(defs.map((d) => ({ declaration: d[TABLE], file: 'models.ts' })));
    const vote = table('vote', { a: integer(), b: integer() }, (t) => [
      foreignKey('fk_vote').on(t.a, t.b).references(['grid.x', 'grid.z']),
    ]);
    expect(declare(vote)).toThrow("models.ts: 'vote' references table 'grid', which no models module declares");
    expect(declare(vote, grid)).toThrow("models.ts: 'vote' references 'grid.z', which is not a column of 'grid'");
    const stray = table('stray', { a: integer() }, () => [foreignKey('fk_stray').on(grid.y).references(['grid.x'])]);
    expect(declare(stray, grid)).toThrow("models.ts: foreign key 'fk_stray' on 'stray' names column 'y', which 'stray' does not have");
    const strayKey = table('stray', { a: integer() }, () => [primaryKey('pk_stray').on(grid.x)]);
    expect(declare(strayKey, grid)).toThrow("models.ts: the primary key on 'stray' names column 'x', which 'stray' does not have");
  });
});

describe('a column that is not a column', () => {
  it('names the table, the column and the call that was missed, for JavaScript models nobody type-checks', () => {
    const mood = enumType('mood', ['happy', 'sad']);
    const untyped = (columns: Record<string, unknown>) => () => table('t', columns as unknown as ColumnMap);
    expect(untyped({ id: integer })).toThrow(
      "table('t'): column 'id' is the type builder integer() itself, not a column: call it (`id: integer()`)",
    );
    expect(untyped({ id: integer(), feeling: mood })).toThrow(
      "table('t'): column 'feeling' is the enum type 'mood' itself, not a column: call the builder enumType() returned (`feeling: mood()`)",
    );
    expect(untyped({ id: integer(), note: 'text' })).toThrow("table('t'): column 'note' is string, not a column");
    expect(table('t', { id: integer(), feeling: mood() }).feeling.column).toBe('feeling');
  });
});
