/**
 * The catalog offline SQL plans with: no server is read, so the tables, columns, primary keys and enum
 * types the ops of earlier revisions declared are kept here, op by op, and the planner asks this instead
 * of pg_catalog. Raw SQL (op.execute) is not read: what it creates is unknown to later ops' planning.
 */
import { assertNever } from '../../errors';
import type { Op } from '../../operations/ops';
import type { Column, PrimaryKey } from '../../schema/types';
import type { EnumColumn, LiveColumn, PgCatalog } from './catalog';
import { compileTable } from './compile';
import { columnType, renderDefault } from './create-table';
import { qualify, type QualifiedName } from './names';

interface TrackedColumn extends LiveColumn {
  /** The enum type a column uses, or null. */
  readonly enumType: QualifiedName | null;
}

interface TrackedTable {
  readonly columns: Map<string, TrackedColumn>;
  primaryKey: string | null;
}

function key(name: QualifiedName): string {
  return `${name.schema}\u0000${name.name}`;
}

/** PostgreSQL's name for an unnamed primary key: `<table>_pkey`. */
function primaryKeyName(table: string, pk: PrimaryKey | null): string | null {
  return pk === null ? null : (pk.name ?? `${table}_pkey`);
}

/** Keeps what the ops declared, as the planner's catalog. */
export class TrackedCatalog implements PgCatalog {
  readonly #defaultSchema: string;
  readonly #tables = new Map<string, TrackedTable>();
  readonly #enums = new Map<string, string[]>();

  constructor(defaultSchema: string) {
    this.#defaultSchema = defaultSchema;
  }

  column(table: QualifiedName, column: string): Promise<LiveColumn | null> {
    return Promise.resolve(this.#tables.get(key(table))?.columns.get(column) ?? null);
  }

  primaryKeyName(table: QualifiedName): Promise<string | null> {
    return Promise.resolve(this.#tables.get(key(table))?.primaryKey ?? null);
  }

  enumValues(type: QualifiedName): Promise<string[] | null> {
    const values = this.#enums.get(key(type));
    return Promise.resolve(values === undefined ? null : [...values]);
  }

  enumColumns(type: QualifiedName): Promise<EnumColumn[]> {
    const out: EnumColumn[] = [];
    for (const [tableKey, table] of this.#tables) {
      const [schema = '', name = ''] = tableKey.split('\u0000');
      for (const [column, c] of table.columns) {
        if (c.enumType !== null && key(c.enumType) === key(type)) out.push({ table: { schema, name }, column, default: c.default });
      }
    }
    return Promise.resolve(out);
  }

  tableExists(table: QualifiedName): Promise<boolean> {
    return Promise.resolve(this.#tables.has(key(table)));
  }

  #tracked(column: Column): TrackedColumn {
    const isEnum = column.enumValues !== undefined || this.#enums.has(key(qualify(column.type, this.#defaultSchema)));
    return {
      type: isEnum ? column.type : columnType(column, this.#defaultSchema),
      default: column.default === null || column.identity === true ? null : renderDefault(column.default, column.type),
      isEnum,
      enumType: isEnum ? qualify(column.type, this.#defaultSchema) : null,
      notNull: !column.nullable,
    };
  }

  #table(name: string): TrackedTable | undefined {
    return this.#tables.get(key(qualify(name, this.#defaultSchema)));
  }

  /** Takes in what `op` changed (after its statements were planned). */
  apply(op: Op): void {
    const schema = this.#defaultSchema;
    switch (op.kind) {
      case 'createTable': {
        const table = compileTable(op.table, schema);
        const columns = new Map(table.columns.map((c) => [c.name, this.#tracked(c)]));
        const name = { schema: op.table.schema ?? schema, name: table.name };
        this.#tables.set(key(name), { columns, primaryKey: primaryKeyName(table.name, table.primaryKey) });
        return;
      }
      case 'dropTable':
        this.#tables.delete(key(qualify(op.name, schema)));
        return;
      case 'renameTable': {
        const from = qualify(op.from, schema);
        const table = this.#tables.get(key(from));
        this.#tables.delete(key(from));
        if (table !== undefined) this.#tables.set(key({ schema: from.schema, name: qualify(op.to, schema).name }), table);
        return;
      }
      case 'addColumn':
        this.#table(op.table)?.columns.set(op.column.name, this.#tracked(op.column));
        return;
      case 'dropColumn':
        this.#table(op.table)?.columns.delete(op.name);
        return;
      case 'alterColumn':
        this.#alterColumn(op.table, op.name, op.changes);
        return;
      case 'dropConstraint': {
        const table = this.#table(op.table);
        if (table !== undefined && table.primaryKey === op.name) table.primaryKey = null;
        return;
      }
      case 'alterPrimaryKey': {
        const table = this.#table(op.table);
        if (table !== undefined) table.primaryKey = primaryKeyName(qualify(op.table, schema).name, op.primaryKey);
        return;
      }
      case 'createEnum':
        this.#enums.set(key(qualify(op.enum.name, schema, op.enum.schema)), [...op.enum.values]);
        return;
      case 'dropEnum':
        this.#enums.delete(key(qualify(op.name, schema, op.schema)));
        return;
      case 'addEnumValue': {
        const values = this.#enums.get(key(qualify(op.name, schema, op.schema)));
        if (values === undefined || values.includes(op.value)) return;
        const at = op.before === null ? -1 : values.indexOf(op.before);
        values.splice(at < 0 ? values.length : at, 0, op.value);
        return;
      }
      case 'dropEnumValue': {
        const values = this.#enums.get(key(qualify(op.name, schema, op.schema)));
        if (values !== undefined && values.includes(op.value)) values.splice(values.indexOf(op.value), 1);
        return;
      }
      case 'createIndex':
      case 'dropIndex':
      case 'createUniqueConstraint':
      case 'createForeignKey':
      case 'createCheckConstraint':
      case 'execute':
      case 'bulkInsert':
      case 'createSchema':
      case 'dropSchema':
        return; // nothing the planner asks about
      default:
        assertNever(op);
    }
  }

  #alterColumn(tableName: string, name: string, changes: Extract<Op, { kind: 'alterColumn' }>['changes']): void {
    const table = this.#table(tableName);
    const column = table?.columns.get(name);
    if (table === undefined || column === undefined) return;
    if (changes.newName !== undefined) {
      table.columns.delete(name);
      table.columns.set(changes.newName, column);
      return;
    }
    let next: TrackedColumn = column;
    if (changes.type !== undefined) {
      const enumType = this.#enums.has(key(qualify(changes.type, this.#defaultSchema))) ? qualify(changes.type, this.#defaultSchema) : null;
      const type = enumType === null ? columnType({ type: changes.type }, this.#defaultSchema) : changes.type;
      next = { ...next, type, isEnum: enumType !== null, enumType };
    }
    if (changes.default !== undefined)
      next = { ...next, default: changes.default === null ? null : renderDefault(changes.default, changes.type ?? next.type) };
    if (changes.nullable !== undefined) next = { ...next, notNull: !changes.nullable };
    table.columns.set(name, next);
  }
}
