import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initProject, scriptFiles, tables, versions } from '../helpers/cli-project';
import { useTempProject } from '../helpers/temp-project';

const MODELS_V1 = `import { table, integer, varchar, text } from 'tsdb';
export const user = table('user', {
  id: integer().primaryKey(),
  username: varchar(80).notNull().unique(),
});
`;

describe('tsdb migrate and tsdb check', () => {
  const project = useTempProject();

  function setup() {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS_V1);
    return p;
  }

  it('autogenerates, applies, says "No changes" the second time, and check gates drift', () => {
    const p = setup();
    const first = p.run(['migrate', '-m', 'Initial migration.']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("Detected added table 'user'");
    expect(first.stdout).toMatch(/^Generating migrations\/versions\/[0-9a-f]{12}_initial_migration\.ts \.\.\. {2}done$/m);
    expect(p.run(['upgrade']).code).toBe(0);
    expect(tables(p)).toContain('user');
    const again = p.run(['migrate', '-m', 'nothing']);
    expect([again.code, again.stdout.trim()]).toEqual([0, 'No changes in schema detected.']);
    expect(scriptFiles(p)).toHaveLength(1);
    expect(p.run(['check']).stdout.trim()).toBe('No new upgrade operations detected.');

    p.writeFile('common/models.ts', MODELS_V1.replace('  username:', '  bio: text(),\n  username:'));
    const drift = p.run(['check']);
    expect(drift.code).toBe(1);
    expect(drift.stdout.trim()).toBe("Detected added column 'user.bio'");
    expect(drift.stderr).toMatch(/^error: New upgrade operations detected: 1/);
    expect(p.run(['migrate', '-m', 'add bio']).code).toBe(0);
    // not at head: migrate and check refuse
    const refused = p.run(['migrate', '-m', 'too early']);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/^error: Target database is not up to date\./)]);
    expect(p.run(['check']).code).toBe(1);
    expect(p.run(['upgrade']).code).toBe(0);
    expect(p.run(['check']).code).toBe(0);
    // offline: no database file at all
    fs.rmSync(p.path('app.db'));
    const offline = p.run(['check', '--offline']);
    expect([offline.code, offline.stdout.trim()]).toEqual([0, 'No new upgrade operations detected.']);
    expect(fs.existsSync(p.path('app.db'))).toBe(false);
  });

  it('--allow-empty writes an empty script; revision --autogenerate works like migrate', () => {
    const p = setup();
    expect(p.run(['revision', '--autogenerate', '-m', 'init']).code).toBe(0);
    expect(p.run(['upgrade']).code).toBe(0);
    const empty = p.run(['migrate', '-m', 'empty', '--allow-empty']);
    expect(empty.code).toBe(0);
    expect(scriptFiles(p)).toHaveLength(2);
    expect(p.run(['upgrade']).code).toBe(0);
    expect(versions(p)).toHaveLength(1);
  });

  it('names the file of a models mistake', () => {
    const p = setup();
    p.writeFile(
      'common/other.ts',
      "import { table, integer } from 'tsdb';\nexport const user = table('user', { id: integer().primaryKey() });\n",
    );
    fs.writeFileSync(
      p.path('tsdb.config.ts'),
      fs.readFileSync(p.path('tsdb.config.ts'), 'utf8').replace("['common/models.ts']", "['common/*.ts']"),
    );
    const result = p.run(['migrate', '-m', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^error: common\/(models|other)\.ts: table 'user' is also declared in common\/(models|other)\.ts; declare each table once$/,
    );
  });
});

describe('models mistakes', () => {
  const project = useTempProject();

  it('an index on a column of another table names the file and the column', () => {
    const p = project();
    initProject(p);
    p.writeFile(
      'common/models.ts',
      `import { table, integer, text, index } from 'tsdb';
export const team = table('team', { id: integer().primaryKey(), name: text() });
export const user = table('user', { id: integer().primaryKey() }, () => [index('ix_user_name').on(team.name)]);
`,
    );
    const result = p.run(['migrate', '-m', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "error: common/models.ts: index 'ix_user_name' on 'user' names column 'name', which 'user' does not have; use the table's own columns (t.…)",
    );
  });
});
