/**
 * `upgrade --sql`, `downgrade --sql`, `stamp --sql` through the built CLI: the printed SQL, replayed with
 * the sqlite3 shell, must give the same schema, rows and version table as the live command, and no
 * --sql run may create the configured database.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRevision, initProject, mustSucceed } from '../helpers/cli-project';
import { contents, sqlite3Replay } from '../helpers/offline-sql';
import { lines, REPO_ROOT, useSharedTempProject, type RunResult, type TempProject } from '../helpers/temp-project';

const GENERATED = /^Generating migrations\/versions\/([0-9a-f]{12})_\w+\.ts \.\.\. {2}done$/m;

function generatedId(result: RunResult): string {
  const id = GENERATED.exec(result.stdout)?.[1];
  if (id === undefined) throw new Error(`no 'Generating …' line in:\n${result.stdout}`);
  return id;
}

/** Runs `tsdb …args` (which must print SQL and succeed) and replays its stdout into `dbfile`. */
function replay(p: TempProject, args: ReadonlyArray<string>, dbfile: string): string {
  const result = mustSucceed(p, args);
  expect(result.stderr).toBe('');
  sqlite3Replay(p.path(dbfile), result.stdout);
  return result.stdout;
}

describe('the example app (example/common/models.ts and migrations/)', { timeout: 60_000 }, () => {
  const project = useSharedTempProject({}, (p) => {
    fs.cpSync(path.join(REPO_ROOT, 'example', 'common'), p.path('example/common'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'migrations'), p.path('migrations'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'tsdb.config.ts'), p.path('tsdb.config.ts'));
  });
  const configured = () => project().path('example/app.db');

  it('upgrade --sql prints one BEGIN … COMMIT per revision, creates no database, and replays to what a live upgrade makes', () => {
    const p = project();
    const sql = replay(p, ['upgrade', '--sql'], 'offline.db');
    expect(fs.existsSync(configured())).toBe(false);
    const text = p.normalize(sql);
    expect(lines(text).slice(0, 2)).toEqual([
      '-- tsdb upgrade --sql: base -> <REV> (3 revisions)',
      '-- Apply with: sqlite3 -bail DATABASE < FILE   (-bail stops at a failing statement; its transaction then rolls back)',
    ]);
    expect(text).toContain(
      '\nPRAGMA foreign_keys = OFF;\n\nCREATE TABLE IF NOT EXISTS "tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY);\n',
    );
    expect(lines(text).filter((l) => l.startsWith('-- Running'))).toEqual([
      '-- Running upgrade  -> <REV>, create team and user tables',
      '-- Running upgrade <REV> -> <REV>, add user bio',
      '-- Running upgrade <REV> -> <REV>, add user.last_login',
    ]);
    expect(text.match(/^BEGIN;$/gm)).toHaveLength(3);
    expect(text.match(/^COMMIT;$/gm)).toHaveLength(3);
    expect(text).toContain(
      'ALTER TABLE "user" ADD COLUMN "bio" TEXT;\nDELETE FROM "tsdb_version" WHERE version_num = \'<REV>\';\nINSERT INTO "tsdb_version" (version_num) VALUES (\'<REV>\');\nCOMMIT;',
    );
    expect(text).toMatch(/COMMIT;\n\nPRAGMA foreign_keys = ON;\n$/);
    expect(text).not.toMatch(/tsdb_version_log|SAVEPOINT|RELEASE|IMMEDIATE/);

    mustSucceed(p, ['upgrade']);
    expect(contents(p.path('offline.db'))).toStrictEqual(contents(configured()));
    expect(contents(p.path('offline.db')).rows['tsdb_version']).toEqual(["'c4d8e1f2a3b5'"]);
  });

  it('FROM:TO pieces applied one after another give the same database as the whole range', () => {
    const p = project();
    replay(p, ['upgrade', '--sql', '5e1c0a7d2b91'], 'pieces.db');
    replay(p, ['upgrade', '--sql', '5e1c0a7d2b91:+1'], 'pieces.db');
    const last = replay(p, ['upgrade', '--sql', '9b3f6e2a4c80:'], 'pieces.db');
    expect(lines(last)[0]).toBe('-- tsdb upgrade --sql: 9b3f6e2a4c80 -> c4d8e1f2a3b5 (1 revision)');
    replay(p, ['upgrade', '--sql'], 'whole.db');
    expect(contents(p.path('pieces.db'))).toStrictEqual(contents(p.path('whole.db')));
  });

  it('transactionPerMigration: false gives one transaction around every revision', () => {
    const p = project();
    p.writeFile(
      'whole.config.ts',
      p.readFile('tsdb.config.ts').replace("migrations: 'migrations',", "migrations: 'migrations',\n  transactionPerMigration: false,"),
    );
    const sql = replay(p, ['-c', 'whole.config.ts', 'upgrade', '--sql'], 'one-transaction.db');
    expect(sql.match(/^BEGIN;$/gm)).toHaveLength(1);
    expect(sql.match(/^-- Running upgrade/gm)).toHaveLength(3);
    replay(p, ['upgrade', '--sql'], 'per-revision.db');
    expect(contents(p.path('one-transaction.db'))).toStrictEqual(contents(p.path('per-revision.db')));
  });

  it('stamp --sql writes only the version table: REV from base, and FROM:REV', () => {
    const p = project();
    const sql = replay(p, ['stamp', '--sql', 'head'], 'stamped.db');
    expect(sql).toBe(`-- tsdb stamp --sql: base -> c4d8e1f2a3b5 (version table only)
-- Apply with: sqlite3 -bail DATABASE < FILE   (-bail stops at a failing statement; its transaction then rolls back)

CREATE TABLE IF NOT EXISTS "tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY);

-- Running stamp_revision  -> c4d8e1f2a3b5
BEGIN;
INSERT INTO "tsdb_version" (version_num) VALUES ('c4d8e1f2a3b5');
COMMIT;
`);
    expect(contents(p.path('stamped.db')).rows).toEqual({ tsdb_version: ["'c4d8e1f2a3b5'"] });
    replay(p, ['stamp', '--sql', 'head:5e1c0a7d2b91'], 'stamped.db');
    expect(contents(p.path('stamped.db')).rows).toEqual({ tsdb_version: ["'5e1c0a7d2b91'"] });
    expect(fs.existsSync(configured()) && fs.statSync(configured()).size > 0).toBe(true); // made by the live upgrade above, untouched since
  });
});

const MODELS_V1 = `import { table, integer, varchar, text, real, blob, index } from 'tsdb';

export const team = table('team', {
  id: integer().primaryKey(),
  name: varchar(50).notNull(),
});

export const member = table('member', {
  id: integer().primaryKey(),
  teamId: integer('team_id').references(() => team.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  nickname: text(),
  score: real(),
  avatar: blob(),
}, (t) => [index('ix_member_nickname').on(t.nickname)]);
`;

// A type change on the parent (rebuilt while children reference it ON DELETE CASCADE), one on the child, and a dropped indexed column.
const MODELS_V2 = MODELS_V1.replace('name: varchar(50).notNull()', 'name: varchar(120).notNull()')
  .replace('name: text().notNull(),\n  nickname: text(),', 'name: varchar(80).notNull(),')
  .replace(", (t) => [index('ix_member_nickname').on(t.nickname)]", '');

const SEED = [
  `await op.execute('INSERT INTO team (id, name) VALUES (?, ?), (?, ?)', [1, "O'Brien's \\"crew\\"", 2, 'semi; colon -- not a comment ?']);`,
  `await op.execute('INSERT INTO member (id, team_id, name, nickname, score, avatar) VALUES (?, ?, ?, ?, ?, ?)', [10, 1, 'Ada', null, 2.5, Buffer.from('deadbeef', 'hex')]);`,
  `await op.execute("INSERT INTO member (id, team_id, name, nickname, score, avatar) VALUES (?, ?, 'literal ?', ?, ?, ?)", [11, 2, 'nick', -7, null]);`,
  `await op.bulkInsert('member', [{ id: 12, team_id: 2, name: 'Bob\\nsecond line', nickname: 'b', score: 1e21, avatar: null }]);`,
].join('\n');

describe('generated table rebuilds, with rows', { timeout: 60_000 }, () => {
  const ids = { initial: '', seed: '', rebuild: '' };
  const project = useSharedTempProject(
    {},
    (p) => {
      initProject(p);
      p.writeFile('common/models.ts', MODELS_V1);
      ids.initial = generatedId(mustSucceed(p, ['migrate', '-m', 'initial']));
      mustSucceed(p, ['upgrade']);
      ids.seed = addRevision(p, 'seed rows', {
        upgrade: SEED,
        downgrade: "await op.execute('DELETE FROM member');\nawait op.execute('DELETE FROM team');",
      }).id;
      mustSucceed(p, ['upgrade']);
      p.writeFile('common/models.ts', MODELS_V2);
      ids.rebuild = generatedId(mustSucceed(p, ['migrate', '-m', 'widen names drop nickname']));
      mustSucceed(p, ['upgrade']);
    },
    60_000,
  );

  it('renders the rebuilds from the replayed schema, and the replay equals the live database, rows included', () => {
    const p = project();
    const sql = replay(p, ['upgrade', '--sql'], 'offline.db');
    expect(sql).toContain(`CREATE TABLE "_tsdb_new_team" (`);
    expect(sql).toContain(`CREATE TABLE "_tsdb_new_member" (`);
    expect(sql).toContain(
      'PRAGMA legacy_alter_table = ON;\nALTER TABLE "_tsdb_new_team" RENAME TO "team";\nPRAGMA legacy_alter_table = OFF;',
    );
    expect(contents(p.path('offline.db'))).toStrictEqual(contents(p.path('app.db')));
    expect(contents(p.path('offline.db')).rows['member']).toEqual([
      "10, 1, 'Ada', 2.5, X'DEADBEEF'",
      "11, 2, 'literal ?', -7.0, NULL",
      "12, 2, 'Bob\nsecond line', 1.0e+21, NULL",
    ]);
  });

  it("op.execute bindings are printed as literals: quotes doubled, REAL numbers, NULL, blobs as X'..'", () => {
    const sql = mustSucceed(project(), ['upgrade', '--sql', `${ids.initial}:${ids.seed}`]).stdout;
    expect(sql).toContain(`INSERT INTO team (id, name) VALUES (1.0, 'O''Brien''s "crew"'), (2.0, 'semi; colon -- not a comment ?');`);
    expect(sql).toContain(`VALUES (10.0, 1.0, 'Ada', NULL, 2.5, X'DEADBEEF');`);
    expect(sql).toContain(`VALUES (11.0, 2.0, 'literal ?', 'nick', -7.0, NULL);`);
    expect(sql).toContain(`VALUES (12.0, 2.0, 'Bob\nsecond line', 'b', 1e+21, NULL);`);
  });

  it('a FROM:TO range starting after the seed rebuilds from the replayed state', () => {
    const p = project();
    replay(p, ['upgrade', '--sql', ids.seed], 'range.db');
    const sql = replay(p, ['upgrade', '--sql', `${ids.seed}:head`], 'range.db');
    expect(lines(sql).filter((l) => l.startsWith('-- Running'))).toEqual([
      `-- Running upgrade ${ids.seed} -> ${ids.rebuild}, widen names drop nickname`,
    ]);
    expect(contents(p.path('range.db'))).toStrictEqual(contents(p.path('app.db')));
  });

  it('downgrade --sql FROM:TO replays back to the schema and rows of TO', () => {
    const p = project();
    replay(p, ['upgrade', '--sql'], 'down.db');
    const sql = replay(p, ['downgrade', '--sql', `head:${ids.seed}`], 'down.db');
    expect(lines(sql)[0]).toBe(`-- tsdb downgrade --sql: ${ids.rebuild} -> ${ids.seed} (1 revision)`);
    expect(sql).toContain(`-- Running downgrade ${ids.rebuild} -> ${ids.seed}, widen names drop nickname`);
    // The live downgrade of the same database: a re-added column comes last, in both.
    const live = ['--url', 'sqlite:///live-down.db'];
    mustSucceed(p, [...live, 'upgrade']);
    mustSucceed(p, [...live, 'downgrade', ids.seed]);
    expect(contents(p.path('down.db'))).toStrictEqual(contents(p.path('live-down.db')));
    mustSucceed(p, ['--url', 'sqlite:///at-seed.db', 'upgrade', ids.seed]);
    const names = (file: string) => contents(p.path(file)).schema.map((m) => `${m.type} ${m.name}`);
    expect(names('down.db')).toEqual(names('at-seed.db'));

    replay(p, ['downgrade', '--sql', `${ids.seed}:base`], 'down.db');
    mustSucceed(p, [...live, 'downgrade', 'base']);
    expect(contents(p.path('down.db'))).toStrictEqual(contents(p.path('live-down.db')));
    expect(contents(p.path('down.db')).rows).toEqual({ tsdb_version: [] });
  });
});

describe('what --sql refuses', { timeout: 60_000 }, () => {
  const ids = { table: '', knex: '' };
  const project = useSharedTempProject({}, (p) => {
    initProject(p);
    ids.table = addRevision(p, 'create t', {
      upgrade: "await op.execute('CREATE TABLE t (x INTEGER)');",
      downgrade: "await op.execute('DROP TABLE t');",
    }).id;
    ids.knex = addRevision(p, 'knex data', {
      upgrade: "await op.knex('t').insert({ x: 1 });",
      downgrade: "await op.knex('t').delete();",
    }).id;
    addRevision(p, 'after', {
      upgrade: "await op.execute('ALTER TABLE t ADD COLUMN y TEXT');",
      downgrade: "await op.execute('ALTER TABLE t DROP COLUMN y');",
    });
  });
  const knexScript = () => `migrations/versions/${ids.knex}_knex_data.ts`;

  it('a script using op.knex fails with one line naming the script; stdout stays empty', () => {
    const p = project();
    const up = p.run(['upgrade', '--sql']);
    expect([up.code, up.stdout]).toEqual([1, '']);
    expect(lines(up.stderr)).toEqual([
      `error: upgrade ${ids.knex} (${knexScript()}) uses op.knex, which --sql cannot print (Knex builds its queries while it runs); ` +
        'write that change with op.execute(sql, bindings), which --sql prints with its values, or apply this revision with `tsdb upgrade` without --sql',
    ]);
    const down = p.run(['downgrade', '--sql', 'head:base']);
    expect(down.code).toBe(1);
    expect(lines(down.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^error: downgrade ${ids.knex} \\(${knexScript()}\\) uses op\\.knex, which --sql cannot print`)),
    ]);
  });

  it('a knex script before FROM is only replayed, so the range after it renders', () => {
    const p = project();
    const result = mustSucceed(p, ['upgrade', '--sql', `${ids.knex}:head`]);
    expect(result.stdout).toContain('ALTER TABLE t ADD COLUMN y TEXT;');
  });

  it('bad ranges and option mixes are one-line errors', () => {
    const p = project();
    const cases: Array<[ReadonlyArray<string>, number, RegExp]> = [
      [
        ['downgrade', '--sql'],
        1,
        /^error: downgrade --sql: offline mode reads no database, so it needs FROM:TO; e\.g\. tsdb downgrade --sql head:base/,
      ],
      [
        ['downgrade', '--sql', '-1'],
        1,
        /^error: downgrade --sql: offline mode reads no database, so it needs FROM:TO, not a target alone \(got '-1'\)/,
      ],
      [['upgrade', '--sql', 'a:b:c'], 1, /^error: upgrade --sql: give exactly one FROM:TO range \(got 'a:b:c'\)/],
      [['upgrade', '--sql', 'nope:head'], 1, /^error: Can't locate revision identified by 'nope'/],
      [
        ['upgrade', `${ids.table}:head`],
        1,
        new RegExp(`^error: '${ids.table}:head' is a FROM:TO range, which only \`tsdb upgrade --sql\` \\(offline SQL\\) takes`),
      ],
      [['stamp', 'base:head'], 1, /^error: 'base:head' is a FROM:TO range, which only `tsdb stamp --sql`/],
      [['stamp', '--sql', '--purge', 'head'], 2, /^error: option '--sql' cannot be used with option '--purge'/],
    ];
    for (const [args, code, message] of cases) {
      const result = p.run(args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code, stdout: '' });
      expect(lines(result.stderr)).toEqual([expect.stringMatching(message)]);
    }
  });

  it('no --sql run, failed or not, creates the configured database', () => {
    const p = project();
    for (const args of [
      ['upgrade', '--sql', `${ids.knex}:head`],
      ['upgrade', '--sql'],
      ['downgrade', '--sql', `${ids.table}:base`],
      ['stamp', '--sql', 'head'],
      ['stamp', '--sql', `${ids.table}:head`],
    ])
      p.run(args);
    expect(fs.existsSync(p.path('app.db'))).toBe(false);
  });
});
