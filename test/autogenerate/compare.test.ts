import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareSchemas, reverseForDowngrade, type CompareOptions } from '../../src/autogenerate/compare';
import type { Op } from '../../src/operations/ops';
import { isNumericType, normalizeType, sqliteComparator } from '../../src/dialect/sqlite/comparator';
import { renameIdentifier, tokenizeSql } from '../../src/schema/normalize';
import type {
  CheckConstraint,
  Column,
  ColumnDefault,
  ForeignKey,
  Index,
  PrimaryKey,
  Schema,
  Table,
  UniqueConstraint,
} from '../../src/schema/types';
import { makeColumn, makeTable } from '../../src/schema/types';

const opts: CompareOptions = { comparator: sqliteComparator, compareTypes: true, compareServerDefaults: true };
const schema = (...tables: Table[]): Schema => ({ tables });
const id = makeColumn({ name: 'id', type: 'INTEGER', nullable: false });
const pkId: PrimaryKey = { name: null, columns: ['id'] };
const simple = (name: string, ...columns: Column[]): Table => makeTable({ name, columns: [id, ...columns], primaryKey: pkId });
const diff = (current: Schema, target: Schema, options: CompareOptions = opts): ReadonlyArray<Op> =>
  compareSchemas(current, target, options).ops;

// ---------------------------------------------------------------- the SPEC's models, both ways
const teamModel = makeTable({
  name: 'team',
  columns: [id, makeColumn({ name: 'name', type: 'VARCHAR(100)', nullable: false })],
  primaryKey: pkId,
  uniques: [{ name: 'uq_team_name', columns: ['name'] }],
});
const userModel = makeTable({
  name: 'user',
  columns: [
    id,
    makeColumn({ name: 'username', type: 'VARCHAR(80)', nullable: false }),
    makeColumn({ name: 'email', type: 'VARCHAR(120)', nullable: false }),
    makeColumn({ name: 'active', type: 'BOOLEAN', nullable: false, default: { kind: 'literal', value: true } }),
    makeColumn({ name: 'bio', type: 'TEXT' }),
    makeColumn({ name: 'team_id', type: 'INTEGER' }),
    makeColumn({ name: 'created_at', type: 'DATETIME', nullable: false, default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' } }),
  ],
  primaryKey: pkId,
  indexes: [{ name: 'ix_user_email', columns: ['email'], unique: false, where: null }],
  uniques: [{ name: 'uq_user_username', columns: ['username'] }],
  foreignKeys: [
    {
      name: 'fk_user_team_id_team',
      columns: ['team_id'],
      refTable: 'team',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    },
  ],
  checks: [{ name: 'ck_user_username_len', expression: 'length(username) > 2' }],
});
const models = schema(teamModel, userModel);
/** What introspection reads back after the models were created: types as written, 1 for true, checks as written. */
const introspected = schema(
  makeTable({
    ...teamModel,
    columns: [makeColumn({ ...id, type: 'integer' }), makeColumn({ name: 'name', type: 'varchar( 100 )', nullable: false })],
  }),
  makeTable({
    ...userModel,
    columns: userModel.columns.map((c) =>
      c.name === 'active'
        ? makeColumn({ ...c, default: { kind: 'literal', value: 1 } })
        : c.name === 'created_at'
          ? makeColumn({ ...c, default: { kind: 'expression', sql: 'current_timestamp' } })
          : c,
    ),
    checks: [{ name: 'ck_user_username_len', expression: '(LENGTH("username")>2)' }],
  }),
);

describe('compareSchemas: equal schemas', () => {
  it('gives no ops and no warnings for the SPEC models against their introspected form', () => {
    expect(compareSchemas(introspected, models, opts)).toStrictEqual({ ops: [], warnings: [] });
    expect(compareSchemas(models, models, opts)).toStrictEqual({ ops: [], warnings: [] });
  });

  it('ignores column and constraint order', () => {
    const shuffled = makeTable({ ...userModel, columns: [...userModel.columns].reverse() });
    expect(diff(schema(teamModel, shuffled), schema(userModel, teamModel))).toStrictEqual([]);
  });
});

describe('compareSchemas: tables', () => {
  it('creates a table and drops one, with its definition', () => {
    expect(diff(schema(teamModel), models)).toStrictEqual([{ kind: 'createTable', table: userModel }]);
    expect(diff(models, schema(teamModel))).toStrictEqual([{ kind: 'dropTable', name: 'user', table: userModel }]);
  });

  it('creates parents before children and drops children before parents', () => {
    expect(diff(schema(), schema(userModel, teamModel))).toStrictEqual([
      { kind: 'createTable', table: teamModel },
      { kind: 'createTable', table: userModel },
    ]);
    expect(diff(schema(teamModel, userModel), schema())).toStrictEqual([
      { kind: 'dropTable', name: 'user', table: userModel },
      { kind: 'dropTable', name: 'team', table: teamModel },
    ]);
  });

  it('drops a foreign key of a kept table before the table it references', () => {
    const userNoFk = makeTable({ ...userModel, foreignKeys: [] });
    const fk = userModel.foreignKeys[0];
    expect(diff(models, schema(userNoFk))).toStrictEqual([
      { kind: 'dropConstraint', table: 'user', name: 'fk_user_team_id_team', dropped: { type: 'foreignKey', constraint: fk } },
      { kind: 'dropTable', name: 'team', table: teamModel },
    ]);
  });

  it('creates a new parent table before the foreign key of a kept table that references it', () => {
    const userNoFk = makeTable({ ...userModel, foreignKeys: [] });
    expect(diff(schema(userNoFk), models)).toStrictEqual([
      { kind: 'createTable', table: teamModel },
      { kind: 'createForeignKey', table: 'user', constraint: userModel.foreignKeys[0] },
    ]);
  });

  it('renders a declared table rename as renameTable, then compares the rest', () => {
    const squad = makeTable({ ...teamModel, name: 'squad', uniques: [{ name: 'uq_squad_name', columns: ['name'] }] });
    const renamedTeam = makeTable({ ...teamModel, name: 'squad' });
    const result = compareSchemas(schema(teamModel), schema(squad), { ...opts, tableRenames: new Map([['squad', 'team']]) });
    expect(result).toStrictEqual({
      ops: [
        { kind: 'renameTable', from: 'team', to: 'squad' },
        {
          kind: 'dropConstraint',
          table: 'squad',
          name: 'uq_team_name',
          dropped: { type: 'unique', constraint: { name: 'uq_team_name', columns: ['name'] } },
        },
        { kind: 'createUniqueConstraint', table: 'squad', constraint: { name: 'uq_squad_name', columns: ['name'] } },
      ],
      warnings: [],
    });
    // A plain rename (nothing else changed) is one op, and other tables' foreign keys follow it.
    const child = makeTable({ ...userModel, foreignKeys: [{ ...userModel.foreignKeys[0]!, refTable: 'squad' }] });
    expect(diff(models, schema(renamedTeam, child), { ...opts, tableRenames: new Map([['squad', 'team']]) })).toStrictEqual([
      { kind: 'renameTable', from: 'team', to: 'squad' },
    ]);
  });

  it('ignores a declared table rename that is already applied', () => {
    const squad = makeTable({ ...teamModel, name: 'squad' });
    expect(diff(schema(squad), schema(squad), { ...opts, tableRenames: new Map([['squad', 'team']]) })).toStrictEqual([]);
  });

  it('warns about a likely table rename that was not declared', () => {
    const squad = makeTable({ ...teamModel, name: 'squad' });
    expect(compareSchemas(schema(teamModel), schema(squad), opts).warnings).toStrictEqual([
      "Table 'team' was dropped and 'squad' added with the same columns; if this is a rename, declare it in the model: table('squad', {...}, undefined, { renamedFrom: 'team' })",
    ]);
  });
});

describe('compareSchemas: columns', () => {
  const bio = makeColumn({ name: 'bio', type: 'TEXT' });

  it('adds and drops a column (the drop carries it)', () => {
    expect(diff(schema(simple('user')), schema(simple('user', bio)))).toStrictEqual([
      { kind: 'addColumn', table: 'user', column: bio, unique: null, foreignKey: null },
    ]);
    expect(diff(schema(simple('user', bio)), schema(simple('user')))).toStrictEqual([
      { kind: 'dropColumn', table: 'user', name: 'bio', column: bio },
    ]);
  });

  it("declares an added column's own UNIQUE and FOREIGN KEY on addColumn", () => {
    const teamId = makeColumn({ name: 'team_id', type: 'INTEGER' });
    const fk: ForeignKey = {
      name: 'fk_user_team_id_team',
      columns: ['team_id'],
      refTable: 'team',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    };
    const uq: UniqueConstraint = { name: 'uq_user_team_id', columns: ['team_id'] };
    const after = makeTable({ ...simple('user', teamId), foreignKeys: [fk], uniques: [uq] });
    expect(diff(schema(simple('team'), simple('user')), schema(simple('team'), after))).toStrictEqual([
      { kind: 'addColumn', table: 'user', column: teamId, unique: uq, foreignKey: fk },
    ]);
  });

  it('drops the constraints and indexes that use a column before the column', () => {
    const email = makeColumn({ name: 'email', type: 'TEXT' });
    const ix: Index = { name: 'ix_user_email', columns: ['email'], unique: false, where: null };
    const uq: UniqueConstraint = { name: 'uq_user_email', columns: ['email'] };
    const ck: CheckConstraint = { name: 'ck_email', expression: "email LIKE '%@%'" };
    const before = makeTable({ ...simple('user', email), indexes: [ix], uniques: [uq], checks: [ck] });
    expect(diff(schema(before), schema(simple('user')))).toStrictEqual([
      { kind: 'dropIndex', table: 'user', name: 'ix_user_email', index: ix },
      { kind: 'dropConstraint', table: 'user', name: 'uq_user_email', dropped: { type: 'unique', constraint: uq } },
      { kind: 'dropConstraint', table: 'user', name: 'ck_email', dropped: { type: 'check', constraint: ck } },
      { kind: 'dropColumn', table: 'user', name: 'email', column: email },
    ]);
    // and the reverse: the column first, then what uses it
    expect(diff(schema(simple('user')), schema(before))).toStrictEqual([
      { kind: 'addColumn', table: 'user', column: email, unique: uq, foreignKey: null },
      { kind: 'createCheckConstraint', table: 'user', constraint: ck },
      { kind: 'createIndex', table: 'user', index: ix },
    ]);
  });

  it('renders a declared column rename as alterColumn {newName}, then compares the rest', () => {
    const name = makeColumn({ name: 'name', type: 'TEXT' });
    const fullName = makeColumn({ name: 'full_name', type: 'VARCHAR(200)', nullable: false, default: { kind: 'literal', value: '' } });
    const before = makeTable({
      ...simple('user', name),
      indexes: [{ name: 'ix_name', columns: ['name'], unique: false, where: 'name IS NOT NULL' }],
      checks: [{ name: 'ck_name', expression: 'length(name) > 0' }],
    });
    const after = makeTable({
      ...simple('user', fullName),
      indexes: [{ name: 'ix_name', columns: ['full_name'], unique: false, where: 'full_name IS NOT NULL' }],
      checks: [{ name: 'ck_name', expression: 'length(full_name) > 0' }],
    });
    const result = compareSchemas(schema(before), schema(after), {
      ...opts,
      columnRenames: new Map([['user', new Map([['full_name', 'name']])]]),
    });
    expect(result).toStrictEqual({
      ops: [
        { kind: 'alterColumn', table: 'user', name: 'name', changes: { newName: 'full_name' }, existing: name },
        {
          kind: 'alterColumn',
          table: 'user',
          name: 'full_name',
          changes: { type: 'VARCHAR(200)', nullable: false, default: { kind: 'literal', value: '' } },
          existing: makeColumn({ ...name, name: 'full_name' }),
        },
      ],
      warnings: [],
    });
  });

  it('warns about a likely column rename that was not declared, naming how to declare it', () => {
    const result = compareSchemas(
      schema(simple('user', makeColumn({ name: 'name', type: 'text' }))),
      schema(simple('user', makeColumn({ name: 'full_name', type: 'TEXT' }))),
      opts,
    );
    expect(result.ops.map((op) => op.kind)).toStrictEqual(['dropColumn', 'addColumn']);
    expect(result.warnings).toStrictEqual([
      "Column 'user.name' was dropped and 'user.full_name' added with the same type; if this is a rename, declare it in the model: text('full_name').renamedFrom('name')",
    ]);
  });

  it('detects a type change, both ways, and not when compareTypes is off', () => {
    const short = makeColumn({ name: 'name', type: 'VARCHAR(80)' });
    const long = makeColumn({ name: 'name', type: 'VARCHAR(120)' });
    expect(diff(schema(simple('t', short)), schema(simple('t', long)))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'name', changes: { type: 'VARCHAR(120)' }, existing: short },
    ]);
    expect(diff(schema(simple('t', long)), schema(simple('t', short)))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'name', changes: { type: 'VARCHAR(80)' }, existing: long },
    ]);
    expect(diff(schema(simple('t', short)), schema(simple('t', long)), { ...opts, compareTypes: false })).toStrictEqual([]);
  });

  it('treats INT and INTEGER alike except for the rowid-alias primary key', () => {
    expect(
      diff(schema(simple('t', makeColumn({ name: 'n', type: 'int' }))), schema(simple('t', makeColumn({ name: 'n', type: 'INTEGER' })))),
    ).toStrictEqual([]);
    const intId = makeColumn({ name: 'id', type: 'INT', nullable: false });
    expect(diff(schema(makeTable({ name: 't', columns: [intId], primaryKey: pkId })), schema(simple('t')))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'id', changes: { type: 'INTEGER' }, existing: intId },
    ]);
  });

  it('detects nullability changes both ways', () => {
    const loose = makeColumn({ name: 'email', type: 'TEXT', nullable: true });
    const tight = makeColumn({ name: 'email', type: 'TEXT', nullable: false });
    expect(diff(schema(simple('t', loose)), schema(simple('t', tight)))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'email', changes: { nullable: false }, existing: loose },
    ]);
    expect(diff(schema(simple('t', tight)), schema(simple('t', loose)))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'email', changes: { nullable: true }, existing: tight },
    ]);
  });

  it('detects default changes (added, removed, changed) and not when compareServerDefaults is off', () => {
    const none = makeColumn({ name: 'n', type: 'INTEGER' });
    const five = makeColumn({ name: 'n', type: 'INTEGER', default: { kind: 'literal', value: 5 } });
    const expr = makeColumn({ name: 'n', type: 'INTEGER', default: { kind: 'expression', sql: 'abs(-6)' } });
    expect(diff(schema(simple('t', none)), schema(simple('t', five)))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'n', changes: { default: { kind: 'literal', value: 5 } }, existing: none },
    ]);
    expect(diff(schema(simple('t', five)), schema(simple('t', none)))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'n', changes: { default: null }, existing: five },
    ]);
    expect(diff(schema(simple('t', five)), schema(simple('t', expr)))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'n', changes: { default: { kind: 'expression', sql: 'abs(-6)' } }, existing: five },
    ]);
    expect(diff(schema(simple('t', five)), schema(simple('t', none)), { ...opts, compareServerDefaults: false })).toStrictEqual([]);
  });

  it("sees through default spellings: true = 1, '5' = 5 on numbers, literal null = none", () => {
    const a = makeColumn({ name: 'a', type: 'BOOLEAN', default: { kind: 'literal', value: 1 } });
    const b = makeColumn({ name: 'b', type: 'NUMERIC(10,2)', default: { kind: 'literal', value: '5' } });
    const c = makeColumn({ name: 'c', type: 'TEXT', default: { kind: 'literal', value: null } });
    const a2 = makeColumn({ ...a, default: { kind: 'literal', value: true } });
    const b2 = makeColumn({ ...b, type: 'numeric(10, 2)', default: { kind: 'literal', value: 5 } });
    const c2 = makeColumn({ ...c, default: null });
    expect(diff(schema(simple('t', a, b, c)), schema(simple('t', a2, b2, c2)))).toStrictEqual([]);
  });

  it('warns and emits nothing for an AUTOINCREMENT change (alterColumn cannot express it)', () => {
    const auto = makeColumn({ ...id, autoincrement: true });
    const result = compareSchemas(schema(simple('t')), schema(makeTable({ name: 't', columns: [auto], primaryKey: pkId })), opts);
    expect(result.ops).toStrictEqual([]);
    expect(result.warnings).toStrictEqual([
      "Column 't.id' gains AUTOINCREMENT; alterColumn cannot express that, so no operation was generated: write this change by hand",
    ]);
  });
});

describe('compareSchemas: NOT NULL column added to an existing table', () => {
  it('adds it nullable, backfills, then sets NOT NULL, with a warning', () => {
    const age = makeColumn({ name: 'age', type: 'INTEGER', nullable: false });
    const loose = makeColumn({ ...age, nullable: true });
    const result = compareSchemas(schema(simple('user')), schema(simple('user', age)), opts);
    expect(result).toStrictEqual({
      ops: [
        { kind: 'addColumn', table: 'user', column: loose, unique: null, foreignKey: null },
        { kind: 'execute', sql: 'UPDATE "user" SET "age" = 0 WHERE "age" IS NULL', bindings: [] },
        { kind: 'alterColumn', table: 'user', name: 'age', changes: { nullable: false }, existing: loose },
      ],
      warnings: [
        "Column 'user.age' is added NOT NULL without a default to existing table 'user': existing rows need a value. The script fills them with 0; edit the generated UPDATE to set the right value.",
      ],
    });
    expect(reverseForDowngrade(result.ops, sqliteComparator)).toStrictEqual([
      { kind: 'alterColumn', table: 'user', name: 'age', changes: { nullable: true }, existing: age },
      { kind: 'dropColumn', table: 'user', name: 'age', column: loose },
    ]);
  });

  it.each([
    ['TEXT', "''"],
    ['VARCHAR(20)', "''"],
    ['INTEGER', '0'],
    ['BOOLEAN', '0'],
    ['REAL', '0'],
    ['NUMERIC(10, 2)', '0'],
    ['DATETIME', 'CURRENT_TIMESTAMP'],
    ['TIMESTAMP', 'CURRENT_TIMESTAMP'],
    ['DATE', 'CURRENT_DATE'],
    ['JSON', "'{}'"],
    ['BLOB', "X''"],
  ])('fills %s with %s', (type, value) => {
    const ops = diff(schema(simple('t')), schema(simple('t', makeColumn({ name: 'c', type, nullable: false }))));
    expect(ops[1]).toStrictEqual({ kind: 'execute', sql: `UPDATE "t" SET "c" = ${value} WHERE "c" IS NULL`, bindings: [] });
  });

  it('needs no backfill when the column has a default, or for a new table', () => {
    const flag = makeColumn({ name: 'flag', type: 'BOOLEAN', nullable: false, default: { kind: 'literal', value: false } });
    expect(diff(schema(simple('t')), schema(simple('t', flag)))).toStrictEqual([
      { kind: 'addColumn', table: 't', column: flag, unique: null, foreignKey: null },
    ]);
    const fresh = simple('u', makeColumn({ name: 'c', type: 'TEXT', nullable: false }));
    expect(diff(schema(), schema(fresh))).toStrictEqual([{ kind: 'createTable', table: fresh }]);
  });
});

describe('compareSchemas: primary key', () => {
  const a = makeColumn({ name: 'a', type: 'INTEGER', nullable: false });
  const b = makeColumn({ name: 'b', type: 'INTEGER', nullable: false });
  const bLoose = makeColumn({ ...b, nullable: true });

  it('alters the key, carrying the prior key, both ways', () => {
    const one = makeTable({ name: 't', columns: [a, b], primaryKey: { name: null, columns: ['a'] } });
    const two = makeTable({ name: 't', columns: [a, b], primaryKey: { name: 'pk_t', columns: ['a', 'b'] } });
    expect(diff(schema(one), schema(two))).toStrictEqual([
      { kind: 'alterPrimaryKey', table: 't', primaryKey: { name: 'pk_t', columns: ['a', 'b'] }, existing: { name: null, columns: ['a'] } },
    ]);
    expect(diff(schema(two), schema(one))).toStrictEqual([
      { kind: 'alterPrimaryKey', table: 't', primaryKey: { name: null, columns: ['a'] }, existing: { name: 'pk_t', columns: ['a', 'b'] } },
    ]);
    expect(diff(schema(one), schema(makeTable({ ...one, primaryKey: null })))).toStrictEqual([
      { kind: 'alterPrimaryKey', table: 't', primaryKey: null, existing: { name: null, columns: ['a'] } },
    ]);
  });

  it('makes a column NOT NULL before it joins the key, and nullable only after it left', () => {
    const before = makeTable({ name: 't', columns: [a, bLoose], primaryKey: { name: null, columns: ['a'] } });
    const after = makeTable({ name: 't', columns: [makeColumn({ ...a, nullable: true }), b], primaryKey: { name: null, columns: ['b'] } });
    expect(diff(schema(before), schema(after))).toStrictEqual([
      { kind: 'alterColumn', table: 't', name: 'b', changes: { nullable: false }, existing: bLoose },
      { kind: 'alterPrimaryKey', table: 't', primaryKey: { name: null, columns: ['b'] }, existing: { name: null, columns: ['a'] } },
      { kind: 'alterColumn', table: 't', name: 'a', changes: { nullable: true }, existing: a },
    ]);
  });

  it('drops a key column only after the key changed', () => {
    const before = makeTable({ name: 't', columns: [a, b], primaryKey: { name: null, columns: ['a', 'b'] } });
    const after = makeTable({ name: 't', columns: [a], primaryKey: { name: null, columns: ['a'] } });
    expect(diff(schema(before), schema(after))).toStrictEqual([
      { kind: 'alterPrimaryKey', table: 't', primaryKey: { name: null, columns: ['a'] }, existing: { name: null, columns: ['a', 'b'] } },
      { kind: 'dropColumn', table: 't', name: 'b', column: b },
    ]);
  });
});

describe('compareSchemas: indexes and constraints', () => {
  const email = makeColumn({ name: 'email', type: 'TEXT' });
  const base = simple('user', email);
  const ix: Index = { name: 'ix_email', columns: ['email'], unique: false, where: null };

  it('adds and drops an index', () => {
    const withIx = makeTable({ ...base, indexes: [ix] });
    expect(diff(schema(base), schema(withIx))).toStrictEqual([{ kind: 'createIndex', table: 'user', index: ix }]);
    expect(diff(schema(withIx), schema(base))).toStrictEqual([{ kind: 'dropIndex', table: 'user', name: 'ix_email', index: ix }]);
  });

  it('drops and recreates an index whose definition or name changed', () => {
    const withIx = makeTable({ ...base, indexes: [ix] });
    const partial: Index = { ...ix, unique: true, where: 'email IS NOT NULL' };
    expect(diff(schema(withIx), schema(makeTable({ ...base, indexes: [partial] })))).toStrictEqual([
      { kind: 'dropIndex', table: 'user', name: 'ix_email', index: ix },
      { kind: 'createIndex', table: 'user', index: partial },
    ]);
    const renamed: Index = { ...ix, name: 'ix_user_email' };
    expect(diff(schema(withIx), schema(makeTable({ ...base, indexes: [renamed] })))).toStrictEqual([
      { kind: 'dropIndex', table: 'user', name: 'ix_email', index: ix },
      { kind: 'createIndex', table: 'user', index: renamed },
    ]);
    const spelled: Index = { ...partial, where: '(("email" is not null))' };
    expect(diff(schema(makeTable({ ...base, indexes: [partial] })), schema(makeTable({ ...base, indexes: [spelled] })))).toStrictEqual([]);
  });

  it('adds, drops and renames a unique constraint; an unnamed one matches by definition', () => {
    const uq: UniqueConstraint = { name: 'uq_user_email', columns: ['email'] };
    const withUq = makeTable({ ...base, uniques: [uq] });
    expect(diff(schema(base), schema(withUq))).toStrictEqual([{ kind: 'createUniqueConstraint', table: 'user', constraint: uq }]);
    expect(diff(schema(withUq), schema(base))).toStrictEqual([
      { kind: 'dropConstraint', table: 'user', name: 'uq_user_email', dropped: { type: 'unique', constraint: uq } },
    ]);
    const other: UniqueConstraint = { name: 'uq_email', columns: ['email'] };
    expect(diff(schema(withUq), schema(makeTable({ ...base, uniques: [other] })))).toStrictEqual([
      { kind: 'dropConstraint', table: 'user', name: 'uq_user_email', dropped: { type: 'unique', constraint: uq } },
      { kind: 'createUniqueConstraint', table: 'user', constraint: other },
    ]);
    expect(diff(schema(makeTable({ ...base, uniques: [{ name: null, columns: ['EMAIL'] }] })), schema(withUq))).toStrictEqual([]);
  });

  it('warns instead of dropping an unnamed constraint, and names an unnamed one it creates', () => {
    const result = compareSchemas(schema(makeTable({ ...base, uniques: [{ name: null, columns: ['email'] }] })), schema(base), opts);
    expect(result.ops).toStrictEqual([]);
    expect(result.warnings).toStrictEqual([
      "Table 'user' has an unnamed UNIQUE (email) that the models do not declare; an unnamed constraint cannot be dropped by name, so no operation was generated: drop it by hand (rebuild the table) or declare it in the model",
    ]);
    expect(diff(schema(base), schema(makeTable({ ...base, checks: [{ name: null, expression: 'id > 0' }] })))).toStrictEqual([
      { kind: 'createCheckConstraint', table: 'user', constraint: { name: 'ck_user_1', expression: 'id > 0' } },
    ]);
  });

  it('adds, drops and changes a foreign key', () => {
    const teamId = makeColumn({ name: 'team_id', type: 'INTEGER' });
    const fk: ForeignKey = {
      name: 'fk_user_team_id_team',
      columns: ['team_id'],
      refTable: 'team',
      refColumns: ['id'],
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
    };
    const plain = simple('user', teamId);
    const linked = makeTable({ ...plain, foreignKeys: [fk] });
    const cascade = makeTable({ ...plain, foreignKeys: [{ ...fk, onDelete: 'CASCADE' }] });
    const team = simple('team');
    expect(diff(schema(team, plain), schema(team, linked))).toStrictEqual([{ kind: 'createForeignKey', table: 'user', constraint: fk }]);
    expect(diff(schema(team, linked), schema(team, plain))).toStrictEqual([
      { kind: 'dropConstraint', table: 'user', name: 'fk_user_team_id_team', dropped: { type: 'foreignKey', constraint: fk } },
    ]);
    expect(diff(schema(team, linked), schema(team, cascade))).toStrictEqual([
      { kind: 'dropConstraint', table: 'user', name: 'fk_user_team_id_team', dropped: { type: 'foreignKey', constraint: fk } },
      { kind: 'createForeignKey', table: 'user', constraint: { ...fk, onDelete: 'CASCADE' } },
    ]);
  });

  it('adds, drops and changes a CHECK; unnamed checks compare by definition', () => {
    const ck: CheckConstraint = { name: 'ck_email', expression: "email LIKE '%@%'" };
    const withCk = makeTable({ ...base, checks: [ck] });
    expect(diff(schema(base), schema(withCk))).toStrictEqual([{ kind: 'createCheckConstraint', table: 'user', constraint: ck }]);
    expect(diff(schema(withCk), schema(base))).toStrictEqual([
      { kind: 'dropConstraint', table: 'user', name: 'ck_email', dropped: { type: 'check', constraint: ck } },
    ]);
    const changed: CheckConstraint = { name: 'ck_email', expression: "email LIKE '%@%.%'" };
    expect(diff(schema(withCk), schema(makeTable({ ...base, checks: [changed] })))).toStrictEqual([
      { kind: 'dropConstraint', table: 'user', name: 'ck_email', dropped: { type: 'check', constraint: ck } },
      { kind: 'createCheckConstraint', table: 'user', constraint: changed },
    ]);
    const unnamed = makeTable({ ...base, checks: [{ name: null, expression: '("email" like \'%@%\')' }] });
    expect(diff(schema(unnamed), schema(withCk))).toStrictEqual([]);
  });
});

// ---------------------------------------------------------------- round-trip property

type MutableSchema = { tables: Table[] };

function fail(message: string): never {
  throw new Error(message);
}

function mentions(sql: string, column: string): boolean {
  return tokenizeSql(sql).some((t) => (t.kind === 'word' || t.kind === 'quoted') && t.value.toLowerCase() === column.toLowerCase());
}

function sameDef(label: string, carried: unknown, actual: unknown): void {
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(carried)), JSON.parse(JSON.stringify(actual)))) {
    fail(`${label}: carried prior state ${JSON.stringify(carried)} differs from the actual ${JSON.stringify(actual)}`);
  }
}

/** Applies ops to an in-memory schema the way SQLite + tsdb's DDL would, checking each op's preconditions and carried state. */
function applyOps(start: Schema, ops: ReadonlyArray<Op>): Schema {
  const s: MutableSchema = { tables: [...start.tables] };
  const get = (name: string): Table => s.tables.find((t) => t.name === name) ?? fail(`no table ${name}`);
  const put = (name: string, f: (t: Table) => Table): void => {
    s.tables = s.tables.map((t) => (t.name === name ? makeTable(f(t)) : t));
  };
  const col = (t: Table, name: string): Column => t.columns.find((c) => c.name === name) ?? fail(`no column ${t.name}.${name}`);
  const requireColumns = (t: Table, names: ReadonlyArray<string>): void => names.forEach((n) => col(t, n));
  const constraintNames = (t: Table): Array<string | null> => [...t.uniques, ...t.foreignKeys, ...t.checks].map((c) => c.name);
  for (const op of ops) {
    switch (op.kind) {
      case 'createTable':
        if (s.tables.some((t) => t.name === op.table.name)) fail(`table ${op.table.name} exists`);
        for (const fk of op.table.foreignKeys) if (fk.refTable !== op.table.name) requireColumns(get(fk.refTable), fk.refColumns);
        s.tables.push(op.table);
        break;
      case 'dropTable': {
        sameDef(`dropTable ${op.name}`, op.table, get(op.name));
        const child = s.tables.find((t) => t.name !== op.name && t.foreignKeys.some((fk) => fk.refTable === op.name));
        if (child) fail(`dropTable ${op.name}: ${child.name} still references it`);
        s.tables = s.tables.filter((t) => t.name !== op.name);
        break;
      }
      case 'renameTable':
        get(op.from);
        if (s.tables.some((t) => t.name === op.to)) fail(`table ${op.to} exists`);
        s.tables = s.tables.map((t) =>
          makeTable({
            ...t,
            name: t.name === op.from ? op.to : t.name,
            foreignKeys: t.foreignKeys.map((fk) => (fk.refTable === op.from ? { ...fk, refTable: op.to } : fk)),
          }),
        );
        break;
      case 'addColumn':
        put(op.table, (t) => {
          if (t.columns.some((c) => c.name === op.column.name)) fail(`column ${op.table}.${op.column.name} exists`);
          if (op.foreignKey) requireColumns(get(op.foreignKey.refTable), op.foreignKey.refColumns);
          return {
            ...t,
            columns: [...t.columns, op.column],
            uniques: op.unique ? [...t.uniques, op.unique] : t.uniques,
            foreignKeys: op.foreignKey ? [...t.foreignKeys, op.foreignKey] : t.foreignKeys,
          };
        });
        break;
      case 'dropColumn':
        put(op.table, (t) => {
          sameDef(`dropColumn ${op.table}.${op.name}`, op.column, col(t, op.name));
          const uses = (cols: ReadonlyArray<string>) => cols.includes(op.name);
          if (t.checks.some((c) => mentions(c.expression, op.name))) fail(`dropColumn ${op.table}.${op.name}: a CHECK uses it`);
          const child = s.tables.find((o) =>
            o.foreignKeys.some((fk) => fk.refTable === op.table && uses(fk.refColumns) && !(o.name === op.table && uses(fk.columns))),
          );
          if (child) fail(`dropColumn ${op.table}.${op.name}: ${child.name} references it`);
          return {
            ...t,
            columns: t.columns.filter((c) => c.name !== op.name),
            primaryKey: t.primaryKey && uses(t.primaryKey.columns) ? null : t.primaryKey,
            uniques: t.uniques.filter((u) => !uses(u.columns)),
            foreignKeys: t.foreignKeys.filter((f) => !uses(f.columns)),
            indexes: t.indexes.filter((i) => !uses(i.columns) && !(i.where !== null && mentions(i.where, op.name))),
          };
        });
        break;
      case 'alterColumn': {
        const t0 = get(op.table);
        sameDef(`alterColumn ${op.table}.${op.name}`, op.existing, col(t0, op.name));
        const { newName, ...rest } = op.changes;
        if (newName !== undefined && Object.keys(rest).length > 0) fail('rename mixed with other changes');
        if (newName === undefined) {
          put(op.table, (t) => ({
            ...t,
            columns: t.columns.map((c) =>
              c.name !== op.name
                ? c
                : makeColumn({
                    ...c,
                    type: rest.type ?? c.type,
                    nullable: rest.nullable ?? c.nullable,
                    default: rest.default !== undefined ? rest.default : c.default,
                  }),
            ),
          }));
          break;
        }
        if (t0.columns.some((c) => c.name === newName)) fail(`column ${op.table}.${newName} exists`);
        const from = op.name;
        const swap = (names: ReadonlyArray<string>) => names.map((n) => (n === from ? newName : n));
        s.tables = s.tables.map((t) => {
          const foreignKeys = t.foreignKeys.map((fk) => {
            const own = t.name === op.table ? { ...fk, columns: swap(fk.columns) } : fk;
            return fk.refTable === op.table ? { ...own, refColumns: swap(own.refColumns) } : own;
          });
          if (t.name !== op.table) return makeTable({ ...t, foreignKeys });
          return makeTable({
            ...t,
            columns: t.columns.map((c) => (c.name === from ? makeColumn({ ...c, name: newName }) : c)),
            primaryKey: t.primaryKey && { ...t.primaryKey, columns: swap(t.primaryKey.columns) },
            uniques: t.uniques.map((u) => ({ ...u, columns: swap(u.columns) })),
            indexes: t.indexes.map((i) => ({
              ...i,
              columns: swap(i.columns),
              where: i.where === null ? null : renameIdentifier(i.where, from, newName),
            })),
            checks: t.checks.map((c) => ({ ...c, expression: renameIdentifier(c.expression, from, newName) })),
            foreignKeys,
          });
        });
        break;
      }
      case 'createIndex':
        if (s.tables.some((t) => t.indexes.some((i) => i.name === op.index.name))) fail(`index ${op.index.name} exists`);
        put(op.table, (t) => {
          requireColumns(t, op.index.columns);
          return { ...t, indexes: [...t.indexes, op.index] };
        });
        break;
      case 'dropIndex':
        put(op.table ?? fail('dropIndex without table'), (t) => {
          sameDef(`dropIndex ${op.name}`, op.index, t.indexes.find((i) => i.name === op.name) ?? fail(`no index ${op.name}`));
          return { ...t, indexes: t.indexes.filter((i) => i.name !== op.name) };
        });
        break;
      case 'createUniqueConstraint':
      case 'createCheckConstraint':
      case 'createForeignKey':
        put(op.table, (t) => {
          if (op.constraint.name === null || constraintNames(t).includes(op.constraint.name))
            fail(`constraint name ${String(op.constraint.name)} unusable`);
          if (op.kind === 'createUniqueConstraint') {
            requireColumns(t, op.constraint.columns);
            return { ...t, uniques: [...t.uniques, op.constraint] };
          }
          if (op.kind === 'createCheckConstraint') return { ...t, checks: [...t.checks, op.constraint] };
          requireColumns(t, op.constraint.columns);
          requireColumns(op.constraint.refTable === t.name ? t : get(op.constraint.refTable), op.constraint.refColumns);
          return { ...t, foreignKeys: [...t.foreignKeys, op.constraint] };
        });
        break;
      case 'dropConstraint':
        put(op.table, (t) => {
          const all = [...t.uniques, ...t.foreignKeys, ...t.checks];
          sameDef(
            `dropConstraint ${op.name}`,
            op.dropped?.constraint,
            all.find((c) => c.name === op.name) ?? fail(`no constraint ${op.name}`),
          );
          const keep = <T extends { readonly name: string | null }>(list: ReadonlyArray<T>) => list.filter((c) => c.name !== op.name);
          return { ...t, uniques: keep(t.uniques), foreignKeys: keep(t.foreignKeys), checks: keep(t.checks) };
        });
        break;
      case 'alterPrimaryKey':
        put(op.table, (t) => {
          sameDef(`alterPrimaryKey ${op.table}`, op.existing, t.primaryKey);
          requireColumns(t, op.primaryKey?.columns ?? []);
          const columns = t.columns.map((c) => (op.primaryKey?.columns.includes(c.name) ? makeColumn({ ...c, nullable: false }) : c));
          return { ...t, columns, primaryKey: op.primaryKey };
        });
        break;
      case 'execute':
        break;
      case 'bulkInsert':
        fail('compare never emits bulkInsert');
    }
  }
  return { tables: s.tables };
}

/** mulberry32: a tiny seeded PRNG. */
function prng(seed: number): { int: (n: number) => number; chance: (p: number) => boolean; pick: <T>(xs: ReadonlyArray<T>) => T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, chance: (p) => next() < p, pick: (xs) => xs[int(xs.length)] ?? fail('pick from an empty list') };
}
type Rng = ReturnType<typeof prng>;

const TYPES = ['TEXT', 'INTEGER', 'VARCHAR(20)', 'varchar( 40 )', 'BOOLEAN', 'REAL', 'NUMERIC(10, 2)', 'DATETIME', 'int'];

function randomDefault(rng: Rng, type: string): ColumnDefault | null {
  if (!rng.chance(0.3)) return null;
  const t = normalizeType(type);
  if (t === 'DATETIME') return { kind: 'expression', sql: rng.pick(['CURRENT_TIMESTAMP', 'current_timestamp', "datetime('now')"]) };
  if (t === 'BOOLEAN') return { kind: 'literal', value: rng.chance(0.5) };
  if (isNumericType(type)) return { kind: 'literal', value: rng.int(4) };
  return { kind: 'literal', value: rng.pick(['', 'x', 'hello']) };
}

function randomColumn(rng: Rng, name: string): Column {
  const type = rng.pick(TYPES);
  return makeColumn({ name, type, nullable: rng.chance(0.6), default: randomDefault(rng, type) });
}

/** A generator of schema pairs: B is A after random edits, with the renames a model would declare. */
class Generator {
  private n = 0;
  constructor(private readonly rng: Rng) {}
  fresh(prefix: string): string {
    this.n += 1;
    return `${prefix}${this.n}`;
  }

  randomTable(tables: ReadonlyArray<Table>): Table {
    const { rng } = this;
    const name = this.fresh('t');
    const columns = [id, ...Array.from({ length: 1 + rng.int(4) }, () => randomColumn(rng, this.fresh('c')))];
    const parents = tables.filter((t) => t.primaryKey?.columns.length === 1 && t.primaryKey.columns[0] === 'id');
    const foreignKeys: ForeignKey[] = [];
    if (parents.length > 0 && rng.chance(0.5)) {
      const ref = this.fresh('r');
      columns.push(makeColumn({ name: ref, type: 'INTEGER' }));
      foreignKeys.push({
        name: this.fresh('fk'),
        columns: [ref],
        refTable: rng.pick(parents).name,
        refColumns: ['id'],
        onDelete: rng.pick(['NO ACTION', 'CASCADE', 'SET NULL'] as const),
        onUpdate: 'NO ACTION',
      });
    }
    let table = makeTable({ name, columns, primaryKey: rng.chance(0.85) ? pkId : null, foreignKeys });
    for (let k = rng.int(3); k > 0; k--) table = this.addThing(table);
    return table;
  }

  /** Adds an index, a unique or a check on a random non-id column. */
  addThing(t: Table): Table {
    const { rng } = this;
    const candidates = t.columns.filter((c) => c.name !== 'id');
    if (candidates.length === 0) return t;
    const c = rng.pick(candidates).name;
    switch (rng.int(3)) {
      case 0:
        return makeTable({
          ...t,
          indexes: [
            ...t.indexes,
            { name: this.fresh('ix'), columns: [c], unique: rng.chance(0.3), where: rng.chance(0.3) ? `${c} IS NOT NULL` : null },
          ],
        });
      case 1:
        return makeTable({ ...t, uniques: [...t.uniques, { name: this.fresh('uq'), columns: [c] }] });
      default:
        return makeTable({ ...t, checks: [...t.checks, { name: this.fresh('ck'), expression: `length(${c}) >= 0` }] });
    }
  }

  schema(): Schema {
    const tables: Table[] = [];
    for (let k = 1 + this.rng.int(3); k > 0; k--) tables.push(this.randomTable(tables));
    return { tables };
  }

  /** B = A after 1-5 random edits; renames of things that came from A are declared. */
  mutate(a: Schema): { b: Schema; options: CompareOptions } {
    const { rng } = this;
    let tables = [...a.tables];
    // current name -> name in A (null: new); per table, current column name -> name in A
    const tableOrigin = new Map<string, string | null>(tables.map((t) => [t.name, t.name]));
    const columnOrigin = new Map<string, Map<string, string | null>>(
      tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.name]))]),
    );
    const referenced = (name: string) => [...a.tables, ...tables].some((t) => t.foreignKeys.some((fk) => fk.refTable === name));
    const edit = (name: string, f: (t: Table) => Table) => {
      tables = tables.map((t) => (t.name === name ? makeTable(f(t)) : t));
    };
    for (let k = 1 + rng.int(5); k > 0; k--) {
      const t = rng.pick(tables.length > 0 ? tables : [this.randomTable([])]);
      const plainColumns = t.columns.filter(
        (c) =>
          c !== t.columns[0] &&
          !(t.primaryKey?.columns.includes(c.name) ?? false) &&
          !t.foreignKeys.some((f) => f.columns.includes(c.name)),
      );
      switch (rng.int(11)) {
        case 0: {
          const added = this.randomTable(tables);
          tables.push(added);
          tableOrigin.set(added.name, null);
          columnOrigin.set(added.name, new Map());
          break;
        }
        case 1:
          if (!tables.includes(t)) break;
          tables = tables
            .filter((x) => x !== t)
            .map((x) => makeTable({ ...x, foreignKeys: x.foreignKeys.filter((fk) => fk.refTable !== t.name) }));
          break;
        case 2: {
          if (!tables.includes(t)) break;
          const to = this.fresh('t');
          tables = tables.map((x) =>
            makeTable({
              ...x,
              name: x.name === t.name ? to : x.name,
              foreignKeys: x.foreignKeys.map((fk) => (fk.refTable === t.name ? { ...fk, refTable: to } : fk)),
            }),
          );
          tableOrigin.set(to, tableOrigin.get(t.name) ?? null);
          tableOrigin.delete(t.name);
          columnOrigin.set(to, columnOrigin.get(t.name) ?? new Map());
          columnOrigin.delete(t.name);
          break;
        }
        case 3: {
          if (!tables.includes(t)) break;
          const c = rng.chance(0.3)
            ? makeColumn({ ...randomColumn(rng, this.fresh('c')), nullable: false, default: null })
            : randomColumn(rng, this.fresh('c'));
          edit(t.name, (x) => ({ ...x, columns: [...x.columns, c] }));
          if (rng.chance(0.3)) edit(t.name, (x) => ({ ...x, uniques: [...x.uniques, { name: this.fresh('uq'), columns: [c.name] }] }));
          break;
        }
        case 4: {
          if (!tables.includes(t) || plainColumns.length === 0) break;
          const c = rng.pick(plainColumns).name;
          edit(t.name, (x) => ({
            ...x,
            columns: x.columns.filter((y) => y.name !== c),
            indexes: x.indexes.filter((i) => !i.columns.includes(c) && !(i.where !== null && mentions(i.where, c))),
            uniques: x.uniques.filter((u) => !u.columns.includes(c)),
            checks: x.checks.filter((ck) => !mentions(ck.expression, c)),
          }));
          break;
        }
        case 5: {
          if (!tables.includes(t)) break;
          const c = rng.pick(t.columns).name;
          const to = this.fresh('c');
          const swap = (names: ReadonlyArray<string>) => names.map((n) => (n === c ? to : n));
          tables = tables.map((x) =>
            makeTable({
              ...x,
              ...(x.name === t.name
                ? {
                    columns: x.columns.map((y) => (y.name === c ? makeColumn({ ...y, name: to }) : y)),
                    primaryKey: x.primaryKey && { ...x.primaryKey, columns: swap(x.primaryKey.columns) },
                    indexes: x.indexes.map((i) => ({
                      ...i,
                      columns: swap(i.columns),
                      where: i.where === null ? null : i.where.replace(new RegExp(`\\b${c}\\b`, 'g'), to),
                    })),
                    uniques: x.uniques.map((u) => ({ ...u, columns: swap(u.columns) })),
                    checks: x.checks.map((ck) => ({ ...ck, expression: ck.expression.replace(new RegExp(`\\b${c}\\b`, 'g'), to) })),
                  }
                : {}),
              foreignKeys: x.foreignKeys.map((fk) => ({
                ...fk,
                columns: x.name === t.name ? swap(fk.columns) : fk.columns,
                refColumns: fk.refTable === t.name ? swap(fk.refColumns) : fk.refColumns,
              })),
            }),
          );
          const origins = columnOrigin.get(t.name) ?? new Map<string, string | null>();
          origins.set(to, origins.get(c) ?? null);
          origins.delete(c);
          columnOrigin.set(t.name, origins);
          break;
        }
        case 6: {
          if (!tables.includes(t) || plainColumns.length === 0) break;
          const c = rng.pick(plainColumns);
          const type = rng.chance(0.4) ? rng.pick(TYPES) : c.type;
          edit(t.name, (x) => ({
            ...x,
            columns: x.columns.map((y) =>
              y !== c
                ? y
                : makeColumn({ ...c, type, nullable: rng.chance(0.5), default: rng.chance(0.5) ? randomDefault(rng, type) : c.default }),
            ),
          }));
          break;
        }
        case 7: {
          if (!tables.includes(t) || referenced(t.name)) break;
          const extra = plainColumns.length > 0 && rng.chance(0.5) ? [rng.pick(plainColumns).name] : [];
          const key = t.columns[0]?.name ?? fail('a table without columns'); // the id column, perhaps renamed
          const pk: PrimaryKey | null = rng.chance(0.25)
            ? null
            : { name: rng.chance(0.3) ? this.fresh('pk') : null, columns: [key, ...extra] };
          edit(t.name, (x) => ({
            ...x,
            primaryKey: pk,
            columns: x.columns.map((y) => (pk?.columns.includes(y.name) ? makeColumn({ ...y, nullable: false }) : y)),
          }));
          break;
        }
        case 8:
          if (tables.includes(t)) edit(t.name, (x) => this.addThing(x));
          break;
        case 9: {
          if (!tables.includes(t)) break;
          const kind = rng.int(3);
          edit(t.name, (x) =>
            kind === 0
              ? { ...x, indexes: x.indexes.slice(1) }
              : kind === 1
                ? { ...x, uniques: x.uniques.slice(1) }
                : { ...x, checks: x.checks.slice(1) },
          );
          break;
        }
        default:
          if (tables.includes(t))
            edit(t.name, (x) => ({
              ...x,
              foreignKeys: x.foreignKeys.map((fk) => ({ ...fk, onDelete: rng.pick(['NO ACTION', 'CASCADE', 'RESTRICT'] as const) })),
            }));
      }
    }
    const tableRenames = new Map<string, string>();
    const columnRenames = new Map<string, Map<string, string>>();
    for (const t of tables) {
      const from = tableOrigin.get(t.name);
      if (from === undefined || from === null) continue;
      if (from !== t.name) tableRenames.set(t.name, from);
      const cols = new Map<string, string>();
      for (const [now, was] of columnOrigin.get(t.name) ?? []) if (was !== null && was !== now) cols.set(now, was);
      if (cols.size > 0) columnRenames.set(t.name, cols);
    }
    return { b: { tables }, options: { ...opts, tableRenames, columnRenames } };
  }
}

describe('compareSchemas: round trip', () => {
  it('applying the ops to A reaches B, and applying reverseForDowngrade(ops) comes back to A (300 seeded pairs)', () => {
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const gen = new Generator(prng(seed));
      const a = gen.schema();
      const { b, options } = gen.mutate(a);
      const where = `seed ${seed}`;
      const { ops } = compareSchemas(a, b, options);
      for (const op of ops) seen.set(op.kind, (seen.get(op.kind) ?? 0) + 1);
      let upgraded: Schema;
      try {
        upgraded = applyOps(a, ops);
      } catch (error) {
        throw new Error(`${where}: upgrade failed: ${String(error)}\nops: ${JSON.stringify(ops)}`);
      }
      expect(compareSchemas(upgraded, b, options).ops, `${where}: second compare after upgrade`).toStrictEqual([]);
      let downgraded: Schema;
      try {
        downgraded = applyOps(upgraded, reverseForDowngrade(ops, sqliteComparator));
      } catch (error) {
        throw new Error(`${where}: downgrade failed: ${String(error)}\nops: ${JSON.stringify(ops)}`);
      }
      expect(compareSchemas(downgraded, a, opts).ops, `${where}: compare after downgrade`).toStrictEqual([]);
    }
    // the generator must exercise every kind compare can emit
    expect([...seen.keys()].sort()).toStrictEqual([
      'addColumn',
      'alterColumn',
      'alterPrimaryKey',
      'createCheckConstraint',
      'createForeignKey',
      'createIndex',
      'createTable',
      'createUniqueConstraint',
      'dropColumn',
      'dropConstraint',
      'dropIndex',
      'dropTable',
      'execute',
      'renameTable',
    ]);
  });
});
