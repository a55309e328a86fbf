/**
 * create team and user tables
 *
 * Revision ID: 5e1c0a7d2b91
 * Revises: 
 * Create Date: 2026-11-25 04:14:28.132000
 */
import { boolean, datetime, index, integer, sql, varchar, type Operations } from 'tsdb';

export const revision = '5e1c0a7d2b91';
export const downRevision: string | string[] | null = null;
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable('team', {
    id: integer().primaryKey(),
    name: varchar(100).notNull().unique(),
  });
  await op.createTable('user', {
    id: integer().primaryKey(),
    username: varchar(80).notNull().unique(),
    email: varchar(120).notNull(),
    active: boolean().notNull().default(true),
    teamId: integer('team_id').references('team.id', { onDelete: 'cascade' }),
    createdAt: datetime('created_at').notNull().default(sql`CURRENT_TIMESTAMP`),
  }, (t) => [index('ix_user_email').on(t.email)]);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable('user');
  await op.dropTable('team');
}
