/** `npm run demo:pg` (scripts/demo-pg.js, on the built CLI): the whole workflow on its own throwaway server, stopped at the end. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'scripts', 'demo-pg.js');

describe('npm run demo:pg', { timeout: 120_000 }, () => {
  it('runs init, migrate, upgrade, check, history, downgrade and upgrade --sql on PostgreSQL, then stops its server', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = result.stdout;
    for (const line of [
      '$ tsdb init',
      '$ tsdb migrate -m "Initial migration."',
      "Detected added column 'user.bio'",
      'No new upgrade operations detected.',
      '$ tsdb history --indicate-current',
      '$ tsdb downgrade -1',
      '$ tsdb upgrade --sql',
      'user.id: integer NOT NULL (identity)',
      'user.bio: text',
      '# done: the server was stopped and the demo project removed',
    ]) {
      expect(out).toContain(line);
    }
    expect(out).toMatch(/Running upgrade {2}-> [0-9a-f]{12}, Initial migration\./);
    expect(out).toMatch(/Running downgrade [0-9a-f]{12} -> [0-9a-f]{12}, add user\.bio/);
    const serverDir = /data in (\S+)\)/.exec(out)?.[1] ?? '';
    expect(serverDir).toMatch(/tsdb-pg-/);
    expect(fs.existsSync(serverDir)).toBe(false);
  });
});
