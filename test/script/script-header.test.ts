import { describe, expect, it } from 'vitest';
import { renderScript, slugify, stringLiteral } from '../../src/script/render-script';
import { parseScriptHeader } from '../../src/script/script-header';
import * as fs from 'node:fs';
import * as path from 'node:path';

const template = fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'script.ts.tmpl'), 'utf8');
const render = (message: string, down: string[] = ['1a2b3c4d5e6f']) =>
  renderScript(template, {
    revision: '3f2a9c1b7d4e',
    downRevisions: down,
    branchLabels: [],
    dependsOn: [],
    message,
    createDate: new Date(2026, 10, 25, 10, 0, 0),
    imports: [],
    upgrades: [],
    downgrades: [],
  });

describe('renderScript + parseScriptHeader', () => {
  it('renders the SPEC format and reads it back', () => {
    const text = render('add user.bio');
    expect(text).toContain(
      ' * add user.bio\n *\n * Revision ID: 3f2a9c1b7d4e\n * Revises: 1a2b3c4d5e6f\n * Create Date: 2026-11-25 10:00:00.000000\n */',
    );
    expect(text).toContain("export const downRevision: string | string[] | null = '1a2b3c4d5e6f';");
    expect(parseScriptHeader(text)).toStrictEqual({
      revision: '3f2a9c1b7d4e',
      downRevisions: ['1a2b3c4d5e6f'],
      branchLabels: [],
      dependsOn: [],
      message: 'add user.bio',
      createDate: '2026-11-25 10:00:00.000000',
    });
  });

  it('renders a merge parent list and a root', () => {
    expect(parseScriptHeader(render('merge', ['a', 'b'])).downRevisions).toStrictEqual(['a', 'b']);
    expect(render('root', [])).toContain('= null;');
    expect(parseScriptHeader(render('root', [])).downRevisions).toStrictEqual([]);
  });

  it.each([
    'it\'s "quoted" `ticked` ${x} */ {{revision}}',
    'two\nlines',
    "export const revision = 'ffffffffffff';",
    'Revision ID: 1 and Create Date: 2',
    'é 日本語 🚀',
  ])('keeps the message %j intact and harmless', (message) => {
    const text = render(message);
    const header = parseScriptHeader(text);
    expect(header.revision).toBe('3f2a9c1b7d4e');
    expect(header.message).toBe(message.replace(/\n/g, '\n'));
    expect(text.split('*/')).toHaveLength(2); // the comment closes exactly once
  });

  it('reads lists, double quotes and leaves unreadable values for module loading', () => {
    const h = parseScriptHeader(
      'export const revision = "abc";\nexport const downRevision = ["x", \'y\'];\nexport const branchLabels = ["feature"];\n',
    );
    expect([h.revision, h.downRevisions, h.branchLabels, h.dependsOn]).toStrictEqual(['abc', ['x', 'y'], ['feature'], []]);
    const computed = parseScriptHeader(
      "export const revision = 'abc';\nexport const downRevision = PARENT;\nexport const dependsOn = deps();\n",
    );
    expect([computed.downRevisions, computed.dependsOn]).toStrictEqual([null, null]);
  });
});

describe('slugify and literals', () => {
  it.each([
    ['Initial migration.', 'initial_migration'],
    ['add user.bio', 'add_user_bio'],
    ['Crème brûlée', 'creme_brulee'],
    ['日本語', 'revision'],
    ['a very long message that keeps going well past forty characters', 'a_very_long_message_that_keeps_going'],
  ])('%j → %j', (message, slug) => {
    expect(slugify(message)).toBe(slug);
  });

  it('escapes string literals', () => {
    expect(stringLiteral("a'b\\c\nd\u2028")).toBe("'a\\'b\\\\c\\nd\\u2028'");
  });
});
