/**
 * The consistency check of experiment b: the version table names one revision R (or none: base),
 * and the database holds exactly the effects of the revisions at or below R — no more, no less.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import { BIG_TABLES, type PlannedRevision } from './stress-kill-plan';

/** What a database shows. */
export interface Inspection {
  /** Revisions applied according to the version table (0: base); null when the table itself is wrong. */
  readonly applied: number | null;
  /** Every way the database differs from "exactly the revisions at or below R". */
  readonly problems: ReadonlyArray<string>;
  /** Rows missing from the big tables (the ones rebuilds copy). */
  readonly rowsLost: number;
  /** Revisions whose effects are in the database more than once. */
  readonly doubleApplies: number;
}

const BOOKKEEPING = new Set(['tsdb_version', 'tsdb_version_log']);

type Db = Database.Database;

function countBy(db: Db, sql: string): Map<string, number> {
  const rows = db.prepare(sql).all() as Array<{ key: string; n: number }>;
  return new Map(rows.map((row) => [row.key, row.n]));
}

/** Compares per-revision counts (ledger rows, log rows) with what the applied revisions should have left; `doubled` gets the revisions with too many. */
function compareCounts(
  what: string,
  actual: ReadonlyMap<string, number>,
  ids: ReadonlyArray<string>,
  applied: number,
  expected: (index: number) => number,
  problems: string[],
  doubled: Set<string>,
): void {
  for (const [rev, n] of actual) {
    const index = ids.indexOf(rev);
    if (index < 0 || index >= applied) problems.push(`${n} ${what} of revision ${index + 1} (${rev}), which is not applied`);
  }
  ids.slice(0, applied).forEach((rev, index) => {
    const n = actual.get(rev) ?? 0;
    const want = expected(index);
    if (n === want) return;
    if (n > want) doubled.add(rev);
    problems.push(`revision ${index + 1} (${rev}) has ${n} ${what}, expected ${want}`);
  });
}

/** The schema effects of the plan: tables, retyped columns, dropped columns and their indexes. */
function checkSchema(db: Db, plan: ReadonlyArray<PlannedRevision>, applied: number, tables: ReadonlySet<string>, problems: string[]): void {
  const expected = new Set(plan.slice(0, applied).flatMap((r) => r.tables));
  for (const name of expected) if (!tables.has(name)) problems.push(`table ${name} is missing`);
  for (const name of tables)
    if (!expected.has(name) && !BOOKKEEPING.has(name)) problems.push(`table ${name} exists, but no applied revision creates it`);
  if (applied === 0 || !tables.has('big_a') || !tables.has('big_b')) return;
  const columns = (table: string) =>
    new Map(
      (db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as Array<{ name: string; type: string }>).map((c) => [
        c.name,
        c.type,
      ]),
    );
  const bigA = columns('big_a');
  const bigB = columns('big_b');
  const indexes = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((r) => r.name),
  );
  plan.forEach((revision, index) => {
    const done = index < applied;
    if (revision.retyped !== null) {
      const type = bigA.get(revision.retyped);
      if (type !== (done ? 'TEXT' : 'INTEGER'))
        problems.push(`big_a.${revision.retyped} is ${String(type)}, but revision ${index + 1} is ${done ? '' : 'not '}applied`);
    }
    if (revision.dropped !== null) {
      const { column, index: ix } = revision.dropped;
      if (bigB.has(column) === done)
        problems.push(`big_b.${column} ${done ? 'still exists' : 'is gone'}, but revision ${index + 1} is ${done ? '' : 'not '}applied`);
      if (indexes.has(ix) === done)
        problems.push(`index ${ix} ${done ? 'still exists' : 'is gone'}, but revision ${index + 1} is ${done ? '' : 'not '}applied`);
    }
  });
}

/** Row counts of the big tables: a rebuild that loses (or duplicates) rows shows here. */
function checkRows(db: Db, tables: ReadonlySet<string>, problems: string[]): number {
  let lost = 0;
  for (const [table, want] of Object.entries(BIG_TABLES)) {
    if (!tables.has(table)) continue; // reported by checkSchema
    const { n } = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
    if (n !== want) problems.push(`${table} has ${n} rows, expected ${want}`);
    if (n < want) lost += want - n;
  }
  return lost;
}

function checkIntegrity(db: Db, problems: string[]): void {
  const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 3).join('; ')}`);
  const orphans = db.pragma('foreign_key_check') as unknown[];
  if (orphans.length > 0)
    problems.push(`foreign_key_check: ${orphans.length} rows without their parent, e.g. ${JSON.stringify(orphans[0])}`);
}

/** Inspects the database file `file` (opened read-write, so SQLite rolls back a hot journal first, as any next user would). */
export function inspectDatabase(file: string, ids: ReadonlyArray<string>, plan: ReadonlyArray<PlannedRevision>): Inspection {
  if (!fs.existsSync(file)) return { applied: 0, problems: [], rowsLost: 0, doubleApplies: 0 };
  try {
    return inspectOpen(file, ids, plan);
  } catch (error) {
    // A damaged file is a finding to count, not a reason to stop the run.
    return {
      applied: null,
      problems: [`cannot read the database: ${error instanceof Error ? error.message : String(error)}`],
      rowsLost: 0,
      doubleApplies: 0,
    };
  }
}

function inspectOpen(file: string, ids: ReadonlyArray<string>, plan: ReadonlyArray<PlannedRevision>): Inspection {
  const db = new Database(file, { fileMustExist: true });
  try {
    const problems: string[] = [];
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>).map(
        (r) => r.name,
      ),
    );
    const versions = tables.has('tsdb_version')
      ? (db.prepare('SELECT version_num AS v FROM tsdb_version').all() as Array<{ v: string }>).map((r) => r.v)
      : [];
    const at = versions.length === 1 ? ids.indexOf(versions[0] ?? '') : -1;
    if (versions.length > 1 || (versions.length === 1 && at < 0)) {
      return {
        applied: null,
        problems: [`version table is [${versions.join(', ')}]: not one known revision`],
        rowsLost: 0,
        doubleApplies: 0,
      };
    }
    const applied = at + 1; // no row: base
    checkSchema(db, plan, applied, tables, problems);
    const doubled = new Set<string>();
    if (tables.has('ledger')) {
      const ledger = countBy(db, 'SELECT rev AS key, count(*) AS n FROM ledger GROUP BY rev');
      compareCounts('ledger rows', ledger, ids, applied, (i) => plan[i]?.ledgerRows ?? 0, problems, doubled);
    }
    if (tables.has('tsdb_version_log') || applied > 0) {
      const log = tables.has('tsdb_version_log')
        ? countBy(db, "SELECT revision AS key, count(*) AS n FROM tsdb_version_log WHERE direction = 'upgrade' GROUP BY revision")
        : new Map<string, number>();
      compareCounts('upgrade log rows', log, ids, applied, () => 1, problems, doubled);
    }
    const rowsLost = applied > 0 ? checkRows(db, tables, problems) : 0;
    checkIntegrity(db, problems);
    return { applied, problems, rowsLost, doubleApplies: doubled.size };
  } finally {
    db.close();
  }
}
