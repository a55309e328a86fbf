/**
 * Fault injection through the CLI: failing migrations leave the database exactly as it was, broken
 * scripts and broken graphs fail every command with one line naming the file.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, replaceInFile, snapshot, tables, versions } from '../helpers/cli-project';
import { lines, useSharedTempProject, useTempProject, type TempProject } from '../helpers/temp-project';

const A = 'aaaa11112222';
const B = 'bbbb33334444';

/** init, then revision A (table user with an index and two rows) applied. */
function setupApplied(p: TempProject): void {
  initProject(p);
  addRevision(
    p,
    'create user',
    {
      imports: ['integer', 'varchar'],
      upgrade: [
        "await op.createTable('user', { id: integer().primaryKey(), name: varchar(80).notNull() });",
        "await op.createIndex('ix_user_name', 'user', ['name']);",
        "await op.execute(\"INSERT INTO user (id, name) VALUES (1, 'ann'), (2, 'bob')\");",
      ].join('\n'),
      downgrade: "await op.dropTable('user');",
    },
    A,
  );
  mustSucceed(p, ['upgrade']);
}

/** Revision B: several changes (plain ALTER, a rebuild, raw SQL, knex, a new table), then `failure`. */
function addFailing(p: TempProject, failure: string, message = 'boom'): string {
  return addRevision(
    p,
    message,
    {
      imports: ['integer', 'text', 'varchar'],
      upgrade: [
        "await op.addColumn('user', text('bio'));",
        "await op.addColumn('user', varchar('code', 20).unique()); // a table rebuild",
        'await op.execute("INSERT INTO user (id, name) VALUES (3, \'cy\')");',
        'await op.execute("UPDATE user SET name = \'ANN\' WHERE id = 1");',
        "await op.knex('user').insert({ id: 4, name: 'dee' });",
        "await op.createTable('audit', { id: integer().primaryKey(), note: text() });",
        "await op.bulkInsert('audit', [{ id: 1, note: 'x' }]);",
        failure,
      ].join('\n'),
      downgrade: "await op.dropTable('audit');\nawait op.dropColumn('user', 'code');\nawait op.dropColumn('user', 'bio');",
    },
    B,
  ).file;
}

function leftoverTempTables(p: TempProject): string[] {
  const db = p.sqlite('app.db');
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '\\_tsdb\\_new\\_%' ESCAPE '\\'").all() as ReadonlyArray<{
      name: string;
    }>;
    return rows.map((row) => row.name);
  } finally {
    db.close();
  }
}

// Every test starts from its own copy of one project where revision A is applied.
const template = useSharedTempProject({}, setupApplied);

describe('a failing migration is rolled back completely', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it('an upgrade that throws after changing schema and rows leaves the database byte-identical', () => {
    const p = project();
    expect(versions(p)).toEqual([A]);
    const file = addFailing(p, "throw new Error('boom here');");
    const before = snapshot(p);
    expect(before).toContain('"ann"');

    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      `Running upgrade ${A} -> ${B}, boom`,
      `error: upgrade ${B} (${file}) failed: boom here; it was rolled back and the database is at ${A}`,
    ]);
    expect(snapshot(p)).toBe(before);
    expect(versions(p)).toEqual([A]);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log', 'user']);
    expect(leftoverTempTables(p)).toEqual([]);

    // The same failure again: same message, still nothing changed.
    const again = p.run(['upgrade']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(result.stderr);
    expect(snapshot(p)).toBe(before);
    expect(p.run(['current']).stdout).toBe(`${A}\n`);
  });

  it('control: the same revision without the throw applies every change', () => {
    const p = project();
    addFailing(p, '// no failure');
    const result = p.run(['upgrade']);
    expect(result.code, result.stderr).toBe(0);
    expect(versions(p)).toEqual([B]);
    expect(tables(p)).toEqual(['audit', 'tsdb_version', 'tsdb_version_log', 'user']);
    const db = p.sqlite('app.db');
    expect(db.prepare('SELECT id, name, bio, code FROM user ORDER BY id').all()).toEqual([
      { id: 1, name: 'ANN', bio: null, code: null },
      { id: 2, name: 'bob', bio: null, code: null },
      { id: 3, name: 'cy', bio: null, code: null },
      { id: 4, name: 'dee', bio: null, code: null },
    ]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'user' AND sql IS NOT NULL").all();
    expect(indexes).toEqual([{ name: 'ix_user_name' }]); // kept through the rebuild
    db.close();
    expect(leftoverTempTables(p)).toEqual([]);
  });

  it('a throw of a non-Error value (a string) fails with one clear line', () => {
    const p = project();
    const file = addFailing(p, "throw 'plain string';");
    const before = snapshot(p);
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `Running upgrade ${A} -> ${B}, boom`,
      `error: upgrade ${B} (${file}) failed: a non-Error value was thrown: "plain string"; it was rolled back and the database is at ${A}`,
    ]);
    expect(snapshot(p)).toBe(before);
  });

  it('a throw of undefined or of a plain object also fails with exit 1 and one error line', () => {
    const p = project();
    const file = addFailing(p, 'throw { code: 42 };');
    const before = snapshot(p);
    const object = p.run(['upgrade']);
    expect(object.code).toBe(1);
    expect(lines(object.stderr).filter((line) => line.startsWith('error:'))).toEqual([
      `error: upgrade ${B} (${file}) failed: a non-Error value was thrown: {"code":42}; it was rolled back and the database is at ${A}`,
    ]);
    replaceInFile(p, file, 'throw { code: 42 };', 'throw undefined;');
    const undef = p.run(['upgrade']);
    expect(undef.code).toBe(1);
    expect(lines(undef.stderr)).toHaveLength(2);
    expect(lines(undef.stderr)[1]).toMatch(new RegExp(`^error: upgrade ${B} \\(.+\\) failed: a non-Error value was thrown: undefined; `));
    expect(snapshot(p)).toBe(before);
  });

  it('an error whose message has several lines is still reported on one line', () => {
    const p = project();
    addFailing(p, "throw new Error('first line\\nsecond line\\nthird line');");
    const before = snapshot(p);
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errorLines = lines(result.stderr).filter((line) => !line.startsWith('Running upgrade'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(new RegExp(`^error: upgrade ${B} \\(migrations/versions/${B}_boom\\.ts\\) failed: first line`));
    expect(snapshot(p)).toBe(before);
  });

  it('a failing SQL statement in a script is rolled back and named', () => {
    const p = project();
    const file = addFailing(p, "await op.execute('INSERT INTO no_such_table VALUES (1)');");
    const before = snapshot(p);
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(2);
    expect(lines(result.stderr)[1]).toMatch(new RegExp(`^error: upgrade ${B} \\(${file}\\) failed: .*no such table: no_such_table`));
    expect(snapshot(p)).toBe(before);
    expect(leftoverTempTables(p)).toEqual([]);
  });

  it('upgrading several revisions keeps the good ones and stops at the failing one', () => {
    const p = project();
    mustSucceed(p, ['downgrade', 'base']);
    const file = addFailing(p, "throw new Error('boom here');");
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `Running upgrade  -> ${A}, create user`,
      `Running upgrade ${A} -> ${B}, boom`,
      `error: upgrade ${B} (${file}) failed: boom here; it was rolled back and the database is at ${A}`,
    ]);
    expect(versions(p)).toEqual([A]);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log', 'user']);
    const db = p.sqlite('app.db');
    expect(db.prepare('SELECT id, name FROM user ORDER BY id').all()).toEqual([
      { id: 1, name: 'ann' },
      { id: 2, name: 'bob' },
    ]);
    db.close();
    expect(leftoverTempTables(p)).toEqual([]);
  });

  it('a downgrade that throws is rolled back too', () => {
    const p = project();
    const file = addRevision(
      p,
      'add bio',
      {
        imports: ['text'],
        upgrade: "await op.addColumn('user', text('bio'));\nawait op.execute(\"UPDATE user SET bio = 'hi'\");",
        downgrade:
          "await op.dropColumn('user', 'bio');\nawait op.execute('DELETE FROM user');\nawait op.dropIndex('ix_user_name');\nthrow new Error('cannot go back');",
      },
      B,
    ).file;
    mustSucceed(p, ['upgrade']);
    const before = snapshot(p);
    const result = p.run(['downgrade']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `Running downgrade ${B} -> ${A}, add bio`,
      `error: downgrade ${B} (${file}) failed: cannot go back; it was rolled back and the database is at ${B}`,
    ]);
    expect(snapshot(p)).toBe(before);
    expect(versions(p)).toEqual([B]);
  });
});

describe('a broken script fails every command with one line naming the file', { timeout: 30_000 }, () => {
  const project = useTempProject({ copyOf: template });

  it('a TypeScript syntax error: history, current, upgrade, heads, downgrade, show, revision exit 1', () => {
    const p = project();
    const file = addRevision(
      p,
      'broken',
      {
        upgrade: 'const x: number = ;',
      },
      B,
    ).file;
    const line =
      p
        .readFile(file)
        .split('\n')
        .findIndex((text) => text.includes('const x: number = ;')) + 1;
    expect(line).toBeGreaterThan(1);
    const before = snapshot(p);
    for (const command of [['history'], ['current'], ['upgrade'], ['heads'], ['downgrade'], ['show', A], ['revision', '-m', 'next']]) {
      const result = p.run(command);
      const label = command.join(' ');
      expect(result.code, label).toBe(1);
      expect(result.stdout, label).toBe('');
      expect(lines(result.stderr), label).toHaveLength(1);
      expect(lines(p.normalize(result.stderr))[0], label).toMatch(
        new RegExp(`^error: (<TMP>/)?migrations/versions/<REV>_broken\\.ts:${line}:\\d+: .*fix the file`),
      );
      expect(result.stderr, label).toContain(`${B}_broken.ts:${line}:`);
    }
    expect(snapshot(p)).toBe(before);
    expect(fs.readdirSync(p.path('migrations/versions'))).toHaveLength(2);
  });

  it('a script that throws while it is loaded fails upgrade with its file name', () => {
    const p = project();
    const file = addRevision(p, 'throws on load', {}, B).file;
    replaceInFile(p, file, 'export const revision', "throw new Error('top-level failure');\nexport const revision");
    const before = snapshot(p);
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = lines(result.stderr).filter((text) => text.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${B}_throws_on_load.ts`);
    expect(errors[0]).toContain('top-level failure');
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(snapshot(p)).toBe(before);
    expect(versions(p)).toEqual([A]);
  });

  it('two scripts with the same revision id: history and upgrade exit 1 naming both files', () => {
    const p = project();
    const original = `migrations/versions/${A}_create_user.ts`;
    p.writeFile('migrations/versions/ffff00000000_copy.ts', p.readFile(original));
    const before = snapshot(p);
    for (const command of ['history', 'upgrade', 'current', 'heads']) {
      const result = p.run([command]);
      expect(result.code, command).toBe(1);
      expect(result.stdout, command).toBe('');
      expect(lines(result.stderr), command).toEqual([
        `error: migrations/versions/ffff00000000_copy.ts: revision ${A} is also defined by ${original}; give one of the two scripts a new revision id`,
      ]);
    }
    expect(snapshot(p)).toBe(before);
  });

  it('a downRevision naming an id no script has: history and upgrade exit 1 naming the file', () => {
    const p = project();
    const file = addRevision(p, 'orphan', {}, B).file;
    replaceInFile(p, file, `= '${A}';`, "= 'deadbeef0000';");
    const before = snapshot(p);
    for (const command of ['history', 'upgrade']) {
      const result = p.run([command]);
      expect(result.code, command).toBe(1);
      expect(lines(result.stderr), command).toEqual([
        `error: ${file}: revision ${B} names parent deadbeef0000, which no script defines; fix downRevision or restore the missing script`,
      ]);
    }
    expect(snapshot(p)).toBe(before);
  });

  it('a script with no upgrade function fails upgrade naming the file, before anything runs', () => {
    const p = project();
    const file = addRevision(p, 'no upgrade', {}, B).file;
    replaceInFile(p, file, 'export async function upgrade(', 'export async function upgrayedd(');
    const before = snapshot(p);
    const result = p.run(['upgrade']);
    expect(result.code).toBe(1);
    const errors = lines(result.stderr).filter((text) => text.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(file);
    expect(errors[0]).toContain('upgrade');
    expect(snapshot(p)).toBe(before);
  });
});
