/** 5. tsdb check on a 300-table × 10-column model against a database at head, and the introspection alone. */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createIndexSql, createTableSql } from '../src/dialect/sqlite/create-table';
import { makeColumn, makeTable, type Table } from '../src/schema/types';
import { makeTsdbProject, waitPastRacyWindow, writeRevisions } from './fixtures';
import { interleave, median, runOnce, type ProcessSpec } from './measure';
import { atMost, check, header, row, sampleRow, type Verdict } from './report';

const TABLES = 300;
const COLUMNS = 10;
const KINDS: ReadonlyArray<[string, string]> = [
  ['varchar(80)', 'VARCHAR(80)'],
  ['text()', 'TEXT'],
  ['integer()', 'INTEGER'],
  ['boolean()', 'BOOLEAN'],
  ['real()', 'REAL'],
];

function tableOf(i: number): Table {
  const name = `t_${String(i).padStart(3, '0')}`;
  const columns = [makeColumn({ name: 'id', type: 'INTEGER', nullable: false })];
  for (let c = 1; c < COLUMNS; c++) {
    const kind = KINDS[c % KINDS.length] ?? KINDS[0];
    columns.push(makeColumn({ name: `c${c}`, type: kind?.[1] ?? 'TEXT', nullable: c % 3 !== 0 }));
  }
  return makeTable({
    name,
    columns,
    primaryKey: { name: null, columns: ['id'] },
    indexes: [{ name: `ix_${name}_c1`, columns: ['c1'], unique: false, where: null }],
  });
}

function modelsSource(): string {
  const lines = ["import { table, integer, text, varchar, boolean, real, index } from 'tsdb';", ''];
  for (let i = 0; i < TABLES; i++) {
    const name = `t_${String(i).padStart(3, '0')}`;
    const cols = ['  id: integer().primaryKey(),'];
    for (let c = 1; c < COLUMNS; c++) cols.push(`  c${c}: ${KINDS[c % KINDS.length]?.[0] ?? 'text()'}${c % 3 === 0 ? '.notNull()' : ''},`);
    lines.push(`export const ${name} = table('${name}', {`, ...cols, `}, (t) => [index('ix_${name}_c1').on(t.c1)]);`, '');
  }
  return lines.join('\n');
}

/** Runs case 5 and returns its verdict. */
export function checkBench(root: string, cli: string, runs: number): Verdict {
  const dir = makeTsdbProject(path.join(root, 'check'));
  fs.writeFileSync(path.join(dir, 'models.ts'), modelsSource());
  fs.writeFileSync(
    path.join(dir, 'tsdb.config.ts'),
    "import { defineConfig } from 'tsdb';\nexport default defineConfig({ url: 'sqlite:///app.db', migrations: 'migrations', models: ['models.ts'] });\n",
  );
  const [head] = writeRevisions(dir, 1, 'check', () => ({ imports: [], upgrades: [], downgrades: [] }));
  const db = new Database(path.join(dir, 'app.db'));
  db.exec('BEGIN');
  for (let i = 0; i < TABLES; i++) {
    const t = tableOf(i);
    db.exec(createTableSql(t));
    for (const index of t.indexes) db.exec(createIndexSql(t.name, index));
  }
  db.exec(`CREATE TABLE tsdb_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY); INSERT INTO tsdb_version VALUES ('${head}'); COMMIT`);
  db.close();
  waitPastRacyWindow();
  const env = { TSDB_CACHE_DIR: path.join(root, 'cache-check') };
  const spec: ProcessSpec = { label: `tsdb check (${TABLES} tables × ${COLUMNS} columns)`, args: [cli, 'check'], cwd: dir, env };
  const first = runOnce(spec);
  check(first.stdout.includes('No new upgrade operations detected.'), `tsdb check did not pass: ${first.stdout}${first.stderr}`);
  const introspect = path.join(__dirname, '..', 'src', 'dialect', 'sqlite', 'introspect.js');
  const floorSpec: ProcessSpec = {
    label: 'introspection queries alone (node + better-sqlite3)',
    args: [
      '-e',
      `const D=require(${JSON.stringify(require.resolve('better-sqlite3'))});const db=new D('app.db');require(${JSON.stringify(introspect)}).introspectSchema(db,{versionTable:'tsdb_version'})`,
    ],
    cwd: dir,
    env,
  };
  const [floor, tsdb] = interleave([floorSpec, spec], runs);
  if (!floor || !tsdb) throw new Error('missing sample');
  header(`5. check: ${TABLES} tables × ${COLUMNS} columns, database at head`, '×floor');
  const floorMedian = median(floor.times);
  row(sampleRow(floor, floorMedian));
  row(sampleRow(tsdb, floorMedian));
  const verdict = atMost('5  tsdb check ≤ 1 s (300 × 10)', median(tsdb.times), 1000, 1);
  return verdict;
}
