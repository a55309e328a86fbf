import { describe, expect, it } from 'vitest';
import { isPragmaAssignment, isTransactionControl, leadingKeyword, terminated } from '../../src/schema/sql-statements';

describe('statement kinds', () => {
  it('reads the leading keyword past comments', () => {
    expect(leadingKeyword('  -- note\n/* x */ select 1')).toBe('SELECT');
    expect(leadingKeyword('-- only a comment')).toBeNull();
  });

  it('knows transaction control, and not a trigger body', () => {
    for (const sql of ['BEGIN IMMEDIATE', 'commit', 'END', 'ROLLBACK TO tsdb_revision', 'SAVEPOINT s', 'RELEASE s'])
      expect(isTransactionControl(sql)).toBe(true);
    expect(isTransactionControl('CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END')).toBe(false);
  });

  it('tells a pragma that sets from one that reads', () => {
    expect(isPragmaAssignment('foreign_keys = OFF')).toBe(true);
    expect(isPragmaAssignment('PRAGMA main.user_version = 3')).toBe(true);
    expect(isPragmaAssignment('PRAGMA table_info("t")')).toBe(false);
    expect(isPragmaAssignment('foreign_key_check')).toBe(false);
  });

  it('ends a statement with one semicolon, on its own line after a trailing comment', () => {
    expect(terminated('SELECT 1')).toBe('SELECT 1;');
    expect(terminated('  SELECT 1;  ')).toBe('SELECT 1;');
    expect(terminated("SELECT ';'")).toBe("SELECT ';';");
    expect(terminated('SELECT 1 -- why')).toBe('SELECT 1 -- why\n;');
    expect(terminated('INSERT INTO a VALUES (1); INSERT INTO a VALUES (2)')).toBe('INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);');
  });
});
