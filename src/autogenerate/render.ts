/**
 * Render (pure): Op[] → the statement lines of `upgrade(op)` / `downgrade(op)` and the names they import
 * from 'tsdb'. Each op becomes `await op.<kind>(…);`, the facade method of the same name, written the way
 * a person would write it (builders, not raw SQL). One renderer per op kind, in an exhaustive table.
 */
import type { AddColumnOp, AlterColumnOp, Op } from '../operations/ops';
import { columnBuilder, isColumnReference, typeCall } from './render-columns';
import { createForeignKeyLine, createIndexLine, renderCreateTable, uniqueName } from './render-create-table';
import { defaultArgument, sqlOrString, stringList, stringLiteral, valueLiteral, type ImportSet } from './render-values';

export { describeOp } from './render-describe';

/** Rendered statements (no indentation; a multi-line statement is several lines) and the imports they need. */
export interface RenderedOps {
  readonly lines: ReadonlyArray<string>;
  /** Names to import from 'tsdb': sorted, unique, without `type Operations`. */
  readonly imports: ReadonlyArray<string>;
}

type Renderer<K extends Op['kind']> = (op: Extract<Op, { kind: K }>, imports: ImportSet) => string[];

function renderAddColumn(op: AddColumnOp, imports: ImportSet): string[] {
  const name = op.column.name;
  const uniqueInline = op.unique !== null && op.unique.columns.length === 1 && op.unique.columns[0] === name;
  const fkInline = op.foreignKey !== null && isColumnReference(op.foreignKey, name);
  const builder = columnBuilder(
    op.column,
    {
      table: op.table,
      name,
      primaryKey: null,
      unique: uniqueInline && op.unique !== null ? { name: op.unique.name } : null,
      references: fkInline ? op.foreignKey : null,
    },
    imports,
  );
  const lines = [`await op.addColumn(${stringLiteral(op.table)}, ${builder});`];
  if (op.unique !== null && !uniqueInline) {
    lines.push(
      `await op.createUniqueConstraint(${stringLiteral(uniqueName(op.table, op.unique))}, ${stringLiteral(op.table)}, ${stringList(op.unique.columns)});`,
    );
  }
  if (op.foreignKey !== null && !fkInline) lines.push(createForeignKeyLine(op.table, op.foreignKey));
  return lines;
}

function renderAlterColumn(op: AlterColumnOp, imports: ImportSet): string[] {
  const { type, nullable, newName } = op.changes;
  const options: string[] = [];
  if (type !== undefined) {
    // alterColumn takes type text as well as a builder: a type without its own builder stays text.
    const needed: ImportSet = new Set();
    const builder = typeCall(type, null, null, needed);
    if (needed.has('sqlType')) {
      options.push(`type: ${stringLiteral(type)}`);
    } else {
      for (const name of needed) imports.add(name);
      options.push(`type: ${builder}`);
    }
  }
  if (nullable !== undefined) options.push(`nullable: ${nullable ? 'true' : 'false'}`);
  const value = op.changes.default;
  if (value !== undefined) options.push(`default: ${value === null ? 'null' : defaultArgument(value, imports)}`);
  if (newName !== undefined) options.push(`newName: ${stringLiteral(newName)}`);
  const args = options.length === 0 ? '{}' : `{ ${options.join(', ')} }`;
  return [`await op.alterColumn(${stringLiteral(op.table)}, ${stringLiteral(op.name)}, ${args});`];
}

const renderers: { readonly [K in Op['kind']]: Renderer<K> } = {
  createTable: renderCreateTable,
  dropTable: (op) => [`await op.dropTable(${stringLiteral(op.name)});`],
  renameTable: (op) => [`await op.renameTable(${stringLiteral(op.from)}, ${stringLiteral(op.to)});`],
  addColumn: renderAddColumn,
  dropColumn: (op) => [`await op.dropColumn(${stringLiteral(op.table)}, ${stringLiteral(op.name)});`],
  alterColumn: renderAlterColumn,
  createIndex: (op, imports) => [createIndexLine(op.table, op.index, imports)],
  dropIndex: (op) => [`await op.dropIndex(${stringLiteral(op.name)}${op.table === null ? '' : `, ${stringLiteral(op.table)}`});`],
  createUniqueConstraint: (op) => [
    `await op.createUniqueConstraint(${stringLiteral(uniqueName(op.table, op.constraint))}, ${stringLiteral(op.table)}, ${stringList(op.constraint.columns)});`,
  ],
  createForeignKey: (op) => [createForeignKeyLine(op.table, op.constraint)],
  createCheckConstraint: (op, imports) => [
    `await op.createCheckConstraint(${stringLiteral(op.constraint.name ?? `ck_${op.table}`)}, ${stringLiteral(op.table)}, ${sqlOrString(op.constraint.expression, imports)});`,
  ],
  dropConstraint: (op) => [`await op.dropConstraint(${stringLiteral(op.name)}, ${stringLiteral(op.table)});`],
  alterPrimaryKey: (op) => {
    const pk = op.primaryKey;
    const columns = pk === null ? 'null' : stringList(pk.columns);
    const options = pk !== null && pk.name !== null ? `, { name: ${stringLiteral(pk.name)} }` : '';
    return [`await op.alterPrimaryKey(${stringLiteral(op.table)}, ${columns}${options});`];
  },
  execute: (op) => {
    const bindings = op.bindings.length === 0 ? '' : `, ${valueLiteral(op.bindings, 'execute() bindings')}`;
    return [`await op.execute(${stringLiteral(op.sql)}${bindings});`];
  },
  bulkInsert: (op) => {
    const table = stringLiteral(op.table);
    if (op.rows.length === 0) return [`await op.bulkInsert(${table}, []);`];
    const where = `a row of bulkInsert into '${op.table}'`;
    return [`await op.bulkInsert(${table}, [`, ...op.rows.map((row) => `  ${valueLiteral(row, where)},`), ']);'];
  },
  createEnum: (op) => [`await op.createEnum(${stringLiteral(op.enum.name)}, ${stringList(op.enum.values)}${schemaOption(op.enum)});`],
  dropEnum: (op) => [`await op.dropEnum(${stringLiteral(op.name)}${schemaOption(op)});`],
  addEnumValue: (op) => {
    const options = [...(op.before === null ? [] : [`before: ${stringLiteral(op.before)}`]), ...schemaEntry(op)];
    const rest = options.length === 0 ? '' : `, { ${options.join(', ')} }`;
    return [`await op.addEnumValue(${stringLiteral(op.name)}, ${stringLiteral(op.value)}${rest});`];
  },
  dropEnumValue: (op) => [`await op.dropEnumValue(${stringLiteral(op.name)}, ${stringLiteral(op.value)}${schemaOption(op)});`],
  createSchema: (op) => [`await op.createSchema(${stringLiteral(op.name)});`],
  dropSchema: (op) => [`await op.dropSchema(${stringLiteral(op.name)});`],
};

function schemaEntry(x: { readonly schema?: string }): string[] {
  return x.schema === undefined ? [] : [`schema: ${stringLiteral(x.schema)}`];
}

/** `, { schema: 'billing' }` for an object outside the default schema; nothing otherwise. */
function schemaOption(x: { readonly schema?: string }): string {
  return x.schema === undefined ? '' : `, { ${schemaEntry(x).join('')} }`;
}

/** Renders one op's statement lines, adding what it needs to `imports`. */
function renderOne(op: Op, imports: ImportSet): string[] {
  const render = renderers[op.kind] as (op: Op, imports: ImportSet) => string[];
  return render(op, imports);
}

/**
 * Renders ops as statements of a migration function body.
 * @example renderOps([addColumnOp]) → { lines: ["await op.addColumn('user', text('bio'));"], imports: ['text'] }
 */
export function renderOps(ops: ReadonlyArray<Op>): RenderedOps {
  const imports: ImportSet = new Set();
  const lines = ops.flatMap((op) => renderOne(op, imports));
  return { lines, imports: [...imports].sort() };
}
