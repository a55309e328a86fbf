/**
 * Autogenerate in-process on a real PostgreSQL database: introspect → compare with a declared Schema (as
 * migrate does: cut to the declared schemas, compiled by the dialect) → run the upgrade ops (and the
 * reversed downgrade) through the dialect's op runner. Statements that must run outside a transaction run
 * on their own, as the runner does between revisions.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareSchemas, reverseForDowngrade, type Comparison } from '../../../src/autogenerate/compare';
import { renderOps } from '../../../src/autogenerate/render';
import { inDeclaredSchemas } from '../../../src/autogenerate/compare-keys';
import { parseDatabaseUrl, type PostgresTarget } from '../../../src/config/database-url';
import type { Dialect } from '../../../src/dialect/dialect';
import { connectPostgres, type PgConnection } from '../../../src/dialect/postgres/connection';
import { postgresDialect } from '../../../src/dialect/postgres/postgres-dialect';
import type { DeclaredSchema } from '../../../src/models/declared-schema';
import type { Op } from '../../../src/operations/ops';
import type { Operations } from '../../../src/operations/operations';
import { runMigrations } from '../../../src/runtime/migration-context';
import type { Schema } from '../../../src/schema/types';
import { loadModule, setOwnEntry } from '../../../src/script/load-module';
import { renderScript } from '../../../src/script/render-script';
import { inlineMap, type InlineMigration } from '../../helpers/migrate';

const ROOT = path.resolve(__dirname, '../../..');
const TEMPLATE = fs.readFileSync(path.join(ROOT, 'templates/script.ts.tmpl'), 'utf8');

/** One generated revision: its ops, script text and functions. */
export interface Generated {
  readonly id: string;
  readonly ops: ReadonlyArray<Op>;
  readonly warnings: ReadonlyArray<string>;
  readonly source: string;
  readonly upgrade: (op: Operations) => Promise<void>;
  readonly downgrade: (op: Operations) => Promise<void>;
}

/** What a compare is asked: a bare Schema, or a declared one with its renames. */
export type Declared = Schema | DeclaredSchema;

function asDeclared(x: Declared): DeclaredSchema {
  return 'schema' in x && 'tableRenames' in x ? x : { schema: x, tableRenames: new Map(), columnRenames: new Map() };
}

/** One database, its dialect and connection. */
export class PgAutogen {
  readonly chain: InlineMigration[] = [];
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-pg-autogen-'));

  private constructor(
    readonly target: PostgresTarget,
    readonly dialect: Dialect,
    readonly conn: PgConnection,
  ) {
    setOwnEntry(path.join(ROOT, 'src/index.ts'));
  }

  /** Connects to `url` (default schema `schema`, else the URL's or public). */
  static async open(url: string, schema?: string): Promise<PgAutogen> {
    const target = parseDatabaseUrl(url, process.cwd(), { schema, env: {} });
    if (target.dialect !== 'postgresql') throw new Error(`not a PostgreSQL URL: ${url}`);
    return new PgAutogen(target, postgresDialect(target), await connectPostgres(target));
  }

  async close(): Promise<void> {
    fs.rmSync(this.dir, { recursive: true, force: true });
    await this.conn.close();
  }

  /** Renders the migration to `declared` (upgrade and reversed downgrade) into a script file and loads it; runs nothing. */
  async generate(declared: Declared): Promise<Generated> {
    const comparison = await this.diff(declared);
    const up = renderOps(comparison.ops);
    const down = renderOps(reverseForDowngrade(comparison.ops, this.dialect.comparator));
    const id = `rev${String(this.chain.length + 1).padStart(4, '0')}`;
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
    const file = path.join(this.dir, `${id}_${Date.now()}.ts`);
    fs.writeFileSync(file, source);
    const loaded = await loadModule(file);
    const upgrade = loaded['upgrade'] as Generated['upgrade'];
    const downgrade = loaded['downgrade'] as Generated['downgrade'];
    return { id, ops: comparison.ops, warnings: comparison.warnings, source, upgrade, downgrade };
  }

  /** Appends `gen` to the chain and upgrades through the runtime (a transaction per revision, the version table). */
  async upgrade(gen: Generated): Promise<void> {
    this.chain.push({ id: gen.id, upgrade: gen.upgrade, downgrade: gen.downgrade });
    await this.#run('upgrade', 'heads');
  }

  /** Upgrades to the newest revision of the chain (after a downgrade). */
  async upgradeToHead(): Promise<void> {
    await this.#run('upgrade', 'heads');
  }

  /** Runs the newest revision's generated downgrade through the runtime. */
  async downgradeOne(): Promise<void> {
    await this.#run('downgrade', '-1');
  }

  async #run(direction: 'upgrade' | 'downgrade', target: string): Promise<void> {
    const map = inlineMap(this.chain);
    await runMigrations({
      db: { dialect: this.dialect, conn: this.conn },
      versionTable: 'tsdb_version',
      transactionPerMigration: true,
      plan: (current) => (direction === 'upgrade' ? map.planUpgrade(current, target) : map.planDowngrade(current, target)),
      loadScript: async (revision) => {
        const m = this.chain.find((x) => x.id === revision.id);
        if (m === undefined) throw new Error(`no revision ${revision.id}`);
        return { upgrade: m.upgrade, downgrade: m.downgrade ?? (() => undefined) };
      },
    });
  }

  /** The live schema, as migrate reads it. */
  live(): Promise<Schema> {
    return this.dialect.introspect(this.conn, { versionTable: 'tsdb_version' });
  }

  /** compareSchemas(live, models) as migrate calls it. */
  async diff(declared: Declared): Promise<Comparison> {
    const d = asDeclared(declared);
    return compareSchemas(inDeclaredSchemas(await this.live(), d.schema), this.dialect.compileSchema(d.schema), {
      comparator: this.dialect.comparator,
      compareTypes: true,
      compareServerDefaults: true,
      tableRenames: d.tableRenames,
      columnRenames: d.columnRenames,
    });
  }

  /** Runs ops in order through the dialect's op runner in one transaction, split around statements that must run alone. */
  async apply(ops: ReadonlyArray<Op>): Promise<void> {
    const runner = this.dialect.opRunner(this.conn, {
      warn: () => undefined,
      progress: null,
      outsideTransaction: async (sql) => {
        await this.conn.exec('COMMIT');
        await this.conn.exec(sql);
        await this.conn.exec('BEGIN');
      },
    });
    await this.conn.exec('BEGIN');
    try {
      for (const op of ops) await runner.submit(op);
      await runner.finish();
      await this.conn.exec('COMMIT');
    } catch (error) {
      await this.conn.exec('ROLLBACK');
      throw error;
    }
  }

  /** Diffs, applies the upgrade ops, and returns them with the downgrade ops. */
  async migrateTo(declared: Declared): Promise<{ readonly up: Comparison; readonly down: ReadonlyArray<Op> }> {
    const up = await this.diff(declared);
    await this.apply(up.ops);
    return { up, down: reverseForDowngrade(up.ops, this.dialect.comparator) };
  }

  /** Runs SQL and returns the rows. */
  query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.conn.query<R>(sql, params);
  }
}

/** The op kinds of a comparison, for assertions. */
export function kinds(c: Comparison | ReadonlyArray<Op>): string[] {
  return ('ops' in c ? c.ops : c).map((o) => o.kind);
}
