/**
 * node-postgres, required on first use. On Node 20, which has no `navigator`, pg's check for Cloudflare
 * Workers constructs a `Response`, which loads Node's fetch implementation (~30 ms of every PostgreSQL
 * command); a `navigator` as Node 21+ defines it answers that check first, and is removed again.
 */
import type * as Pg from 'pg';

let driver: typeof Pg | null = null;

/** The pg module. */
export function pgDriver(): typeof Pg {
  if (driver !== null) return driver;
  const global = globalThis as { navigator?: unknown };
  const stand = global.navigator === undefined;
  if (stand) global.navigator = { userAgent: `Node.js/${process.versions.node}` };
  try {
    driver = require('pg') as typeof Pg;
  } finally {
    if (stand) delete global.navigator;
  }
  return driver;
}
