/** Help: every command lists its options with at least one example; typos get a suggestion; --version. */
import { describe, expect, it } from 'vitest';
import { lines, useSharedTempProject } from '../helpers/temp-project';

const COMMANDS = [
  'init',
  'migrate',
  'check',
  'revision',
  'merge',
  'upgrade',
  'downgrade',
  'current',
  'history',
  'heads',
  'branches',
  'show',
  'stamp',
];

describe('help', { timeout: 60_000 }, () => {
  const project = useSharedTempProject();

  it('tsdb --help lists every command and the everyday workflow', () => {
    const result = project().run(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(result.stdout).toContain('Everyday workflow:');
    for (const option of [
      '--config',
      '--directory',
      '--url',
      '--json',
      '--quiet',
      '--no-color',
      '--lock-timeout',
      '--verbose',
      '--version',
    ]) {
      expect(result.stdout).toContain(option);
    }
  });

  it.each(COMMANDS)('tsdb %s --help shows its options and an example', (command) => {
    const result = project().run([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tsdb /m);
    expect(result.stdout).toMatch(/Examples?:\n {2}tsdb /);
  });

  it('a mistyped option of a command gets a suggestion on the same line', () => {
    const result = project().run(['upgrade', '--strikt']);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual(["error: unknown option '--strikt'; did you mean '--strict'?"]);
  });
});
