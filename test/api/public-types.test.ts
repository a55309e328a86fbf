/**
 * The published declarations, as a user project sees them: type-checked with `skipLibCheck: false`
 * in a project that has tsdb's runtime dependencies (and @types/node) but none of its dev
 * dependencies, so a declaration that mentions a driver's types (better-sqlite3's) fails here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/temp-project';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  types: string;
};
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** Every module a declaration file imports, following relative imports from `entry`. */
function declarationImports(entry: string): Map<string, string> {
  const bare = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    // comments hold @example code that imports 'tsdb': only real import/export statements count
    const code = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    for (const match of code.matchAll(/(?:\bfrom|\bimport\s*\()\s*['"]([^'"]+)['"]/g)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('.')) bare.set(specifier, path.relative(REPO_ROOT, file));
      else {
        const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '');
        visit(fs.existsSync(`${target}.d.ts`) ? `${target}.d.ts` : path.join(target, 'index.d.ts'));
      }
    }
  };
  visit(entry);
  return bare;
}

describe('published types', () => {
  const entry = path.join(REPO_ROOT, manifest.types);

  it('the public declarations import only runtime dependencies that ship their own types', () => {
    const imports = declarationImports(entry);
    const outside = [...imports].filter(([name]) => !(name in manifest.dependencies));
    expect(outside).toEqual([]);
    expect([...imports.keys()].sort()).toEqual(['knex']);
  });

  it('a user project type-checks with skipLibCheck: false and no tsdb dev dependency installed', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-types-'));
    folders.push(project);
    const installed = path.join(project, 'node_modules', 'tsdb');
    fs.mkdirSync(path.join(installed, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(installed, 'package.json'));
    fs.cpSync(path.join(REPO_ROOT, 'dist', 'src'), path.join(installed, 'dist', 'src'), { recursive: true });
    fs.mkdirSync(path.join(project, 'node_modules', '@types'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'knex'), path.join(project, 'node_modules', 'knex'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', '@types', 'node'), path.join(project, 'node_modules', '@types', 'node'));
    fs.writeFileSync(
      path.join(project, 'app.ts'),
      [
        "import { table, integer, text, defineConfig, migrations, type Operations } from 'tsdb';",
        "export const note = table('note', { id: integer().primaryKey(), body: text() });",
        "export default defineConfig({ url: 'sqlite:///app.db', models: ['app.ts'] });",
        "export async function upgrade(op: Operations): Promise<void> { await op.addColumn('note', text('title')); }",
        'export const atHead = migrations.current().then((result) => result.atHead);',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: false, module: 'commonjs', target: 'es2022', noEmit: true, types: ['node'] },
        files: ['app.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});
