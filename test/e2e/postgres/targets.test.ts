/**
 * TARGET forms on PostgreSQL with fixed ids, as test/e2e/targets.test.ts does on SQLite: relative steps, partial
 * ids, REV+N / REV-N, base; current, heads, branches, history -v with applied times; two heads joined by
 * `tsdb merge`. Every revision creates a table, so the tables show what ran.
 */
import { describe, expect, it } from 'vitest';
import { mustSucceed } from '../../helpers/cli-project';
import { initEnvProject, mustSucceedOn, pgSnapshot, pgTables, pgVersions, runOn } from '../../helpers/pg-cli';
import { usePostgres } from '../../helpers/postgres';
import { lines, useSharedTempProject, type TempProject } from '../../helpers/temp-project';

// A and B share the prefix 'aaaa'; 'aaaa3' and 'cccc' are unique prefixes.
const A = 'aaaa11112222';
const B = 'aaaa33334444';
const C = 'cccc55556666';
const BOOKKEEPING = ['tsdb_version', 'tsdb_version_log'];

function tableRevision(p: TempProject, id: string, name: string, extra: ReadonlyArray<string> = []): void {
  mustSucceed(p, ['revision', '-m', `create ${name}`, '--rev-id', id, ...extra]);
  const file = `migrations/versions/${id}_create_${name}.ts`;
  const text = p
    .readFile(file)
    .replace("import { type Operations } from 'tsdb';", "import { integer, type Operations } from 'tsdb';")
    .replace(/^ *\/\/ write the upgrade here.*$/m, `  await op.createTable('${name}', { id: integer().primaryKey() });`)
    .replace(/^ *\/\/ write the downgrade here.*$/m, `  await op.dropTable('${name}');`);
  p.writeFile(file, text);
}

describe('upgrade and downgrade targets on PostgreSQL', { timeout: 60_000 }, () => {
  const pg = usePostgres();
  const project = useSharedTempProject({}, (p) => {
    initEnvProject(p);
    tableRevision(p, A, 't_a');
    tableRevision(p, B, 't_b');
    tableRevision(p, C, 't_c');
  });

  /** Runs a command that must succeed; returns its stderr lines. */
  function ok(args: ReadonlyArray<string>): string[] {
    const result = mustSucceedOn(project(), pg().url, args);
    expect(result.stdout).toBe('');
    return lines(result.stderr);
  }

  async function state(): Promise<{ versions: string[] | null; tables: string[] }> {
    return { versions: await pgVersions(pg()), tables: await pgTables(pg()) };
  }

  it('upgrade +2, +1, then downgrade -1 and -2, written without --', async () => {
    expect(ok(['upgrade', '+2'])).toEqual([`Running upgrade  -> ${A}, create t_a`, `Running upgrade ${A} -> ${B}, create t_b`]);
    expect(await state()).toEqual({ versions: [B], tables: ['t_a', 't_b', ...BOOKKEEPING] });
    expect(ok(['upgrade', '+1'])).toEqual([`Running upgrade ${B} -> ${C}, create t_c`]);
    expect(ok(['downgrade', '-1'])).toEqual([`Running downgrade ${C} -> ${B}, create t_c`]);
    expect(await state()).toEqual({ versions: [B], tables: ['t_a', 't_b', ...BOOKKEEPING] });
    expect(ok(['downgrade', '-2'])).toHaveLength(2);
    expect(await state()).toEqual({ versions: [], tables: BOOKKEEPING });
  });

  it('unique prefixes and REV+N / REV-N resolve; base reverts everything', async () => {
    expect(ok(['upgrade', 'aaaa3'])).toEqual([`Running upgrade  -> ${A}, create t_a`, `Running upgrade ${A} -> ${B}, create t_b`]);
    expect(ok(['upgrade', 'cccc'])).toEqual([`Running upgrade ${B} -> ${C}, create t_c`]);
    expect(ok(['downgrade', `${C}-1`])).toEqual([`Running downgrade ${C} -> ${B}, create t_c`]);
    expect(ok(['downgrade', `${B}-1`])).toEqual([`Running downgrade ${B} -> ${A}, create t_b`]);
    expect(ok(['upgrade', `${A}+1`])).toEqual([`Running upgrade ${A} -> ${B}, create t_b`]);
    expect(ok(['downgrade', 'base'])).toEqual([`Running downgrade ${B} -> ${A}, create t_b`, `Running downgrade ${A} -> , create t_a`]);
    expect(await state()).toEqual({ versions: [], tables: BOOKKEEPING });
  });

  it('an ambiguous prefix, an unknown revision and a step past head fail with one line and change nothing', async () => {
    ok(['upgrade', '+1']);
    const before = await pgSnapshot(pg());
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string | RegExp]> = [
      [['upgrade', 'aaaa'], `error: Revision prefix 'aaaa' is ambiguous: it matches ${A}, ${B}; type more characters of the id`],
      [['upgrade', 'ffff00000000'], /^error: Can't locate revision identified by 'ffff00000000'/],
      [['downgrade', 'ffff00000000'], /^error: Can't locate revision identified by 'ffff00000000'/],
      [['upgrade', '+5'], `error: Relative revision +5 is beyond head: only 2 revisions above current ${A}; use \`tsdb upgrade head\``],
      [['downgrade', '-5'], `error: Relative revision -5 is beyond base: only 1 revision below current ${A}; use \`tsdb downgrade base\``],
    ];
    for (const [args, message] of cases) {
      const result = runOn(project(), pg().url, args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(lines(result.stderr), args.join(' ')).toEqual([typeof message === 'string' ? message : expect.stringMatching(message)]);
    }
    expect(await pgSnapshot(pg())).toBe(before);
  });

  it('current, heads and history -v show where the database is and when each revision was applied', async () => {
    expect(lines(mustSucceedOn(project(), pg().url, ['current']).stdout)).toEqual([]);
    ok(['upgrade', '+2']);
    expect(mustSucceedOn(project(), pg().url, ['current']).stdout).toBe(`${B}\n`);
    ok(['upgrade']);
    expect(mustSucceedOn(project(), pg().url, ['current']).stdout).toBe(`${C} (head)\n`);
    expect(lines(mustSucceedOn(project(), pg().url, ['heads']).stdout)).toEqual([`${C} (head)`]);
    const history = mustSucceedOn(project(), pg().url, ['history', '-v']).stdout;
    for (const id of [A, B, C]) {
      expect(history).toMatch(
        new RegExp(`Revision ID: ${id}\\n[\\s\\S]*?Applied: \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z \\(upgrade, [\\d.]+ ms\\)`),
      );
    }
    const indicated = mustSucceedOn(project(), pg().url, ['history', '-i']).stdout;
    expect(lines(indicated)[0]).toBe(`${B} -> ${C} (head) (current), create t_c`);
  });
});

// X1 and X2 both follow R: two heads until `tsdb merge` joins them.
const R = 'a0a0a0a0a0a0';
const X1 = 'b1b1b1b1b1b1';
const X2 = 'b2b2b2b2b2b2';
const MERGE = 'e0e0e0e0e0e0';

describe('two heads and a merge on PostgreSQL', { timeout: 60_000 }, () => {
  const pg = usePostgres();
  const project = useSharedTempProject({}, (p) => {
    initEnvProject(p);
    tableRevision(p, R, 't_r');
    tableRevision(p, X1, 't_x1', ['--head', R, '--splice']);
    tableRevision(p, X2, 't_x2', ['--head', R, '--splice']);
  });

  it('heads, branches, upgrade heads, then merge: one version row', async () => {
    const p = project();
    expect(lines(mustSucceedOn(p, pg().url, ['heads']).stdout)).toEqual([`${X1} (head)`, `${X2} (head)`]);
    expect(lines(mustSucceedOn(p, pg().url, ['branches']).stdout)).toEqual([
      `<base> -> ${R} (branchpoint), create t_r`,
      `    -> ${X1} (head), create t_x1`,
      `    -> ${X2} (head), create t_x2`,
    ]);
    const plain = runOn(p, pg().url, ['upgrade']);
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toHaveLength(1);
    expect(await pgVersions(pg())).toBeNull();

    mustSucceedOn(p, pg().url, ['upgrade', 'heads']);
    expect(await pgVersions(pg())).toEqual([X1, X2]);
    expect(lines(mustSucceedOn(p, pg().url, ['current']).stdout).sort()).toEqual([`${X1} (head)`, `${X2} (head)`]);

    mustSucceedOn(p, pg().url, ['merge', '-m', 'join x1 and x2', '--rev-id', MERGE]);
    expect(lines(mustSucceedOn(p, pg().url, ['heads']).stdout)).toEqual([`${MERGE} (head)`]);
    const merged = mustSucceedOn(p, pg().url, ['upgrade']);
    expect(lines(merged.stderr)).toEqual([`Running upgrade ${X1}, ${X2} -> ${MERGE}, join x1 and x2`]);
    expect(await pgVersions(pg())).toEqual([MERGE]);
    expect(await pgTables(pg())).toEqual(['t_r', 't_x1', 't_x2', ...BOOKKEEPING]);

    mustSucceedOn(p, pg().url, ['downgrade', '-1']);
    expect(await pgVersions(pg())).toEqual([X1, X2]);
  });
});
