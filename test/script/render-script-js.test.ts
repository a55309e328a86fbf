/** The JavaScript script templates: exact text, headers read back statically, and rendered ops that run as plain JavaScript. */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOps } from '../../src/autogenerate/render';
import { introspectTable } from '../../src/dialect/sqlite/introspect';
import type { Operations } from '../../src/operations/operations';
import { loadModule, setOwnEntry } from '../../src/script/load-module';
import { renderScript, type ScriptValues } from '../../src/script/render-script';
import { TEMPLATE_NAMES, type ScriptFormat } from '../../src/script/script-format';
import { parseScriptHeader } from '../../src/script/script-header';
import { applyOnce } from '../helpers/migrate';
import { tempDatabase } from '../helpers/sqlite';
import { everyOp, roundTripTables } from '../autogenerate/fixtures/ops';

const ROOT = path.resolve(__dirname, '../..');
const template = (format: ScriptFormat) => fs.readFileSync(path.join(ROOT, 'templates', TEMPLATE_NAMES[format]), 'utf8');

const values = (extra: Partial<ScriptValues> = {}): ScriptValues => ({
  revision: '3f2a9c1b7d4e',
  downRevisions: ['1a2b3c4d5e6f'],
  branchLabels: [],
  dependsOn: [],
  message: 'add user.bio',
  createDate: new Date(2026, 10, 25, 10, 0, 0),
  imports: ['text'],
  upgrades: ["await op.addColumn('user', text('bio'));"],
  downgrades: ["await op.dropColumn('user', 'bio');"],
  ...extra,
});

const HEADER = `/**
 * add user.bio
 *
 * Revision ID: 3f2a9c1b7d4e
 * Revises: 1a2b3c4d5e6f
 * Create Date: 2026-11-25 10:00:00.000000
 */
`;

describe('JavaScript script templates', () => {
  it('esm: import/export, no type annotations', () => {
    expect(renderScript(template('esm'), values(), 'esm')).toBe(`${HEADER}import { text } from 'tsdb';

export const revision = '3f2a9c1b7d4e';
export const downRevision = '1a2b3c4d5e6f';
export const branchLabels = null;
export const dependsOn = null;

/** @param {import('tsdb').Operations} op */
export async function upgrade(op) {
  await op.addColumn('user', text('bio'));
}

/** @param {import('tsdb').Operations} op */
export async function downgrade(op) {
  await op.dropColumn('user', 'bio');
}
`);
  });

  it('cjs: require/exports', () => {
    expect(renderScript(template('cjs'), values(), 'cjs')).toBe(`${HEADER}const { text } = require('tsdb');

exports.revision = '3f2a9c1b7d4e';
exports.downRevision = '1a2b3c4d5e6f';
exports.branchLabels = null;
exports.dependsOn = null;

/** @param {import('tsdb').Operations} op */
exports.upgrade = async function upgrade(op) {
  await op.addColumn('user', text('bio'));
};

/** @param {import('tsdb').Operations} op */
exports.downgrade = async function downgrade(op) {
  await op.dropColumn('user', 'bio');
};
`);
  });

  it.each(['esm', 'cjs'] as const)('%s: nothing to import leaves no import line and one blank line', (format) => {
    const text = renderScript(template(format), values({ imports: [], upgrades: [], downgrades: [] }), format);
    expect(text).not.toMatch(/require\(|^import /m);
    expect(text).toContain(' */\n\n');
    expect(text).not.toContain('\n\n\n');
  });

  it('ts: {{importStatement}} also works in a TypeScript template, with type Operations', () => {
    expect(renderScript('{{importStatement}}\n', values({ imports: [] }), 'ts')).toBe("import { type Operations } from 'tsdb';\n");
  });

  it.each(['esm', 'cjs'] as const)('%s: the header is read statically, merges and labels included', (format) => {
    const text = renderScript(
      template(format),
      values({ downRevisions: ['a1', 'b2'], branchLabels: ['audit'], dependsOn: ['c3'] }),
      format,
    );
    expect(parseScriptHeader(text)).toStrictEqual({
      revision: '3f2a9c1b7d4e',
      downRevisions: ['a1', 'b2'],
      branchLabels: ['audit'],
      dependsOn: ['c3'],
      message: 'add user.bio',
      createDate: '2026-11-25 10:00:00.000000',
    });
  });

  it('CommonJS headers written by hand: module.exports.x, double quotes, no semicolons', () => {
    const h = parseScriptHeader('module.exports.revision = "abc"\nexports.downRevision = ["x", \'y\']\nexports.branchLabels = null\n');
    expect([h.revision, h.downRevisions, h.branchLabels, h.dependsOn]).toStrictEqual(['abc', ['x', 'y'], [], []]);
    expect(parseScriptHeader("exports.revision = 'abc';\nexports.downRevision = parent();\n").downRevisions).toBeNull();
  });

  it.each(['esm', 'cjs'] as const)('%s: every rendering is plain JavaScript', (format) => {
    const up = renderOps(everyOp);
    const text = renderScript(template(format), values({ imports: up.imports, upgrades: up.lines, downgrades: [] }), format);
    expect(() => esbuild.transformSync(text, { loader: 'js', format: format === 'cjs' ? 'cjs' : 'esm' })).not.toThrow();
  });
});

describe('a rendered CommonJS script runs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-render-js-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('createTable round-trips through a .cjs script, as through a .ts one', async () => {
    process.env['TSDB_CACHE_DIR'] = '';
    setOwnEntry(path.join(ROOT, 'src/index.ts'));
    const t = tempDatabase();
    try {
      for (const [i, table] of roundTripTables.entries()) {
        const revision = `00000000000${i}`;
        const up = renderOps([{ kind: 'createTable', table }]);
        const file = path.join(dir, `${revision}_create_${i}.cjs`);
        fs.writeFileSync(
          file,
          renderScript(template('cjs'), values({ revision, downRevisions: [], imports: up.imports, upgrades: up.lines }), 'cjs'),
        );
        const upgrade = (await loadModule(file))['upgrade'] as (op: Operations) => Promise<void>;
        await applyOnce(t.db, (op: Operations) => upgrade(op), revision);
        expect(introspectTable(t.db, table.name)).toStrictEqual(table);
      }
    } finally {
      t.cleanup();
    }
  });
});
