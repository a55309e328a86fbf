/**
 * Runs a revision's ops in call order, and copies a table once for consecutive changes to it: an op that
 * needs a rebuild opens a batch, later ops on the same table (columns, constraints, indexes) join it, and
 * the batch runs as one rebuild when anything else comes (op.execute, op.knex, bulkInsert, an op on
 * another table, a rename) or the script returns. Alembic's batch mode, without the `with` block.
 */
import { planSqliteOp } from './ddl';
import type { SchemaReader, TableChange, TableState } from './plan-types';
import { indexChange, RebuildBatch } from './rebuild-batch';
import type { Op } from '../../operations/ops';
import type { Connection } from '../connection';
import type { OpContext, OpRunner } from '../dialect';
import { sqliteHandle, type SqliteDb } from './connection';
import { dataChecks, runDataChecks, type CheckedOp } from './preflight';
import { runPlan } from './run-plan';
import { liveSchemaReader } from './table-state';

/** Ops that may join a pending rebuild of their table. */
const JOINS: { readonly [K in Op['kind']]: boolean } = {
  addColumn: true,
  dropColumn: true,
  alterColumn: true,
  createIndex: true,
  dropIndex: true,
  createUniqueConstraint: true,
  createForeignKey: true,
  createCheckConstraint: true,
  dropConstraint: true,
  alterPrimaryKey: true,
  createTable: false,
  dropTable: false,
  renameTable: false,
  execute: false,
  bulkInsert: false,
  createEnum: false,
  dropEnum: false,
  addEnumValue: false,
  dropEnumValue: false,
  createSchema: false,
  dropSchema: false,
};

/** `alterColumn on 'user'`: how messages name an op. */
export function opLabel(op: Op): string {
  return 'table' in op && typeof op.table === 'string' ? `${op.kind} on '${op.table}'` : op.kind;
}

/** A schema reader that reads each table once: while a batch is pending, nothing else changes the database. */
function readOnce(live: SchemaReader): SchemaReader {
  const tables = new Map<string, TableState | null>();
  const referencing = new Map<string, ReadonlyArray<string>>();
  return {
    table: (name) => {
      if (!tables.has(name)) tables.set(name, live.table(name));
      return tables.get(name) ?? null;
    },
    referencing: (name) => {
      const known = referencing.get(name) ?? live.referencing(name);
      referencing.set(name, known);
      return known;
    },
  };
}

/** A rebuild not yet run, and the ops it holds. */
class PendingRebuild {
  readonly batch: RebuildBatch;
  readonly #live: SchemaReader;
  readonly #ops: CheckedOp[] = [];

  constructor(live: SchemaReader, start: TableState) {
    this.#live = live;
    this.batch = new RebuildBatch(start);
  }

  /** The schema with this table as the ops so far leave it. */
  reader(): SchemaReader {
    return this.batch.reader(this.#live);
  }

  add(op: Op, change: TableChange): void {
    this.#ops.push({ op, checks: dataChecks(op, this.batch.current) });
    this.batch.add(change);
  }

  /** The preflight scan, then the one copy, verified. */
  run(db: SqliteDb, context: OpContext): void {
    runDataChecks(db, this.batch, this.#ops, context.warn);
    const first = this.#ops[0]?.op;
    const label =
      this.#ops.length === 1 && first !== undefined
        ? opLabel(first)
        : `${this.#ops.map((o) => o.op.kind).join(' + ')} on '${this.batch.table}' (one rebuild)`;
    runPlan(db, label, this.batch.copyPlan(this.#live), context.progress, this.batch.numericConversions());
  }
}

/**
 * Takes a revision's ops as the script calls them. `submit` runs an op at once, or takes it into the
 * pending rebuild of its table (its promise then settles when it is planned; its data checks and the
 * copy run with the batch, and a failure there names it and fails the revision). Every failure, awaited
 * or not, is kept: `finish` throws the first. better-sqlite3 is synchronous, so each op has run (or
 * joined its batch) before `submit` returns: ops a script forgot to await still run in call order.
 */
export class SqliteOpRunner implements OpRunner {
  readonly #db: SqliteDb;
  readonly #context: OpContext;
  #pending: PendingRebuild | null = null;
  #failure: { readonly error: unknown } | null = null;

  constructor(conn: Connection, context: OpContext) {
    this.#db = sqliteHandle(conn);
    this.#context = context;
  }

  /** Runs or batches `op`; the promise the script awaits. */
  submit(op: Op): Promise<void> {
    try {
      this.#take(op);
      return Promise.resolve();
    } catch (error) {
      this.#failure ??= { error };
      const failed = Promise.reject(error);
      failed.catch(() => undefined); // a script that does not await it still fails: finish() throws it
      return failed;
    }
  }

  /** Runs the pending rebuild now (before an op.knex query, and when the script returns); throws its failure. */
  async flush(): Promise<void> {
    this.#flushNow();
  }

  /** After the script returned: runs what is pending (unless an op failed already) and throws the first failure. */
  async finish(): Promise<void> {
    if (this.#failure === null) {
      try {
        this.#flushNow();
      } catch {
        // kept in #failure
      }
    }
    if (this.#failure !== null) throw this.#failure.error;
  }

  #flushNow(): void {
    const pending = this.#pending;
    if (pending === null) return;
    this.#pending = null;
    try {
      pending.run(this.#db, this.#context);
    } catch (error) {
      this.#failure ??= { error };
      throw error;
    }
  }

  #take(op: Op): void {
    const pending = this.#pending;
    if (pending !== null && this.#joins(pending, op)) {
      const change =
        op.kind === 'createIndex' || op.kind === 'dropIndex'
          ? indexChange(op, pending.batch.current)
          : planSqliteOp(op, pending.reader()).change;
      if (change !== null) {
        pending.add(op, change);
        return;
      }
    }
    this.#flushNow();
    const live = readOnce(liveSchemaReader(this.#db));
    const plan = planSqliteOp(op, live);
    const start = plan.rebuild === null || plan.change === null ? null : live.table(plan.change.table);
    if (plan.change === null || start === null) {
      runPlan(this.#db, opLabel(op), plan, this.#context.progress);
      return;
    }
    const batch = new PendingRebuild(live, start);
    batch.add(op, plan.change);
    this.#pending = batch;
  }

  #joins(pending: PendingRebuild, op: Op): boolean {
    if (!JOINS[op.kind] || !('table' in op)) return false;
    return op.table === pending.batch.table || (op.kind === 'dropIndex' && op.table === null);
  }
}
