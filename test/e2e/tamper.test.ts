/**
 * Tamper evidence: each applied script's normalised checksum is logged beside the version table;
 * check fails and upgrade warns (or fails with --strict) when an applied script is edited, and
 * `stamp --repair REV` accepts the new text of one revision.
 */
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed, snapshot } from '../helpers/cli-project';
import { lines, useSharedTempProject, type TempProject } from '../helpers/temp-project';

const A = 'a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2';
const C = 'c3c3c3c3c3c3';
const FILE_A = `migrations/versions/${A}_create_note.ts`;
const FILE_B = `migrations/versions/${B}_add_note_body.ts`;

interface LogRow {
  revision: string;
  direction: string;
  checksum: string | null;
  applied_at: string;
  duration_ms: number;
}

function logRows(p: TempProject): LogRow[] {
  const db = p.sqlite('app.db');
  return db.prepare('SELECT revision, direction, checksum, applied_at, duration_ms FROM tsdb_version_log ORDER BY id').all() as LogRow[];
}

describe('tamper evidence', { timeout: 60_000 }, () => {
  const project = useSharedTempProject({}, (p) => {
    initProject(p);
    p.writeFile(
      'common/models.ts',
      "import { integer, table, text } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey(), body: text() });\n",
    );
    addRevision(
      p,
      'create note',
      {
        imports: ['integer'],
        upgrade: "await op.createTable('note', { id: integer().primaryKey() });",
        downgrade: "await op.dropTable('note');",
      },
      A,
    );
    addRevision(
      p,
      'add note body',
      { imports: ['text'], upgrade: "await op.addColumn('note', text('body'));", downgrade: "await op.dropColumn('note', 'body');" },
      B,
    );
  });

  it('upgrade logs each script with its checksum, direction, time and duration', () => {
    const p = project();
    mustSucceed(p, ['upgrade']);
    const rows = logRows(p);
    expect(rows.map((r) => [r.revision, r.direction])).toEqual([
      [A, 'upgrade'],
      [B, 'upgrade'],
    ]);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isNaN(Date.parse(row.applied_at))).toBe(false);
      expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    }
    const verbose = mustSucceed(p, ['history', '-v']).stdout;
    expect(verbose).toMatch(new RegExp(`Revision ID: ${B}\\n[\\s\\S]*?Applied: \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z \\(upgrade, [\\d.]+ ms\\)`));
  });

  it('line endings and trailing whitespace do not count as an edit', () => {
    const p = project();
    const original = p.readFile(FILE_A);
    p.writeFile(FILE_A, `${original.replace(/\n/g, '  \r\n')}\n\n`);
    const result = p.run(['check']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    p.writeFile(FILE_A, original);
  });

  it('check fails on an edited applied script, naming it and the repair command', () => {
    const p = project();
    p.writeFile(FILE_A, p.readFile(FILE_A).replace("op.createTable('note'", "op.createTable('note' /* edited */"));
    const result = p.run(['check']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: applied script changed: ${A} \\(${FILE_A}\\) was edited after it was applied on .*; ` +
            `revert the edit, or accept the new text of one revision with \`tsdb stamp --repair ${A}\`$`,
        ),
      ),
    ]);
  });

  it('upgrade warns about the edit and still runs; --strict refuses before running anything', () => {
    const p = project();
    addRevision(p, 'third', {}, C);
    const before = snapshot(p);
    const strict = p.run(['upgrade', '--strict']);
    expect(strict.code).toBe(1);
    expect(lines(strict.stderr)).toEqual([expect.stringMatching(/^error: applied script changed: a1a1a1a1a1a1 /)]);
    expect(snapshot(p)).toBe(before);
    const lenient = mustSucceed(p, ['upgrade']);
    expect(lines(lenient.stderr)).toEqual([
      expect.stringMatching(/^warning: applied script changed: a1a1a1a1a1a1 .*\(--strict makes this an error\)$/),
      `Running upgrade ${B} -> ${C}, third`,
    ]);
  });

  it('stamp --repair takes exactly one applied revision', () => {
    const p = project();
    for (const args of [
      ['stamp', '--repair', 'heads'],
      ['stamp', '--repair', A, B],
      ['stamp', '--repair', 'base'],
    ]) {
      const result = p.run(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(lines(result.stderr)).toEqual([expect.stringMatching(/^error: stamp --repair takes exactly one revision id/)]);
    }
  });

  it('stamp --repair REV accepts the edit: check passes, the version table is unchanged, the run time is kept', () => {
    const p = project();
    const ranAt = logRows(p).find((r) => r.revision === A)?.applied_at;
    const result = mustSucceed(p, ['stamp', '--repair', A]);
    expect(lines(result.stderr)).toEqual([`Revision ${A}: accepted the edited script (${FILE_A}) as applied`]);
    expect(logRows(p).at(-1)).toMatchObject({ revision: A, direction: 'repair' });
    expect(mustSucceed(p, ['current']).stdout).toBe(`${C} (head)\n`);
    expect(mustSucceed(p, ['check']).stdout).toBe('No new upgrade operations detected.\n');
    expect(mustSucceed(p, ['history', '-v']).stdout).toContain(`Applied: ${ranAt} (upgrade, repaired since,`);
  });

  it('a downgraded script may be edited freely; stamp logs what it marks applied', () => {
    const p = project();
    mustSucceed(p, ['downgrade', 'base']);
    p.writeFile(FILE_B, `${p.readFile(FILE_B)}// reworked while not applied\n`);
    expect(p.run(['upgrade', '--strict']).code).toBe(0);
    mustSucceed(p, ['stamp', '--purge', 'base']);
    mustSucceed(p, ['stamp', B]);
    expect(
      logRows(p)
        .slice(-2)
        .map((r) => [r.revision, r.direction])
        .sort(),
    ).toEqual([
      [A, 'stamp'],
      [B, 'stamp'],
    ]);
    p.writeFile(FILE_B, `${p.readFile(FILE_B)}// edited after the stamp\n`);
    expect(p.run(['check']).code).toBe(1);
  });
});
