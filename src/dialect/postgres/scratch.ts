/**
 * `check --offline` on PostgreSQL: the migrations are replayed into a temporary database that tsdb creates
 * on the scratch server (a unique name, TEMPLATE template0) and drops when the connection closes, when the
 * replay fails, and on SIGINT/SIGTERM (the drop is awaited before the process ends).
 */
import { randomBytes } from 'node:crypto';
import { parseDatabaseUrl, type PostgresTarget } from '../../config/database-url';
import { TsdbError } from '../../errors';
import type { ScratchOptions } from '../dialect';
import { connectPostgres, PgConnection } from './connection';
import { quoteIdent } from './names';

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

/** A connection to the temporary database; closing it drops the database. */
class ScratchPgConnection extends PgConnection {
  readonly #drop: () => Promise<void>;

  constructor(conn: PgConnection, drop: () => Promise<void>) {
    super(conn.client, conn.target);
    this.#drop = drop;
  }

  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      await this.#drop();
    }
  }
}

function scratchTarget(url: string, server: PostgresTarget): PostgresTarget {
  const target = parseDatabaseUrl(url, process.cwd(), { schema: server.schema });
  if (target.dialect !== 'postgresql') {
    throw new TsdbError('BAD_SCRATCH_URL', `scratch URL '${target.display}' is not a postgresql:// URL; name a PostgreSQL server`);
  }
  // the replay's default schema is the real database's, so the replayed schema compares as the real one would
  return { ...target, schema: server.schema };
}

/** Creates a temporary database on the scratch server and connects to it. */
export async function openScratchDatabase(server: PostgresTarget, options: ScratchOptions): Promise<PgConnection> {
  if (options.scratchUrl === undefined || options.scratchUrl === null) {
    throw new TsdbError(
      'NEEDS_SCRATCH',
      `${server.display}: check --offline on PostgreSQL replays the migrations into a temporary database: ` +
        'pass --scratch-url postgresql://USER@HOST/postgres (a server where tsdb may create and drop a database) or set scratchUrl in the config',
    );
  }
  const target = scratchTarget(options.scratchUrl, server);
  const name = `tsdb_scratch_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await connectPostgres(target);
  try {
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  } catch (error) {
    await admin.close().catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new TsdbError(
      'SCRATCH_CREATE_FAILED',
      `cannot create a temporary database on the scratch server ${target.display}: ${why}; ` +
        'the scratch URL must name a user allowed to CREATE DATABASE',
      { cause: error },
    );
  }
  let dropped: Promise<void> | null = null;
  const drop = (): Promise<void> =>
    (dropped ??= (async () => {
      release();
      try {
        await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await admin.close().catch(() => undefined);
      }
    })());
  let conn: PgConnection | null = null;
  const handlers = (Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>).map((signal) => {
    const handler = (): void => {
      conn?.abort(false, []);
      void drop()
        .then(
          () => `error: interrupted by ${signal}: the temporary database ${name} was dropped\n`,
          (error: unknown) =>
            `error: interrupted by ${signal}: could not drop the temporary database ${name} ` +
            `(${error instanceof Error ? error.message : String(error)}); drop it by hand\n`,
        )
        .then((line) => options.exitOnSignal?.(line, SIGNALS[signal]));
    };
    if (options.exitOnSignal !== undefined) process.on(signal, handler); // a library leaves signals to the app
    return { signal, handler };
  });
  function release(): void {
    for (const { signal, handler } of handlers) process.off(signal, handler);
  }
  try {
    conn = new ScratchPgConnection(await connectPostgres(target, name), drop);
  } catch (error) {
    await drop();
    throw error;
  }
  return conn;
}
