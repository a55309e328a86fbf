/**
 * Autogenerate in-process, through the real pieces: introspect → compare with the models →
 * render upgrade + reversed downgrade into a real script file → load it → run it via the runtime.
 */
import type Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareSchemas, reverseForDowngrade, type Comparison } from '../../src/autogenerate/compare';
import { renderOps } from '../../src/autogenerate/render';
import { sqliteComparator } from '../../src/dialect/sqlite/comparator';
import { introspectSchema } from '../../src/dialect/sqlite/introspect';
import { declaredSchema, type DeclaredSchema } from '../../src/models/declared-schema';
import { TABLE, type ColumnMap, type TableDef } from '../../src/models/table';
import type { Op } from '../../src/operations/ops';
import type { Operations } from '../../src/operations/operations';
import type { Schema } from '../../src/schema/types';
import { loadModule, setOwnEntry } from '../../src/script/load-module';
import { renderScript } from '../../src/script/render-script';
import { migrate, type InlineMigration } from './migrate';
import { tempDatabase } from './sqlite';

const ROOT = path.resolve(__dirname, '../..');
const TEMPLATE = fs.readFileSync(path.join(ROOT, 'templates/script.ts.tmpl'), 'utf8');
let ownEntrySet = false;

/** A set of model declarations (what a models module exports). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Models = ReadonlyArray<TableDef<any>>;

/** The models as the declared Schema plus their renames. */
export function schemaOf(models: Models): DeclaredSchema {
  return declaredSchema(models.map((t) => ({ declaration: (t as TableDef<ColumnMap>)[TABLE], file: 'models.ts' })));
}

/** The live schema of `db`, without the version table. */
export function live(db: Database.Database): Schema {
  return introspectSchema(db, { versionTable: 'tsdb_version' });
}

/** compareSchemas(live db, models) with type and default comparison on and the models' renames. */
export function diff(db: Database.Database, models: Models): Comparison {
  const declared = schemaOf(models);
  return compareSchemas(live(db), declared.schema, {
    comparator: sqliteComparator,
    compareTypes: true,
    compareServerDefaults: true,
    tableRenames: declared.tableRenames,
    columnRenames: declared.columnRenames,
  });
}

/** compareSchemas(live db, models) without renames: is the database exactly the models? */
export function pendingOps(db: Database.Database, models: Models): ReadonlyArray<Op> {
  return compareSchemas(live(db), schemaOf(models).schema, {
    comparator: sqliteComparator,
    compareTypes: true,
    compareServerDefaults: true,
  }).ops;
}

/** One generated revision: the ops, the script file and its functions. */
export interface Generated {
  readonly id: string;
  readonly ops: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
  readonly file: string;
  readonly source: string;
  readonly upgrade: (op: Operations) => Promise<void>;
  readonly downgrade: (op: Operations) => Promise<void>;
}

/** A temp dir with a database file and the chain of revisions generated into it. */
export class AutogenProject {
  readonly dir: string;
  readonly db: Database.Database;
  readonly chain: InlineMigration[] = [];
  private readonly done: () => void;
  private counter = 0;

  constructor() {
    if (!ownEntrySet) {
      setOwnEntry(path.join(ROOT, 'src/index.ts'));
      ownEntrySet = true;
    }
    const t = tempDatabase();
    this.dir = t.dir;
    this.db = t.db;
    this.done = t.cleanup;
  }

  /** Writes the migration that takes the database to `models`, and loads it (does not run it). */
  async autogenerate(models: Models): Promise<Generated> {
    const comparison = diff(this.db, models);
    const up = renderOps(comparison.ops);
    const down = renderOps(reverseForDowngrade(comparison.ops, sqliteComparator));
    this.counter += 1;
    const id = `rev${String(this.counter).padStart(4, '0')}`;
    const previous = this.chain[this.chain.length - 1];
    const source = renderScript(TEMPLATE, {
      revision: id,
      downRevisions: previous === undefined ? [] : [previous.id],
      branchLabels: [],
      dependsOn: [],
      message: `autogenerate ${id}`,
      createDate: new Date(2026, 0, 1),
      imports: [...new Set([...up.imports, ...down.imports])].sort(),
      upgrades: up.lines,
      downgrades: down.lines,
    });
    const file = path.join(this.dir, `${id}_autogen.ts`);
    fs.writeFileSync(file, source);
    const loaded = await loadModule(file);
    const upgrade = loaded['upgrade'];
    const downgrade = loaded['downgrade'];
    if (typeof upgrade !== 'function' || typeof downgrade !== 'function') throw new Error(`${file} lacks upgrade()/downgrade()`);
    return {
      id,
      ops: comparison.ops,
      warnings: comparison.warnings,
      file,
      source,
      upgrade: upgrade as Generated['upgrade'],
      downgrade: downgrade as Generated['downgrade'],
    };
  }

  /** Appends `gen` to the chain and upgrades the database to it through the runtime. */
  async upgrade(gen: Generated): Promise<void> {
    this.chain.push({ id: gen.id, upgrade: gen.upgrade, downgrade: gen.downgrade });
    await migrate(this.db, this.chain);
  }

  /** Upgrades the database to the newest revision of the chain. */
  async upgradeToHead(): Promise<void> {
    await migrate(this.db, this.chain);
  }

  /** Generates and upgrades in one go. */
  async migrateTo(models: Models): Promise<Generated> {
    const gen = await this.autogenerate(models);
    await this.upgrade(gen);
    return gen;
  }

  /** Downgrades one revision through the runtime (runs the generated downgrade). */
  async downgradeOne(): Promise<void> {
    await migrate(this.db, this.chain, { direction: 'downgrade', target: '-1' });
  }

  /** Rows of a table, ordered by rowid. */
  rows(table: string, columns = '*'): Array<Record<string, unknown>> {
    return this.db.prepare(`SELECT ${columns} FROM "${table.replace(/"/g, '""')}" ORDER BY rowid`).all() as Array<Record<string, unknown>>;
  }

  cleanup(): void {
    this.done();
  }
}

/** A script's text, for failure messages. */
export function explain(gen: Generated): string {
  return `--- ${gen.file}\n${gen.source}`;
}
