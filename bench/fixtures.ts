/** Temp projects for the bench: tsdb projects with generated revisions, knex migrations, loader modules. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderScript, slugify } from '../src/script/render-script';

/** The tsdb checkout this bench was built from (dist/bench/ → repo root). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The bundled CLI users run. */
export const CLI = path.join(REPO_ROOT, 'dist', 'bin', 'tsdb.js');

/** A deterministic 12-hex-digit revision id (spread out, so file order is not chain order, as in real projects). */
export function revisionId(seed: string, i: number): string {
  return createHash('sha1').update(`${seed}:${i}`).digest('hex').slice(0, 12);
}

/** Table name of revision i (1-based). */
export function tableName(i: number): string {
  return `t_${String(i).padStart(4, '0')}`;
}

/** The CREATE TABLE text tsdb emits for `createTable(name, { id: integer().primaryKey(), v: text() })`. */
export function createTableSql(name: string): string {
  return `CREATE TABLE "${name}" (\n  "id" INTEGER PRIMARY KEY NOT NULL,\n  "v" TEXT\n)`;
}

/** Creates a tsdb project: node_modules/tsdb → this checkout, tsdb.config.ts, migrations/ with the template. */
export function makeTsdbProject(dir: string): string {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'tsdb'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'tsdb.config.ts'),
    "import { defineConfig } from 'tsdb';\n\nexport default defineConfig({ url: 'sqlite:///app.db', migrations: 'migrations' });\n",
  );
  const migrations = path.join(dir, 'migrations');
  fs.mkdirSync(path.join(migrations, 'versions'), { recursive: true });
  for (const name of ['script.ts.tmpl', 'README']) {
    const from = path.join(REPO_ROOT, 'templates', name);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(migrations, name));
  }
  return dir;
}

/** What one generated revision does. */
export interface RevisionBody {
  readonly imports: ReadonlyArray<string>;
  readonly upgrades: ReadonlyArray<string>;
  readonly downgrades: ReadonlyArray<string>;
}

/** An empty revision, as `tsdb revision -m` writes it. */
export const EMPTY_BODY: RevisionBody = { imports: [], upgrades: [], downgrades: [] };

/** The createTable revision of the upgrade benchmark. */
export function createTableBody(i: number): RevisionBody {
  const name = tableName(i);
  return {
    imports: ['integer', 'text'],
    upgrades: [`await op.createTable('${name}', { id: integer().primaryKey(), v: text() });`],
    downgrades: [`await op.dropTable('${name}');`],
  };
}

/**
 * Writes `count` revisions as a linear chain into the project's migrations/versions, rendered from
 * the project's script.ts.tmpl by the same function `tsdb revision` uses. Returns the ids, oldest first.
 */
export function writeRevisions(project: string, count: number, seed: string, body: (i: number) => RevisionBody): string[] {
  const migrations = path.join(project, 'migrations');
  const template = fs.readFileSync(path.join(migrations, 'script.ts.tmpl'), 'utf8');
  const ids: string[] = [];
  let parent: string | null = null;
  const start = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= count; i++) {
    const id = revisionId(seed, i);
    const message = `${seed} revision ${i}`;
    const b = body(i);
    const text = renderScript(template, {
      revision: id,
      downRevisions: parent === null ? [] : [parent],
      branchLabels: [],
      dependsOn: [],
      message,
      createDate: new Date(start + i * 60_000),
      imports: b.imports,
      upgrades: b.upgrades,
      downgrades: b.downgrades,
    });
    fs.writeFileSync(path.join(migrations, 'versions', `${id}_${slugify(message)}.ts`), text, { flag: 'wx' });
    ids.push(id);
    parent = id;
  }
  waitPastRacyWindow();
  return ids;
}

/** tsdb never caches a file changed in the last two seconds (git's "racy" rule): a user's files are older than that. */
export function waitPastRacyWindow(): void {
  const until = Date.now() + 2100;
  while (Date.now() < until) {
    // busy-wait: the bench is synchronous by design
  }
}

/** Writes `count` knex migrations (the same tables) into `dir/migrations`; knex runs them in file-name order. */
export function writeKnexMigrations(dir: string, count: number): void {
  const folder = path.join(dir, 'migrations');
  fs.mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const name = tableName(i);
    fs.writeFileSync(
      path.join(folder, `${String(i).padStart(4, '0')}_create_${name}.js`),
      [
        `exports.up = (knex) => knex.schema.createTable('${name}', (t) => { t.integer('id').primary(); t.text('v'); });`,
        `exports.down = (knex) => knex.schema.dropTable('${name}');`,
        '',
      ].join('\n'),
    );
  }
}

/** Writes `count` small TypeScript modules and, for the plain-require floor, the same as CommonJS in `dir/js`. */
export function writeLoaderModules(dir: string, count: number): void {
  fs.mkdirSync(path.join(dir, 'js'), { recursive: true });
  for (let i = 1; i <= count; i++) {
    const id = revisionId('loader', i);
    const sql = `CREATE TABLE "m_${i}" (id INTEGER PRIMARY KEY)`;
    fs.writeFileSync(
      path.join(dir, `${id}_module_${i}.ts`),
      [
        "import type { Operations } from 'tsdb';",
        '',
        `export const revision = '${id}';`,
        '',
        'export async function upgrade(op: Operations): Promise<void> {',
        `  await op.execute('${sql}');`,
        '}',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'js', `${id}_module_${i}.js`),
      [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        `exports.revision = '${id}';`,
        `async function upgrade(op) { await op.execute('${sql}'); }`,
        'exports.upgrade = upgrade;',
        '',
      ].join('\n'),
    );
  }
}

/** Removes a SQLite database file and its journal, if present. */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}
