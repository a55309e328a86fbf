/**
 * Identifiers are quoted everywhere, in process: for each awkward name (quotes, spaces, SQL keywords,
 * a dot, backticks, brackets, non-ASCII, `$&`, code-like text, `__proto__`) used as a table, column,
 * index, unique, check and foreign-key name (and as the target column of a foreign key), the real
 * pieces (models → compare → render → script file → load → runtime) create the tables, then rebuild
 * them (a type change and an added foreign key, which SQLite's ALTER TABLE cannot do) keeping every
 * row and every named object, and the generated downgrade takes the database back to v1, rows kept.
 * The lossy-change preflight, which writes its own SQL, is checked with the same names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { check, index, integer, sql, table, text, unique, uniqueIndex, varchar, type ColumnRef } from '../../src/index';
import { AutogenProject, explain, live, pendingOps, type Models } from '../helpers/autogen';
import { applyOnce } from '../helpers/migrate';
import { tempDatabase } from '../helpers/sqlite';

/** Quotes an identifier for the test's own SQL (independent of tsdb's quoteIdent). */
function qi(name: string): string {
  return `"${name.split('"').join('""')}"`;
}

/** Each name, used for everything a table can name. */
const NAMES: ReadonlyArray<readonly [string, string]> = [
  ['double quotes', 'my "quoted" name'],
  ['a single quote', "it's"],
  ['spaces', 'first name'],
  ['the keyword order', 'order'],
  ['the keyword select', 'select'],
  ['the keyword group', 'group'],
  ['a dot', 'a.b'],
  ['backticks', '`tick`'],
  ['brackets', '[bracket]'],
  ['café', 'café'],
  ['用户', '用户'],
  ['an emoji', '🚀'],
  ['everything at once', '"it\'s" [x] `y` a.b order 🚀'],
  ['a backslash', 'C:\\tmp\\new'],
  ["replacement patterns $& and $'", "price$&$'x"],
  ['a newline', 'line1\nline2'],
  ['U+2028', 'a\u2028b'],
  ['code after a quote', "x'); process.exit(7); ('"],
  ['a template expression', '${process.exit(7)}'],
  ['a comment terminator', '*/ process.exit(7) /*'],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
];

/** The column `name` of a declared table (or of the `t` of its extras callback). */
function col(t: Readonly<Record<string, ColumnRef | undefined>>, name: string): ColumnRef {
  const found = t[name];
  if (found === undefined) throw new Error(`the declaration has no column ${JSON.stringify(name)}`);
  return found;
}

/** The v1 and v2 models for one name. v2 changes a column type and drops a column of the parent, and adds a foreign key on the child. */
function modelsFor(n: string): { v1: Models; v2: Models } {
  const build = (version: 1 | 2): Models => {
    const parent = table(
      n,
      {
        id: integer().primaryKey(),
        [n]: (version === 1 ? text() : varchar(200)).notNull().unique(`uq ${n}`),
        ...(version === 1 ? { [`${n} 2`]: text() } : {}),
      },
      (t) => [
        index(`ix ${n}`).on(col(t, n)),
        unique(`uq2 ${n}`).on(col(t, 'id'), col(t, n)),
        check(`ck ${n}`, sql`length(${qi(n)}) < 100`),
      ],
    );
    const child = table(
      `${n} child`,
      {
        [n]: integer().primaryKey(),
        [`${n} parent`]: integer().references(() => col(parent, 'id'), { onDelete: 'cascade', name: `fk ${n}` }),
        [`${n} extra`]: version === 1 ? integer() : integer().references(() => col(parent, 'id'), { name: `fk2 ${n}` }),
        // A foreign key to the awkwardly named (unique) column itself.
        [`${n} key`]: text().references(() => col(parent, n), { name: `fk3 ${n}`, onUpdate: 'cascade' }),
      },
      (t) => [uniqueIndex(`uix ${n}`).on(col(t, `${n} parent`), col(t, n))],
    );
    return version === 1 ? [parent, child] : [child, parent];
  };
  return { v1: build(1), v2: build(2) };
}

let project: AutogenProject | null = null;
afterEach(() => {
  project?.cleanup();
  project = null;
});

function insert(p: AutogenProject, tableName: string, row: Readonly<Record<string, string | number | null>>): void {
  const columns = Object.keys(row);
  p.db
    .prepare(`INSERT INTO ${qi(tableName)} (${columns.map(qi).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    .run(...columns.map((c) => row[c]));
}

/** Rows as arrays of values in rowid order (objects would mangle a column named __proto__). */
function values(p: AutogenProject, tableName: string, columns: ReadonlyArray<string>): unknown[][] {
  return p.db
    .prepare(`SELECT ${columns.map(qi).join(', ')} FROM ${qi(tableName)} ORDER BY rowid`)
    .raw()
    .all() as unknown[][];
}

function names(list: ReadonlyArray<{ readonly name: string | null }>): Array<string | null> {
  return list.map((x) => x.name).sort();
}

describe('an awkward name as table, column, index, unique, check and foreign-key name', () => {
  it.each(NAMES)('%s', async (_label, n) => {
    const p = new AutogenProject();
    project = p;
    const { v1, v2 } = modelsFor(n);
    const child = `${n} child`;

    // v1: created, and a second compare finds nothing.
    const g1 = await p.migrateTo(v1);
    expect(
      g1.ops.map((o) => o.kind),
      explain(g1),
    ).toEqual(['createTable', 'createTable']);
    expect(pendingOps(p.db, v1), explain(g1)).toStrictEqual([]);
    const tables = (): string[] =>
      (
        p.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'tsdb%' ORDER BY name").all() as Array<{
          name: string;
        }>
      ).map((r) => r.name);
    expect(tables()).toEqual([n, child].sort());

    const parentRows = [
      { id: 1, [n]: 'first', [`${n} 2`]: 'dropped later' },
      { id: 2, [n]: `it's "2" ${n}`, [`${n} 2`]: null },
    ];
    const childRows = [
      { [n]: 10, [`${n} parent`]: 1, [`${n} extra`]: 2, [`${n} key`]: 'first' },
      { [n]: 20, [`${n} parent`]: 2, [`${n} extra`]: null, [`${n} key`]: null },
    ];
    const childColumns = [n, `${n} parent`, `${n} extra`, `${n} key`];
    const childValues = childRows.map((r) => childColumns.map((c) => r[c]));
    for (const row of parentRows) insert(p, n, row);
    for (const row of childRows) insert(p, child, row);

    // v2: a type change on the referenced parent and a new foreign key on the child: both rebuilds.
    const g2 = await p.autogenerate(v2);
    expect(g2.ops.map((o) => o.kind).sort(), explain(g2)).toEqual(['alterColumn', 'createForeignKey', 'dropColumn']);
    await p.upgrade(g2);
    expect(pendingOps(p.db, v2), explain(g2)).toStrictEqual([]);
    expect(values(p, n, ['id', n]), explain(g2)).toStrictEqual(parentRows.map((r) => [r.id, r[n]]));
    expect(values(p, child, childColumns), explain(g2)).toStrictEqual(childValues);
    expect(p.db.prepare('PRAGMA foreign_key_check').all()).toStrictEqual([]);

    // Every named object survived the rebuilds, under its own name.
    const schema = live(p.db);
    const parentTable = schema.tables.find((t) => t.name === n);
    const childTable = schema.tables.find((t) => t.name === child);
    expect(parentTable?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'INTEGER'],
      [n, 'VARCHAR(200)'],
    ]);
    expect(names(parentTable?.uniques ?? [])).toEqual([`uq ${n}`, `uq2 ${n}`].sort());
    expect(names(parentTable?.checks ?? [])).toEqual([`ck ${n}`]);
    expect(names(parentTable?.indexes ?? [])).toEqual([`ix ${n}`]);
    expect(names(childTable?.foreignKeys ?? [])).toEqual([`fk ${n}`, `fk2 ${n}`, `fk3 ${n}`].sort());
    expect(childTable?.foreignKeys.map((fk) => [fk.refTable, fk.refColumns])).toEqual(
      expect.arrayContaining([
        [n, ['id']],
        [n, [n]],
      ]),
    );
    expect(names(childTable?.indexes ?? [])).toEqual([`uix ${n}`]);
    // …and is enforced.
    expect(() => insert(p, n, { id: 3, [n]: 'first' })).toThrow(/UNIQUE constraint failed/);
    expect(() => insert(p, n, { id: 3, [n]: 'x'.repeat(150) })).toThrow(/CHECK constraint failed/);
    expect(() => insert(p, child, { [n]: 10, [`${n} parent`]: 1 })).toThrow(/UNIQUE constraint failed/);
    p.db.pragma('foreign_keys = ON');
    expect(() => insert(p, child, { [n]: 30, [`${n} parent`]: 99 })).toThrow(/FOREIGN KEY constraint failed/);
    p.db.pragma('foreign_keys = OFF');

    // The generated downgrade takes it back to v1, rows kept (the dropped column comes back empty).
    await p.downgradeOne();
    expect(pendingOps(p.db, v1), explain(g2)).toStrictEqual([]);
    expect(values(p, n, ['id', n, `${n} 2`])).toStrictEqual(parentRows.map((r) => [r.id, r[n], null]));
    expect(values(p, child, childColumns)).toStrictEqual(childValues);

    // …and to base.
    await p.downgradeOne();
    expect(tables()).toEqual([]);
  });
});

describe('the lossy-change preflight with an awkward name', () => {
  let t: ReturnType<typeof tempDatabase> | null = null;
  afterEach(() => {
    t?.cleanup();
    t = null;
  });

  it.each(NAMES)('%s: counts the rows that would break, and changes nothing', async (_label, n) => {
    t = tempDatabase();
    const db = t.db;
    const parent = `${n} parent`;
    db.exec(`CREATE TABLE ${qi(parent)} (id INTEGER PRIMARY KEY);
      CREATE TABLE ${qi(n)} (id INTEGER PRIMARY KEY, ${qi(n)} TEXT, ${qi(`${n} ref`)} INTEGER);
      INSERT INTO ${qi(parent)} (id) VALUES (1);`);
    const add = db.prepare(`INSERT INTO ${qi(n)} (id, ${qi(n)}, ${qi(`${n} ref`)}) VALUES (?, ?, ?)`);
    add.run(1, 'same', 1);
    add.run(2, 'same', 99);
    add.run(3, null, 1);
    const before = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();

    const attempts: ReadonlyArray<readonly [string, (op: Parameters<Parameters<typeof applyOnce>[1]>[0]) => Promise<void>, RegExp]> = [
      ['createUniqueConstraint', (op) => op.createUniqueConstraint(`uq ${n}`, n, [n]), /2 rows [^]* have duplicate values/],
      ['alterColumn nullable', (op) => op.alterColumn(n, n, { nullable: false }), /1 row [^]* has NULL in/],
      [
        'createForeignKey',
        (op) => op.createForeignKey(`fk ${n}`, n, parent, [`${n} ref`], ['id']),
        /1 row [^]* has values in [^]* with no matching row in/,
      ],
      ['alterPrimaryKey', (op) => op.alterPrimaryKey(n, [n]), /3 rows [^]* have NULL or duplicate keys/],
    ];
    for (const [what, upgrade, message] of attempts) {
      await expect(applyOnce(db, upgrade), what).rejects.toThrow(message);
      expect(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(), what).toStrictEqual(before);
    }
  });
});
