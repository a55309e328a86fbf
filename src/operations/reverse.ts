/** reverse(op): the operation that undoes op. Drops carry what they destroy, so their reverse is exact. */
import { IrreversibleOperationError } from '../errors';
import type { EnumType } from '../schema/types';
import type { ColumnChanges, Op } from './ops';
import { freezeOp } from './ops';

type Reversers = { readonly [K in Op['kind']]: (op: Extract<Op, { kind: K }>) => Op };

function missing(what: string): never {
  throw new IrreversibleOperationError(`${what} cannot be reversed: its prior definition is unknown; write the downgrade by hand`);
}

const reversers: Reversers = {
  // a table in another schema is named `schema.name` by every op that names it (PostgreSQL's planner reads it so)
  createTable: (op) =>
    freezeOp({
      kind: 'dropTable',
      name: op.table.schema === undefined ? op.table.name : `${op.table.schema}.${op.table.name}`,
      table: op.table,
    }),
  dropTable: (op) => (op.table ? freezeOp({ kind: 'createTable', table: op.table }) : missing(`dropTable('${op.name}')`)),
  renameTable: (op) => freezeOp({ kind: 'renameTable', from: op.to, to: op.from }),
  addColumn: (op) => freezeOp({ kind: 'dropColumn', table: op.table, name: op.column.name, column: op.column }),
  dropColumn: (op) =>
    op.column
      ? freezeOp({ kind: 'addColumn', table: op.table, column: op.column, unique: null, foreignKey: null })
      : missing(`dropColumn('${op.table}', '${op.name}')`),
  alterColumn: (op) => {
    const existing = op.existing ?? missing(`alterColumn('${op.table}', '${op.name}')`);
    const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
    if (op.changes.type !== undefined) changes.type = existing.type;
    if (op.changes.nullable !== undefined) changes.nullable = existing.nullable;
    if (op.changes.default !== undefined) changes.default = existing.default;
    const newName = op.changes.newName;
    if (newName !== undefined) changes.newName = op.name;
    const renamed = newName ?? op.name;
    const after = {
      ...existing,
      name: renamed,
      type: op.changes.type ?? existing.type,
      nullable: op.changes.nullable ?? existing.nullable,
      default: op.changes.default !== undefined ? op.changes.default : existing.default,
    };
    return freezeOp({ kind: 'alterColumn', table: op.table, name: renamed, changes, existing: after });
  },
  createIndex: (op) => freezeOp({ kind: 'dropIndex', table: op.table, name: op.index.name, index: op.index }),
  dropIndex: (op) =>
    op.index && op.table !== null
      ? freezeOp({ kind: 'createIndex', table: op.table, index: op.index })
      : missing(`dropIndex('${op.name}')`),
  createUniqueConstraint: (op) =>
    freezeOp({
      kind: 'dropConstraint',
      table: op.table,
      name: constraintName(op.constraint.name),
      dropped: { type: 'unique', constraint: op.constraint },
    }),
  createForeignKey: (op) =>
    freezeOp({
      kind: 'dropConstraint',
      table: op.table,
      name: constraintName(op.constraint.name),
      dropped: { type: 'foreignKey', constraint: op.constraint },
    }),
  createCheckConstraint: (op) =>
    freezeOp({
      kind: 'dropConstraint',
      table: op.table,
      name: constraintName(op.constraint.name),
      dropped: { type: 'check', constraint: op.constraint },
    }),
  dropConstraint: (op) => {
    const dropped = op.dropped ?? missing(`dropConstraint('${op.name}', '${op.table}')`);
    switch (dropped.type) {
      case 'unique':
        return freezeOp({ kind: 'createUniqueConstraint', table: op.table, constraint: dropped.constraint });
      case 'foreignKey':
        return freezeOp({ kind: 'createForeignKey', table: op.table, constraint: dropped.constraint });
      case 'check':
        return freezeOp({ kind: 'createCheckConstraint', table: op.table, constraint: dropped.constraint });
    }
  },
  alterPrimaryKey: (op) =>
    op.existing === undefined
      ? missing(`alterPrimaryKey('${op.table}')`)
      : freezeOp({ kind: 'alterPrimaryKey', table: op.table, primaryKey: op.existing, existing: op.primaryKey }),
  execute: () => missing('execute()'),
  createEnum: (op) => freezeOp({ kind: 'dropEnum', name: op.enum.name, ...schemaOf(op.enum), enum: op.enum }),
  dropEnum: (op) => (op.enum ? freezeOp({ kind: 'createEnum', enum: op.enum }) : missing(`dropEnum('${op.name}')`)),
  addEnumValue: (op) =>
    freezeOp({
      kind: 'dropEnumValue',
      name: op.name,
      ...schemaOf(op),
      value: op.value,
      enum: op.enum && withValue(op.enum, op.value, op.before),
    }),
  dropEnumValue: (op) => {
    const values = op.enum?.values ?? missing(`dropEnumValue('${op.name}', '${op.value}')`);
    const next = values[values.indexOf(op.value) + 1] ?? null;
    const after = { ...op.enum, name: op.name, values: values.filter((v) => v !== op.value) };
    return freezeOp({ kind: 'addEnumValue', name: op.name, ...schemaOf(op), value: op.value, before: next, enum: after });
  },
  createSchema: (op) => freezeOp({ kind: 'dropSchema', name: op.name }),
  dropSchema: (op) => freezeOp({ kind: 'createSchema', name: op.name }),
  bulkInsert: (op) => missing(`bulkInsert('${op.table}')`),
};

function schemaOf(x: { readonly schema?: string }): { schema?: string } {
  return x.schema === undefined ? {} : { schema: x.schema };
}

/** The enum with `value` added before `before` (or at the end). */
function withValue(type: EnumType, value: string, before: string | null): EnumType {
  const at = before === null ? -1 : type.values.indexOf(before);
  const values = at < 0 ? [...type.values, value] : [...type.values.slice(0, at), value, ...type.values.slice(at)];
  return { ...type, values };
}

function constraintName(name: string | null): string {
  return name ?? missing('an unnamed constraint');
}

/** The operation that undoes `op`; throws IrreversibleOperationError when op lacks its prior state. */
export function reverseOp(op: Op): Op {
  return (reversers[op.kind] as (o: Op) => Op)(op);
}

/** The downgrade list for an upgrade list: each op reversed, in reverse order. */
export function reverseOps(ops: ReadonlyArray<Op>): Op[] {
  return [...ops].reverse().map(reverseOp);
}
