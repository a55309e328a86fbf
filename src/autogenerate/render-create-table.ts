/**
 * createTable as source text (pure). Executing the rendered statements yields exactly the op's Table:
 * column order, types, nullability, defaults, keys, constraints and their order. Keys and constraints
 * on columns go inside `op.createTable` (a named key is `.primaryKey({ name })` or
 * `primaryKey(name).on(…)`, a multi-column foreign key `foreignKey(name).on(…).references([…])`);
 * only what the models API cannot say follows it as separate statements: constraints on terms that are
 * not columns, indexes on names that are neither columns nor expressions, and foreign keys to a column
 * whose name holds a dot. A table in another schema takes `{ schema }`; the statements after it name it `schema.table`.
 */
import type { CreateTableOp } from '../operations/ops';
import type { Column, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from '../schema/types';
import { columnBuilder, isColumnReference, isTableColumnsReference, referenceActions } from './render-columns';
import { propertyAccess, propertyKey, sqlTag, stringList, stringLiteral, type ImportSet } from './render-values';

/** Splits `items` into the longest prefix that `inline` accepts (given the previous accepted item) and the rest. */
function splitPrefix<T>(items: ReadonlyArray<T>, inline: (item: T, previous: T | null) => boolean): [T[], T[]] {
  const head: T[] = [];
  for (const [i, item] of items.entries()) {
    if (!inline(item, head[head.length - 1] ?? null)) return [head, items.slice(i)];
    head.push(item);
  }
  return [head, []];
}

/** Deterministic names for constraints that have none, matching the models' own naming. */
export function uniqueName(table: string, unique: UniqueConstraint): string {
  return unique.name ?? `uq_${table}_${unique.columns.join('_')}`;
}

/** The name `op.createForeignKey` gets for a foreign key: its own, else `fk_<table>_<cols>_<refTable>`. */
export function foreignKeyName(table: string, fk: ForeignKey): string {
  return fk.name ?? `fk_${table}_${fk.columns.join('_')}_${fk.refTable}`;
}

/** `await op.createForeignKey(…);` */
export function createForeignKeyLine(table: string, fk: ForeignKey): string {
  const options = referenceActions(fk);
  const args = [
    stringLiteral(foreignKeyName(table, fk)),
    stringLiteral(table),
    stringLiteral(fk.refTable),
    stringList(fk.columns),
    stringList(fk.refColumns),
    ...(options.length === 0 ? [] : [`{ ${options.join(', ')} }`]),
  ];
  return `await op.createForeignKey(${args.join(', ')});`;
}

/** `await op.createIndex(…);` */
export function createIndexLine(table: string, index: Index, imports: ImportSet): string {
  const options: string[] = [];
  if (index.unique) options.push('unique: true');
  if (index.where !== null) options.push(`where: ${sqlTag(index.where, imports)}`);
  if (index.method !== undefined) options.push(`using: ${stringLiteral(index.method)}`);
  const args = [
    stringLiteral(index.name),
    stringLiteral(table),
    stringList(index.columns),
    ...(options.length === 0 ? [] : [`{ ${options.join(', ')} }`]),
  ];
  return `await op.createIndex(${args.join(', ')});`;
}

/** An index term that is an expression, not a column: it holds a parenthesis (`lower(email)`, `(a + b)`). */
function isIndexExpression(term: string): boolean {
  return term.includes('(');
}

/** The plan: which parts go inside `op.createTable` and which follow it. */
interface TablePlan {
  readonly columnPk: PrimaryKey | null;
  readonly compositePk: PrimaryKey | null;
  readonly columnUniques: ReadonlyMap<string, UniqueConstraint>;
  readonly extraUniques: ReadonlyArray<UniqueConstraint>;
  readonly laterUniques: ReadonlyArray<UniqueConstraint>;
  readonly columnFks: ReadonlyMap<string, ForeignKey>;
  readonly extraFks: ReadonlyArray<ForeignKey>;
  readonly laterFks: ReadonlyArray<ForeignKey>;
  readonly extraIndexes: ReadonlyArray<Index>;
  readonly laterIndexes: ReadonlyArray<Index>;
}

function planTable(table: Table): TablePlan {
  const position = new Map(table.columns.map((c, i) => [c.name, i]));
  const at = (name: string | undefined): number => (name === undefined ? -1 : (position.get(name) ?? -1));
  const isColumns = (names: ReadonlyArray<string>) => names.length > 0 && names.every((n) => position.has(n));
  const pk = table.primaryKey !== null && isColumns(table.primaryKey.columns) ? table.primaryKey : null;

  // Column-level UNIQUE / REFERENCES come first, in column order (as toSchema builds them), then the rest.
  const [inlineUniques, restUniques] = splitPrefix(
    table.uniques,
    (u, prev) => u.columns.length === 1 && at(u.columns[0]) > at(prev?.columns[0]) && position.has(u.columns[0] ?? ''),
  );
  const [extraUniques, laterUniques] = splitPrefix(restUniques, (u) => isColumns(u.columns));
  const [inlineFks, restFks] = splitPrefix(table.foreignKeys, (fk, prev) => {
    const column = fk.columns[0] ?? '';
    return isColumnReference(fk, column) && position.has(column) && at(column) > at(prev?.columns[0]);
  });
  const [extraFks, laterFks] = splitPrefix(restFks, (fk) => isColumns(fk.columns) && isTableColumnsReference(fk));
  const [extraIndexes, laterIndexes] = splitPrefix(
    table.indexes,
    (ix) => ix.columns.length > 0 && ix.columns.every((term) => position.has(term) || isIndexExpression(term)),
  );
  return {
    columnPk: pk !== null && pk.columns.length === 1 ? pk : null,
    compositePk: pk !== null && pk.columns.length > 1 ? pk : null,
    columnUniques: new Map(inlineUniques.map((u) => [u.columns[0] ?? '', u])),
    extraUniques,
    laterUniques,
    columnFks: new Map(inlineFks.map((fk) => [fk.columns[0] ?? '', fk])),
    extraFks,
    laterFks,
    extraIndexes,
    laterIndexes,
  };
}

function columnLine(table: Table, column: Column, plan: TablePlan, imports: ImportSet): string {
  const unique = plan.columnUniques.get(column.name);
  const builder = columnBuilder(
    column,
    {
      table: table.name,
      name: null,
      primaryKey: plan.columnPk?.columns[0] === column.name ? { name: plan.columnPk.name } : null,
      unique: unique === undefined ? null : { name: unique.name },
      references: plan.columnFks.get(column.name) ?? null,
    },
    imports,
  );
  return `  ${propertyKey(column.name)}: ${builder},`;
}

function extraLines(table: Table, plan: TablePlan, imports: ImportSet): string[] {
  const refs = (names: ReadonlyArray<string>) => names.map((n) => propertyAccess('t', n)).join(', ');
  const out: string[] = [];
  const pk = plan.compositePk;
  if (pk !== null) {
    imports.add('primaryKey');
    out.push(pk.name === null ? `primaryKey(${refs(pk.columns)})` : `primaryKey(${stringLiteral(pk.name)}).on(${refs(pk.columns)})`);
  }
  for (const u of plan.extraUniques) {
    imports.add('unique');
    out.push(`unique(${stringLiteral(uniqueName(table.name, u))}).on(${refs(u.columns)})`);
  }
  for (const fk of plan.extraFks) {
    imports.add('foreignKey');
    const paths = fk.refColumns.map((c) => `${fk.refTable}.${c}`);
    const targets = paths.length === 1 ? stringLiteral(paths[0] ?? '') : stringList(paths);
    const options = referenceActions(fk);
    const args = options.length === 0 ? targets : `${targets}, { ${options.join(', ')} }`;
    out.push(`foreignKey(${stringLiteral(foreignKeyName(table.name, fk))}).on(${refs(fk.columns)}).references(${args})`);
  }
  const columnNames = new Set(table.columns.map((c) => c.name));
  const term = (t: string) => (columnNames.has(t) ? propertyAccess('t', t) : sqlTag(t, imports));
  for (const ix of plan.extraIndexes) {
    const fn = ix.unique ? 'uniqueIndex' : 'index';
    imports.add(fn);
    const where = ix.where === null ? '' : `.where(${sqlTag(ix.where, imports)})`;
    const using = ix.method === undefined ? '' : `.using(${stringLiteral(ix.method)})`;
    out.push(`${fn}(${stringLiteral(ix.name)}).on(${ix.columns.map(term).join(', ')})${where}${using}`);
  }
  table.checks.forEach((ck, i) => {
    imports.add('check');
    out.push(`check(${stringLiteral(ck.name ?? `ck_${table.name}_${i + 1}`)}, ${sqlTag(ck.expression, imports)})`);
  });
  return out.map((line) => `  ${line},`);
}

/** `await op.createTable('t', { … }, (t) => [ … ]);` and the statements that complete it. */
export function renderCreateTable(op: CreateTableOp, imports: ImportSet): string[] {
  const table = op.table;
  const plan = planTable(table);
  // the statements after createTable name a table outside the default schema as `schema.table`, as ops do
  const scoped = table.schema === undefined ? table.name : `${table.schema}.${table.name}`;
  const name = stringLiteral(scoped);
  const opening = stringLiteral(table.name);
  const options = table.schema === undefined ? '' : `, { schema: ${stringLiteral(table.schema)} }`;
  const columns = table.columns.map((c) => columnLine(table, c, plan, imports));
  const extras = extraLines(table, plan, imports);
  const lines: string[] = [`await op.createTable(${opening}, {`, ...columns];
  if (extras.length === 0) lines.push(options === '' ? '});' : `}, undefined${options});`);
  else lines.push('}, (t) => [', ...extras, `]${options});`);
  if (columns.length === 0 && extras.length === 0)
    lines.splice(0, 2, `await op.createTable(${opening}, {}${options === '' ? '' : `, undefined${options}`});`);
  for (const u of plan.laterUniques)
    lines.push(`await op.createUniqueConstraint(${stringLiteral(uniqueName(table.name, u))}, ${name}, ${stringList(u.columns)});`);
  for (const fk of plan.laterFks) lines.push(createForeignKeyLine(scoped, fk));
  for (const ix of plan.laterIndexes) lines.push(createIndexLine(scoped, ix, imports));
  return lines;
}
