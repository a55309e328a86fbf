import { describe, expect, it } from 'vitest';
import type { OfflineScript } from '../../../src/dialect/offline';
import { renderOfflineScript } from '../../../src/dialect/sqlite/offline-script';

const script: OfflineScript = {
  header: ['tsdb upgrade --sql: base -> b'],
  outside: ['PRAGMA foreign_keys = OFF'],
  setup: ['CREATE TABLE IF NOT EXISTS "tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY)'],
  steps: [
    {
      comment: 'Running upgrade  -> a, first\nsecond line',
      statements: ['CREATE TABLE t (x)', 'INSERT INTO "tsdb_version" (version_num) VALUES (\'a\')'],
    },
    { comment: 'Running upgrade a -> b, two', statements: ['ALTER TABLE t ADD COLUMN y -- why'] },
  ],
  epilogue: ['PRAGMA foreign_keys = ON'],
  transactionPerStep: true,
};

describe('renderOfflineScript', () => {
  it('one BEGIN … COMMIT per step, the pragma first and explained, comments on one line', () => {
    expect(renderOfflineScript(script)).toBe(`-- tsdb upgrade --sql: base -> b

-- Foreign keys off for the whole script, outside any transaction (inside one SQLite ignores the pragma),
-- so the DROP TABLE of a table rebuild never cascades to the rows that reference it.
PRAGMA foreign_keys = OFF;

CREATE TABLE IF NOT EXISTS "tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY);

-- Running upgrade  -> a, first
BEGIN;
CREATE TABLE t (x);
INSERT INTO "tsdb_version" (version_num) VALUES ('a');
COMMIT;

-- Running upgrade a -> b, two
BEGIN;
ALTER TABLE t ADD COLUMN y -- why
;
COMMIT;

PRAGMA foreign_keys = ON;
`);
  });

  it('one transaction for everything when transactionPerMigration is false', () => {
    const text = renderOfflineScript({ ...script, transactionPerStep: false });
    expect(text).toContain(`PRAGMA foreign_keys = OFF;

BEGIN;
CREATE TABLE IF NOT EXISTS "tsdb_version" (version_num VARCHAR(32) NOT NULL PRIMARY KEY);

-- Running upgrade  -> a, first
CREATE TABLE t (x);`);
    expect(text).toMatch(/ADD COLUMN y -- why\n;\n\nCOMMIT;\n\nPRAGMA foreign_keys = ON;\n$/);
    expect(text.match(/BEGIN;/g)).toHaveLength(1);
  });
});
