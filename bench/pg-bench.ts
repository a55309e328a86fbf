/**
 * 8. tsdb upgrade of 200 trivial revisions on PostgreSQL against one pg client sending the same statements, and node-pg-migrate.
 * 9. tsdb check on 300 tables × 10 columns on PostgreSQL against the catalog queries alone.
 * The server is a throwaway one (test/helpers/pg-server.ts, fsync off), started by run.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PgServer } from '../test/helpers/pg-server';
import { makeTsdbProject, writeRevisions } from './fixtures';
import { interleave, median, runOnce, type ProcessSpec } from './measure';
import { dropDatabase, trivialTableSql, verifyPgDatabase, withFreshDatabase, writeNodePgMigrations, pgTool } from './pg-fixtures';
import { atMost, check, header, print, row, sampleRow, times, type Verdict } from './report';

const REVISIONS = 200;
const TABLES = 300;
const COLUMNS = 10;
const FLOOR_SCRIPT = path.join(__dirname, 'floor-pg.js');

function configFor(url: string, models: boolean): string {
  const extra = models ? ", models: ['models.ts']" : '';
  return `import { defineConfig } from 'tsdb';\n\nexport default defineConfig({ url: ${JSON.stringify(url)}, migrations: 'migrations'${extra} });\n`;
}

/** A spec whose timed run creates `database` first, dropped untimed before each run. */
function freshDbSpec(server: PgServer, label: string, database: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const [command, shellArgs] = withFreshDatabase(server, database, args);
  const spec: ProcessSpec = { label, command, args: shellArgs, cwd, env, before: () => dropDatabase(server, database) };
  return spec;
}

/** Case 8; returns its verdicts. */
export function pgUpgradeBench(server: PgServer, root: string, cli: string, runs: number): Verdict[] {
  const dir = makeTsdbProject(path.join(root, 'pg-upgrade'));
  fs.writeFileSync(path.join(dir, 'tsdb.config.ts'), configFor(server.url('bench_tsdb'), false));
  const ids = writeRevisions(dir, REVISIONS, 'pg-upgrade', (i) => ({
    imports: [],
    upgrades: [`await op.execute(${JSON.stringify(trivialTableSql(i))});`],
    downgrades: [],
  }));
  const last = ids[ids.length - 1] ?? '';
  const plan = path.join(root, 'pg-floor-plan.json');
  fs.writeFileSync(plan, JSON.stringify(ids.map((id, i) => ({ id, sql: trivialTableSql(i + 1) }))));
  const npmDir = path.join(root, 'node-pg-migrate');
  writeNodePgMigrations(npmDir, REVISIONS);
  const npmBin = path.join(path.dirname(require.resolve('node-pg-migrate/package.json')), 'bin', 'node-pg-migrate.js');

  const cache = { TSDB_CACHE_DIR: path.join(root, 'cache-pg-upgrade') };
  const tsdb = freshDbSpec(server, 'tsdb upgrade (warm cache)', 'bench_tsdb', [cli, 'upgrade'], dir, cache);
  const floor = freshDbSpec(
    server,
    'floor: one pg client, 1 txn per revision',
    'bench_floor',
    [FLOOR_SCRIPT, 'upgrade', server.url('bench_floor'), plan],
    root,
  );
  const npm = freshDbSpec(
    server,
    `node-pg-migrate up (${REVISIONS} JS migrations)`,
    'bench_npm',
    [npmBin, 'up', '-m', 'migrations'],
    npmDir,
    {
      DATABASE_URL: server.url('bench_npm'),
    },
  );
  const steps = runOnce(tsdb)
    .stderr.split('\n')
    .filter((line) => line.startsWith('Running upgrade')).length;
  check(steps === REVISIONS, `tsdb upgrade reported ${steps} steps, expected ${REVISIONS}`);
  const [f, n, t] = interleave([floor, npm, tsdb], runs);
  if (!f || !n || !t) throw new Error('missing sample');
  verifyPgDatabase(server, 'bench_tsdb', 'tsdb upgrade', REVISIONS, last);
  verifyPgDatabase(server, 'bench_floor', 'floor', REVISIONS, last);
  verifyPgDatabase(server, 'bench_npm', 'node-pg-migrate', REVISIONS, null);

  const floorMedian = median(f.times);
  const tsdbMedian = median(t.times);
  const npmMedian = median(n.times);
  header(`8. PG upgrade: ${REVISIONS} revisions, fresh db in the run`, '×floor');
  for (const s of [f, n, t]) row(sampleRow(s, floorMedian));
  print(`  verified: tsdb_version = ${last}, ${REVISIONS} tables (tsdb, floor), ${REVISIONS} tables (node-pg-migrate)`);
  return [
    atMost('8a PG tsdb upgrade ≤ 1.15× floor', tsdbMedian, floorMedian, 1.15),
    {
      name: '8b PG tsdb upgrade faster than node-pg-migrate up',
      pass: tsdbMedian < npmMedian,
      detail: `${times(tsdbMedian / npmMedian)} of node-pg-migrate (${(tsdbMedian / 1000).toFixed(3)} s vs ${(npmMedian / 1000).toFixed(3)} s)`,
    },
  ];
}

const KINDS = ['varchar(80)', 'text()', 'integer()', 'boolean()', 'real()'];

function modelsSource(): string {
  const lines = ["import { table, integer, text, varchar, boolean, real, index } from 'tsdb';", ''];
  for (let i = 0; i < TABLES; i++) {
    const name = `t_${String(i).padStart(3, '0')}`;
    const cols = ['  id: integer().primaryKey(),'];
    for (let c = 1; c < COLUMNS; c++) cols.push(`  c${c}: ${KINDS[c % KINDS.length] ?? 'text()'}${c % 3 === 0 ? '.notNull()' : ''},`);
    lines.push(`export const ${name} = table('${name}', {`, ...cols, `}, (t) => [index('ix_${name}_c1').on(t.c1)]);`, '');
  }
  return lines.join('\n');
}

/** Case 9; the database is brought to head by tsdb itself (migrate + upgrade, untimed). */
export function pgCheckBench(server: PgServer, root: string, cli: string, runs: number): Verdict[] {
  const dir = makeTsdbProject(path.join(root, 'pg-check'));
  pgTool(server, 'createdb', ['-T', 'template0', 'bench_check']);
  const url = server.url('bench_check');
  fs.writeFileSync(path.join(dir, 'tsdb.config.ts'), configFor(url, true));
  fs.writeFileSync(path.join(dir, 'models.ts'), modelsSource());
  const env = { TSDB_CACHE_DIR: path.join(root, 'cache-pg-check') };
  runOnce({ label: 'tsdb migrate (setup)', args: [cli, 'migrate', '-m', 'tables'], cwd: dir, env });
  runOnce({ label: 'tsdb upgrade (setup)', args: [cli, 'upgrade'], cwd: dir, env });
  const spec: ProcessSpec = { label: `tsdb check (${TABLES} tables × ${COLUMNS} columns)`, args: [cli, 'check'], cwd: dir, env };
  const first = runOnce(spec);
  check(first.stdout.includes('No new upgrade operations detected.'), `tsdb check did not pass: ${first.stdout}${first.stderr}`);
  const floorSpec: ProcessSpec = { label: 'catalog queries alone (node + one pg client)', args: [FLOOR_SCRIPT, 'catalog', url], cwd: dir };
  const [floor, tsdb] = interleave([floorSpec, spec], runs);
  if (!floor || !tsdb) throw new Error('missing sample');
  const floorMedian = median(floor.times);
  const tsdbMedian = median(tsdb.times);
  header(`9. PG check: ${TABLES} tables × ${COLUMNS} columns, at head`, '×floor');
  row(sampleRow(floor, floorMedian));
  row(sampleRow(tsdb, floorMedian));
  return [
    atMost('9a PG tsdb check ≤ 1 s (300 × 10)', tsdbMedian, 1000, 1),
    atMost('9b PG tsdb check ≤ 1.5× catalog queries', tsdbMedian, floorMedian, 1.5),
  ];
}
