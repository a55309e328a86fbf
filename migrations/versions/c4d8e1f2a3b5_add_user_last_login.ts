/**
 * add user.last_login
 *
 * Revision ID: c4d8e1f2a3b5
 * Revises: 9b3f6e2a4c80
 * Create Date: 2026-11-25 05:51:32.076000
 */
import { datetime, type Operations } from 'tsdb';

export const revision = 'c4d8e1f2a3b5';
export const downRevision: string | string[] | null = '9b3f6e2a4c80';
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn('user', datetime('last_login'));
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn('user', 'last_login');
}
