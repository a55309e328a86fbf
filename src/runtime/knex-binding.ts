/** A Knex instance that runs on tsdb's own connection, so `op.knex` shares the migration's transaction. */
import type { Knex } from 'knex';
import type { Database } from './database';

/** A lazily created Knex bound to the database's connection; knex is only loaded when a script touches `op.knex`. */
export class KnexBinding {
  #instance: Knex | null = null;

  readonly #db: Database;
  #beforeQuery: () => Promise<void> = async () => undefined;
  /** Queries between asking for the connection and the pool counting them. */
  #acquiring = 0;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Runs before each query acquires the connection (the revision's pending ops run first). */
  beforeQuery(hook: () => Promise<void>): void {
    this.#beforeQuery = hook;
  }

  /** The bound instance, created on first use. */
  get(): Knex {
    if (this.#instance === null) {
      // Loaded here, not at the top: knex costs ~100 ms to require and most commands never need it.
      const knexFactory = require('knex') as (config: Knex.Config) => Knex;
      const { client: name, settings, raw } = this.#db.dialect.knexConnection(this.#db.conn);
      const instance = knexFactory({ client: name, connection: settings, useNullAsDefault: true, pool: { min: 0, max: 1 } });
      const client = instance.client as {
        acquireRawConnection: () => Promise<unknown>;
        destroyRawConnection: () => Promise<void>;
        acquireConnection: () => Promise<unknown>;
      };
      client.acquireRawConnection = async () => raw;
      const acquire = client.acquireConnection.bind(client);
      client.acquireConnection = async () => {
        this.#acquiring += 1;
        try {
          await this.#beforeQuery();
        } finally {
          this.#acquiring -= 1;
        }
        return acquire();
      };
      client.destroyRawConnection = async () => undefined;
      this.#instance = instance;
    }
    return this.#instance;
  }

  /**
   * Waits until no query holds or waits for the connection, and says whether any did: a query the
   * script did not await must not run after the revision's savepoint is released or rolled back.
   */
  async settle(): Promise<boolean> {
    const pool = (this.#instance?.client as { pool?: { numUsed(): number; numPendingAcquires(): number } } | undefined)?.pool;
    if (pool === undefined) return false;
    let busy = false;
    for (let round = 0; round < 10_000 && this.#acquiring + pool.numUsed() + pool.numPendingAcquires() > 0; round++) {
      busy = true;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return busy;
  }

  /** Releases the pool (never closes tsdb's connection). */
  async close(): Promise<void> {
    if (this.#instance !== null) await this.#instance.destroy();
    this.#instance = null;
  }
}
