/**
 * Autogenerate in-process on a real PostgreSQL database: introspect → compare with a declared Schema (as
 * migrate does: cut to the declared schemas, compiled by the dialect) → run the upgrade ops (and the
 * reversed downgrade) through the dialect's op runner. Statements that must run outside a transaction run
 * on their own, as the runner does between revisions.
 */
import { compareSchemas, reverseForDowngrade, type Comparison } from '../../../src/autogenerate/compare';
import { inDeclaredSchemas } from '../../../src/autogenerate/compare-keys';
import { parseDatabaseUrl, type PostgresTarget } from '../../../src/config/database-url';
import type { Dialect } from '../../../src/dialect/dialect';
import { connectPostgres, type PgConnection } from '../../../src/dialect/postgres/connection';
import { postgresDialect } from '../../../src/dialect/postgres/postgres-dialect';
import type { DeclaredSchema } from '../../../src/models/declared-schema';
import type { Op } from '../../../src/operations/ops';
import type { Schema } from '../../../src/schema/types';

/** What a compare is asked: a bare Schema, or a declared one with its renames. */
export type Declared = Schema | DeclaredSchema;

function asDeclared(x: Declared): DeclaredSchema {
  return 'schema' in x && 'tableRenames' in x ? x : { schema: x, tableRenames: new Map(), columnRenames: new Map() };
}

/** One database, its dialect and connection. */
export class PgAutogen {
  private constructor(
    readonly target: PostgresTarget,
    readonly dialect: Dialect,
    readonly conn: PgConnection,
  ) {}

  /** Connects to `url` (default schema `schema`, else the URL's or public). */
  static async open(url: string, schema?: string): Promise<PgAutogen> {
    const target = parseDatabaseUrl(url, process.cwd(), { schema, env: {} });
    if (target.dialect !== 'postgresql') throw new Error(`not a PostgreSQL URL: ${url}`);
    return new PgAutogen(target, postgresDialect(target), await connectPostgres(target));
  }

  async close(): Promise<void> {
    await this.conn.close();
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
