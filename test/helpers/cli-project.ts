/** Steps shared by the CLI end-to-end tests: init a project, write and fill revision scripts, read the database. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunResult, TempProject } from './temp-project';

/** Throws with the command's output unless it exited 0. */
export function mustSucceed(project: TempProject, args: ReadonlyArray<string>): RunResult {
  const result = project.run(args);
  if (result.code !== 0) {
    throw new Error(`tsdb ${args.join(' ')} exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result;
}

/** The line of the generated config that names the database, as `tsdb init` writes it. */
export const INIT_URL_LINE = "url: process.env.DATABASE_URL ?? 'sqlite:///sqlite.db', // database URL";

/** Replaces `search` in a project file, failing when it is not there (so a format change is noticed). */
export function replaceInFile(project: TempProject, relative: string, search: string, replacement: string): void {
  const text = project.readFile(relative);
  if (!text.includes(search)) throw new Error(`${relative} does not contain ${JSON.stringify(search)}:\n${text}`);
  project.writeFile(
    relative,
    text.replace(search, () => replacement),
  );
}

/** `tsdb init`, then points the generated config at `sqlite:///<dbfile>`. */
export function initProject(project: TempProject, dbfile = 'app.db'): void {
  mustSucceed(project, ['init']);
  replaceInFile(project, 'tsdb.config.ts', INIT_URL_LINE, `url: 'sqlite:///${dbfile}',`);
}

/** What to put in a generated script. */
export interface ScriptBody {
  /** Names imported from 'tsdb' besides `type Operations`. */
  readonly imports?: ReadonlyArray<string>;
  /** Statements of upgrade(op); omitted: the placeholder comment stays. */
  readonly upgrade?: string;
  /** Statements of downgrade(op). */
  readonly downgrade?: string;
}

/** Fills the placeholders of a script written by `tsdb revision`. */
export function fillScript(project: TempProject, relative: string, body: ScriptBody): void {
  if (body.imports !== undefined && body.imports.length > 0) {
    replaceInFile(
      project,
      relative,
      "import { type Operations } from 'tsdb';",
      `import { ${body.imports.join(', ')}, type Operations } from 'tsdb';`,
    );
  }
  const fill = (direction: 'upgrade' | 'downgrade', code: string | undefined): void => {
    if (code === undefined) return;
    const text = project.readFile(relative);
    const placeholder = new RegExp(`^ *// write the ${direction} here.*$`, 'm');
    if (!placeholder.test(text)) throw new Error(`${relative} has no '// write the ${direction} here' line:\n${text}`);
    project.writeFile(
      relative,
      text.replace(placeholder, () =>
        code
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
      ),
    );
  };
  fill('upgrade', body.upgrade);
  fill('downgrade', body.downgrade);
}

/** A script written by `tsdb revision`. */
export interface NewRevision {
  readonly id: string;
  /** Relative to the project, with forward slashes. */
  readonly file: string;
  readonly result: RunResult;
}

const GENERATED = /^Generating (migrations\/versions\/([0-9a-z_]+?)_[^/\n]*\.ts) \.\.\. {2}done$/m;

/** `tsdb revision -m MESSAGE [--rev-id ID]`, then fills the script with `body`. */
export function addRevision(project: TempProject, message: string, body: ScriptBody = {}, revId?: string): NewRevision {
  const args = ['revision', '-m', message, ...(revId === undefined ? [] : ['--rev-id', revId])];
  const result = mustSucceed(project, args);
  const match = GENERATED.exec(result.stdout);
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new Error(`tsdb revision printed no 'Generating migrations/versions/<rev>_<slug>.ts ...  done' line:\n${result.stdout}`);
  }
  fillScript(project, match[1], body);
  return { id: match[2], file: match[1], result };
}

/** The script files in migrations/versions, sorted. */
export function scriptFiles(project: TempProject, dir = 'migrations/versions'): string[] {
  return fs.readdirSync(project.path(dir)).sort();
}

/** The rows of the version table (sorted), or null when the table does not exist. */
export function versions(project: TempProject, dbfile = 'app.db', table = 'tsdb_version'): string[] | null {
  const db = project.sqlite(dbfile);
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (!exists) return null;
    const rows = db.prepare(`SELECT version_num FROM "${table}"`).all() as ReadonlyArray<{ version_num: string }>;
    return rows.map((row) => row.version_num).sort();
  } finally {
    db.close();
  }
}

/** The user tables of the database (not sqlite_% ones), sorted. */
export function tables(project: TempProject, dbfile = 'app.db'): string[] {
  const db = project.sqlite(dbfile);
  try {
    const rows = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as ReadonlyArray<{ name: string }>;
    return rows.map((row) => row.name);
  } finally {
    db.close();
  }
}

/** The column names of a table, in order. */
export function columns(project: TempProject, table: string, dbfile = 'app.db'): string[] {
  const db = project.sqlite(dbfile);
  try {
    const rows = db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as ReadonlyArray<{ name: string }>;
    return rows.map((row) => row.name);
  } finally {
    db.close();
  }
}

/**
 * The whole database as text: schema_version, every sqlite_master row and every row of every table
 * (sqlite_sequence included), in a fixed order, so two snapshots are equal only when nothing changed.
 */
export function snapshot(project: TempProject, dbfile = 'app.db'): string {
  const db = project.sqlite(dbfile);
  try {
    const schemaVersion = db.pragma('schema_version', { simple: true }) as unknown;
    const master = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as ReadonlyArray<{
      type: string;
      name: string;
    }>;
    const data: Record<string, unknown[]> = {};
    for (const row of master) {
      if (row.type !== 'table') continue;
      data[row.name] = db.prepare(`SELECT * FROM "${row.name.replace(/"/g, '""')}" ORDER BY rowid`).all();
    }
    return JSON.stringify({ schemaVersion, master, data }, null, 1);
  } finally {
    db.close();
  }
}

/** The project-relative path of a file, with forward slashes. */
export function rel(project: TempProject, file: string): string {
  return path.relative(project.dir, file).split(path.sep).join('/');
}
