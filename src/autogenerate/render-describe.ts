/** One console line per op, in Alembic's words ("Detected added column 'user.bio'") (pure). */
import type { AlterColumnOp, DroppedConstraint, Op } from '../operations/ops';
import type { ColumnDefault, ForeignKey, PrimaryKey } from '../schema/types';

/** Control characters (a newline in a name) are shown escaped, so a description stays on one line. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => {
    const known: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return known[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const list = (names: ReadonlyArray<string>) => `(${names.join(', ')})`;

function foreignKeyText(table: string, fk: ForeignKey): string {
  return `foreign key ${list(fk.columns)}(${fk.refColumns.map((c) => `${fk.refTable}.${c}`).join(', ')}) on table ${table}`;
}

function defaultText(value: ColumnDefault): string {
  if (value.kind === 'expression') return value.sql;
  const v = value.value;
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v === null ? 'NULL' : String(v);
}

function describeDefault(op: AlterColumnOp, target: string, next: ColumnDefault | null): string {
  const before = op.existing === null ? undefined : op.existing.default;
  if (next === null) return `removed default on column ${target}`;
  if (before === undefined) return `default change to ${defaultText(next)} on ${target}`;
  if (before === null) return `added default ${defaultText(next)} on column ${target}`;
  return `default change from ${defaultText(before)} to ${defaultText(next)} on ${target}`;
}

function describeAlterColumn(op: AlterColumnOp): string {
  const target = `'${op.table}.${op.name}'`;
  const { type, nullable, newName } = op.changes;
  const parts: string[] = [];
  if (type !== undefined)
    parts.push(
      op.existing === null ? `type change to ${type} on ${target}` : `type change from ${op.existing.type} to ${type} on ${target}`,
    );
  if (nullable !== undefined) parts.push(`${nullable ? 'NULL' : 'NOT NULL'} on column ${target}`);
  if (op.changes.default !== undefined) parts.push(describeDefault(op, target, op.changes.default));
  if (newName !== undefined) parts.push(`renamed column ${target} to '${op.table}.${newName}'`);
  if (parts.length === 0) return `Detected no change on column ${target}`;
  return parts.map((p) => `Detected ${p}`).join('; ');
}

function describeDropped(table: string, name: string, dropped: DroppedConstraint | null): string {
  if (dropped === null) return `Detected removed constraint '${name}' on '${table}'`;
  switch (dropped.type) {
    case 'unique':
      return `Detected removed unique constraint '${name}' on '${list(dropped.constraint.columns)}'`;
    case 'foreignKey':
      return `Detected removed ${foreignKeyText(table, dropped.constraint)}`;
    case 'check':
      return `Detected removed check constraint '${name}' on '${table}'`;
  }
}

function describePrimaryKey(table: string, next: PrimaryKey | null, before: PrimaryKey | null | undefined): string {
  if (next === null)
    return before === undefined || before === null
      ? `Detected removed primary key on '${table}'`
      : `Detected removed primary key ${list(before.columns)} on '${table}'`;
  const named = next.name === null ? '' : ` '${next.name}'`;
  if (before === undefined) return `Detected primary key${named} ${list(next.columns)} on '${table}'`;
  if (before === null) return `Detected added primary key${named} ${list(next.columns)} on '${table}'`;
  return `Detected primary key change from ${list(before.columns)} to${named} ${list(next.columns)} on '${table}'`;
}

function sqlPreview(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

const describers: { readonly [K in Op['kind']]: (op: Extract<Op, { kind: K }>) => string } = {
  createTable: (op) => `Detected added table '${qualified(op.table)}'`,
  dropTable: (op) => `Detected removed table '${op.name}'`,
  renameTable: (op) => `Detected renamed table '${op.from}' to '${op.to}'`,
  addColumn: (op) => `Detected added column '${op.table}.${op.column.name}'`,
  dropColumn: (op) => `Detected removed column '${op.table}.${op.name}'`,
  alterColumn: describeAlterColumn,
  createIndex: (op) =>
    `Detected added ${op.index.unique ? 'unique index' : 'index'} '${op.index.name}' on '${list(op.index.columns)}'${op.index.where === null ? '' : ` WHERE ${op.index.where}`}`,
  dropIndex: (op) => {
    if (op.index !== null)
      return `Detected removed ${op.index.unique ? 'unique index' : 'index'} '${op.name}' on '${list(op.index.columns)}'`;
    return op.table === null ? `Detected removed index '${op.name}'` : `Detected removed index '${op.name}' on '${op.table}'`;
  },
  createUniqueConstraint: (op) => `Detected added unique constraint '${op.constraint.name ?? ''}' on '${list(op.constraint.columns)}'`,
  createForeignKey: (op) => `Detected added ${foreignKeyText(op.table, op.constraint)}`,
  createCheckConstraint: (op) =>
    `Detected added check constraint '${op.constraint.name ?? ''}' on '${op.table}': ${sqlPreview(op.constraint.expression)}`,
  dropConstraint: (op) => describeDropped(op.table, op.name, op.dropped),
  alterPrimaryKey: (op) => describePrimaryKey(op.table, op.primaryKey, op.existing),
  execute: (op) => `Execute SQL: ${sqlPreview(op.sql)}`,
  bulkInsert: (op) => `Insert ${op.rows.length} ${op.rows.length === 1 ? 'row' : 'rows'} into '${op.table}'`,
  createEnum: (op) => `Detected added enum type '${qualified(op.enum)}' (${op.enum.values.join(', ')})`,
  dropEnum: (op) => `Detected removed enum type '${qualified(op)}'`,
  addEnumValue: (op) =>
    `Detected added value '${op.value}' of enum type '${qualified(op)}'${op.before === null ? '' : ` before '${op.before}'`}`,
  dropEnumValue: (op) => `Detected removed value '${op.value}' of enum type '${qualified(op)}'`,
  createSchema: (op) => `Detected added schema '${op.name}'`,
  dropSchema: (op) => `Detected removed schema '${op.name}'`,
};

function qualified(x: { readonly schema?: string; readonly name: string }): string {
  return x.schema === undefined ? x.name : `${x.schema}.${x.name}`;
}

/** One console line for an op, e.g. `Detected added column 'user.bio'`. */
export function describeOp(op: Op): string {
  const describe = describers[op.kind] as (op: Op) => string;
  return oneLine(describe(op));
}
