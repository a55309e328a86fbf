/**
 * The whole workflow through the built CLI, in a CommonJS project and in a `"type": "module"` one:
 * init, config, two revisions, upgrade, the graph commands, downgrade, stamp.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addRevision, columns, mustSucceed, replaceInFile, tables, versions, type NewRevision } from '../helpers/cli-project';
import { lines, useSharedTempProject } from '../helpers/temp-project';

const MODELS = `import { table, integer, varchar } from 'tsdb';

export const user = table('user', {
  id: integer().primaryKey(),
  name: varchar(80).notNull(),
});
`;

describe.each(['commonjs', 'module'] as const)('workflow in a "type": "%s" project', { timeout: 30_000 }, (type) => {
  const project = useSharedTempProject({ type });
  let first: NewRevision;
  let second: NewRevision;

  it('init writes the config and the script directory', () => {
    const p = project();
    const result = p.run(['init']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      'Creating directory migrations ...  done',
      'Generating migrations/README ...  done',
      'Generating migrations/script.ts.tmpl ...  done',
      'Generating migrations/versions ...  done',
      'Generating tsdb.config.ts ...  done',
      'Please edit tsdb.config.ts: set the database url and your models module.',
    ]);
    expect(result.stderr).toBe('');
    expect(fs.readdirSync(p.path('migrations')).sort()).toEqual(['README', 'script.ts.tmpl', 'versions']);
    expect(fs.readdirSync(p.path('migrations/versions'))).toEqual([]);
    expect(p.readFile('migrations/script.ts.tmpl')).toContain('{{upgrades}}');
    expect(p.readFile('tsdb.config.ts')).toContain("import { defineConfig } from 'tsdb';");
  });

  it('a second init refuses the non-empty script directory and changes nothing', () => {
    const p = project();
    const config = p.readFile('tsdb.config.ts');
    const result = p.run(['init']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual(['error: directory migrations already exists and is not empty; choose another with -d DIR']);
    expect(p.readFile('tsdb.config.ts')).toBe(config);
  });

  it('the edited config (sqlite:///app.db, models) loads, with no revision yet', () => {
    const p = project();
    p.writeFile('common/models.ts', MODELS);
    if (type === 'module') {
      // An ESM-style specifier naming the emitted file: './db-url.js' must load ./db-url.ts.
      p.writeFile('db-url.ts', "export const DB_URL: string = 'sqlite:///app.db';\n");
      replaceInFile(
        p,
        'tsdb.config.ts',
        "import { defineConfig } from 'tsdb';",
        "import { defineConfig } from 'tsdb';\nimport { DB_URL } from './db-url.js';",
      );
      replaceInFile(p, 'tsdb.config.ts', "process.env.DATABASE_URL ?? 'sqlite:///sqlite.db'", 'DB_URL');
    } else {
      replaceInFile(p, 'tsdb.config.ts', "process.env.DATABASE_URL ?? 'sqlite:///sqlite.db'", "'sqlite:///app.db'");
    }
    expect(p.readFile('tsdb.config.ts')).toContain("models: ['common/models.ts']");
    const result = p.run(['history']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    // Reading the graph never creates the database.
    expect(fs.existsSync(p.path('app.db'))).toBe(false);
  });

  it('revision -m writes <rev>_<slug>.ts whose parent is the previous head', () => {
    const p = project();
    first = addRevision(p, 'create user', {
      imports: ['integer', 'varchar'],
      upgrade: "await op.createTable('user', { id: integer().primaryKey(), name: varchar(80).notNull() });",
      downgrade: "await op.dropTable('user');",
    });
    expect(first.id).toMatch(/^[0-9a-f]{12}$/);
    expect(p.normalize(first.result.stdout)).toBe('Generating migrations/versions/<REV>_create_user.ts ...  done\n');
    expect(first.file).toBe(`migrations/versions/${first.id}_create_user.ts`);
    const source = p.readFile(first.file);
    expect(source).toContain(`export const revision = '${first.id}';`);
    expect(source).toContain('export const downRevision: string | string[] | null = null;');
    expect(p.normalize(source)).toContain(' * create user\n *\n * Revision ID: <REV>\n');
    expect(p.normalize(source)).toMatch(/ \* Create Date: <DATE>\n/);

    second = addRevision(p, 'add bio', {
      imports: ['text'],
      upgrade: "await op.addColumn('user', text('bio'));",
      downgrade: "await op.dropColumn('user', 'bio');",
    });
    expect(second.file).toBe(`migrations/versions/${second.id}_add_bio.ts`);
    expect(second.id).not.toBe(first.id);
    expect(p.readFile(second.file)).toContain(`export const downRevision: string | string[] | null = '${first.id}';`);
    expect(p.readFile(second.file)).toContain(` * Revises: ${first.id}\n`);
  });

  it('current before any upgrade: no database file yet, nothing on stdout', () => {
    const p = project();
    const result = p.run(['current']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(fs.existsSync(p.path('app.db'))).toBe(false);
  });

  it('upgrade applies both revisions in order and records the head', () => {
    const p = project();
    const result = p.run(['upgrade']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      `Running upgrade  -> ${first.id}, create user`,
      `Running upgrade ${first.id} -> ${second.id}, add bio`,
    ]);
    expect(p.normalize(result.stderr)).toBe('Running upgrade  -> <REV>, create user\nRunning upgrade <REV> -> <REV>, add bio\n');
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log', 'user']);
    expect(columns(p, 'user')).toEqual(['id', 'name', 'bio']);
    expect(versions(p)).toEqual([second.id]);
    const db = p.sqlite('app.db');
    const versionTable = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'tsdb_version'").get() as { sql: string };
    expect(versionTable.sql).toMatch(/version_num VARCHAR\(32\) NOT NULL PRIMARY KEY/);
    db.close();
  });

  it('upgrade at head does nothing and says so', () => {
    const p = project();
    const result = p.run(['upgrade']);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`Nothing to upgrade: the database is at ${second.id}`]);
    expect(versions(p)).toEqual([second.id]);
  });

  it('current prints the head', () => {
    const result = project().run(['current']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${second.id} (head)\n`);
    expect(project().normalize(result.stdout)).toBe('<REV> (head)\n');
  });

  it('history lists newest first', () => {
    const result = project().run(['history']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([`${first.id} -> ${second.id} (head), add bio`, `<base> -> ${first.id}, create user`]);
    expect(project().normalize(result.stdout)).toBe('<REV> -> <REV> (head), add bio\n<base> -> <REV>, create user\n');
  });

  it('history --indicate-current marks the applied revision', () => {
    const result = project().run(['history', '--indicate-current']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([`${first.id} -> ${second.id} (head) (current), add bio`, `<base> -> ${first.id}, create user`]);
  });

  it('history -v prints each revision in full', () => {
    const p = project();
    const result = p.run(['history', '-v']);
    expect(result.code).toBe(0);
    // when each revision was applied comes from the log table, with how long it took
    expect(lines(p.normalize(result.stdout).replace(/, [\d.]+ ms\)/g, ', <MS> ms)'))).toEqual([
      'Rev: <REV> (head)',
      'Parent: <REV>',
      'Path: <TMP>/migrations/versions/<REV>_add_bio.ts',
      '    add bio',
      '    Revision ID: <REV>',
      '    Revises: <REV>',
      '    Create Date: <DATE>',
      '    Applied: <DATE>Z (upgrade, <MS> ms)',
      'Rev: <REV>',
      'Parent: <base>',
      'Path: <TMP>/migrations/versions/<REV>_create_user.ts',
      '    create user',
      '    Revision ID: <REV>',
      '    Revises:',
      '    Create Date: <DATE>',
      '    Applied: <DATE>Z (upgrade, <MS> ms)',
    ]);
    expect(result.stdout).toContain(`Rev: ${second.id} (head)\nParent: ${first.id}\n`);
  });

  it('heads prints the single head', () => {
    const result = project().run(['heads']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${second.id} (head)\n`);
  });

  it('show <prefix> prints that revision in full', () => {
    const p = project();
    const prefix = first.id.slice(0, 6);
    const result = p.run(['show', prefix]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(lines(p.normalize(result.stdout))).toEqual([
      'Rev: <REV>',
      'Parent: <base>',
      'Path: <TMP>/migrations/versions/<REV>_create_user.ts',
      '    create user',
      '    Revision ID: <REV>',
      '    Revises:',
      '    Create Date: <DATE>',
    ]);
    expect(result.stdout).toContain(`Rev: ${first.id}\n`);
  });

  it('downgrade (default -1) reverts the last revision only', () => {
    const p = project();
    const result = p.run(['downgrade']);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`Running downgrade ${second.id} -> ${first.id}, add bio`]);
    expect(columns(p, 'user')).toEqual(['id', 'name']);
    expect(versions(p)).toEqual([first.id]);
    expect(p.run(['current']).stdout).toBe(`${first.id}\n`);
  });

  it('downgrade base reverts everything and leaves an empty version table', () => {
    const p = project();
    const result = p.run(['downgrade', 'base']);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`Running downgrade ${first.id} -> , create user`]);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log']);
    expect(versions(p)).toEqual([]);
    expect(p.run(['current'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('stamp head sets the version without running any script', () => {
    const p = project();
    const result = p.run(['stamp', 'head']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([`Running stamp_revision  -> ${second.id}`]);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log']); // the user table is NOT created
    expect(versions(p)).toEqual([second.id]);
    expect(p.run(['current']).stdout).toBe(`${second.id} (head)\n`);
  });

  it('stamp base empties the version table without running any script', () => {
    const p = project();
    const result = p.run(['stamp', 'base']);
    expect(result.code).toBe(0);
    expect(lines(result.stderr)).toEqual([`Running stamp_revision ${second.id} -> `.trimEnd()]);
    expect(tables(p)).toEqual(['tsdb_version', 'tsdb_version_log']);
    expect(versions(p)).toEqual([]);
    // and the scripts still apply cleanly afterwards
    mustSucceed(p, ['upgrade']);
    expect(columns(p, 'user')).toEqual(['id', 'name', 'bio']);
    expect(versions(p)).toEqual([second.id]);
  });
});
