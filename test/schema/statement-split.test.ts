import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/schema/sql-statements';

const UPDATED_AT = `CREATE TRIGGER tr_note_updated AFTER UPDATE ON note FOR EACH ROW
BEGIN
  UPDATE note SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END`;

const AUDIT = `CREATE TEMP TRIGGER tr_audit AFTER UPDATE OF status ON task
WHEN (CASE WHEN NEW.status = 'done' THEN 1 ELSE 0 END) = 1
BEGIN
  INSERT INTO audit (msg) VALUES (CASE NEW.status WHEN 'done' THEN 'finished; end' ELSE 'other' END);
  INSERT INTO audit (msg) VALUES ('END'); -- END; in a comment
END`;

const kinds = (sql: string) => splitStatements(sql).map((s) => [s.keyword, s.transactionControl]);

describe('splitStatements: where SQLite ends a statement', () => {
  it('keeps a trigger body, with its own semicolons, in one statement', () => {
    expect(splitStatements(UPDATED_AT).map((s) => s.sql)).toStrictEqual([UPDATED_AT]);
    expect(splitStatements(`${UPDATED_AT};`).map((s) => s.sql)).toStrictEqual([UPDATED_AT]);
  });

  it('reads CASE … END inside a trigger (in WHEN and in the body) and END inside strings and comments as no end of the body', () => {
    expect(splitStatements(`${AUDIT};\nSELECT 1`).map((s) => s.sql)).toStrictEqual([AUDIT, 'SELECT 1']);
  });

  it('cuts a text with a trigger in the middle into its statements, comments before a statement kept with it', () => {
    const sql = `CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, updated_at TEXT);\n${UPDATED_AT};\n-- seed\nINSERT INTO note (body) VALUES ('a;b');;`;
    expect(splitStatements(sql).map((s) => s.sql)).toStrictEqual([
      'CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, updated_at TEXT)',
      UPDATED_AT,
      "-- seed\nINSERT INTO note (body) VALUES ('a;b')",
    ]);
    expect(kinds(sql)).toStrictEqual([
      ['CREATE', false],
      ['CREATE', false],
      ['INSERT', false],
    ]);
  });

  it('takes CASE … END in a plain statement as part of it', () => {
    expect(kinds("SELECT CASE WHEN 1 THEN 'a' END; UPDATE t SET a = CASE a WHEN 1 THEN 2 END")).toStrictEqual([
      ['SELECT', false],
      ['UPDATE', false],
    ]);
  });

  it('calls transaction control only a statement that starts with BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE', () => {
    expect(kinds('BEGIN; INSERT INTO t VALUES (1); END TRANSACTION; savepoint s; release s; rollback; commit')).toStrictEqual([
      ['BEGIN', true],
      ['INSERT', false],
      ['END', true],
      ['SAVEPOINT', true],
      ['RELEASE', true],
      ['ROLLBACK', true],
      ['COMMIT', true],
    ]);
    expect(kinds(`${UPDATED_AT}; COMMIT`)).toStrictEqual([
      ['CREATE', false],
      ['COMMIT', true],
    ]);
    expect(kinds("INSERT OR ROLLBACK INTO t VALUES ('commit')")).toStrictEqual([['INSERT', false]]);
    // non-ASCII whitespace after a lone keyword (a word runs on through non-ASCII characters) is still whitespace
    expect(kinds('COMMIT\u00a0; rollback\u3000')).toStrictEqual([
      ['COMMIT', true],
      ['ROLLBACK', true],
    ]);
  });

  it('drops empty statements and comment-only text', () => {
    expect(splitStatements(' ;; -- nothing\n/* here */ ;')).toStrictEqual([]);
  });
});
