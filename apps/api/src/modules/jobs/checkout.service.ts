import { JOB_CURRENCY, JOB_PRODUCTS, type JobProduct } from '@societas/contracts';
import type Stripe from 'stripe';
import { AppError, notFound } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import { fulfilCheckoutSession, getGateway, paymentsUnavailable } from '../billing/index.js';
import { getMembershipState } from '../membership/index.js';
import {
  attachCheckoutSession,
  expireOpenOrder,
  findJob,
  findOrderBySession,
  findReusableOrder,
  insertOrder,
  lockListingOrders,
  setJobStatus,
} from './jobs.repository.js';
import { effectiveStatus, endsAtClosing, ownJob, signedInActor } from './listing.js';

/** What an employer pays: prices, the checkout for a listing or its renewal, the return page. */

/** The prices the acting person pays: members of the society pay the member price. */
export async function jobQuote(ctx: ServiceContext) {
  const membership = await getMembershipState(ctx.db, signedInActor(ctx).id, ctx.now);
  const memberPrice = membership.hasBenefits;
  return {
    memberPrice,
    currency: JOB_CURRENCY,
    products: (Object.keys(JOB_PRODUCTS) as JobProduct[]).map((product) => {
      const p = JOB_PRODUCTS[product];
      return {
        product,
        label: p.label,
        days: p.days,
        amountMinor: memberPrice ? p.memberPriceMinor : p.priceMinor,
        listAmountMinor: p.priceMinor,
      };
    }),
  };
}

const REUSE_ORDER_MS = 30 * 60 * 1000;

export function jobReturnUrl(publicUrl: string) {
  return `${publicUrl}/employer/checkout/return?session_id={CHECKOUT_SESSION_ID}`;
}

/**
 * Starts (or resumes) the checkout for a listing: a first purchase for a draft, or a renewal for a
 * published or expired one. The order id is the idempotency key, so a double click returns the
 * same session; the session is fulfilled by the shared webhook / return-page path.
 */
export async function startJobCheckout(
  ctx: ServiceContext,
  input: { jobId: string; product: JobProduct },
  retried = false,
): Promise<{ url: string; sessionId: string; testMode: boolean }> {
  const user = signedInActor(ctx);
  const { db, env, now } = ctx;
  const gateway = getGateway(ctx);
  // PAYMENTS=off: refused before the order and the draft's move to pending_payment are written.
  if (gateway.mode === 'off') throw paymentsUnavailable();
  const job = await ownJob(ctx, input.jobId);
  const status = effectiveStatus(job, now);
  const isRenewal = status === 'published' || status === 'expired';
  if (!isRenewal && status !== 'draft' && status !== 'pending_payment') {
    throw new AppError('CONFLICT', 'This listing is already paid for.');
  }
  if (isRenewal && endsAtClosing(job)) {
    throw new AppError(
      'CONFLICT',
      'Applications for this listing close before a renewal would start. Move the closing date later first.',
    );
  }
  const quote = await jobQuote(ctx);
  const line = quote.products.find((p) => p.product === input.product)!;
  const order = await db.transaction().execute(async (trx) => {
    await lockListingOrders(trx, job.id);
    const reusable = await findReusableOrder(
      trx,
      { jobId: job.id, userId: user.id, product: input.product, isRenewal, amountMinor: line.amountMinor },
      new Date(now.getTime() - REUSE_ORDER_MS),
    );
    if (reusable) return reusable;
    const created = await insertOrder(trx, {
      job_id: job.id,
      employer_id: job.employer_id,
      user_id: user.id,
      product: input.product,
      duration_days: line.days,
      is_renewal: isRenewal,
      member_price: quote.memberPrice,
      amount_minor: line.amountMinor,
      currency: quote.currency,
    });
    if (status === 'draft') await setJobStatus(trx, job.id, 'pending_payment');
    return created;
  });
  if (order.stripe_session_id && order.session_url) {
    // Reuse only a session that can still be paid: a declined or expired one is retired and the
    // next click starts a fresh order; a completed one is being fulfilled, so no second charge.
    const existing = await gateway.retrieveCheckoutSession(order.stripe_session_id);
    if (existing.status === 'open') {
      return {
        url: order.session_url,
        sessionId: order.stripe_session_id,
        testMode: gateway.mode === 'local',
      };
    }
    if (existing.status === 'complete') {
      throw new AppError('CONFLICT', 'This listing is paid; the payment is being confirmed.');
    }
    await expireOpenOrder(db, order.id);
    if (retried) throw new AppError('UNAVAILABLE', 'The payment page could not be opened. Please try again.');
    return startJobCheckout(ctx, input, true);
  }
  const name = `${JOB_PRODUCTS[input.product].label}${isRenewal ? ' — renewal' : ''}, ${line.days} days: ${job.title}`;
  const metadata = { societas_job_order_id: order.id, societas_user_id: user.id, societas_job_id: job.id };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    client_reference_id: user.id,
    customer_email: job.billing_email,
    metadata,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: order.currency.toLowerCase(),
          unit_amount: order.amount_minor,
          product_data: { name: name.slice(0, 250), metadata: { societas: 'job_posting' } },
        },
      },
    ],
    success_url: jobReturnUrl(env.PUBLIC_URL),
    cancel_url: `${env.PUBLIC_URL}/employer/listings/${job.id}?cancelled=1`,
    payment_intent_data: { metadata },
  };
  const session = await gateway.createCheckoutSession(params, `job-checkout:${order.id}`);
  await attachCheckoutSession(db, order.id, session);
  return {
    url: session.url ?? `${env.PUBLIC_URL}/employer`,
    sessionId: session.id,
    testMode: gateway.mode === 'local',
  };
}

/** The return page: retrieves the session and runs the one fulfilment function (a no-op if done). */
export async function jobCheckoutStatus(ctx: ServiceContext, sessionId: string) {
  const user = signedInActor(ctx);
  const order = await findOrderBySession(ctx.db, sessionId);
  if (!order || order.user_id !== user.id) throw notFound('This checkout');
  const session = await getGateway(ctx).retrieveCheckoutSession(sessionId);
  const result = await fulfilCheckoutSession(ctx, session, undefined, ctx.now);
  const job = await findJob(ctx.db, order.job_id);
  const state = result.state === 'ignored' || result.state === 'duplicate' ? 'open' : result.state;
  return { state, jobId: order.job_id, jobStatus: job ? effectiveStatus(job, ctx.now) : null };
}
