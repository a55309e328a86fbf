/** Runs hand-written upgrade functions through the real runtime (savepoints, foreign keys off, version table). */
import type Database from 'better-sqlite3';
import { runMigrations } from '../../src/runtime/migration-context';
import type { Operations } from '../../src/operations/operations';
import { RevisionMap, type Revision } from '../../src/script/revision-map';
import { asDatabase } from './sqlite';
import type { RowProgress } from '../../src/dialect/dialect';

/** One inline migration. */
export interface InlineMigration {
  readonly id: string;
  readonly upgrade: (op: Operations) => unknown;
  readonly downgrade?: (op: Operations) => unknown;
}

/** A linear revision map of inline migrations. */
export function inlineMap(migrations: ReadonlyArray<InlineMigration>): RevisionMap {
  const revisions: Revision[] = migrations.map((m, i) => ({
    id: m.id,
    downRevisions: i === 0 ? [] : [migrations[i - 1]?.id ?? ''],
    branchLabels: [],
    dependsOn: [],
    message: `inline ${m.id}`,
    path: `inline/${m.id}.ts`,
  }));
  return RevisionMap.build(revisions);
}

/** Upgrades (or downgrades) `db` through the inline migrations to `target`. */
export function migrate(
  db: Database.Database,
  migrations: ReadonlyArray<InlineMigration>,
  options: { direction?: 'upgrade' | 'downgrade'; target?: string; transactionPerMigration?: boolean; progress?: RowProgress } = {},
) {
  const map = inlineMap(migrations);
  const direction = options.direction ?? 'upgrade';
  return runMigrations({
    db: asDatabase(db),
    progress: options.progress ?? null,
    versionTable: 'tsdb_version',
    transactionPerMigration: options.transactionPerMigration ?? true,
    plan: (current) =>
      direction === 'upgrade' ? map.planUpgrade(current, options.target ?? 'heads') : map.planDowngrade(current, options.target ?? '-1'),
    loadScript: async (revision) => {
      const m = migrations.find((x) => x.id === revision.id);
      if (!m) throw new Error(`no inline migration ${revision.id}`);
      return { upgrade: m.upgrade, downgrade: m.downgrade ?? (() => undefined) };
    },
  });
}

/** Runs a single upgrade function as its own revision on `db`. */
export function applyOnce(db: Database.Database, upgrade: (op: Operations) => unknown, id = 'r1', progress?: RowProgress) {
  // Each call appends one revision to whatever the database is at.
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'tsdb_version'").get() !== undefined;
  const prior = hasTable ? (db.prepare('SELECT version_num FROM tsdb_version').all() as Array<{ version_num: string }>) : [];
  const chain: InlineMigration[] = prior.map((row) => ({ id: row.version_num, upgrade: () => undefined }));
  return migrate(db, [...chain, { id, upgrade }], { progress });
}
