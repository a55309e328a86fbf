/**
 * Two developers each add a migration on their own branch; both land in one script directory.
 * The story through the built CLI on a real SQLite file: branch, both upgraded, merge, upgrade,
 * downgrade one branch, re-upgrade — and every refusal on the way, with its one-line message.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, scriptFiles, snapshot, tables, versions } from '../helpers/cli-project';
import { createTempProject, lines, useSharedTempProject, type RunResult, type TempProject } from '../helpers/temp-project';

const BASE = 'a0a0a0a0a0a0';
const POSTS = 'b1b1b1b1b1b1'; // developer 1
const TAGS = 'c2c2c2c2c2c2'; // developer 2
const MERGE = 'd3d3d3d3d3d3';

function createTableScript(table: string): Parameters<typeof addRevision>[2] {
  return {
    imports: ['integer', 'text'],
    upgrade: `await op.createTable('${table}', { id: integer().primaryKey(), name: text() });`,
    downgrade: `await op.dropTable('${table}');`,
  };
}

/** Runs a command that must fail with exit 1 and one stderr line, changing neither the database nor the scripts. */
function refused(project: TempProject, args: ReadonlyArray<string>): string {
  const db = snapshot(project);
  const files = scriptFiles(project);
  const result: RunResult = project.run(args);
  expect(result.code, result.stderr).toBe(1);
  const errorLines = lines(result.stderr);
  expect(errorLines).toHaveLength(1);
  expect(snapshot(project)).toBe(db);
  expect(scriptFiles(project)).toEqual(files);
  return errorLines[0] ?? '';
}

describe('two developers branch, merge and downgrade one branch', { timeout: 60_000 }, () => {
  const project = useSharedTempProject({}, (p) => {
    initProject(p);
    addRevision(p, 'create users', createTableScript('users'), BASE);
    mustSucceed(p, ['upgrade']);
  });

  it('each developer adds a revision on the same parent in their own checkout', () => {
    const p = project();
    // developer 2 works in a copy of the repository made before developer 1's change
    const clone = createTempProject({ copyOf: () => p });
    try {
      fs.rmSync(clone.path('app.db'));
      addRevision(p, 'add posts', createTableScript('posts'), POSTS);
      const theirs = addRevision(clone, 'add tags', createTableScript('tags'), TAGS);
      // the merge of the two git branches brings developer 2's script next to developer 1's
      fs.copyFileSync(clone.path(theirs.file), p.path(theirs.file));
    } finally {
      clone.cleanup();
    }
    expect(lines(mustSucceed(p, ['heads']).stdout)).toEqual([`${POSTS} (head)`, `${TAGS} (head)`]);
  });

  it('branches shows the branch point with each branch', () => {
    expect(lines(mustSucceed(project(), ['branches']).stdout)).toEqual([
      `<base> -> ${BASE} (branchpoint), create users`,
      `    -> ${POSTS} (head), add posts`,
      `    -> ${TAGS} (head), add tags`,
    ]);
  });

  it('upgrade (head) refuses several heads, naming them and the two ways out', () => {
    const message = refused(project(), ['upgrade']);
    expect(message).toBe(
      `error: Multiple head revisions are present; heads: ${POSTS}, ${TAGS}. ` +
        'Apply all of them with `tsdb upgrade heads`, or join them with `tsdb merge` and upgrade to the merge',
    );
    expect(refused(project(), ['upgrade', 'head'])).toBe(message);
  });

  it('check is a merge gate: it fails while there are several heads', () => {
    expect(refused(project(), ['check'])).toContain(`Multiple heads are present (${POSTS}, ${TAGS}); join them with \`tsdb merge -m MSG\``);
    expect(refused(project(), ['check', '--offline'])).toContain('Multiple heads are present');
  });

  it('migrate and revision refuse to pick a head for the user', () => {
    expect(refused(project(), ['migrate', '-m', 'more'])).toContain('tsdb merge');
    expect(refused(project(), ['revision', '-m', 'more'])).toContain('pass --head REV');
  });

  it('upgrade heads applies both branches: one version row per head', () => {
    const result = mustSucceed(project(), ['upgrade', 'heads']);
    expect(lines(result.stderr)).toEqual([
      `Running upgrade ${BASE} -> ${POSTS}, add posts`,
      `Running upgrade ${BASE} -> ${TAGS}, add tags`,
    ]);
    expect(versions(project())).toEqual([POSTS, TAGS]);
    expect(lines(mustSucceed(project(), ['current']).stdout)).toEqual([`${POSTS} (head)`, `${TAGS} (head)`]);
    const db = project().sqlite('app.db');
    db.prepare("INSERT INTO posts (id, name) VALUES (1, 'first post')").run();
    db.prepare("INSERT INTO tags (id, name) VALUES (1, 'news')").run();
  });

  it('merge refuses a revision that is an ancestor of another, then joins the heads', () => {
    expect(refused(project(), ['merge', BASE, POSTS, '-m', 'x'])).toContain(`${BASE} is an ancestor of ${POSTS}`);
    const result = mustSucceed(project(), ['merge', '-m', 'merge posts and tags', '--rev-id', MERGE]);
    const file = `migrations/versions/${MERGE}_merge_posts_and_tags.ts`;
    expect(result.stdout).toBe(`Generating ${file} ...  done\n`);
    const text = project().readFile(file);
    expect(text).toContain(`export const downRevision: string | string[] | null = ['${POSTS}', '${TAGS}'];`);
    expect(text).toContain(`Revises: ${POSTS}, ${TAGS}`);
    expect(lines(mustSucceed(project(), ['heads']).stdout)).toEqual([`${MERGE} (head)`]);
    expect(refused(project(), ['merge', '-m', 'again'])).toContain(`Nothing to merge: there is only one head (${MERGE})`);
  });

  it('upgrade runs the merge and collapses the rows to one', () => {
    const result = mustSucceed(project(), ['upgrade']);
    expect(lines(result.stderr)).toEqual([`Running upgrade ${POSTS}, ${TAGS} -> ${MERGE}, merge posts and tags`]);
    expect(versions(project())).toEqual([MERGE]);
    expect(lines(mustSucceed(project(), ['history', '-i']).stdout)).toEqual([
      `${POSTS}, ${TAGS} -> ${MERGE} (head) (mergepoint) (current), merge posts and tags`,
      `${BASE} -> ${TAGS}, add tags`,
      `${BASE} -> ${POSTS}, add posts`,
      `<base> -> ${BASE} (branchpoint), create users`,
    ]);
    expect(lines(mustSucceed(project(), ['history', '-r', '-2:']).stdout)).toHaveLength(2);
    expect(lines(mustSucceed(project(), ['history', '-r', `${TAGS}:`]).stdout)).toHaveLength(2);
  });

  it('downgrade -2 across the merge names both ways instead of guessing', () => {
    expect(refused(project(), ['downgrade', '-2'])).toBe(
      `error: Relative revision -2 is ambiguous at ${MERGE}: it merges ${POSTS}, ${TAGS}; ` +
        `choose one: \`tsdb downgrade ${POSTS}@-2\` or \`tsdb downgrade ${TAGS}@-2\``,
    );
  });

  it('downgrade to one parent of the merge keeps the other parent applied', () => {
    const result = mustSucceed(project(), ['downgrade', TAGS]);
    expect(lines(result.stderr)).toEqual([`Running downgrade ${MERGE} -> ${POSTS}, ${TAGS}, merge posts and tags`]);
    expect(versions(project())).toEqual([POSTS, TAGS]);
  });

  it('REV-1 at the branch point asks which: that branch only, or everything above the branch point', () => {
    // TAGS-1 is BASE, and everything above BASE is both branches: Alembic would take both back silently
    expect(refused(project(), ['downgrade', `${TAGS}-1`])).toBe(
      `error: Relative revision ${TAGS}-1 is ${BASE}, and taking back everything above ${BASE} would also take back ${POSTS} ` +
        `on another branch; choose one: \`tsdb downgrade ${TAGS}@-1\` (branch ${TAGS} only) or \`tsdb downgrade ${BASE}\` (everything above ${BASE})`,
    );
  });

  it('downgrading one branch leaves the other branch, and its rows, untouched', () => {
    const result = mustSucceed(project(), ['downgrade', `${TAGS}@-1`]);
    expect(lines(result.stderr)).toEqual([`Running downgrade ${TAGS} -> ${BASE}, add tags`]);
    expect(versions(project())).toEqual([POSTS]);
    expect(tables(project())).toEqual(['posts', 'tsdb_version', 'tsdb_version_log', 'users']);
    expect(project().sqlite('app.db').prepare('SELECT name FROM posts').all()).toEqual([{ name: 'first post' }]);
  });

  it('upgrade again re-applies the branch and the merge', () => {
    const result = mustSucceed(project(), ['upgrade']);
    expect(lines(result.stderr)).toEqual([
      `Running upgrade ${BASE} -> ${TAGS}, add tags`,
      `Running upgrade ${POSTS}, ${TAGS} -> ${MERGE}, merge posts and tags`,
    ]);
    expect(versions(project())).toEqual([MERGE]);
    expect(tables(project())).toEqual(['posts', 'tags', 'tsdb_version', 'tsdb_version_log', 'users']);
    expect(project().sqlite('app.db').prepare('SELECT name FROM posts').all()).toEqual([{ name: 'first post' }]);
  });

  it('stamp accepts any subset of heads and current agrees with the table', () => {
    mustSucceed(project(), ['stamp', '--purge', POSTS, TAGS]);
    expect(versions(project())).toEqual([POSTS, TAGS]);
    mustSucceed(project(), ['stamp', MERGE]);
    expect(versions(project())).toEqual([MERGE]);
    expect(lines(mustSucceed(project(), ['current']).stdout)).toEqual([`${MERGE} (head)`]);
  });

  it('revision --head refuses a revision that is not a head unless --splice', () => {
    const message = refused(project(), ['revision', '-m', 'hotfix', '--head', POSTS]);
    expect(message).toBe(
      `error: Revision ${POSTS} is not a head revision (its children: ${MERGE}); ` +
        `pass --splice to start a new branch from it, or use --head with a head: ${MERGE}`,
    );
    const result = mustSucceed(project(), ['revision', '-m', 'hotfix', '--head', POSTS, '--splice', '--rev-id', 'e4e4e4e4e4e4']);
    expect(result.stderr).toContain(`There are now 2 heads (${MERGE}, e4e4e4e4e4e4)`);
    expect(project().readFile('migrations/versions/e4e4e4e4e4e4_hotfix.ts')).toContain(
      `downRevision: string | string[] | null = '${POSTS}';`,
    );
  });

  it('a new root with a branch label, its label@head target, and a duplicate label refused before writing', () => {
    mustSucceed(project(), ['revision', '-m', 'audit log', '--head', 'base', '--branch-label', 'audit', '--rev-id', 'f5f5f5f5f5f5']);
    mustSucceed(project(), ['revision', '-m', 'audit index', '--head', 'audit@head', '--rev-id', 'f6f6f6f6f6f6']);
    expect(project().readFile('migrations/versions/f6f6f6f6f6f6_audit_index.ts')).toContain("= 'f5f5f5f5f5f5';");
    expect(refused(project(), ['revision', '-m', 'again', '--head', 'f6f6f6f6f6f6', '--branch-label', 'audit'])).toContain(
      "branch label 'audit' of revision",
    );
    mustSucceed(project(), ['upgrade', 'audit@head']);
    expect(versions(project())).toEqual([MERGE, 'f6f6f6f6f6f6']);
    // stamp takes LABEL@head as revision --head and merge do
    mustSucceed(project(), ['stamp', '--purge', MERGE, 'audit@head']);
    expect(versions(project())).toEqual([MERGE, 'f6f6f6f6f6f6']);
  });
});
