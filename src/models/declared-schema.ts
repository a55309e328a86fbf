/** Every declared table of every models module, as one Schema plus the renames the models declare (pure). */
import { ModelError } from '../errors';
import type { EnumType, Schema, Table } from '../schema/types';
import type { TableDeclaration } from './table';
import { declarationToTable } from './to-schema';

/** A table declaration and the file that exports it. */
export interface DeclaredTable {
  readonly declaration: TableDeclaration;
  readonly file: string;
}

/** The declared schema and the renames autogenerate must render as renames. */
export interface DeclaredSchema {
  readonly schema: Schema;
  readonly tableRenames: ReadonlyMap<string, string>;
  readonly columnRenames: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Builds the Schema; duplicate tables and foreign keys to undeclared tables are errors naming the file. */
export function declaredSchema(declared: ReadonlyArray<DeclaredTable>): DeclaredSchema {
  const files = new Map<string, string>();
  const tables: Table[] = [];
  const tableRenames = new Map<string, string>();
  const columnRenames = new Map<string, Map<string, string>>();
  const enums = new DeclaredEnums();
  for (const { declaration, file } of declared) {
    const key = scopedName(declaration);
    const other = files.get(key);
    if (other !== undefined) {
      if (other === file) continue; // the same declaration exported twice
      throw new ModelError(`${file}: table '${key}' is also declared in ${other}; declare each table once`);
    }
    files.set(key, file);
    let table: Table;
    try {
      table = declarationToTable(declaration);
    } catch (error) {
      throw new ModelError(`${file}: ${(error as Error).message}`, { cause: error });
    }
    tables.push(table);
    enums.collect(declaration, file);
    if (declaration.renamedFrom !== null) tableRenames.set(declaration.name, declaration.renamedFrom);
    for (const [key, builder] of Object.entries(declaration.columns)) {
      const old = builder.spec.renamedFrom;
      if (old === null) continue;
      const renames = columnRenames.get(declaration.name) ?? new Map<string, string>();
      renames.set(builder.spec.name ?? key, old);
      columnRenames.set(declaration.name, renames);
    }
  }
  for (const table of tables) {
    const file = files.get(scopedName(table));
    const used = [
      // indexes are checked where their column terms are still told from expressions (to-schema's extraIndex)
      ...table.uniques.map((u) => ({ what: `unique '${u.name}'`, columns: u.columns })),
      ...table.foreignKeys.map((fk) => ({ what: `foreign key '${fk.name}'`, columns: fk.columns })),
      ...(table.primaryKey === null ? [] : [{ what: 'the primary key', columns: table.primaryKey.columns }]),
    ];
    for (const { what, columns } of used) {
      const unknown = columns.find((c) => !table.columns.some((col) => col.name === c));
      if (unknown !== undefined) {
        throw new ModelError(
          `${file}: ${what} on '${table.name}' names column '${unknown}', which '${table.name}' does not have; use the table's own columns (t.…)`,
        );
      }
    }
    for (const fk of table.foreignKeys) {
      const target = tables.find((t) => scopedName(t) === fk.refTable);
      if (target === undefined) {
        throw new ModelError(
          `${file}: '${table.name}' references table '${fk.refTable}', which no models module declares; declare it or fix the reference`,
        );
      }
      const missing = fk.refColumns.find((c) => !target.columns.some((col) => col.name === c));
      if (missing !== undefined) {
        throw new ModelError(`${file}: '${table.name}' references '${fk.refTable}.${missing}', which is not a column of '${fk.refTable}'`);
      }
    }
  }
  tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const enumTypes = enums.list();
  return { schema: enumTypes.length === 0 ? { tables } : { tables, enums: enumTypes }, tableRenames, columnRenames };
}

/** `name`, or `schema.name` outside the default schema: how foreign keys and ops name a table. */
function scopedName(table: { readonly schema?: string | null; readonly name: string }): string {
  return table.schema === undefined || table.schema === null ? table.name : `${table.schema}.${table.name}`;
}

/** The enum types the declared columns use, each once; one name with two lists of values is an error. */
class DeclaredEnums {
  readonly #types = new Map<string, { readonly type: EnumType; readonly where: string }>();

  collect(declaration: TableDeclaration, file: string): void {
    for (const [key, builder] of Object.entries(declaration.columns)) {
      const type = builder.spec.enumType;
      if (type === null) continue;
      const where = `${file} (${declaration.name}.${builder.spec.name ?? key})`;
      const name = scopedName(type);
      const seen = this.#types.get(name);
      if (seen === undefined) this.#types.set(name, { type, where });
      else if (seen.type.values.join('\u0000') !== type.values.join('\u0000')) {
        throw new ModelError(
          `enum type '${name}' is declared with values (${type.values.join(', ')}) at ${where} and (${seen.type.values.join(', ')}) ` +
            `at ${seen.where}; declare it once with enumType() and use that builder everywhere`,
        );
      }
    }
  }

  list(): EnumType[] {
    return [...this.#types.values()].map((e) => e.type).sort((a, b) => (scopedName(a) < scopedName(b) ? -1 : 1));
  }
}
