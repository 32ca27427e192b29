import type { Executor } from '@societas/db';
import type { Logger } from 'pino';
import type { Env } from '../env.js';
import type { Context, SessionUser } from '../trpc/context.js';

/**
 * What every service function receives, instead of positional `(db, env, actor, requestId, now)`
 * arguments: who acts, on which database or open transaction, at what instant, for which request.
 * Rules can then be tested by building one of these on a real database, without a server.
 * A module that needs more (billing's payment gateway) extends this type in its own front door.
 */
export interface ServiceContext {
  /** The database, or the transaction the caller opened. */
  db: Executor;
  env: Env;
  log: Logger;
  /** The signed-in person acting; null for the system (webhooks, worker tasks, the CLI). */
  actor: SessionUser | null;
  /** Echoed in logs, audit rows and error references. */
  requestId: string;
  /** The clock: one instant for the whole operation. */
  now: Date;
}

/** The service context of one tRPC request, with the clock read once. */
export function requestContext(ctx: Context, now: Date = new Date()): ServiceContext {
  return { db: ctx.db, env: ctx.env, log: ctx.log, actor: ctx.user, requestId: ctx.requestId, now };
}

/** The same context inside a transaction: every query of the operation then runs in it. */
export function inTransaction<T extends ServiceContext>(ctx: T, trx: Executor): T {
  return { ...ctx, db: trx };
}

/** A context for work nobody signed in asked for (webhooks, scheduled tasks, the CLI). */
export function systemContext(
  services: { db: Executor; env: Env; log: Logger },
  requestId: string,
  now: Date = new Date(),
): ServiceContext {
  return { db: services.db, env: services.env, log: services.log, actor: null, requestId, now };
}

/**
 * Runs `work` in one transaction: the caller's, when the context already carries one (so a service
 * can be composed into a larger operation), else a new one. Kysely cannot nest transactions.
 */
export async function withTransaction<T extends ServiceContext, R>(
  ctx: T,
  work: (trx: T) => Promise<R>,
): Promise<R> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work(inTransaction(ctx, trx)));
}
