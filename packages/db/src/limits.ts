import { type Kysely, sql } from 'kysely';

/**
 * PostgreSQL's own limits on every connection of a pool (sent at connect time), so no request can
 * hold a connection, a lock or a transaction forever (issue 19: one stuck request once held the
 * whole pool). 0 turns a limit off. See docs/operations.md, "Database timeouts".
 */
export interface SessionLimits {
  /** statement_timeout: the longest one statement may run. */
  statementTimeoutMs: number;
  /** lock_timeout: the longest a statement waits for a lock (row, table or advisory). */
  lockTimeoutMs: number;
  /** idle_in_transaction_session_timeout: the longest a transaction may sit idle between statements. */
  idleInTransactionMs: number;
}

/**
 * The API and worker pools. A request's statement is milliseconds; the longest legitimate waits
 * are a member's lock held through one Stripe call (20 s client timeout) and a CSV export page.
 */
export const REQUEST_LIMITS: SessionLimits = {
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 15_000,
  idleInTransactionMs: 60_000,
};

/**
 * Work that legitimately runs long: migrations (index builds on large tables, waiting for another
 * replica's migration), the reports refresh, seeding. Set per session (withLongRunningLimits) or
 * per pool (the CLIs).
 */
export const LONG_RUNNING_LIMITS: SessionLimits = {
  statementTimeoutMs: 60 * 60_000,
  lockTimeoutMs: 30 * 60_000,
  idleInTransactionMs: 10 * 60_000,
};

/** How long a caller waits for a free pooled connection before failing (pg's connectionTimeoutMillis). */
export const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * Runs `work` on one connection with LONG_RUNNING_LIMITS set for the session, then puts the
 * connection's own limits back: for the few jobs of an API or worker pool that legitimately run
 * long (the reports refresh). Statements inside may open their own transaction.
 */
export async function withLongRunningLimits<DB, T>(
  db: Kysely<DB>,
  work: (conn: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const l = LONG_RUNNING_LIMITS;
    await sql`SELECT set_config('statement_timeout', ${String(l.statementTimeoutMs)}, false),
      set_config('lock_timeout', ${String(l.lockTimeoutMs)}, false),
      set_config('idle_in_transaction_session_timeout', ${String(l.idleInTransactionMs)}, false)`.execute(
      conn,
    );
    try {
      return await work(conn);
    } finally {
      // RESET returns to the value the connection started with (the pool's limits).
      await sql`RESET statement_timeout`.execute(conn);
      await sql`RESET lock_timeout`.execute(conn);
      await sql`RESET idle_in_transaction_session_timeout`.execute(conn);
    }
  });
}
