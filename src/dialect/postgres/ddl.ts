/**
 * Op → SQL on PostgreSQL: native ALTER TABLE for every change (no rebuilds), every name qualified. A
 * statement PostgreSQL cannot run in a transaction block is marked `outside`, for the runner to run on
 * its own (Alembic's autocommit_block). A few ops read the catalog first (the current primary key's name).
 */
import { assertNever, OperationError } from '../../errors';
import type { AlterColumnOp, DropEnumValueOp, Op } from '../../operations/ops';
import { splitStatements } from '../../schema/sql-statements';
import { columnSql, columnType, createIndexSql, createTableSql, foreignKeyBody, renderDefault } from './create-table';
import { compileTable } from './compile';
import { readDefault } from './introspect';
import { qualify, quoteIdent, quoteString, sqlName, tableSql } from './names';
import type { PgCatalog } from './catalog';

/** One statement; `outside`: it cannot run inside a transaction block. */
export interface PgStatement {
  readonly sql: string;
  readonly params: ReadonlyArray<unknown>;
  readonly outside: boolean;
}

/** What a planner may consult. */
export interface PlanContext {
  readonly defaultSchema: string;
  readonly catalog: PgCatalog;
}

function statement(sql: string, params: ReadonlyArray<unknown> = [], outside = false): PgStatement {
  return { sql, params, outside };
}

const TRANSACTION_CONTROL = new Set(['BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'START', 'ABORT']);

/** Statements PostgreSQL refuses inside a transaction block (and ADD VALUE, whose value is unusable until it commits). */
const OUTSIDE_TRANSACTION: ReadonlyArray<RegExp> = [
  /^(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX)\b[\s\S]*\bCONCURRENTLY\b/i,
  /^REINDEX\s+(SYSTEM|DATABASE)\b/i,
  /^VACUUM\b/i,
  /^(CREATE|DROP)\s+(DATABASE|TABLESPACE)\b/i,
  /^ALTER\s+SYSTEM\b/i,
  /^ALTER\s+TYPE\b[\s\S]*\bADD\s+VALUE\b/i,
];

/** True when `sql` (one statement) must run outside a transaction block. */
export function runsOutsideTransaction(sql: string): boolean {
  const text = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  return OUTSIDE_TRANSACTION.some((pattern) => pattern.test(text));
}

/** ALTER TYPE … ADD VALUE: PostgreSQL runs it in a transaction, but the value is unusable until it commits. */
export function addsEnumValue(sql: string): boolean {
  return /^\s*ALTER\s+TYPE\b[\s\S]*\bADD\s+VALUE\b/i.test(sql);
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const CONCURRENT_BUILD = new RegExp(
  String.raw`^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+ON\s+(?:ONLY\s+)?(${IDENT}(?:\.${IDENT})?)`,
  'i',
);

function identName(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}

/** The index and table (as written) of a CREATE INDEX CONCURRENTLY that names its index; else null. */
export function concurrentIndexBuild(sql: string): { readonly index: string; readonly table: string } | null {
  const match = CONCURRENT_BUILD.exec(sql);
  if (match === null || match[1] === undefined || match[2] === undefined) return null;
  return { index: identName(match[1]), table: match[2] };
}

function execute(sql: string, bindings: ReadonlyArray<unknown>): PgStatement[] {
  const statements = splitStatements(sql);
  for (const s of statements) {
    if (TRANSACTION_CONTROL.has(s.keyword ?? '')) {
      throw new OperationError(
        'TRANSACTION_CONTROL',
        `execute: '${s.keyword ?? ''}' is not allowed in a migration; tsdb runs each revision in its own transaction already`,
      );
    }
  }
  if (bindings.length > 0 && statements.length > 1) {
    throw new OperationError('BINDINGS_MULTI', 'execute: bindings go with one statement; call op.execute once per statement');
  }
  return statements.map((s) => statement(s.sql, bindings, runsOutsideTransaction(s.sql)));
}

function bulkValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value === undefined ? null : value;
}

/** The type an alterColumn changes a column to, as SQL (an enum type qualified). */
export async function alterTargetType(type: string, ctx: PlanContext): Promise<string> {
  const toEnum = (await ctx.catalog.enumValues(qualify(type, ctx.defaultSchema))) !== null;
  return columnType({ type, enumValues: toEnum ? [] : undefined }, ctx.defaultSchema);
}

async function alterColumn(op: AlterColumnOp, ctx: PlanContext): Promise<PgStatement[]> {
  const table = tableSql(op.table, ctx.defaultSchema);
  const column = quoteIdent(op.name);
  const { newName, type, nullable, default: value } = op.changes;
  if (newName !== undefined) return [statement(`ALTER TABLE ${table} RENAME COLUMN ${column} TO ${quoteIdent(newName)}`)];
  const out: PgStatement[] = [];
  const live = await ctx.catalog.column(qualify(op.table, ctx.defaultSchema), op.name);
  if (live === null) throw new OperationError('NO_SUCH_COLUMN', `alterColumn('${op.table}', '${op.name}'): no such column`);
  const typeOf = value !== undefined && type !== undefined ? type : (type ?? live.type);
  if (type !== undefined) {
    const target = await alterTargetType(type, ctx);
    const keptDefault = value === undefined ? live.default : null;
    // a default of the old type may not cast by itself: take it off, change the type, put it back
    if (live.default !== null) out.push(statement(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`));
    const via = live.isEnum ? '::text' : '';
    out.push(statement(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${target} USING ${column}${via}::${target}`));
    // a literal default drops its old cast (`'a'::text` cannot be an enum's default; `'a'` can)
    const kept = keptDefault === null ? null : readDefault(keptDefault);
    const keptSql = kept?.kind === 'literal' ? renderDefault(kept, type) : keptDefault;
    if (keptSql !== null) out.push(statement(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${keptSql}`));
  }
  if (value !== undefined) {
    out.push(
      value === null
        ? statement(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`)
        : statement(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${renderDefault(value, typeOf)}`),
    );
  }
  if (nullable !== undefined) out.push(statement(`ALTER TABLE ${table} ALTER COLUMN ${column} ${nullable ? 'DROP' : 'SET'} NOT NULL`));
  return out;
}

/** Recreates the enum type without the value: rename the old, create the new, move each column over, drop the old. */
async function dropEnumValue(op: DropEnumValueOp, ctx: PlanContext): Promise<PgStatement[]> {
  const name = qualify(op.name, ctx.defaultSchema, op.schema);
  const values = await ctx.catalog.enumValues(name);
  if (values === null)
    throw new OperationError('NO_SUCH_TYPE', `dropEnumValue('${op.name}', '${op.value}'): no enum type ${name.schema}.${name.name}`);
  if (!values.includes(op.value)) return [];
  const old = { schema: name.schema, name: `${name.name}_old_tsdb` };
  const out = [
    statement(`ALTER TYPE ${sqlName(name)} RENAME TO ${quoteIdent(old.name)}`),
    statement(
      `CREATE TYPE ${sqlName(name)} AS ENUM (${values
        .filter((v) => v !== op.value)
        .map(quoteString)
        .join(', ')})`,
    ),
  ];
  for (const use of await ctx.catalog.enumColumns(name)) {
    const t = sqlName(use.table);
    const c = quoteIdent(use.column);
    if (use.default !== null) out.push(statement(`ALTER TABLE ${t} ALTER COLUMN ${c} DROP DEFAULT`));
    out.push(statement(`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${sqlName(name)} USING ${c}::text::${sqlName(name)}`));
    if (use.default !== null)
      out.push(statement(`ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT ${use.default.replace(old.name, name.name)}`));
  }
  out.push(statement(`DROP TYPE ${sqlName(old)}`));
  return out;
}

type Planner<K extends Op['kind']> = (op: Extract<Op, { kind: K }>, ctx: PlanContext) => PgStatement[] | Promise<PgStatement[]>;

const planners: { readonly [K in Op['kind']]: Planner<K> } = {
  createTable: (op, ctx) => {
    const table = compileTable(op.table, ctx.defaultSchema);
    const name = table.schema === undefined ? table.name : `${table.schema}.${table.name}`;
    return [
      statement(createTableSql(table, ctx.defaultSchema)),
      ...table.indexes.map((index) => statement(createIndexSql(name, index, ctx.defaultSchema))),
    ];
  },
  dropTable: (op, ctx) => [statement(`DROP TABLE ${tableSql(op.name, ctx.defaultSchema)}`)],
  renameTable: async (op, ctx) => {
    const from = qualify(op.from, ctx.defaultSchema);
    const to = qualify(op.to, ctx.defaultSchema);
    const out = [statement(`ALTER TABLE ${sqlName(from)} RENAME TO ${quoteIdent(to.name)}`)];
    // the key PostgreSQL named after the table follows it, so the renamed table reads back as declared (an unnamed key)
    if ((await ctx.catalog.primaryKeyName(from)) === `${from.name}_pkey`) {
      out.push(
        statement(
          `ALTER TABLE ${sqlName({ schema: from.schema, name: to.name })} RENAME CONSTRAINT ${quoteIdent(`${from.name}_pkey`)} TO ${quoteIdent(`${to.name}_pkey`)}`,
        ),
      );
    }
    return out;
  },
  addColumn: (op, ctx) => {
    const table = tableSql(op.table, ctx.defaultSchema);
    const fk = op.foreignKey === null ? '' : ` ${op.foreignKey.name === null ? '' : `CONSTRAINT ${quoteIdent(op.foreignKey.name)} `}`;
    const references =
      op.foreignKey === null ? '' : `${fk}${foreignKeyBody(op.foreignKey, ctx.defaultSchema).replace(/^FOREIGN KEY \([^)]*\) /, '')}`;
    const out = [statement(`ALTER TABLE ${table} ADD COLUMN ${columnSql(op.column, ctx.defaultSchema)}${references}`)];
    if (op.unique !== null) {
      const name = op.unique.name === null ? '' : `CONSTRAINT ${quoteIdent(op.unique.name)} `;
      out.push(statement(`ALTER TABLE ${table} ADD ${name}UNIQUE (${quoteIdent(op.column.name)})`));
    }
    return out;
  },
  dropColumn: (op, ctx) => [statement(`ALTER TABLE ${tableSql(op.table, ctx.defaultSchema)} DROP COLUMN ${quoteIdent(op.name)}`)],
  alterColumn,
  createIndex: (op, ctx) => [statement(createIndexSql(op.table, op.index, ctx.defaultSchema))],
  dropIndex: (op, ctx) => {
    const schema = op.table === null ? ctx.defaultSchema : qualify(op.table, ctx.defaultSchema).schema;
    return [statement(`DROP INDEX ${sqlName({ schema, name: op.name })}`)];
  },
  createUniqueConstraint: (op, ctx) => [
    statement(
      `ALTER TABLE ${tableSql(op.table, ctx.defaultSchema)} ADD CONSTRAINT ${quoteIdent(op.constraint.name ?? `uq_${op.table}`)} ` +
        `UNIQUE (${op.constraint.columns.map(quoteIdent).join(', ')})`,
    ),
  ],
  createForeignKey: (op, ctx) => [
    statement(
      `ALTER TABLE ${tableSql(op.table, ctx.defaultSchema)} ADD CONSTRAINT ${quoteIdent(op.constraint.name ?? `fk_${op.table}`)} ` +
        foreignKeyBody(op.constraint, ctx.defaultSchema),
    ),
  ],
  createCheckConstraint: (op, ctx) => [
    statement(
      `ALTER TABLE ${tableSql(op.table, ctx.defaultSchema)} ADD CONSTRAINT ${quoteIdent(op.constraint.name ?? `ck_${op.table}`)} ` +
        `CHECK (${op.constraint.expression})`,
    ),
  ],
  dropConstraint: (op, ctx) => [statement(`ALTER TABLE ${tableSql(op.table, ctx.defaultSchema)} DROP CONSTRAINT ${quoteIdent(op.name)}`)],
  alterPrimaryKey: async (op, ctx) => {
    const table = tableSql(op.table, ctx.defaultSchema);
    const current = await ctx.catalog.primaryKeyName(qualify(op.table, ctx.defaultSchema));
    const out = current === null ? [] : [statement(`ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(current)}`)];
    const pk = op.primaryKey;
    if (pk !== null) {
      const name = pk.name === null ? '' : `CONSTRAINT ${quoteIdent(pk.name)} `;
      out.push(statement(`ALTER TABLE ${table} ADD ${name}PRIMARY KEY (${pk.columns.map(quoteIdent).join(', ')})`));
    }
    return out;
  },
  execute: (op) => execute(op.sql, op.bindings),
  bulkInsert: (op, ctx) => {
    const columns = [...new Set(op.rows.flatMap((row) => Object.keys(row)))];
    if (columns.length === 0) return [];
    const sql = `INSERT INTO ${tableSql(op.table, ctx.defaultSchema)} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    return op.rows.map((row) =>
      statement(
        sql,
        columns.map((c) => bulkValue(row[c])),
      ),
    );
  },
  createEnum: (op, ctx) => [
    statement(
      `CREATE TYPE ${sqlName(qualify(op.enum.name, ctx.defaultSchema, op.enum.schema))} AS ENUM (${op.enum.values.map(quoteString).join(', ')})`,
    ),
  ],
  dropEnum: (op, ctx) => [statement(`DROP TYPE ${sqlName(qualify(op.name, ctx.defaultSchema, op.schema))}`)],
  addEnumValue: (op, ctx) => {
    const before = op.before === null ? '' : ` BEFORE ${quoteString(op.before)}`;
    const type = sqlName(qualify(op.name, ctx.defaultSchema, op.schema));
    // committed before anything uses it (PostgreSQL refuses a value added in the same transaction); IF NOT EXISTS: re-runnable
    return [statement(`ALTER TYPE ${type} ADD VALUE IF NOT EXISTS ${quoteString(op.value)}${before}`, [], true)];
  },
  dropEnumValue,
  createSchema: (op) => [statement(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(op.name)}`)],
  dropSchema: (op) => [statement(`DROP SCHEMA ${quoteIdent(op.name)}`)],
};

/** The statements that perform `op`. */
export async function planPgOp(op: Op, ctx: PlanContext): Promise<PgStatement[]> {
  const planner = planners[op.kind] as Planner<Op['kind']> | undefined;
  if (planner === undefined) assertNever(op as never);
  return (planner as (o: Op, c: PlanContext) => PgStatement[] | Promise<PgStatement[]>)(op, ctx);
}
