import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.js';
import { CONNECTION_TIMEOUT_MS, REQUEST_LIMITS, type SessionLimits } from './limits.js';
import type { Database } from './schema.js';

export { type Kysely, sql, type Transaction } from 'kysely';
export { ensureDatabase, startEmbeddedPostgres } from './embedded.js';
export {
  CONNECTION_TIMEOUT_MS,
  LONG_RUNNING_LIMITS,
  REQUEST_LIMITS,
  type SessionLimits,
  withLongRunningLimits,
} from './limits.js';
export { MIGRATIONS, migrateToLatest } from './migrate.js';
export * from './schema.js';

export type DB = Kysely<Database>;
/** A database handle or an open transaction: repositories take either. */
export type Executor = Kysely<Database>;

// bigint (int8) and numeric as JS numbers would silently lose precision past 2^53; counts and sums
// we read are far below that, so parse int8 to number and keep numeric as string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
// DATE columns stay 'YYYY-MM-DD' strings: a date has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DbHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  /** The connection string in use (embedded or external). */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** Use this Postgres. When unset, an embedded Postgres is started under `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir?: string;
  embeddedPort?: number;
  poolSize?: number;
  /** PostgreSQL limits on each connection; default REQUEST_LIMITS. */
  limits?: SessionLimits;
  log?: (message: string) => void;
  /** Problems worth a warning (the embedded PostgreSQL died and is being restarted). */
  warn?: (message: string) => void;
}

/** A pool; with `limits`, every connection it opens carries them (otherwise the server's defaults). */
export function createPool(url: string, max = 10, limits?: SessionLimits): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    ...(limits
      ? {
          statement_timeout: limits.statementTimeoutMs,
          lock_timeout: limits.lockTimeoutMs,
          idle_in_transaction_session_timeout: limits.idleInTransactionMs,
        }
      : {}),
  });
  // A client losing its server (restart, failover, network cut) emits 'error'; without a listener
  // Node exits. Idle clients report through the pool; a checked-out client reports on itself (its
  // running queries are failed by pg, and the pool discards the client on release).
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export function createKysely(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * One code path for every environment: a `pg` Pool under Kysely's PostgresDialect, against
 * `DATABASE_URL` when set, otherwise against an embedded PostgreSQL started here.
 */
export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  let url = options.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({
      dir: `${options.dataDir ?? '.data'}/pg`,
      port: options.embeddedPort ?? 54329,
      log: options.log,
      warn: options.warn,
    });
    await ensureDatabase(server.adminUrl, 'societas');
    url = server.urlFor('societas');
    stopEmbedded = server.stop;
  }
  const pool = createPool(url, options.poolSize ?? 10, options.limits ?? REQUEST_LIMITS);
  const db = createKysely(pool);
  return {
    db,
    pool,
    url,
    embedded: Boolean(stopEmbedded),
    async close() {
      await db.destroy();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
export { hashPassword, verifyPassword } from './passwords.js';
