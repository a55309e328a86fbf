import { describe, expect, it } from 'vitest';
import type { Op } from '../../src/operations/ops';
import { reverseOp, reverseOps } from '../../src/operations/reverse';
import { makeColumn, makeTable } from '../../src/schema/types';

const bio = makeColumn({ name: 'bio', type: 'TEXT' });
const user = makeTable({
  name: 'user',
  columns: [makeColumn({ name: 'id', type: 'INTEGER', nullable: false })],
  primaryKey: { name: null, columns: ['id'] },
});
const fk = { name: 'fk_a_b', columns: ['b_id'], refTable: 'b', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' } as const;

const reversible: ReadonlyArray<Op> = [
  { kind: 'createTable', table: user },
  { kind: 'dropTable', name: 'user', table: user },
  { kind: 'renameTable', from: 'a', to: 'b' },
  { kind: 'dropColumn', table: 'user', name: 'bio', column: bio },
  {
    kind: 'alterColumn',
    table: 'user',
    name: 'bio',
    changes: { type: 'VARCHAR(10)', nullable: false, default: { kind: 'literal', value: 'x' } },
    existing: bio,
  },
  { kind: 'alterColumn', table: 'user', name: 'bio', changes: { newName: 'about' }, existing: bio },
  { kind: 'createIndex', table: 'user', index: { name: 'ix', columns: ['bio'], unique: false, where: null } },
  { kind: 'dropIndex', table: 'user', name: 'ix', index: { name: 'ix', columns: ['bio'], unique: true, where: 'bio IS NOT NULL' } },
  { kind: 'dropConstraint', table: 'a', name: 'fk_a_b', dropped: { type: 'foreignKey', constraint: fk } },
  { kind: 'dropConstraint', table: 'a', name: 'uq', dropped: { type: 'unique', constraint: { name: 'uq', columns: ['x'] } } },
  { kind: 'dropConstraint', table: 'a', name: 'ck', dropped: { type: 'check', constraint: { name: 'ck', expression: 'x > 0' } } },
];

describe('reverseOp', () => {
  it.each(reversible.map((op) => [`${op.kind} ${JSON.stringify(op).slice(0, 60)}`, op] as const))(
    'reverse(reverse(op)) equals op: %s',
    (_, op) => {
      expect(reverseOp(reverseOp(op))).toStrictEqual(op);
    },
  );

  it('reverses addColumn into a dropColumn that carries the column', () => {
    expect(reverseOp({ kind: 'addColumn', table: 'user', column: bio, unique: null, foreignKey: null })).toStrictEqual({
      kind: 'dropColumn',
      table: 'user',
      name: 'bio',
      column: bio,
    });
  });

  it('reverses a list in reverse order', () => {
    const ops: Op[] = [
      { kind: 'createTable', table: user },
      { kind: 'renameTable', from: 'user', to: 'account' },
    ];
    expect(reverseOps(ops).map((op) => op.kind)).toStrictEqual(['renameTable', 'dropTable']);
  });

  it.each([
    { kind: 'dropTable', name: 'user', table: null },
    { kind: 'dropColumn', table: 'user', name: 'bio', column: null },
    { kind: 'alterColumn', table: 'user', name: 'bio', changes: { nullable: true }, existing: null },
    { kind: 'dropIndex', table: 'user', name: 'ix', index: null },
    { kind: 'dropConstraint', table: 'user', name: 'ck', dropped: null },
    { kind: 'execute', sql: 'DELETE FROM user', bindings: [] },
    { kind: 'bulkInsert', table: 'user', rows: [] },
  ] satisfies Op[])('refuses to reverse $kind without its prior state', (op) => {
    expect(() => reverseOp(op)).toThrow(/cannot be reversed/);
  });
});
