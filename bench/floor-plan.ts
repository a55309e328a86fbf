/** The plan both upgrade floors read: PLAN.json is [{ "id": "<revision>", "sql": "CREATE TABLE …" }, …], oldest first. */
import * as fs from 'node:fs';

export interface PlanStep {
  readonly id: string;
  readonly sql: string;
}

export function readPlan(file: string): PlanStep[] {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: not a list`);
  return raw.map((item: unknown) => {
    const step = item as { id?: unknown; sql?: unknown };
    if (typeof step.id !== 'string' || typeof step.sql !== 'string') throw new Error(`${file}: bad step`);
    return { id: step.id, sql: step.sql };
  });
}
