/**
 * `tsdb revision -m MSG` with hostile and unusual messages: the script is written under an ASCII
 * file name, loads and runs, records the right revision, and history/show print the message.
 */
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, scriptFiles, versions } from '../helpers/cli-project';
import { lines, useSharedTempProject, useTempProject, type TempProject } from '../helpers/temp-project';

/** The revision every message revision is written on top of (already applied in the template). */
const PARENT = '0000000000aa';

const LONG = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

const MESSAGES: ReadonlyArray<readonly [string, string]> = [
  ['single and double quotes', `it's a "quoted" message`],
  ['backticks', 'use `op.knex` and ``double`` ticks'],
  ['a comment terminator', 'close */ the comment /* and open one'],
  ['a template expression', '${process.exit(1)} and ${1 + 1}'],
  ['template placeholders', '{{revision}} {{upgrades}} {{ message }}'],
  ['newlines', 'first line\nsecond line\n\n  indented third'],
  ['CRLF newlines', 'windows line\r\nnext line'],
  ['emoji', 'ship it 🚀🎉 today'],
  ['non-ASCII letters', 'café résumé 日本語 ünïcödé'],
  ['only non-Latin characters', '日本語のメッセージ'],
  ['backslashes and escapes', 'C:\\new\\table \\u0041 \\'],
  ['a very long message', LONG],
  ['code that looks like a revision export', "export const revision = 'ffffffffffff';"],
  ['code that looks like a downRevision export', 'export const downRevision = null;'],
  ['a first line that looks like a header field', 'Revision ID: 42 is reserved'],
  ['a line that looks like the Create Date field', 'fix dates\nCreate Date: yesterday'],
];

function setup(p: TempProject): void {
  initProject(p);
  addRevision(p, 'parent', {}, PARENT);
  mustSucceed(p, ['upgrade']);
}

describe('revision -m with unusual messages', { timeout: 30_000 }, () => {
  const template = useSharedTempProject({}, setup);
  const project = useTempProject({ copyOf: template });

  it.each(MESSAGES)('%s', (_name, message) => {
    const p = project();
    const firstLine = (message.split(/\r?\n/)[0] ?? '').trimEnd();

    // The file: <12 hex>_<ASCII slug>.ts, about 40 characters of slug.
    const { id, file, result } = addRevision(p, message);
    expect(result.stderr).toBe('');
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const name = file.slice('migrations/versions/'.length);
    expect(name).toMatch(/^[0-9a-f]{12}_[a-z0-9]+(_[a-z0-9]+)*\.ts$/);
    const slug = name.slice(`${id}_`.length, -'.ts'.length);
    expect(slug.length).toBeGreaterThan(0);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(scriptFiles(p)).toEqual([`${PARENT}_parent.ts`, name].sort());
    const source = p.readFile(file);
    expect(source).toContain(`export const revision = '${id}';`);
    expect(source).toContain(`export const downRevision: string | string[] | null = '${PARENT}';`);

    // It loads and runs: the version row is its id.
    const up = p.run(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(lines(up.stderr)).toEqual([`Running upgrade ${PARENT} -> ${id}, ${firstLine}`]);
    expect(versions(p)).toEqual([id]);

    // history shows the first line; show prints every line.
    const history = p.run(['history']);
    expect(history.code).toBe(0);
    expect(history.stdout.split('\n')).toEqual([`${PARENT} -> ${id} (head), ${firstLine}`, `<base> -> ${PARENT}, parent`, '']);
    const show = p.run(['show', id]);
    expect(show.code).toBe(0);
    const block = lines(show.stdout);
    expect(block[0]).toBe(`Rev: ${id} (head)`);
    const messageLines = message
      .split(/\r?\n/)
      .map((line) => `    ${line}`.trimEnd())
      .filter((line) => line !== '');
    // The message may itself contain header-like lines: the header starts at the last `Revision ID: <id>`.
    const header = block.lastIndexOf(`    Revision ID: ${id}`);
    expect(header).toBeGreaterThan(0);
    const shown = block.slice(block.findIndex((line) => line.startsWith('Path: ')) + 1, header);
    expect(shown).toEqual(messageLines);
    expect(block.slice(header).filter((line) => line.startsWith('    Create Date: '))).toEqual([
      expect.stringMatching(/^    Create Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
    ]);
  });

  it('an empty or blank message is refused and writes nothing', () => {
    const p = project();
    for (const message of ['', '   ']) {
      const result = p.run(['revision', '-m', message]);
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual(['error: the message (-m) is empty; say what the revision does']);
    }
    expect(scriptFiles(p)).toEqual([`${PARENT}_parent.ts`]);
  });

  it('a message of symbols only gets the slug "revision"', () => {
    const p = project();
    const { id, file } = addRevision(p, '!!! ??? ***');
    expect(file).toBe(`migrations/versions/${id}_revision.ts`);
    mustSucceed(p, ['upgrade']);
    expect(versions(p)).toEqual([id]);
  });
});
