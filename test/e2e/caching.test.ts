import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, tables, versions } from '../helpers/cli-project';
import { useTempProject } from '../helpers/temp-project';

/** Waits past the two-second window in which tsdb refuses to cache a just-written file. */
function ageFiles(paths: ReadonlyArray<string>): void {
  const past = new Date(Date.now() - 60_000);
  for (const p of paths) fs.utimesSync(p, past, past);
  const until = Date.now() + 2100;
  while (Date.now() < until) {
    /* ctime cannot be set back; only time ages it */
  }
}

describe('the transpile cache never serves stale code', () => {
  const project = useTempProject();

  it('an edit of the same size with the old mtime restored (tar, rsync -a, cp -p) is seen', () => {
    const p = project();
    initProject(p);
    const rev = addRevision(p, 'create table', {
      upgrade: "await op.execute('CREATE TABLE aaaa (id INTEGER)');",
      downgrade: "await op.execute('DROP TABLE aaaa');",
    });
    const file = p.path(rev.file);
    ageFiles([file]);
    expect(p.run(['history']).code).toBe(0); // caches the header and the code
    expect(p.run(['upgrade']).code).toBe(0);
    expect(p.run(['downgrade', 'base']).code).toBe(0);
    const stat = fs.statSync(file);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/aaaa/g, 'bbbb'));
    fs.utimesSync(file, stat.atime, stat.mtime);
    expect(fs.statSync(file).size).toBe(stat.size);
    expect(p.run(['upgrade']).code).toBe(0);
    expect(tables(p)).toContain('bbbb');
    expect(tables(p)).not.toContain('aaaa');
  });

  it('works without a cache when the cache folder is writable by others', () => {
    const p = project();
    initProject(p);
    const shared = p.path('shared-cache');
    fs.mkdirSync(shared, { mode: 0o777 });
    fs.chmodSync(shared, 0o777);
    addRevision(p, 'one', { upgrade: "await op.execute('CREATE TABLE one (id INTEGER)');" });
    const result = p.run(['upgrade'], { env: { TSDB_CACHE_DIR: shared } });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readdirSync(shared)).toEqual([]);
  });
});

describe('scripts whose text and exports disagree', () => {
  const project = useTempProject();

  it('a revision id inside a block comment does not fool the graph', () => {
    const p = project();
    initProject(p);
    const rev = addRevision(p, 'real', { upgrade: "await op.execute('CREATE TABLE t (id INTEGER)');" });
    const text = p.readFile(rev.file);
    p.writeFile(rev.file, text.replace('export const revision', "/*\nexport const revision = 'old';\n*/\nexport const revision"));
    const heads = p.run(['heads']);
    expect(heads.stdout.trim()).toBe(`${rev.id} (head)`);
    expect(p.run(['upgrade']).code).toBe(0);
    expect(versions(p)).toEqual([rev.id]);
  });
});

describe('an .mjs config', () => {
  const project = useTempProject({ type: 'module' });

  it('loads on cold and warm runs', () => {
    const p = project();
    initProject(p);
    fs.rmSync(p.path('tsdb.config.ts'));
    p.writeFile('tsdb.config.mjs', "export default { url: 'sqlite:///app.db', migrations: 'migrations' };\n");
    addRevision(p, 'one', { upgrade: "await op.execute('CREATE TABLE one (id INTEGER)');" });
    for (let run = 0; run < 3; run++) {
      const result = p.run(['current']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/Warning/);
    }
    expect(p.run(['upgrade']).code).toBe(0);
  });
});
