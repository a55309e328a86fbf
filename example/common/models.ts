/**
 * The shared models of the example app: every app file imports its tables from here,
 * and tsdb reads the same module (see ../../tsdb.config.ts).
 */
import { boolean, datetime, index, integer, sql, table, text, varchar } from 'tsdb';

export const team = table('team', {
  id: integer().primaryKey(),
  name: varchar(100).notNull().unique(),
});

export const user = table(
  'user',
  {
    id: integer().primaryKey(),
    username: varchar(80).notNull().unique(),
    email: varchar(120).notNull(),
    active: boolean().notNull().default(true),
    bio: text(),
    lastLogin: datetime('last_login'),
    teamId: integer('team_id').references(() => team.id, { onDelete: 'cascade' }),
    createdAt: datetime('created_at')
      .notNull()
      .default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [index('ix_user_email').on(t.email)],
);
