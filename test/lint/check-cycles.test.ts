/** The import-cycle check run by `npm run lint`: it passes on src/ and fails, naming the chain, on a cycle (type-only imports too). */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/temp-project';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'check-cycles.js');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-cycles-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function check(dir: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe('import cycle check', () => {
  it('finds none in src/', () => {
    const result = check(path.join(REPO_ROOT, 'src'));
    expect(result.output).toMatch(/^no import cycles in src\//);
    expect(result.code).toBe(0);
  });

  it('fails on a cycle that closes on a type-only import, naming the chain', () => {
    fs.mkdirSync(path.join(folder, 'lib'));
    fs.writeFileSync(
      path.join(folder, 'lib', 'runner.ts'),
      "import type { Options } from './options';\nexport const run = (o: Options) => o;\n",
    );
    fs.writeFileSync(
      path.join(folder, 'lib', 'options.ts'),
      "import { run } from './runner';\nexport interface Options { readonly r: typeof run }\n",
    );
    fs.writeFileSync(path.join(folder, 'leaf.ts'), "import { run } from './lib/runner';\nexport const x = run;\n");
    const result = check(folder);
    expect(result.code).toBe(1);
    expect(result.output).toContain('import cycle: lib/runner.ts -> lib/options.ts -> lib/runner.ts');
  });
});
