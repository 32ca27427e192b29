import type { Executor } from '@societas/db';
import pino, { type Logger } from 'pino';
import type { Env } from '../../env.js';
import { type ServiceContext, systemContext } from '../../lib/service-context.js';
import { getGateway, type PaymentGateway } from './gateway.js';

/** The service context of anything that takes or returns money: the payment gateway comes with it. */
export interface BillingContext extends ServiceContext {
  gateway: PaymentGateway;
}

/** Adds the configured payment gateway to a service context. */
export function billingContext(ctx: ServiceContext): BillingContext {
  return { ...ctx, gateway: getGateway(ctx) };
}

/**
 * The same context inside a transaction. The gateway moves into the transaction too (see
 * PaymentGateway.using): use this, never the generic inTransaction, for a BillingContext.
 */
export function inBillingTransaction<T extends BillingContext>(ctx: T, trx: Executor): T {
  return { ...ctx, db: trx, gateway: ctx.gateway.using(trx) };
}

/** Runs `work` in one transaction with a context (database and gateway) bound to it. */
export function billingTransaction<R>(
  ctx: BillingContext,
  work: (tx: BillingContext) => Promise<R>,
): Promise<R> {
  return ctx.db.transaction().execute((trx) => work(inBillingTransaction(ctx, trx)));
}

/** What callers without a request (webhooks, the worker, older call sites) have: db, env, log. */
export interface BillingServices {
  db: Executor;
  env: Env;
  log?: Logger;
}

/** A system billing context (no actor) from plain services, for the webhook and scheduled tasks. */
export function systemBillingContext(services: BillingServices, requestId: string, now = new Date()) {
  const log = services.log ?? silent;
  return billingContext(systemContext({ db: services.db, env: services.env, log }, requestId, now));
}

/** Only for callers that gave no logger (tests calling a service directly). */
const silent = pino({ enabled: false });
