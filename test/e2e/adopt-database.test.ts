/**
 * Adopting a database tsdb never managed (SPEC, "Adopting an existing database"): a Flask-Migrate
 * app's SQLite file with its alembic_version table (and other tools' bookkeeping tables), made by
 * hand here. migrate, check and upgrade refuse it naming both ways out; `migrate --baseline` writes
 * a root revision of its schema and stamps it; a fresh database upgraded from that script has the
 * same objects; check passes; the next model change migrates as usual.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectCleanFailure } from '../helpers/bad-input';
import { addRevision, initProject, mustSucceed, scriptFiles, versions } from '../helpers/cli-project';
import { useTempProject, type TempProject } from '../helpers/temp-project';

/** What Flask-SQLAlchemy created for the microblog tutorial app, plus a view and a trigger made by hand. */
const FLASK_APP_SQL = `
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('2b017edaa91f');
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(64) NOT NULL, email VARCHAR(120) NOT NULL, password_hash VARCHAR(256),
  last_seen DATETIME, PRIMARY KEY (id));
CREATE UNIQUE INDEX ix_user_username ON user (username);
CREATE UNIQUE INDEX ix_user_email ON user (email);
CREATE TABLE post (id INTEGER NOT NULL, body VARCHAR(140) NOT NULL, timestamp DATETIME NOT NULL, user_id INTEGER NOT NULL,
  PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES user (id));
CREATE INDEX ix_post_timestamp ON post (timestamp);
CREATE INDEX ix_post_user_id ON post (user_id);
CREATE TABLE followers (follower_id INTEGER NOT NULL, followed_id INTEGER NOT NULL, PRIMARY KEY (follower_id, followed_id),
  FOREIGN KEY(follower_id) REFERENCES user (id), FOREIGN KEY(followed_id) REFERENCES user (id));
CREATE VIEW post_count AS SELECT user_id, count(*) AS posts FROM post GROUP BY user_id;
CREATE TRIGGER post_seen AFTER INSERT ON post BEGIN UPDATE user SET last_seen = NEW.timestamp WHERE id = NEW.user_id; END;
INSERT INTO user (id, username, email) VALUES (1, 'susan', 'susan@example.com');
INSERT INTO post VALUES (1, 'hello', '2024-01-01 10:00:00', 1);
`;

/** Other tools' bookkeeping tables: never dropped, never drift, not in the baseline. */
const OTHER_TOOLS_SQL = `
CREATE TABLE knex_migrations (id INTEGER PRIMARY KEY, name VARCHAR(255), batch INTEGER, migration_time DATETIME);
CREATE TABLE knex_migrations_lock ("index" INTEGER PRIMARY KEY, is_locked INTEGER);
CREATE TABLE schema_migrations (version VARCHAR(255) NOT NULL PRIMARY KEY);
CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL);
`;

/** The same app's models, as a tsdb user ports them. */
const MODELS = `import { table, integer, varchar, datetime, index, uniqueIndex, primaryKey } from 'tsdb';

export const user = table('user', {
  id: integer().primaryKey(),
  username: varchar(64).notNull(),
  email: varchar(120).notNull(),
  password_hash: varchar(256),
  last_seen: datetime(),
}, (t) => [uniqueIndex('ix_user_username').on(t.username), uniqueIndex('ix_user_email').on(t.email)]);

export const post = table('post', {
  id: integer().primaryKey(),
  body: varchar(140).notNull(),
  timestamp: datetime().notNull(),
  user_id: integer().notNull().references(() => user.id),
}, (t) => [index('ix_post_timestamp').on(t.timestamp), index('ix_post_user_id').on(t.user_id)]);

export const followers = table('followers', {
  follower_id: integer().notNull().references(() => user.id),
  followed_id: integer().notNull().references(() => user.id),
}, (t) => [primaryKey(t.follower_id, t.followed_id)]);
`;

const BOTH_WAYS_OUT = /tsdb stamp REV.*tsdb migrate --baseline -m MSG/;

function createDatabase(p: TempProject, dbfile: string, sql: string): void {
  const db = new Database(p.path(dbfile));
  db.exec(sql);
  db.close();
}

interface MasterRow {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

/** The schema objects of the app (tsdb's own tables and other tools' left out), each with its SQL when it is a view or trigger. */
function appObjects(p: TempProject, dbfile: string): Array<Omit<MasterRow, 'sql'> & { readonly sql?: string | null }> {
  const db = p.sqlite(dbfile);
  try {
    const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as MasterRow[];
    return rows
      .filter((r) => !/^(tsdb_|alembic_version|knex_|schema_migrations|_prisma)/.test(r.tbl_name))
      .map((r) => (r.type === 'view' || r.type === 'trigger' ? r : { type: r.type, name: r.name, tbl_name: r.tbl_name }));
  } finally {
    db.close();
  }
}

function rows(p: TempProject, dbfile: string, sql: string): unknown[] {
  const db = p.sqlite(dbfile);
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('adopting an existing database', () => {
  const project = useTempProject();

  function flaskProject(): TempProject {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    createDatabase(p, 'app.db', FLASK_APP_SQL + OTHER_TOOLS_SQL);
    return p;
  }

  it('migrate, check and upgrade refuse a database with tables but no version table, naming stamp and --baseline', () => {
    const p = flaskProject();
    for (const args of [['migrate', '-m', 'first'], ['check'], ['upgrade']]) {
      expectCleanFailure(p, args, { code: 1, names: ['user', 'tsdb_version'], fix: BOTH_WAYS_OUT });
    }
    expect(scriptFiles(p)).toEqual([]);
    expect(versions(p)).toBeNull();
  });

  it('other tools\' bookkeeping tables alone do not make a database "unversioned"', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    createDatabase(p, 'app.db', OTHER_TOOLS_SQL);
    const first = mustSucceed(p, ['migrate', '-m', 'first']);
    expect(first.stderr).not.toMatch(/removed table/);
    expect(p.readFile(`migrations/versions/${scriptFiles(p)[0] ?? ''}`)).not.toMatch(/knex|schema_migrations|_prisma/);
  });

  it('--baseline writes a root revision of the live schema, stamps it without running it; a fresh database gets the same objects', () => {
    const p = flaskProject();
    const dataBefore = rows(p, 'app.db', 'SELECT * FROM post');
    const result = mustSucceed(p, ['migrate', '--baseline', '-m', 'baseline']);
    const [file, ...more] = scriptFiles(p);
    expect(more).toEqual([]);
    const id = /^([0-9a-f]{12})_baseline\.ts$/.exec(file ?? '')?.[1] ?? '';
    expect(p.normalize(result.stdout)).toBe(
      'Generating migrations/versions/<REV>_baseline.ts ...  done\n' + 'Stamped the database at <REV> without running the script\n',
    );
    expect(result.stderr).not.toMatch(/Detected|warning/);
    expect(versions(p)).toEqual([id]);
    expect(rows(p, 'app.db', 'SELECT * FROM post')).toEqual(dataBefore);
    expect(rows(p, 'app.db', 'SELECT version_num FROM alembic_version')).toEqual([{ version_num: '2b017edaa91f' }]);

    const script = p.readFile(`migrations/versions/${file ?? ''}`);
    expect(script).toContain('export const downRevision: string | string[] | null = null;');
    expect(script).not.toMatch(/alembic_version|knex_migrations|schema_migrations|_prisma_migrations|dropTable\('(alembic|knex)/);
    expect(script).toContain("await op.createTable('followers', {");
    expect(script).toContain("await op.execute('CREATE VIEW post_count AS SELECT user_id, count(*) AS posts FROM post GROUP BY user_id');");
    expect(script).toContain('await op.execute(\'DROP TRIGGER "post_seen"\');');

    // check compares the models with the adopted database as usual
    expect(p.run(['check']).stdout.trim()).toBe('No new upgrade operations detected.');
    expect(p.run(['current']).stdout.trim()).toBe(`${id} (head)`);

    // a fresh database upgraded from the baseline has the same tables, indexes, views and triggers
    mustSucceed(p, ['upgrade', '--url', 'sqlite:///fresh.db']);
    expect(appObjects(p, 'fresh.db')).toEqual(appObjects(p, 'app.db'));
    expect(appObjects(p, 'fresh.db').map((o) => o.type)).toEqual(expect.arrayContaining(['index', 'table', 'trigger', 'view']));
    expect(p.run(['check', '--url', 'sqlite:///fresh.db']).stdout.trim()).toBe('No new upgrade operations detected.');
    // ... and the trigger works there
    const fresh = p.sqlite('fresh.db');
    fresh.exec(
      "INSERT INTO user (id, username, email) VALUES (1, 'ann', 'ann@example.com'); INSERT INTO post VALUES (1, 'hi', '2025-02-03 04:05:06', 1);",
    );
    expect(fresh.prepare('SELECT last_seen FROM user').get()).toEqual({ last_seen: '2025-02-03 04:05:06' });
    fresh.close();

    // the next model change migrates normally, and never proposes dropping the other tools' tables
    p.writeFile('common/models.ts', MODELS.replace('  last_seen: datetime(),', '  last_seen: datetime(),\n  about_me: varchar(140),'));
    const next = mustSucceed(p, ['migrate', '-m', 'about me']);
    expect(next.stderr.trim()).toBe("Detected added column 'user.about_me'");
    expect(scriptFiles(p)).toHaveLength(2);
    mustSucceed(p, ['upgrade']);
    expect(p.run(['check']).code).toBe(0);
    expect(rows(p, 'app.db', "SELECT name FROM sqlite_master WHERE name IN ('alembic_version', 'knex_migrations') ORDER BY name")).toEqual([
      { name: 'alembic_version' },
      { name: 'knex_migrations' },
    ]);

    // the baseline's downgrade takes the whole schema away again (on the fresh copy)
    mustSucceed(p, ['downgrade', 'base', '--url', 'sqlite:///fresh.db']);
    expect(appObjects(p, 'fresh.db')).toEqual([]);
  });

  it('a full-text search (virtual) table is carried over as its CREATE VIRTUAL TABLE, shadow tables and all', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    createDatabase(
      p,
      'app.db',
      `${FLASK_APP_SQL.replace(/^CREATE TRIGGER .*$/m, '')}
CREATE VIRTUAL TABLE post_search USING fts5(body, content='post', content_rowid='id');`,
    );
    mustSucceed(p, ['migrate', '--baseline', '-m', 'baseline']);
    const script = p.readFile(`migrations/versions/${scriptFiles(p)[0] ?? ''}`);
    expect(script).toContain(
      "await op.execute('CREATE VIRTUAL TABLE post_search USING fts5(body, content=\\'post\\', content_rowid=\\'id\\')');",
    );
    expect(script).toContain('await op.execute(\'DROP TABLE "post_search"\');');
    expect(script).not.toMatch(/post_search_(data|idx|docsize|config)/);
    expect(p.run(['check']).code).toBe(0);
    mustSucceed(p, ['upgrade', '--url', 'sqlite:///fresh.db']);
    expect(appObjects(p, 'fresh.db')).toEqual(appObjects(p, 'app.db'));
  });

  it('names, per table, the clauses the script cannot carry (COLLATE, STRICT, …), not those inside CHECK or DEFAULT expressions', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', MODELS);
    createDatabase(
      p,
      'app.db',
      `CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE NOT NULL) STRICT;
CREATE INDEX ix_tag_name ON tag (name DESC);
CREATE TABLE plain (id INTEGER PRIMARY KEY, n INTEGER DEFAULT (CAST('1' AS INTEGER)), CHECK (n <> 0 OR 'a' = 'A' COLLATE NOCASE));`,
    );
    const result = mustSucceed(p, ['migrate', '--baseline', '-m', 'baseline']);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
      "warning: table 'tag': COLLATE, STRICT, DESC not in the baseline script (the models API cannot say it yet); " +
        'a database made from the script lacks it: add it with op.execute if that matters',
    ]);
  });

  it('--json and the same refusal texts: the baseline reports its operations and the stamped revision', () => {
    const p = flaskProject();
    const result = mustSucceed(p, ['migrate', '--baseline', '-m', 'baseline', '--json']);
    const doc = JSON.parse(result.stdout) as {
      ok: boolean;
      revision: string;
      stamped: string[];
      operations: Array<{ kind: string; table: string | null }>;
    };
    expect(doc.ok).toBe(true);
    expect(doc.stamped).toEqual([doc.revision]);
    expect(doc.operations.filter((o) => o.kind === 'createTable').map((o) => o.table)).toEqual(['user', 'followers', 'post']);
    expect(doc.operations.filter((o) => o.kind === 'execute')).toHaveLength(2);
  });

  it('--baseline is refused when scripts exist, when the database has a version table, or has nothing to adopt; nothing is written', () => {
    const p = flaskProject();
    mustSucceed(p, ['migrate', '--baseline', '-m', 'baseline']);
    // scripts already exist
    expectCleanFailure(p, ['migrate', '--baseline', '-m', 'again'], { code: 1, names: ['migrations/versions'], fix: /tsdb stamp REV/ });
    // a database with a version table, and no scripts
    fs.rmSync(p.path('migrations/versions'), { recursive: true });
    fs.mkdirSync(p.path('migrations/versions'));
    expectCleanFailure(p, ['migrate', '--baseline', '-m', 'again'], { code: 1, names: ['tsdb_version'], fix: /tsdb stamp REV/ });
    // no database file at all
    expectCleanFailure(p, ['migrate', '--baseline', '-m', 'x', '--url', 'sqlite:///missing.db'], {
      code: 1,
      names: ['missing.db'],
      fix: /check the url/,
    });
    expect(fs.existsSync(p.path('missing.db'))).toBe(false);
    // only other tools' tables: nothing to adopt
    createDatabase(p, 'others.db', OTHER_TOOLS_SQL);
    expectCleanFailure(p, ['migrate', '--baseline', '-m', 'x', '--url', 'sqlite:///others.db'], {
      code: 1,
      names: ['others.db'],
      fix: /tsdb migrate -m MSG/,
    });
  });
});

/** The two Alembic revisions the Flask-Migrate app had, ported with their ids. */
const ALEMBIC_USERS = 'e517276bb1c2';
const ALEMBIC_POSTS = '780739b227a7';

describe("keeping a Flask-Migrate database's alembic_version while both tools coexist", () => {
  const project = useTempProject();

  function coexisting(): TempProject {
    const p = project();
    initProject(p);
    const config = p.readFile('tsdb.config.ts');
    p.writeFile(
      'tsdb.config.ts',
      config.replace("migrations: 'migrations',", "migrations: 'migrations',\n  versionTable: 'alembic_version',"),
    );
    p.writeFile('common/models.ts', MODELS);
    createDatabase(p, 'app.db', FLASK_APP_SQL.replace("'2b017edaa91f'", `'${ALEMBIC_POSTS}'`));
    return p;
  }

  /** `tsdb revision --rev-id ID` per Alembic revision, each filled with what that revision did. */
  function port(p: TempProject, ids: readonly [string, string]): void {
    const bodies = [
      [
        "await op.createTable('user', { id: integer().primaryKey(), username: varchar(64).notNull(), email: varchar(120).notNull(),",
        "  password_hash: varchar(256), last_seen: datetime() }, (t) => [uniqueIndex('ix_user_username').on(t.username), uniqueIndex('ix_user_email').on(t.email)]);",
      ],
      [
        "await op.createTable('post', { id: integer().primaryKey(), body: varchar(140).notNull(), timestamp: datetime().notNull(),",
        "  user_id: integer().notNull().references('user.id') }, (t) => [index('ix_post_timestamp').on(t.timestamp), index('ix_post_user_id').on(t.user_id)]);",
        "await op.createTable('followers', { follower_id: integer().notNull().references('user.id'), followed_id: integer().notNull().references('user.id') },",
        '  (t) => [primaryKey(t.follower_id, t.followed_id)]);',
      ],
    ];
    ids.forEach((id, i) => {
      addRevision(
        p,
        `alembic ${i + 1}`,
        { imports: ['datetime', 'index', 'integer', 'primaryKey', 'uniqueIndex', 'varchar'], upgrade: (bodies[i] ?? []).join('\n') },
        id,
      );
    });
  }

  it("scripts ported with Alembic's revision ids read and advance alembic_version", () => {
    const p = coexisting();
    port(p, [ALEMBIC_USERS, ALEMBIC_POSTS]);
    expect(p.run(['current']).stdout.trim()).toBe(`${ALEMBIC_POSTS} (head)`);
    expect(p.run(['check']).stdout.trim()).toBe('No new upgrade operations detected.');
    // scripts exist, so --baseline is refused
    expectCleanFailure(p, ['migrate', '--baseline', '-m', 'x'], { code: 1, names: ['migrations/versions'], fix: /tsdb stamp REV/ });

    p.writeFile('common/models.ts', MODELS.replace('  last_seen: datetime(),', '  last_seen: datetime(),\n  about_me: varchar(140),'));
    const next = mustSucceed(p, ['migrate', '-m', 'about me', '--rev-id', '37f06a334dbf']);
    expect(next.stderr.trim()).toBe("Detected added column 'user.about_me'");
    expect(
      p.readFile(
        scriptFiles(p)
          .map((f) => `migrations/versions/${f}`)
          .find((f) => f.includes('37f06a334dbf')) ?? '',
      ),
    ).toContain(`export const downRevision: string | string[] | null = '${ALEMBIC_POSTS}';`);
    mustSucceed(p, ['upgrade']);
    expect(versions(p, 'app.db', 'alembic_version')).toEqual(['37f06a334dbf']);
    expect(p.run(['check']).code).toBe(0);
    // Flask-Migrate's downgrade path still works from tsdb: back to the Alembic head
    mustSucceed(p, ['downgrade', '-1']);
    expect(versions(p, 'app.db', 'alembic_version')).toEqual([ALEMBIC_POSTS]);
  });

  it('without ported scripts --baseline is refused: alembic_version is the version table, so tsdb stamp is the way', () => {
    const p = coexisting();
    expectCleanFailure(p, ['migrate', '--baseline', '-m', 'x'], {
      code: 1,
      names: ['alembic_version', ALEMBIC_POSTS],
      fix: /tsdb stamp REV/,
    });
  });

  it('scripts ported under new ids cannot read it: every command names the unknown Alembic revision', () => {
    const p = coexisting();
    port(p, ['aaaa00000001', 'aaaa00000002']);
    expectCleanFailure(p, ['check'], { code: 1, names: [ALEMBIC_POSTS], fix: /stamp --purge/ });
    expectCleanFailure(p, ['upgrade'], { code: 1, names: [ALEMBIC_POSTS], fix: /stamp --purge/ });
  });
});
