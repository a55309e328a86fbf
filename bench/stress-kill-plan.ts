/**
 * The long upgrade that experiment b kills: what each revision's script does and the effects it
 * leaves, so a checker can tell exactly which revisions a database shows as applied.
 */
import type { RevisionScript } from './stress-project';

/** The tables the first revision fills, with their row counts; rebuilds must keep every row. */
export const BIG_TABLES: Readonly<Record<string, number>> = { big_a: 50_000, big_b: 50_000, big_child: 20_000 };

/** One revision of the plan and the effects the checker looks for. */
export interface PlannedRevision {
  readonly script: RevisionScript;
  /** Rows it inserts into `ledger`, each carrying its revision id. */
  readonly ledgerRows: number;
  /** Tables it creates. */
  readonly tables: ReadonlyArray<string>;
  /** A big_a column it retypes INTEGER → TEXT (a table rebuild). */
  readonly retyped: string | null;
  /** A big_b column it drops, with the index on it (a table rebuild). */
  readonly dropped: { readonly column: string; readonly index: string } | null;
}

const recursiveRows = (count: number): string => `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${count})`;

/** big_a gets a column per retype and big_b an indexed column per drop: one rebuild every 10 revisions, alternating. */
function rebuildColumns(revisions: number): { retypes: number; drops: number } {
  return { retypes: Math.max(1, Math.floor(revisions / 20)), drops: Math.max(1, Math.floor((revisions + 10) / 20)) };
}

/** Revision 1: the ledger and the big tables (big_child references big_a ON DELETE CASCADE, so a careless rebuild of big_a would empty it). */
function setupStatements(revisions: number): string[] {
  const { retypes, drops } = rebuildColumns(revisions);
  const a = Array.from({ length: retypes }, (_, k) => `a${k + 1}`);
  const b = Array.from({ length: drops }, (_, k) => `b${k + 1}`);
  const sql = [
    'CREATE TABLE ledger (id INTEGER PRIMARY KEY, rev TEXT NOT NULL, n INTEGER NOT NULL)',
    `CREATE TABLE big_a (id INTEGER PRIMARY KEY, ${a.map((c) => `${c} INTEGER`).join(', ')})`,
    `${recursiveRows(BIG_TABLES['big_a'] ?? 0)} INSERT INTO big_a SELECT n, ${a.map((_, k) => `n * ${k + 1}`).join(', ')} FROM c`,
    `CREATE TABLE big_b (id INTEGER PRIMARY KEY, ${b.map((c) => `${c} INTEGER`).join(', ')})`,
    ...b.map((c) => `CREATE INDEX ix_big_b_${c} ON big_b (${c})`),
    `${recursiveRows(BIG_TABLES['big_b'] ?? 0)} INSERT INTO big_b SELECT n, ${b.map((_, k) => `n % ${k + 7}`).join(', ')} FROM c`,
    'CREATE TABLE big_child (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES big_a (id) ON DELETE CASCADE)',
    `${recursiveRows(BIG_TABLES['big_child'] ?? 0)} INSERT INTO big_child SELECT n, n FROM c`,
  ];
  return sql.map((s) => `await op.execute('${s}');`);
}

/** Ledger rows: bulkInsert in even revisions, a recursive INSERT … SELECT in odd ones. */
function ledgerStatement(i: number, rows: number): string {
  if (i % 2 === 0) {
    return `await op.bulkInsert('ledger', [${Array.from({ length: rows }, (_, n) => `{ rev: revision, n: ${n + 1} }`).join(', ')}]);`;
  }
  return `await op.execute('${recursiveRows(rows)} INSERT INTO ledger (rev, n) SELECT ?, n FROM c', [revision]);`;
}

/** Revision i (1-based) of `revisions`. */
function plannedRevision(i: number, revisions: number): PlannedRevision {
  const ledgerRows = 1 + (i % 4);
  const upgrade = i === 1 ? setupStatements(revisions) : [];
  const imports: string[] = [];
  const tables = i === 1 ? ['ledger', ...Object.keys(BIG_TABLES)] : [];
  let retyped: string | null = null;
  let dropped: PlannedRevision['dropped'] = null;
  upgrade.push(ledgerStatement(i, ledgerRows));
  if (i % 20 === 0) {
    retyped = `a${i / 20}`;
    imports.push('text');
    upgrade.push(`await op.alterColumn('big_a', '${retyped}', { type: text() });`);
  } else if (i % 20 === 10) {
    const column = `b${(i + 10) / 20}`;
    dropped = { column, index: `ix_big_b_${column}` };
    upgrade.push(`await op.dropColumn('big_b', '${column}');`);
  } else if (i % 5 === 3) {
    tables.push(`ddl_${i}`);
    upgrade.push(
      `await op.execute('CREATE TABLE ddl_${i} (id INTEGER PRIMARY KEY, v TEXT)');`,
      `await op.execute('CREATE INDEX ix_ddl_${i} ON ddl_${i} (v)');`,
    );
  } else if (i % 5 === 1 && i > 1) {
    tables.push(`made_${i}`);
    imports.push('integer', 'text');
    upgrade.push(`await op.createTable('made_${i}', { id: integer().primaryKey(), v: text() });`);
  }
  return { script: { imports, upgrade }, ledgerRows, tables, retyped, dropped };
}

/** The whole chain, oldest first. */
export function killPlan(revisions: number): PlannedRevision[] {
  return Array.from({ length: revisions }, (_, i) => plannedRevision(i + 1, revisions));
}
