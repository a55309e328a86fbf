/** Trigger SQL as apps write it, for the live and the offline (--sql) tests. */

/** The triggers a real app writes: an updated_at stamp, an audit trail with CASE … END. */
export const TRIGGER_SQL = {
  table: `CREATE TABLE task (id INTEGER PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', updated_at TEXT);
CREATE TABLE audit (task_id INTEGER, msg TEXT)`,
  updatedAt: `CREATE TRIGGER tr_task_updated AFTER UPDATE OF title, status ON task FOR EACH ROW
BEGIN
  UPDATE task SET updated_at = 'stamped' WHERE id = NEW.id;
END`,
  audit: `CREATE TRIGGER tr_task_audit AFTER UPDATE OF status ON task
WHEN NEW.status <> OLD.status
BEGIN
  INSERT INTO audit (task_id, msg) VALUES (NEW.id, CASE NEW.status WHEN 'done' THEN 'finished' WHEN 'open' THEN 'reopened' ELSE 'moved; to ' || NEW.status END);
END`,
  /** Several statements in one op.execute, a trigger in the middle. */
  multi: `CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT, task_count INTEGER NOT NULL DEFAULT 0);
CREATE TRIGGER tr_tag_name AFTER INSERT ON tag BEGIN UPDATE tag SET name = lower(NEW.name) WHERE id = NEW.id; END;
INSERT INTO tag (name) VALUES ('Urgent'), ('Later; maybe')`,
};
