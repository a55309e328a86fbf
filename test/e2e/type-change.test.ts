/** A column type change through the CLI: refused when values would not convert, warned about when NUMERIC(p,s) drops decimals. */
import { describe, expect, it } from 'vitest';
import { initProject, mustSucceed, replaceInFile, snapshot } from '../helpers/cli-project';
import { lines, useTempProject, type TempProject } from '../helpers/temp-project';

const MODELS = `import { table, integer, text, real } from 'tsdb';

export const item = table('item', {
  id: integer().primaryKey(),
  code: text(),
  price: real(),
});
`;

function revisionOf(p: TempProject, args: ReadonlyArray<string>): string {
  const id = /versions\/([0-9a-f]{12})_/.exec(mustSucceed(p, args).stdout)?.[1];
  if (id === undefined) throw new Error('migrate wrote no script');
  return id;
}

describe('type changes through tsdb migrate + upgrade', { timeout: 60_000 }, () => {
  const project = useTempProject();

  it("text() → integer() on rows holding '12' and 'x': exit 1, one line with the count and rowid, nothing changed; then it goes through", () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    const first = revisionOf(p, ['migrate', '-m', 'items']);
    mustSucceed(p, ['upgrade']);
    const db = p.sqlite('app.db');
    db.exec("INSERT INTO item (code, price) VALUES ('12', 1.5), ('x', 2), (NULL, 3)");
    db.close();
    replaceInFile(p, 'common/models.ts', 'code: text(),', 'code: integer(),');
    const second = revisionOf(p, ['migrate', '-m', 'code is a number']);
    const before = snapshot(p);
    const refused = p.run(['upgrade']);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr).filter((line) => line.startsWith('error:'))).toStrictEqual([
      `error: upgrade ${second} (migrations/versions/${second}_code_is_a_number.ts) failed: alterColumn on 'item': 1 row of 'item' has values in 'code' ` +
        'that are not whole numbers, which INTEGER cannot hold (rowid 2); convert or delete them first (op.execute an UPDATE) or keep the old type. ' +
        `Nothing was changed; it was rolled back and the database is at ${first}`,
    ]);
    expect(snapshot(p)).toBe(before);

    const fix = p.sqlite('app.db');
    fix.exec("UPDATE item SET code = '13' WHERE code = 'x'");
    fix.close();
    mustSucceed(p, ['upgrade']);
    const after = p.sqlite('app.db');
    expect(after.prepare('SELECT code, typeof(code) AS kind FROM item ORDER BY id').all()).toStrictEqual([
      { code: 12, kind: 'integer' },
      { code: 13, kind: 'integer' },
      { code: null, kind: 'null' },
    ]);
    after.close();
  });

  it('real() → numeric(6, 1) warns about the decimals it would drop, on stderr and in --json, and upgrades', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    revisionOf(p, ['migrate', '-m', 'items']);
    mustSucceed(p, ['upgrade']);
    const db = p.sqlite('app.db');
    db.exec('INSERT INTO item (price) VALUES (1.5), (2.25), (3)');
    db.close();
    replaceInFile(
      p,
      'common/models.ts',
      "import { table, integer, text, real } from 'tsdb';",
      "import { table, integer, text, numeric } from 'tsdb';",
    );
    replaceInFile(p, 'common/models.ts', 'price: real(),', 'price: numeric(6, 1),');
    const second = revisionOf(p, ['migrate', '-m', 'price is numeric']);
    const result = p.run(['--json', 'upgrade']);
    expect(result.code).toBe(0);
    const warning =
      `upgrade ${second}: alterColumn on 'item': 1 row of 'item' has values in 'price' with more than 1 decimal place, which NUMERIC(6, 1) does not keep ` +
      '(SQLite stores them as they are; PostgreSQL and others round them) (rowid 2); round them first (op.execute an UPDATE) if every database must hold the same values';
    expect((JSON.parse(result.stdout) as { warnings: string[] }).warnings).toStrictEqual([warning]);
    expect(lines(result.stderr)).toContain(`warning: ${warning}`);
  });
});
