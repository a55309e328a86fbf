/**
 * The script pack: after a run that loads many scripts, their compiled code is kept as one file with
 * one V8 cache. It must never serve stale code, and --verbose (source maps) must not use it.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initProject, mustSucceed, tables, versions } from '../helpers/cli-project';
import { useTempProject, type TempProject } from '../helpers/temp-project';

const COUNT = 24; // above the 20 loads after which a run writes the pack

function writeChain(p: TempProject): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= COUNT; i++) {
    const id = `a${String(i).padStart(11, '0')}`;
    const parent = ids.at(-1);
    p.writeFile(
      `migrations/versions/${id}_t${i}.ts`,
      [
        `/**\n * t${i}\n *\n * Revision ID: ${id}\n */`,
        "import { type Operations } from 'tsdb';",
        `export const revision = '${id}';`,
        `export const downRevision: string | null = ${parent === undefined ? 'null' : `'${parent}'`};`,
        `export async function upgrade(op: Operations): Promise<void> {`,
        `  if (process.env['THROW_IN'] === 't${i}') throw new Error('boom in t${i}');`,
        `  await op.execute('CREATE TABLE t${i} (id INTEGER)');`,
        '}',
        `export async function downgrade(op: Operations): Promise<void> { await op.execute('DROP TABLE t${i}'); }`,
        '',
      ].join('\n'),
    );
    ids.push(id);
  }
  // files younger than two seconds are never cached: age them
  const past = new Date(Date.now() - 60_000);
  for (const id of ids) fs.utimesSync(p.path(`migrations/versions/${id}_t${ids.indexOf(id) + 1}.ts`), past, past);
  const until = Date.now() + 2100;
  while (Date.now() < until) {
    /* ctime cannot be set back; only time ages it */
  }
  return ids;
}

const packs = (p: TempProject): string[] =>
  fs
    .readdirSync(p.path('.tsdb-cache'))
    .filter((name) => name.startsWith('pack-'))
    .sort();

describe('script pack', { timeout: 60_000 }, () => {
  const project = useTempProject();

  it('is written by a run that loads many scripts, used by the next, and replaced when a script changes', () => {
    const p = project();
    initProject(p);
    const ids = writeChain(p);
    mustSucceed(p, ['upgrade']);
    const written = packs(p);
    expect(written.filter((name) => name.endsWith('.js'))).toHaveLength(1);
    mustSucceed(p, ['downgrade', 'base']);
    mustSucceed(p, ['upgrade']);
    expect(tables(p)).toHaveLength(COUNT + 2);
    expect(versions(p)).toEqual([ids.at(-1)]);
    expect(packs(p)).toEqual(
      [
        ...written.filter((n) => n.endsWith('.js')),
        ...written.filter((n) => n.endsWith('.js')).map((n) => n.replace(/\.js$/, '.v8')),
      ].sort(),
    );

    // an edit changes the pack's key: the new code runs, never the packed copy
    mustSucceed(p, ['downgrade', 'base']);
    const file = `migrations/versions/${ids[4]}_t5.ts`;
    p.writeFile(file, p.readFile(file).replace(/t5\b/g, 't5_renamed'));
    mustSucceed(p, ['upgrade']);
    expect(tables(p)).toContain('t5_renamed');
    expect(tables(p)).not.toContain('t5');
  });

  it('is not used with --verbose, so stack traces point at each script', () => {
    const p = project();
    initProject(p);
    writeChain(p);
    mustSucceed(p, ['upgrade']);
    mustSucceed(p, ['downgrade', 'base']);
    expect(packs(p).some((name) => name.endsWith('.js'))).toBe(true);
    const result = p.run(['--verbose', 'upgrade'], { env: { THROW_IN: 't3' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('boom in t3');
    expect(result.stderr).toMatch(/_t3\.ts:\d+/);
    expect(result.stderr).not.toContain('pack-');
  });
});
