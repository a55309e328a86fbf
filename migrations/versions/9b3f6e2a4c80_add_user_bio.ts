/**
 * add user bio
 *
 * Revision ID: 9b3f6e2a4c80
 * Revises: 5e1c0a7d2b91
 * Create Date: 2026-11-25 04:14:28.384000
 */
import { text, type Operations } from 'tsdb';

export const revision = '9b3f6e2a4c80';
export const downRevision: string | string[] | null = '5e1c0a7d2b91';
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn('user', text('bio'));
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn('user', 'bio');
}
