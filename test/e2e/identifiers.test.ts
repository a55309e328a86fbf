/**
 * Identifiers are quoted everywhere, end to end through the built CLI: tables, columns, indexes,
 * unique, check and foreign-key constraints named with quotes, spaces, SQL keywords, a dot,
 * backticks, brackets, non-ASCII and code-like text are declared in a models module,
 * `tsdb migrate` writes a script that compiles (and type-checks), `tsdb upgrade` creates them,
 * rows go in with better-sqlite3, a change that rebuilds every table keeps every row and every
 * named object, `tsdb check` is clean, and `tsdb downgrade` goes back to v1 and then to base.
 */
import type Database from 'better-sqlite3';
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { initProject, mustSucceed, scriptFiles, tables, versions } from '../helpers/cli-project';
import { lines, useSharedTempProject, type TempProject } from '../helpers/temp-project';

/** The names under test; each is a table, a column and part of every constraint and index name. */
const NAMES: ReadonlyArray<string> = [
  'my "quoted" name',
  "it's",
  'first name',
  'order',
  'select',
  'group',
  'a.b',
  '`tick`',
  '[bracket]',
  'café',
  '用户',
  '🚀',
  '"it\'s" [x] `y` a.b order 🚀',
  "x'); process.exit(7); ('",
  '${process.exit(7)}',
  '*/ process.exit(7) /*',
  'line1\nline2',
  'a\u2028b',
];

/** Quotes an identifier for the test's own SQL. */
function qi(name: string): string {
  return `"${name.split('"').join('""')}"`;
}

/** A TypeScript string literal (JSON's is one). */
const lit = (value: string): string => JSON.stringify(value);

/** How tsdb prints a name in one line of output: control characters and line separators escaped. */
function shown(name: string): string {
  return name.replace(
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (ch) =>
      (({ '\n': '\\n', '\r': '\\r', '\t': '\\t' }) as Record<string, string>)[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The models module. Table i has `id`, a column named like the table (unique, indexed, checked),
 * `<n> gone` (v1 only), `<n> parent` (a cascading foreign key to table i-1) and `<n> ref`,
 * which v2 turns into a foreign key to table i+1. v2 also changes the type of the `<n>` column.
 */
function models(version: 1 | 2): string {
  const count = NAMES.length;
  const out = ["import { check, index, integer, sql, table, text, unique, varchar, type ColumnRef } from 'tsdb';", ''];
  NAMES.forEach((n, i) => {
    const parent =
      i === 0 ? 'integer()' : `integer().references((): ColumnRef => t${i - 1}.id, { onDelete: 'cascade', name: ${lit(`fk ${n}`)} })`;
    const ref = version === 1 ? 'integer()' : `integer().references((): ColumnRef => t${(i + 1) % count}.id, { name: ${lit(`fk2 ${n}`)} })`;
    out.push(
      `export const t${i} = table(${lit(n)}, {`,
      '  id: integer().primaryKey(),',
      `  [${lit(n)}]: ${version === 1 ? 'text()' : 'varchar(200)'}.notNull().unique(${lit(`uq ${n}`)}),`,
      ...(version === 1 ? [`  [${lit(`${n} gone`)}]: text(),`] : []),
      `  [${lit(`${n} parent`)}]: ${parent},`,
      `  [${lit(`${n} ref`)}]: ${ref},`,
      '}, (t) => [',
      `  index(${lit(`ix ${n}`)}).on(t[${lit(n)}]),`,
      `  unique(${lit(`uq2 ${n}`)}).on(t.id, t[${lit(n)}]),`,
      `  check(${lit(`ck ${n}`)}, sql\`\${${lit(`length(${qi(n)}) < 100`)}}\`),`,
      ']);',
      '',
    );
  });
  return out.join('\n');
}

type Row = Record<string, string | number | null>;

/** The rows put in after v1: two per table, each pointing at the rows of its neighbours. */
function rowsOf(i: number, n: string): Row[] {
  return [
    { id: 1, [n]: `first ${n}`, [`${n} gone`]: 'gone', [`${n} parent`]: i === 0 ? null : 1, [`${n} ref`]: 2 },
    { id: 2, [n]: `it's "2" \`${n}\``, [`${n} gone`]: null, [`${n} parent`]: i === 0 ? null : 2, [`${n} ref`]: 1 },
  ];
}

/** Rows as arrays of the given columns, in rowid order. */
function read(db: Database.Database, table: string, columns: ReadonlyArray<string>): unknown[][] {
  return db
    .prepare(`SELECT ${columns.map(qi).join(', ')} FROM ${qi(table)} ORDER BY rowid`)
    .raw()
    .all() as unknown[][];
}

const KEPT = (n: string): string[] => ['id', n, `${n} parent`, `${n} ref`];
const ALL = (n: string): string[] => ['id', n, `${n} gone`, `${n} parent`, `${n} ref`];

/** The CREATE TABLE text of a table. */
function createSql(db: Database.Database, table: string): string {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined;
  return row?.sql ?? '';
}

/** Names of the indexes created by CREATE INDEX on a table. */
function createdIndexes(db: Database.Database, table: string): string[] {
  return (db.prepare("SELECT name FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name").all(table) as Array<{ name: string }>).map(
    (r) => r.name,
  );
}

/** Type-checks files of the project against tsdb's published declarations; returns the diagnostics as text. */
function typeCheck(project: TempProject, files: ReadonlyArray<string>): string {
  const program = ts.createProgram(
    files.map((f) => project.path(f)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: true,
      types: [],
    },
  );
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => project.dir,
    getNewLine: () => '\n',
  });
}

const SCRIPT_LINE = /^Generating (migrations\/versions\/([0-9a-f]{12})_[a-z0-9_]+\.ts) \.\.\. {2}done$/m;

describe('awkward identifiers end to end through the CLI', { timeout: 30_000 }, () => {
  const project = useSharedTempProject({}, (p) => {
    initProject(p);
    p.writeFile('common/models.ts', models(1));
  });
  const revisions: string[] = [];
  const scripts: string[] = [];

  it('migrate autogenerates one script that creates every table', () => {
    const p = project();
    const result = mustSucceed(p, ['migrate', '-m', 'create awkward tables']);
    const match = SCRIPT_LINE.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    scripts.push(match?.[1] ?? '');
    revisions.push(match?.[2] ?? '');
    const detected = lines(result.stderr);
    for (const n of NAMES) expect(detected).toContain(`Detected added table '${shown(n)}'`);
    expect(detected).toHaveLength(NAMES.length);
  });

  it('upgrade creates every table, column, index and constraint under its exact name', () => {
    const p = project();
    const result = mustSucceed(p, ['upgrade']);
    expect(lines(result.stderr)).toEqual([`Running upgrade  -> ${revisions[0]}, create awkward tables`]);
    expect(versions(p)).toEqual([revisions[0]]);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log', ...NAMES].sort());
    const db = p.sqlite('app.db');
    for (const n of NAMES) {
      expect((db.prepare('SELECT name FROM pragma_table_info(?)').all(n) as Array<{ name: string }>).map((r) => r.name)).toEqual(ALL(n));
      expect(createdIndexes(db, n)).toEqual([`ix ${n}`]);
      const create = createSql(db, n);
      for (const constraint of [`uq ${n}`, `uq2 ${n}`, `ck ${n}`, ...(n === NAMES[0] ? [] : [`fk ${n}`])]) {
        expect(create, n).toContain(`CONSTRAINT ${qi(constraint)} `);
      }
    }
  });

  it('rows go in with better-sqlite3, and check finds the models and the database equal', () => {
    const p = project();
    const db = p.sqlite('app.db');
    NAMES.forEach((n, i) => {
      const columns = ALL(n);
      const insert = db.prepare(`INSERT INTO ${qi(n)} (${columns.map(qi).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rowsOf(i, n)) insert.run(...columns.map((c) => row[c] ?? null));
    });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const check = p.run(['check']);
    expect([check.code, check.stdout.trim()], check.stderr).toEqual([0, 'No new upgrade operations detected.']);
  });

  it('a change that rebuilds every table is autogenerated and upgraded keeping every row', () => {
    const p = project();
    p.writeFile('common/models.ts', models(2));
    const result = mustSucceed(p, ['migrate', '-m', 'rebuild awkward tables']);
    const match = SCRIPT_LINE.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    scripts.push(match?.[1] ?? '');
    revisions.push(match?.[2] ?? '');
    const detected = lines(result.stderr);
    for (const n of NAMES) {
      expect(detected).toContain(`Detected type change from TEXT to VARCHAR(200) on '${shown(n)}.${shown(n)}'`);
      expect(detected).toContain(`Detected removed column '${shown(n)}.${shown(`${n} gone`)}'`);
    }
    const source = p.readFile(scripts[1] ?? '');
    const upgradeBody = source.slice(source.indexOf('export async function upgrade'), source.indexOf('export async function downgrade'));
    expect(upgradeBody.match(/await op\.alterColumn\(/g), source).toHaveLength(NAMES.length);
    expect(upgradeBody.match(/await op\.createForeignKey\(/g), source).toHaveLength(NAMES.length);

    const up = p.run(['upgrade']);
    expect(up.code, `${up.stderr}\n${source}`).toBe(0);
    expect(lines(up.stderr)).toEqual([`Running upgrade ${revisions[0]} -> ${revisions[1]}, rebuild awkward tables`]);
    expect(versions(p)).toEqual([revisions[1]]);
    const db = p.sqlite('app.db');
    NAMES.forEach((n, i) => {
      expect(read(db, n, KEPT(n)), n).toEqual(rowsOf(i, n).map((row) => KEPT(n).map((c) => row[c])));
    });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });

  it('indexes, unique, check and foreign-key constraints keep their names and still hold after the rebuild', () => {
    const p = project();
    const db = p.sqlite('app.db');
    db.pragma('foreign_keys = ON');
    const count = NAMES.length;
    NAMES.forEach((n, i) => {
      expect(createdIndexes(db, n)).toEqual([`ix ${n}`]);
      const create = createSql(db, n);
      expect(create).toContain(`${qi(n)} VARCHAR(200) NOT NULL`);
      expect(create).not.toContain(qi(`${n} gone`));
      for (const constraint of [`uq ${n}`, `uq2 ${n}`, `ck ${n}`, `fk2 ${n}`, ...(i === 0 ? [] : [`fk ${n}`])]) {
        expect(create, n).toContain(`CONSTRAINT ${qi(constraint)} `);
      }
      const fks = db.prepare('SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY "from"').all(n);
      const expected = [
        ...(i === 0 ? [] : [{ table: NAMES[i - 1], from: `${n} parent`, to: 'id', on_delete: 'CASCADE' }]),
        { table: NAMES[(i + 1) % count], from: `${n} ref`, to: 'id', on_delete: 'NO ACTION' },
      ].sort((a, b) => (a.from < b.from ? -1 : 1));
      expect(fks, n).toEqual(expected);
      const insert = (values: Row) => {
        const columns = Object.keys(values);
        db.prepare(`INSERT INTO ${qi(n)} (${columns.map(qi).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
          ...columns.map((c) => values[c] ?? null),
        );
      };
      expect(() => insert({ id: 3, [n]: `first ${n}` }), n).toThrow(/UNIQUE constraint failed/);
      expect(() => insert({ id: 3, [n]: 'y'.repeat(150) }), n).toThrow(/CHECK constraint failed/);
      expect(() => insert({ id: 3, [n]: 'fresh', [`${n} ref`]: 99 }), n).toThrow(/FOREIGN KEY constraint failed/);
    });
  });

  it('check exits 0 after the rebuild', () => {
    const p = project();
    const check = p.run(['check']);
    expect([check.code, check.stdout.trim()], check.stderr).toEqual([0, 'No new upgrade operations detected.']);
  });

  it('the generated scripts and the models type-check against tsdb', () => {
    const p = project();
    expect(scripts).toHaveLength(2);
    expect(scriptFiles(p)).toEqual(scripts.map((s) => path.basename(s)).sort());
    expect(typeCheck(p, [...scripts, 'common/models.ts'])).toBe('');
  });

  it('downgrade -1 goes back to v1 keeping every row, and downgrade base drops every table', () => {
    const p = project();
    const down = p.run(['downgrade', '-1']);
    expect(down.code, down.stderr).toBe(0);
    expect(versions(p)).toEqual([revisions[0]]);
    const db = p.sqlite('app.db');
    NAMES.forEach((n, i) => {
      expect(createdIndexes(db, n)).toEqual([`ix ${n}`]);
      expect(read(db, n, ALL(n)), n).toEqual(rowsOf(i, n).map((row) => ALL(n).map((c) => (c === `${n} gone` ? null : row[c]))));
    });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    db.close();

    const base = p.run(['downgrade', 'base']);
    expect(base.code, base.stderr).toBe(0);
    expect(versions(p)).toEqual([]);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log']);
  });
});
