import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOps, describeOp } from '../../src/autogenerate/render';
import { introspectTable } from '../../src/dialect/sqlite/introspect';
import type { Op } from '../../src/operations/ops';
import type { Operations } from '../../src/operations/operations';
import { makeColumn, makeTable, type Column, type ForeignKey } from '../../src/schema/types';
import { loadModule, setOwnEntry } from '../../src/script/load-module';
import { renderScript } from '../../src/script/render-script';
import { applyOnce } from '../helpers/migrate';
import { tempDatabase } from '../helpers/sqlite';
import { everyOp, roundTripTables } from './fixtures/ops';

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => makeColumn({ name, type, ...extra });
const notNull = { nullable: false } as const;
const render = (...ops: Op[]) => renderOps(ops);
const fk = (columns: string[], refTable: string, refColumns: string[], extra: Partial<ForeignKey> = {}): ForeignKey => ({
  name: null,
  columns,
  refTable,
  refColumns,
  onDelete: 'NO ACTION',
  onUpdate: 'NO ACTION',
  ...extra,
});

describe('renderOps: createTable', () => {
  it('renders the SPEC example with column-level keys, uniques, references and table extras', () => {
    const table = makeTable({
      name: 'user',
      columns: [
        col('id', 'INTEGER', notNull),
        col('username', 'VARCHAR(80)', notNull),
        col('email', 'VARCHAR(120)', notNull),
        col('active', 'BOOLEAN', { nullable: false, default: { kind: 'literal', value: 1 } }),
        col('bio', 'TEXT'),
        col('team_id', 'INTEGER'),
        col('created_at', 'DATETIME', { nullable: false, default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' } }),
      ],
      primaryKey: { name: null, columns: ['id'] },
      uniques: [{ name: 'uq_user_username', columns: ['username'] }],
      foreignKeys: [fk(['team_id'], 'team', ['id'], { name: 'fk_user_team_id_team', onDelete: 'CASCADE' })],
      indexes: [{ name: 'ix_user_email', columns: ['email'], unique: false, where: null }],
      checks: [{ name: 'ck_user_username_len', expression: 'length(username) > 2' }],
    });
    expect(render({ kind: 'createTable', table })).toStrictEqual({
      lines: [
        "await op.createTable('user', {",
        '  id: integer().primaryKey(),',
        '  username: varchar(80).notNull().unique(),',
        '  email: varchar(120).notNull(),',
        '  active: boolean().notNull().default(true),',
        '  bio: text(),',
        "  team_id: integer().references('team.id', { onDelete: 'cascade' }),",
        '  created_at: datetime().notNull().default(sql`CURRENT_TIMESTAMP`),',
        '}, (t) => [',
        "  index('ix_user_email').on(t.email),",
        "  check('ck_user_username_len', sql`length(username) > 2`),",
        ']);',
      ],
      imports: ['boolean', 'check', 'datetime', 'index', 'integer', 'sql', 'text', 'varchar'],
    });
  });

  it('maps every type to its builder, and the rest to sqlType', () => {
    const table = makeTable({
      name: 'types',
      columns: [
        col('a', 'INTEGER'),
        col('b', 'BIGINT'),
        col('c', 'TEXT'),
        col('d', 'VARCHAR(255)'),
        col('e', 'BOOLEAN'),
        col('f', 'REAL'),
        col('g', 'NUMERIC'),
        col('h', 'NUMERIC(10)'),
        col('i', 'NUMERIC(10, 2)'),
        col('j', 'DATE'),
        col('k', 'DATETIME'),
        col('l', 'JSON'),
        col('m', 'BLOB'),
        col('n', 'DOUBLE PRECISION'),
        col('o', 'varchar(80)'),
        col('p', 'NUMERIC(10,2)'),
        col('q', 'VARCHAR(0)'),
        col('r', ''),
      ],
    });
    expect(render({ kind: 'createTable', table })).toStrictEqual({
      lines: [
        "await op.createTable('types', {",
        '  a: integer(),',
        '  b: bigint(),',
        '  c: text(),',
        '  d: varchar(255),',
        '  e: boolean(),',
        '  f: real(),',
        '  g: numeric(),',
        '  h: numeric(10),',
        '  i: numeric(10, 2),',
        '  j: date(),',
        '  k: datetime(),',
        '  l: json(),',
        '  m: blob(),',
        "  n: sqlType('DOUBLE PRECISION'),",
        "  o: sqlType('varchar(80)'),",
        "  p: sqlType('NUMERIC(10,2)'),",
        "  q: sqlType('VARCHAR(0)'),",
        "  r: sqlType(''),",
        '});',
      ],
      imports: ['bigint', 'blob', 'boolean', 'date', 'datetime', 'integer', 'json', 'numeric', 'real', 'sqlType', 'text', 'varchar'],
    });
  });

  it('renders defaults typed for the builder; a literal the builder cannot take falls back to sqlType', () => {
    const lit = (value: string | number | boolean | null) => ({ kind: 'literal' as const, value });
    const table = makeTable({
      name: 'defaults',
      columns: [
        col('n', 'INTEGER', { default: lit(-3) }),
        col('s', 'TEXT', { default: lit("it's `${x}`\n\\") }),
        col('on', 'BOOLEAN', { default: lit(0) }),
        col('yes', 'BOOLEAN', { default: lit(true) }),
        col('two', 'BOOLEAN', { default: lit(2) }),
        col('price', 'NUMERIC(10, 2)', { default: lit('0.00') }),
        col('ratio', 'REAL', { default: lit(0.5) }),
        col('word', 'INTEGER', { default: lit('abc') }),
        col('raw', 'BLOB', { default: lit('x') }),
        col('score', 'DOUBLE PRECISION', { default: lit(1.5) }),
        col('nothing', 'TEXT', { default: lit(null) }),
        col('expr', 'TEXT', { default: { kind: 'expression', sql: "'a' || `b` || '${c}' || '\\'" } }),
      ],
    });
    expect(render({ kind: 'createTable', table }).lines).toStrictEqual([
      "await op.createTable('defaults', {",
      '  n: integer().default(-3),',
      "  s: text().default('it\\'s `${x}`\\n\\\\'),",
      '  on: boolean().default(false),',
      '  yes: boolean().default(true),',
      "  two: sqlType('BOOLEAN').default(2),",
      "  price: numeric(10, 2).default('0.00'),",
      '  ratio: real().default(0.5),',
      "  word: sqlType('INTEGER').default('abc'),",
      "  raw: sqlType('BLOB').default('x'),",
      "  score: sqlType('DOUBLE PRECISION').default(1.5),",
      '  nothing: text(),',
      "  expr: text().default(sql`'a' || \\`b\\` || '\\${c}' || '\\\\'`),",
      '});',
    ]);
  });

  it('renders composite and autoincrement keys, named uniques, multi-column constraints and partial unique indexes', () => {
    const table = makeTable({
      name: 'membership',
      columns: [col('user_id', 'INTEGER', notNull), col('team_id', 'INTEGER', notNull), col('role', 'TEXT'), col('code', 'TEXT')],
      primaryKey: { name: null, columns: ['user_id', 'team_id'] },
      uniques: [
        { name: 'uq_custom_code', columns: ['code'] },
        { name: 'uq_membership_role_code', columns: ['role', 'code'] },
      ],
      foreignKeys: [
        fk(['user_id'], 'user', ['id'], { name: 'fk_membership_user', onDelete: 'SET NULL', onUpdate: 'RESTRICT' }),
        fk(['team_id'], 'team', ['id']),
      ],
      indexes: [{ name: 'ux_membership_role', columns: ['role', 'team_id'], unique: true, where: 'role IS NOT NULL' }],
      checks: [{ name: null, expression: "role IN ('admin', 'member')" }],
    });
    expect(render({ kind: 'createTable', table })).toStrictEqual({
      lines: [
        "await op.createTable('membership', {",
        "  user_id: integer().notNull().references('user.id', { name: 'fk_membership_user', onDelete: 'set null', onUpdate: 'restrict' }),",
        "  team_id: integer().notNull().references('team.id'),",
        '  role: text(),',
        "  code: text().unique('uq_custom_code'),",
        '}, (t) => [',
        '  primaryKey(t.user_id, t.team_id),',
        "  unique('uq_membership_role_code').on(t.role, t.code),",
        "  uniqueIndex('ux_membership_role').on(t.role, t.team_id).where(sql`role IS NOT NULL`),",
        "  check('ck_membership_1', sql`role IN ('admin', 'member')`),",
        ']);',
      ],
      imports: ['check', 'integer', 'primaryKey', 'sql', 'text', 'unique', 'uniqueIndex'],
    });
    const auto = makeTable({
      name: 'seq',
      columns: [col('id', 'INTEGER', { nullable: false, autoincrement: true })],
      primaryKey: { name: null, columns: ['id'] },
    });
    expect(render({ kind: 'createTable', table: auto }).lines).toStrictEqual([
      "await op.createTable('seq', {",
      '  id: integer().primaryKey({ autoincrement: true }),',
      '});',
    ]);
  });

  it('says named and composite keys inside createTable, follows it only with what the models API cannot say there, keeping constraint order', () => {
    const table = makeTable({
      name: 'cell',
      columns: [
        col('x', 'INTEGER', notNull),
        col('y', 'INTEGER', notNull),
        col('owner', 'INTEGER'),
        col('grid_x', 'INTEGER'),
        col('grid_y', 'INTEGER'),
      ],
      primaryKey: { name: 'pk_cell', columns: ['x', 'y'] },
      uniques: [{ name: null, columns: ['grid_x', 'grid_y'] }],
      foreignKeys: [
        fk(['owner'], 'user', ['id']),
        fk(['grid_x', 'grid_y'], 'grid', ['x', 'y'], { name: 'fk_cell_grid', onDelete: 'CASCADE' }),
        fk(['x'], 'axis', ['v']),
      ],
      indexes: [
        { name: 'ix_cell_owner', columns: ['owner'], unique: false, where: null },
        { name: 'ix_cell_lower', columns: ['lower(owner)'], unique: false, where: null },
        { name: 'ix_cell_y', columns: ['y'], unique: true, where: 'y > 0' },
        { name: 'ix_cell_gone', columns: ['gone'], unique: false, where: null, method: 'hash' },
      ],
    });
    expect(render({ kind: 'createTable', table })).toStrictEqual({
      lines: [
        "await op.createTable('cell', {",
        '  x: integer().notNull(),',
        '  y: integer().notNull(),',
        "  owner: integer().references('user.id'),",
        '  grid_x: integer(),',
        '  grid_y: integer(),',
        '}, (t) => [',
        "  primaryKey('pk_cell').on(t.x, t.y),",
        "  unique('uq_cell_grid_x_grid_y').on(t.grid_x, t.grid_y),",
        "  foreignKey('fk_cell_grid').on(t.grid_x, t.grid_y).references(['grid.x', 'grid.y'], { onDelete: 'cascade' }),",
        "  foreignKey('fk_cell_x_axis').on(t.x).references('axis.v'),",
        "  index('ix_cell_owner').on(t.owner),",
        "  index('ix_cell_lower').on(sql`lower(owner)`),",
        "  uniqueIndex('ix_cell_y').on(t.y).where(sql`y > 0`),",
        ']);',
        "await op.createIndex('ix_cell_gone', 'cell', ['gone'], { using: 'hash' });",
      ],
      imports: ['foreignKey', 'index', 'integer', 'primaryKey', 'sql', 'unique', 'uniqueIndex'],
    });
  });

  it('says every key a SQLAlchemy port declares inside createTable: named keys, composite foreign keys, FLOAT', () => {
    const named = makeTable({
      name: 'team',
      columns: [
        col('id', 'INTEGER', { nullable: false, autoincrement: true }),
        col('ratio', 'FLOAT', { default: { kind: 'literal', value: 0.5 } }),
      ],
      primaryKey: { name: 'pk_team', columns: ['id'] },
    });
    const keyed = makeTable({ name: 'tag', columns: [col('code', 'TEXT', notNull)], primaryKey: { name: 'pk_tag', columns: ['code'] } });
    const cell = makeTable({
      name: 'cell',
      columns: [col('gx', 'INTEGER'), col('gy', 'INTEGER'), col('owner', 'INTEGER')],
      foreignKeys: [fk(['gx', 'gy'], 'grid', ['x', 'y'], { onUpdate: 'CASCADE' }), fk(['owner'], 'a.b', ['c.d'])],
    });
    expect(
      render({ kind: 'createTable', table: named }, { kind: 'createTable', table: keyed }, { kind: 'createTable', table: cell }),
    ).toStrictEqual({
      lines: [
        "await op.createTable('team', {",
        "  id: integer().primaryKey({ name: 'pk_team', autoincrement: true }),",
        '  ratio: float().default(0.5),',
        '});',
        "await op.createTable('tag', {",
        "  code: text().primaryKey({ name: 'pk_tag' }),",
        '});',
        "await op.createTable('cell', {",
        '  gx: integer(),',
        '  gy: integer(),',
        '  owner: integer(),',
        '}, (t) => [',
        "  foreignKey('fk_cell_gx_gy_grid').on(t.gx, t.gy).references(['grid.x', 'grid.y'], { onUpdate: 'cascade' }),",
        ']);',
        // a referenced column with a dot in its name cannot be written as 'table.column'
        "await op.createForeignKey('fk_cell_owner_a.b', 'cell', 'a.b', ['owner'], ['c.d']);",
      ],
      imports: ['float', 'foreignKey', 'integer', 'text'],
    });
  });

  it('quotes odd table and column names: quotes, spaces, keywords, non-ASCII, __proto__', () => {
    const table = makeTable({
      name: 'it\'s a "table"',
      columns: [
        col('select', 'INTEGER', notNull),
        col('first name', 'TEXT'),
        col('prix €', 'REAL'),
        col('naïve', 'TEXT'),
        col("o'clock", 'TEXT'),
        col('__proto__', 'TEXT'),
        col('1st', 'TEXT'),
        col('$x', 'TEXT'),
      ],
      primaryKey: { name: null, columns: ['select'] },
      uniques: [{ name: "uq 'odd'", columns: ['first name', "o'clock"] }],
      foreignKeys: [fk(['naïve'], 'ta.ble', ['id'])],
      indexes: [{ name: 'ix €', columns: ['prix €', '1st'], unique: false, where: null }],
    });
    expect(render({ kind: 'createTable', table }).lines).toStrictEqual([
      "await op.createTable('it\\'s a \"table\"', {",
      '  select: integer().primaryKey(),',
      "  'first name': text(),",
      "  'prix €': real(),",
      "  'naïve': text().references('ta.ble.id'),",
      "  'o\\'clock': text(),",
      "  ['__proto__']: text(),",
      "  '1st': text(),",
      '  $x: text(),',
      '}, (t) => [',
      "  unique('uq \\'odd\\'').on(t['first name'], t['o\\'clock']),",
      "  index('ix €').on(t['prix €'], t['1st']),",
      ']);',
    ]);
  });

  it('renders a table without columns', () => {
    expect(render({ kind: 'createTable', table: makeTable({ name: 'empty', columns: [] }) })).toStrictEqual({
      lines: ["await op.createTable('empty', {});"],
      imports: [],
    });
  });
});

describe('renderOps: the other op kinds', () => {
  it('dropTable and renameTable', () => {
    expect(
      render({ kind: 'dropTable', name: 'user', table: null }, { kind: 'renameTable', from: 'old name', to: "new'name" }),
    ).toStrictEqual({
      lines: ["await op.dropTable('user');", "await op.renameTable('old name', 'new\\'name');"],
      imports: [],
    });
  });

  it('addColumn names the column in the builder and keeps its unique and foreign key', () => {
    expect(
      render(
        { kind: 'addColumn', table: 'user', column: col('bio', 'TEXT'), unique: null, foreignKey: null },
        {
          kind: 'addColumn',
          table: 'user',
          column: col('email', 'VARCHAR(120)', { nullable: false, default: { kind: 'literal', value: '' } }),
          unique: { name: 'uq_user_email', columns: ['email'] },
          foreignKey: null,
        },
        {
          kind: 'addColumn',
          table: 'user',
          column: col('team_id', 'INTEGER'),
          unique: { name: 'uq_team', columns: ['team_id'] },
          foreignKey: fk(['team_id'], 'team', ['id'], { name: 'fk_user_team_id_team', onDelete: 'CASCADE' }),
        },
        { kind: 'addColumn', table: 'user', column: col('price', 'NUMERIC(10, 2)'), unique: null, foreignKey: null },
        {
          kind: 'addColumn',
          table: 'user',
          column: col('score', 'DOUBLE PRECISION', { default: { kind: 'literal', value: 0 } }),
          unique: null,
          foreignKey: null,
        },
        {
          kind: 'addColumn',
          table: 'user',
          column: col('kind', 'TEXT'),
          unique: { name: null, columns: ['kind', 'bio'] },
          foreignKey: fk(['kind'], 'kinds', ['a.b']),
        },
      ),
    ).toStrictEqual({
      lines: [
        "await op.addColumn('user', text('bio'));",
        "await op.addColumn('user', varchar('email', 120).notNull().unique().default(''));",
        "await op.addColumn('user', integer('team_id').unique('uq_team').references('team.id', { onDelete: 'cascade' }));",
        "await op.addColumn('user', numeric('price', 10, 2));",
        "await op.addColumn('user', sqlType('DOUBLE PRECISION', 'score').default(0));",
        "await op.addColumn('user', text('kind'));",
        "await op.createUniqueConstraint('uq_user_kind_bio', 'user', ['kind', 'bio']);",
        "await op.createForeignKey('fk_user_kind_kinds', 'user', 'kinds', ['kind'], ['a.b']);",
      ],
      imports: ['integer', 'numeric', 'sqlType', 'text', 'varchar'],
    });
  });

  it('dropColumn', () => {
    expect(render({ kind: 'dropColumn', table: 'user', name: 'bio', column: col('bio', 'TEXT') })).toStrictEqual({
      lines: ["await op.dropColumn('user', 'bio');"],
      imports: [],
    });
  });

  it('alterColumn: type, nullability, default and rename', () => {
    expect(
      render(
        { kind: 'alterColumn', table: 'user', name: 'email', changes: { type: 'VARCHAR(200)', nullable: false }, existing: null },
        { kind: 'alterColumn', table: 'user', name: 'score', changes: { type: 'DOUBLE PRECISION' }, existing: null },
        { kind: 'alterColumn', table: 'user', name: 'bio', changes: { nullable: true, default: null }, existing: null },
        {
          kind: 'alterColumn',
          table: 'user',
          name: 'at',
          changes: { default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' } },
          existing: null,
        },
        { kind: 'alterColumn', table: 'user', name: 'n', changes: { default: { kind: 'literal', value: 'a`b' } }, existing: null },
        { kind: 'alterColumn', table: 'user', name: 'old name', changes: { newName: 'new name' }, existing: null },
        { kind: 'alterColumn', table: 'user', name: 'noop', changes: {}, existing: null },
      ),
    ).toStrictEqual({
      lines: [
        "await op.alterColumn('user', 'email', { type: varchar(200), nullable: false });",
        "await op.alterColumn('user', 'score', { type: 'DOUBLE PRECISION' });",
        "await op.alterColumn('user', 'bio', { nullable: true, default: null });",
        "await op.alterColumn('user', 'at', { default: sql`CURRENT_TIMESTAMP` });",
        "await op.alterColumn('user', 'n', { default: 'a`b' });",
        "await op.alterColumn('user', 'old name', { newName: 'new name' });",
        "await op.alterColumn('user', 'noop', {});",
      ],
      imports: ['sql', 'varchar'],
    });
  });

  it('createIndex and dropIndex', () => {
    expect(
      render(
        { kind: 'createIndex', table: 'user', index: { name: 'ix_user_email', columns: ['email'], unique: false, where: null } },
        { kind: 'createIndex', table: 'user', index: { name: 'ux', columns: ['a', 'b c'], unique: true, where: "b <> '`${x}`'" } },
        { kind: 'dropIndex', table: 'user', name: 'ix_user_email', index: null },
        { kind: 'dropIndex', table: null, name: 'ux', index: null },
      ),
    ).toStrictEqual({
      lines: [
        "await op.createIndex('ix_user_email', 'user', ['email']);",
        "await op.createIndex('ux', 'user', ['a', 'b c'], { unique: true, where: sql`b <> '\\`\\${x}\\`'` });",
        "await op.dropIndex('ix_user_email', 'user');",
        "await op.dropIndex('ux');",
      ],
      imports: ['sql'],
    });
  });

  it('constraints: unique, foreign key, check, drop', () => {
    expect(
      render(
        { kind: 'createUniqueConstraint', table: 'user', constraint: { name: 'uq_user_a_b', columns: ['a', 'b'] } },
        { kind: 'createUniqueConstraint', table: 'user', constraint: { name: null, columns: ['c'] } },
        {
          kind: 'createForeignKey',
          table: 'user',
          constraint: fk(['team_id'], 'team', ['id'], { name: 'fk_user_team', onDelete: 'CASCADE', onUpdate: 'SET DEFAULT' }),
        },
        { kind: 'createForeignKey', table: 'a', constraint: fk(['x', 'y'], 'b', ['x', 'y']) },
        { kind: 'createCheckConstraint', table: 'user', constraint: { name: 'ck_age', expression: 'age >= 0' } },
        { kind: 'createCheckConstraint', table: 'user', constraint: { name: null, expression: ' padded ' } },
        { kind: 'dropConstraint', table: 'user', name: 'ck_age', dropped: null },
      ),
    ).toStrictEqual({
      lines: [
        "await op.createUniqueConstraint('uq_user_a_b', 'user', ['a', 'b']);",
        "await op.createUniqueConstraint('uq_user_c', 'user', ['c']);",
        "await op.createForeignKey('fk_user_team', 'user', 'team', ['team_id'], ['id'], { onDelete: 'cascade', onUpdate: 'set default' });",
        "await op.createForeignKey('fk_a_x_y_b', 'a', 'b', ['x', 'y'], ['x', 'y']);",
        "await op.createCheckConstraint('ck_age', 'user', sql`age >= 0`);",
        "await op.createCheckConstraint('ck_user', 'user', ' padded ');",
        "await op.dropConstraint('ck_age', 'user');",
      ],
      imports: ['sql'],
    });
  });

  it('alterPrimaryKey', () => {
    expect(
      render(
        { kind: 'alterPrimaryKey', table: 'm', primaryKey: { name: null, columns: ['a', 'b'] } },
        { kind: 'alterPrimaryKey', table: 'm', primaryKey: { name: 'pk_m', columns: ['a'] }, existing: null },
        { kind: 'alterPrimaryKey', table: 'm', primaryKey: null },
      ).lines,
    ).toStrictEqual([
      "await op.alterPrimaryKey('m', ['a', 'b']);",
      "await op.alterPrimaryKey('m', ['a'], { name: 'pk_m' });",
      "await op.alterPrimaryKey('m', null);",
    ]);
  });

  it('execute with and without bindings; messages with backticks, ${ and newlines stay one line', () => {
    expect(
      render(
        { kind: 'execute', sql: 'UPDATE "user" SET active = 1', bindings: [] },
        {
          kind: 'execute',
          sql: 'UPDATE t SET s = ? -- `${x}`\nWHERE id = ?',
          bindings: ["it's", 3, null, true, 10n, new Uint8Array([1, 255])],
        },
      ).lines,
    ).toStrictEqual([
      'await op.execute(\'UPDATE "user" SET active = 1\');',
      "await op.execute('UPDATE t SET s = ? -- `${x}`\\nWHERE id = ?', ['it\\'s', 3, null, true, 10n, new Uint8Array([1, 255])]);",
    ]);
  });

  it('bulkInsert renders one row per line', () => {
    expect(
      render(
        {
          kind: 'bulkInsert',
          table: 'role',
          rows: [
            { id: 1, name: 'admin', 'two words': null },
            { id: 2, name: "o'neil", meta: { a: [1, 'b'] } },
          ],
        },
        { kind: 'bulkInsert', table: 'role', rows: [] },
      ).lines,
    ).toStrictEqual([
      "await op.bulkInsert('role', [",
      "  { id: 1, name: 'admin', 'two words': null },",
      "  { id: 2, name: 'o\\'neil', meta: { a: [1, 'b'] } },",
      ']);',
      "await op.bulkInsert('role', []);",
    ]);
  });

  it('fails closed on values it cannot write', () => {
    expect(() => render({ kind: 'execute', sql: 'x', bindings: [new Date(0)] })).toThrow(
      /cannot write a Date value of execute\(\) bindings/,
    );
    expect(() => render({ kind: 'bulkInsert', table: 't', rows: [{ n: Number.NaN }] })).toThrow(/cannot write NaN/);
  });

  it('collects imports across ops, sorted and unique', () => {
    const a = makeTable({ name: 'a', columns: [col('x', 'TEXT'), col('y', 'DOUBLE PRECISION')] });
    expect(
      render(
        { kind: 'createTable', table: a },
        { kind: 'addColumn', table: 'a', column: col('z', 'TEXT'), unique: null, foreignKey: null },
        { kind: 'alterColumn', table: 'a', name: 'x', changes: { type: 'BLOB' }, existing: null },
        { kind: 'alterColumn', table: 'a', name: 'y', changes: { type: 'MONEY' }, existing: null },
      ).imports,
    ).toStrictEqual(['blob', 'sqlType', 'text']);
  });
});

describe('describeOp', () => {
  const user = makeTable({ name: 'user', columns: [col('id', 'INTEGER')] });
  const email = col('email', 'VARCHAR(80)', { default: { kind: 'literal', value: 'x' } });
  const cases: Array<[Op, string]> = [
    [{ kind: 'createTable', table: user }, "Detected added table 'user'"],
    [{ kind: 'createTable', table: { ...user, schema: 'billing' } }, "Detected added table 'billing.user'"],
    [{ kind: 'dropTable', name: 'x', table: null }, "Detected removed table 'x'"],
    [{ kind: 'renameTable', from: 'a', to: 'b' }, "Detected renamed table 'a' to 'b'"],
    [{ kind: 'addColumn', table: 'user', column: col('bio', 'TEXT'), unique: null, foreignKey: null }, "Detected added column 'user.bio'"],
    [{ kind: 'dropColumn', table: 'user', name: 'bio', column: null }, "Detected removed column 'user.bio'"],
    [
      { kind: 'alterColumn', table: 'user', name: 'email', changes: { type: 'VARCHAR(120)' }, existing: email },
      "Detected type change from VARCHAR(80) to VARCHAR(120) on 'user.email'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'email', changes: { type: 'VARCHAR(120)' }, existing: null },
      "Detected type change to VARCHAR(120) on 'user.email'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'bio', changes: { nullable: true }, existing: null },
      "Detected NULL on column 'user.bio'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'bio', changes: { nullable: false }, existing: null },
      "Detected NOT NULL on column 'user.bio'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'email', changes: { default: { kind: 'literal', value: "y'z" } }, existing: email },
      "Detected default change from 'x' to 'y''z' on 'user.email'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'email', changes: { default: null }, existing: email },
      "Detected removed default on column 'user.email'",
    ],
    [
      {
        kind: 'alterColumn',
        table: 'user',
        name: 'id',
        changes: { default: { kind: 'expression', sql: 'random()' } },
        existing: col('id', 'INTEGER'),
      },
      "Detected added default random() on column 'user.id'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'on', changes: { default: { kind: 'literal', value: true } }, existing: null },
      "Detected default change to TRUE on 'user.on'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'a', changes: { newName: 'b' }, existing: null },
      "Detected renamed column 'user.a' to 'user.b'",
    ],
    [
      { kind: 'alterColumn', table: 'user', name: 'email', changes: { type: 'TEXT', nullable: false }, existing: email },
      "Detected type change from VARCHAR(80) to TEXT on 'user.email'; Detected NOT NULL on column 'user.email'",
    ],
    [
      { kind: 'createIndex', table: 'user', index: { name: 'ix', columns: ['email'], unique: false, where: null } },
      "Detected added index 'ix' on '(email)'",
    ],
    [
      { kind: 'createIndex', table: 'user', index: { name: 'ux', columns: ['a', 'b'], unique: true, where: 'a > 0' } },
      "Detected added unique index 'ux' on '(a, b)' WHERE a > 0",
    ],
    [
      { kind: 'dropIndex', table: 'user', name: 'ix', index: { name: 'ix', columns: ['email'], unique: false, where: null } },
      "Detected removed index 'ix' on '(email)'",
    ],
    [{ kind: 'dropIndex', table: 'user', name: 'ix', index: null }, "Detected removed index 'ix' on 'user'"],
    [{ kind: 'dropIndex', table: null, name: 'ix', index: null }, "Detected removed index 'ix'"],
    [
      { kind: 'createUniqueConstraint', table: 'user', constraint: { name: 'uq_user_email', columns: ['email'] } },
      "Detected added unique constraint 'uq_user_email' on '(email)'",
    ],
    [
      { kind: 'createForeignKey', table: 'user', constraint: fk(['team_id'], 'team', ['id']) },
      'Detected added foreign key (team_id)(team.id) on table user',
    ],
    [
      { kind: 'createCheckConstraint', table: 'user', constraint: { name: 'ck_age', expression: 'age >= 0' } },
      "Detected added check constraint 'ck_age' on 'user': age >= 0",
    ],
    [
      { kind: 'dropConstraint', table: 'user', name: 'uq', dropped: { type: 'unique', constraint: { name: 'uq', columns: ['a', 'b'] } } },
      "Detected removed unique constraint 'uq' on '(a, b)'",
    ],
    [
      { kind: 'dropConstraint', table: 'user', name: 'fk', dropped: { type: 'foreignKey', constraint: fk(['a', 'b'], 'p', ['x', 'y']) } },
      'Detected removed foreign key (a, b)(p.x, p.y) on table user',
    ],
    [
      { kind: 'dropConstraint', table: 'user', name: 'ck', dropped: { type: 'check', constraint: { name: 'ck', expression: '1' } } },
      "Detected removed check constraint 'ck' on 'user'",
    ],
    [{ kind: 'dropConstraint', table: 'user', name: 'c', dropped: null }, "Detected removed constraint 'c' on 'user'"],
    [
      { kind: 'alterPrimaryKey', table: 'm', primaryKey: { name: null, columns: ['a', 'b'] }, existing: { name: null, columns: ['a'] } },
      "Detected primary key change from (a) to (a, b) on 'm'",
    ],
    [
      { kind: 'alterPrimaryKey', table: 'm', primaryKey: { name: 'pk_m', columns: ['a'] }, existing: null },
      "Detected added primary key 'pk_m' (a) on 'm'",
    ],
    [
      { kind: 'alterPrimaryKey', table: 'm', primaryKey: null, existing: { name: null, columns: ['a'] } },
      "Detected removed primary key (a) on 'm'",
    ],
    [{ kind: 'alterPrimaryKey', table: 'm', primaryKey: { name: null, columns: ['a'] } }, "Detected primary key (a) on 'm'"],
    [{ kind: 'execute', sql: 'UPDATE t\n  SET a = `${b}`', bindings: [] }, 'Execute SQL: UPDATE t SET a = `${b}`'],
    [{ kind: 'bulkInsert', table: 'role', rows: [{ id: 1 }, { id: 2 }] }, "Insert 2 rows into 'role'"],
    [
      { kind: 'addColumn', table: 'we\nird', column: col('a\tb', 'TEXT'), unique: null, foreignKey: null },
      "Detected added column 'we\\nird.a\\tb'",
    ],
  ];
  it.each(cases)('%# %s', (op, line) => {
    expect(describeOp(op)).toBe(line);
  });
});

const ROOT = path.resolve(__dirname, '../..');
const TEMPLATE = fs.readFileSync(path.join(ROOT, 'templates/script.ts.tmpl'), 'utf8');

/** A complete migration script whose upgrade is the rendered ops. */
function scriptFor(ops: ReadonlyArray<Op>, revision = 'a1b2c3d4e5f6'): string {
  const rendered = renderOps(ops);
  return renderScript(TEMPLATE, {
    revision,
    downRevisions: [],
    branchLabels: [],
    dependsOn: [],
    message: 'rendered `${ops}`',
    createDate: new Date(2026, 0, 2, 3, 4, 5),
    imports: rendered.imports,
    upgrades: rendered.lines,
    downgrades: [],
  });
}

describe('rendered scripts', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-render-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('type-check: a script using every rendering compiles under strict settings, with no unused import', () => {
    const file = path.join(dir, 'a1b2c3d4e5f6_every_op.ts');
    fs.writeFileSync(file, scriptFor(everyOp));
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'node20',
          moduleResolution: 'node16',
          lib: ['ES2023'],
          strict: true,
          noUncheckedIndexedAccess: true,
          noUnusedLocals: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules/@types')],
          paths: { tsdb: [path.join(ROOT, 'src/index.ts')] },
        },
        files: [file],
      }),
    );
    const config = ts.readConfigFile(path.join(dir, 'tsconfig.json'), (f) => ts.sys.readFile(f));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
    expect(parsed.errors).toStrictEqual([]);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const source = program.getSourceFile(file);
    expect(source).toBeDefined();
    const format = (d: ts.Diagnostic) =>
      `${d.file?.fileName ?? ''}:${d.start ?? ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    expect(ts.getPreEmitDiagnostics(program).map(format)).toStrictEqual([]);
    // The check has teeth: the builders' value types reach the script.
    const bad = path.join(dir, 'bad.ts');
    fs.writeFileSync(bad, "import { integer } from 'tsdb';\nexport const c = integer().default('x');\n");
    const badProgram = ts.createProgram([bad], parsed.options);
    expect(ts.getPreEmitDiagnostics(badProgram).map((d) => d.code)).toStrictEqual([2345]);
  });

  it("round-trip: running the rendered createTable yields exactly the op's Table", async () => {
    process.env['TSDB_CACHE_DIR'] = '';
    setOwnEntry(path.join(ROOT, 'src/index.ts'));
    const t = tempDatabase();
    try {
      for (const [i, table] of roundTripTables.entries()) {
        const revision = `00000000000${i}`;
        const file = path.join(dir, `${revision}_create_${i}.ts`);
        fs.writeFileSync(file, scriptFor([{ kind: 'createTable', table }], revision));
        const loaded = await loadModule(file);
        const upgrade = loaded['upgrade'];
        if (typeof upgrade !== 'function') throw new Error(`${file} has no upgrade()`);
        await applyOnce(t.db, (op: Operations) => (upgrade as (op: Operations) => Promise<void>)(op), revision);
        expect(introspectTable(t.db, table.name)).toStrictEqual(table);
      }
    } finally {
      t.cleanup();
    }
  });
});
