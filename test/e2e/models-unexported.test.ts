/**
 * Models mistakes that used to read as schema changes or bare ReferenceErrors: a table made with
 * table() but not exported (autogenerate saw it as removed and dropped it), and a typo inside a
 * references() thunk or at the top of a models module (which named neither the file nor the line).
 */
import { describe, expect, it } from 'vitest';
import { expectCleanFailure } from '../helpers/bad-input';
import { initProject, mustSucceed, scriptFiles } from '../helpers/cli-project';
import { useTempProject, type TempProject } from '../helpers/temp-project';

const BOTH_EXPORTED = `import { table, integer, text } from 'tsdb';

export const user = table('user', { id: integer().primaryKey(), name: text() });

export const task = table('task', {
  id: integer().primaryKey(),
  title: text(),
});
`;

/** `task` declared on line 5 without `export`. */
const TASK_UNEXPORTED = BOTH_EXPORTED.replace('export const task', 'const task');

const UNEXPORTED_TASK_WARNING =
  "common/models.ts:5 creates table 'task' with table() but does not export it, so autogenerate cannot see it; " +
  'export it, or delete the table() call';

describe('a table created but not exported', () => {
  const project = useTempProject();

  function applied(): TempProject {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', BOTH_EXPORTED);
    mustSucceed(p, ['migrate', '-m', 'first']);
    mustSucceed(p, ['upgrade']);
    return p;
  }

  it('migrate refuses to drop it (exit 1, nothing written), naming the table, the file and line, and the fix', () => {
    const p = applied();
    p.writeFile('common/models.ts', TASK_UNEXPORTED);
    const line = expectCleanFailure(p, ['migrate', '-m', 'oops'], {
      code: 1,
      names: ["'task'", 'common/models.ts:5'],
      fix: /export it, or delete the table\(\) call/,
    });
    expect(line).toBe(`error: the script would drop table 'task': ${UNEXPORTED_TASK_WARNING}; nothing was written`);
    expect(scriptFiles(p)).toHaveLength(1);
  });

  it('check warns about it by name (and reports the drop it would cause as drift)', () => {
    const p = applied();
    p.writeFile('common/models.ts', TASK_UNEXPORTED);
    const result = p.run(['check']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(`warning: ${UNEXPORTED_TASK_WARNING}`);
    expect(result.stdout.trim()).toBe("Detected removed table 'task'");
  });

  it('migrate warns when the unexported table is not in the database either, and writes the rest', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', TASK_UNEXPORTED);
    const result = mustSucceed(p, ['migrate', '-m', 'first']);
    expect(result.stderr).toContain(`warning: ${UNEXPORTED_TASK_WARNING}`);
    expect(result.stderr).toContain("Detected added table 'user'");
    expect(result.stderr).not.toContain("added table 'task'");
  });

  it('names the file that called table() when a models module imports it from a helper module', () => {
    const p = applied();
    p.writeFile(
      'common/tables.ts',
      "import { table, integer, text } from 'tsdb';\n\nexport function makeTask() {\n  return table('task', { id: integer().primaryKey(), title: text() });\n}\n",
    );
    p.writeFile(
      'common/models.ts',
      `${BOTH_EXPORTED.replace(/export const task[\s\S]*$/, '')}import { makeTask } from './tables';\nconst task = makeTask();\n`,
    );
    const result = p.run(['migrate', '-m', 'oops']);
    expect([result.code, result.stderr.trim()]).toEqual([
      1,
      expect.stringContaining("drop table 'task': common/tables.ts:4 creates table 'task'"),
    ]);
  });

  it('works for JavaScript ES modules, which import their own copy of tsdb', () => {
    const p = project();
    initProject(p);
    p.writeFile('tsdb.config.ts', p.readFile('tsdb.config.ts').replace("'common/models.ts'", "'common/models.mjs'"));
    p.writeFile('common/models.mjs', TASK_UNEXPORTED);
    const result = mustSucceed(p, ['migrate', '-m', 'first']);
    expect(result.stderr).toContain("warning: common/models.mjs:5 creates table 'task' with table() but does not export it");
  });

  it('a table exported under another binding of the same name is not reported', () => {
    const p = applied();
    p.writeFile('common/models.ts', `${BOTH_EXPORTED}\nconst draft = table('task', { id: integer().primaryKey() });\nvoid draft;\n`);
    const result = p.run(['check']);
    expect([result.code, result.stderr]).toEqual([0, '']);
  });
});

describe('a typo in the models names the file and line', () => {
  const project = useTempProject();

  const THUNK_TYPO = `import { table, integer, text } from 'tsdb';

export const user = table('user', { id: integer().primaryKey(), name: text() });

// the thunk runs after the module loaded, when tsdb reads the models
export const task = table('task', {
  id: integer().primaryKey(),
  ownerId: integer().references(() => users.id),
});
`;

  function typo(models: string): TempProject {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', models);
    return p;
  }

  it.each([
    ['migrate', ['migrate', '-m', 'x'], {}],
    ['check', ['check'], {}],
    ['check --verbose (source maps on)', ['check', '--verbose'], {}],
    ['check without the transpile cache', ['check'], { TSDB_CACHE_DIR: '' }],
  ])('inside a references() thunk: %s', (_name, args, env) => {
    const p = typo(THUNK_TYPO);
    const result = p.run(args, { env });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('error: common/models.ts:8:45: users is not defined; fix the models code there');
  });

  it('inside a references() thunk, from the cache on a second run', () => {
    const p = typo(THUNK_TYPO);
    p.run(['check']);
    const again = p.run(['check']);
    expect(again.stderr.trim()).toBe('error: common/models.ts:8:45: users is not defined; fix the models code there');
  });

  it('inside a table-level foreignKey(…).references() thunk', () => {
    const p = typo(
      THUNK_TYPO.replace(
        "import { table, integer, text } from 'tsdb';",
        "import { table, integer, text, foreignKey } from 'tsdb';",
      ).replace(
        '  ownerId: integer().references(() => users.id),\n});',
        "  ownerId: integer(),\n}, (t) => [foreignKey('fk_task_owner').on(t.ownerId).references(() => [users.id])]);",
      ),
    );
    const result = p.run(['check']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('error: common/models.ts:9:72: users is not defined; fix the models code there');
  });

  it('at the top of the module (a reference without a thunk)', () => {
    const p = typo(THUNK_TYPO.replace('() => users.id', 'users.id'));
    const line = expectCleanFailure(p, ['check'], { code: 1, names: ['common/models.ts:8:', 'users is not defined'] });
    expect(line).toBe('error: common/models.ts:8:33: users is not defined; it threw while the models loaded: fix the code there');
  });
});
