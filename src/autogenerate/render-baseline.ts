/**
 * The baseline revision (pure): what creates an existing database's schema from nothing, and what
 * takes it away again. Tables go through the usual createTable renderer (parents first); objects
 * the Schema does not hold (virtual tables, views, triggers) are their own CREATE statements.
 */
import type { ExecuteOp, Op } from '../operations/ops';
import { freezeOp } from '../operations/ops';
import type { Schema } from '../schema/types';
import { compareSchemas, reverseForDowngrade } from './compare';
import type { Comparator } from './comparator';
import { renderOps, type RenderedOps } from './render';

/** A view, trigger or virtual table: the statements that create and drop it. */
export interface RawSchemaObject {
  readonly createSql: string;
  readonly dropSql: string;
}

/** The baseline's upgrade ops and both rendered bodies. */
export interface BaselineScript {
  readonly ops: ReadonlyArray<Op>;
  readonly upgrade: RenderedOps;
  readonly downgrade: RenderedOps;
}

function execute(sql: string): ExecuteOp {
  return freezeOp({ kind: 'execute', sql, bindings: [] });
}

/**
 * Upgrade: createTable per table, then each object's CREATE in the order given. Downgrade: the
 * objects dropped in reverse order, then the tables, children first.
 */
export function renderBaseline(schema: Schema, objects: ReadonlyArray<RawSchemaObject>, comparator: Comparator): BaselineScript {
  const tables = compareSchemas({ tables: [] }, schema, { comparator, compareTypes: true, compareServerDefaults: true }).ops;
  const ops = [...tables, ...objects.map((o) => execute(o.createSql))];
  const drops = [...objects].reverse().map((o) => execute(o.dropSql));
  return { ops, upgrade: renderOps(ops), downgrade: renderOps([...drops, ...reverseForDowngrade(tables, comparator)]) };
}
