/**
 * README "Models for SQLAlchemy users", held to its word through the built CLI: its models module is
 * migrated, upgraded, checked clean and downgraded on a real SQLite file, every builder its table
 * names is in that module, and a database built by SQLAlchemy from the section's models.py compares
 * clean against the port.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject, mustSucceed, scriptFiles, tables } from '../helpers/cli-project';
import { REPO_ROOT, useTempProject } from '../helpers/temp-project';

/** The section's text, from its heading to the next heading of level 2 or 3. */
function readmeSection(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Models for SQLAlchemy users');
  if (start < 0) throw new Error('README.md has no "### Models for SQLAlchemy users" section');
  const rest = readme.slice(start + 1);
  const end = rest.search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end);
}

function codeBlock(section: string, lang: string): string {
  const blocks = [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
  expect(blocks, `one \`\`\`${lang} block in the section`).toHaveLength(1);
  return blocks[0] ?? '';
}

/** The code spans of the table's tsdb column (`x` and ``x`` spans). */
function tsdbCells(section: string): string[] {
  const rows = section.split('\n').filter((line) => line.startsWith('| `') || line.startsWith('| association'));
  return rows.flatMap((row) => {
    const cell = row.split(' | ')[1] ?? '';
    return [...cell.matchAll(/``\s?(.+?)\s?``|`([^`]+)`/g)].map((m) => m[1] ?? m[2] ?? '');
  });
}

/**
 * What SQLAlchemy 1.4.46 creates on SQLite (CreateTable / CreateIndex, sqlite dialect, in metadata order)
 * for the section's models.py, whose sha256 is MODELS_PY_SHA256: change the block, make this again.
 */
const MODELS_PY_SHA256 = '1b2081196fd36b8b0cb6d0138be8de81972f5ad61c75a7b9927dfff12d3cf187';
const SQLALCHEMY_DDL = `
CREATE TABLE user (
	id INTEGER NOT NULL, 
	username VARCHAR(64), 
	email VARCHAR(120) NOT NULL, 
	about_me VARCHAR(140), 
	last_seen DATETIME, 
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_user_email ON user (email);
CREATE UNIQUE INDEX ix_user_username ON user (username);
CREATE TABLE followers (
	follower_id INTEGER NOT NULL, 
	followed_id INTEGER NOT NULL, 
	PRIMARY KEY (follower_id, followed_id), 
	FOREIGN KEY(follower_id) REFERENCES user (id), 
	FOREIGN KEY(followed_id) REFERENCES user (id)
);
CREATE TABLE post (
	id INTEGER NOT NULL, 
	body VARCHAR(140) NOT NULL, 
	timestamp DATETIME, 
	user_id INTEGER, 
	likes INTEGER DEFAULT '0' NOT NULL, 
	created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	score FLOAT, 
	draft BOOLEAN, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE CASCADE
);
CREATE INDEX ix_post_timestamp ON post (timestamp);
CREATE INDEX ix_post_user_id ON post (user_id);
CREATE TABLE post_translation (
	post_id INTEGER NOT NULL, 
	language VARCHAR(5) NOT NULL, 
	body TEXT NOT NULL, 
	CONSTRAINT pk_post_translation PRIMARY KEY (post_id, language), 
	FOREIGN KEY(post_id) REFERENCES post (id)
);
CREATE TABLE translation_vote (
	id INTEGER NOT NULL, 
	post_id INTEGER NOT NULL, 
	language VARCHAR(5) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_translation_vote_post_translation FOREIGN KEY(post_id, language) REFERENCES post_translation (post_id, language) ON DELETE CASCADE
);
`;

describe('README: Models for SQLAlchemy users', { timeout: 60_000 }, () => {
  const project = useTempProject();
  const section = readmeSection();
  const models = codeBlock(section, 'ts');

  it('names in its table only builders that its models module uses', () => {
    const cells = tsdbCells(section);
    expect(cells.length).toBeGreaterThanOrEqual(14);
    expect(cells.filter((cell) => !models.includes(cell))).toStrictEqual([]);
    expect(createHash('sha256').update(codeBlock(section, 'python')).digest('hex')).toBe(MODELS_PY_SHA256);
  });

  it("gives a utcnow replacement that SQLAlchemy's SQLite DateTime reads back", () => {
    const [expression] = [...section.matchAll(/`(new Date\(\)[^`]*)`/g)].map((m) => m[1] ?? '');
    expect(expression).toBeDefined();
    const value: unknown = new Function(`return ${expression ?? ''};`)();
    // SQLAlchemy 1.4's reader (processors.DATETIME_RE) and its storage format: six fraction digits, a space, no zone
    expect(value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(section).toContain('`2026-01-02 03:04:05.678000`');
  });

  it('migrates with every key inside createTable, upgrades, checks clean and downgrades', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', models);
    mustSucceed(p, ['migrate', '-m', 'port']);
    const [script] = scriptFiles(p);
    const text = p.readFile(`migrations/versions/${script ?? ''}`);
    expect(text).toContain("  primaryKey('pk_post_translation').on(t.post_id, t.language),");
    expect(text).toContain(
      "  foreignKey('fk_translation_vote_post_translation').on(t.post_id, t.language)" +
        ".references(['post_translation.post_id', 'post_translation.language'], { onDelete: 'cascade' }),",
    );
    expect(text).toContain('  score: float(),');
    expect(text).not.toMatch(/alterPrimaryKey|createForeignKey/);

    mustSucceed(p, ['upgrade']);
    const db = p.sqlite('app.db');
    // `.unique().index()` is one unique index, not a UNIQUE constraint (sqlite_autoindex_…) plus an index
    expect(db.prepare('SELECT name, "unique", origin FROM pragma_index_list(\'user\') ORDER BY name').all()).toStrictEqual([
      { name: 'ix_user_email', unique: 1, origin: 'c' },
      { name: 'ix_user_username', unique: 1, origin: 'c' },
    ]);
    // the composite foreign key is real: it refuses an orphan and cascades
    db.pragma('foreign_keys = ON');
    db.exec("INSERT INTO user (id, email) VALUES (1, 'a@b'); INSERT INTO post (id, body, user_id) VALUES (1, 'hi', 1)");
    db.exec("INSERT INTO post_translation VALUES (1, 'fr', 'salut'); INSERT INTO translation_vote VALUES (1, 1, 'fr')");
    expect(() => db.exec("INSERT INTO translation_vote VALUES (2, 1, 'de')")).toThrow(/FOREIGN KEY constraint failed/);
    db.exec("DELETE FROM post_translation WHERE language = 'fr'");
    expect(db.prepare('SELECT count(*) AS n FROM translation_vote').get()).toStrictEqual({ n: 0 });
    db.close();

    expect(p.run(['check']).stdout.trim()).toBe('No new upgrade operations detected.');
    expect(p.run(['migrate', '-m', 'again']).stdout.trim()).toBe('No changes in schema detected.');
    mustSucceed(p, ['downgrade', 'base']);
    expect(tables(p).filter((name) => !name.startsWith('tsdb_'))).toStrictEqual([]);
  });

  it('a database SQLAlchemy built from models.py, stamped at the port, checks clean', () => {
    const p = project();
    initProject(p);
    p.writeFile('common/models.ts', models);
    mustSucceed(p, ['migrate', '-m', 'port']);
    const flask = new Database(p.path('flask.db'));
    flask.exec(SQLALCHEMY_DDL);
    flask.close();
    mustSucceed(p, ['stamp', 'head', '--url', 'sqlite:///flask.db']);
    const check = p.run(['check', '--url', 'sqlite:///flask.db']);
    expect([check.code, check.stdout.trim()], check.stderr).toStrictEqual([0, 'No new upgrade operations detected.']);
  });
});
