import type { refundInput } from '@societas/contracts';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { type BillingContext, billingTransaction } from './billing.context.js';
import {
  findCustomerId,
  findPayerEmail,
  findPayment,
  findPaymentByInvoice,
  findPaymentForUpdate,
  findRefundByRequestKey,
  insertCustomer,
  insertRefund,
  listLiveSubscriptions,
  raiseRefundedTotal,
  setPaymentIntent,
} from './billing.repository.js';
import { fulfilCheckoutSession, fulfilPaidInvoice } from './fulfilment.service.js';
import { LocalPortalUnavailable } from './gateway.js';
import { registeredFulfillers } from './products.js';

const DAY_MS = 86_400_000;

/** The payer's Stripe Customer, made once (one idempotency key per member: concurrent first checkouts make one). */
export async function ensureCustomer(
  ctx: BillingContext,
  user: { id: string; email: string; name: string },
): Promise<string> {
  const existing = await findCustomerId(ctx.db, user.id);
  if (existing) return existing;
  const id = await ctx.gateway.createCustomer(
    { userId: user.id, email: user.email, name: user.name },
    `customer:${user.id}`,
  );
  await insertCustomer(ctx.db, user.id, id, ctx.gateway.livemode);
  return (await findCustomerId(ctx.db, user.id)) ?? id;
}

/**
 * Reconciliation for when webhooks are off or lost: each product's open orders whose session is a
 * few minutes old are retrieved from Stripe and fulfilled through the same function. For a scheduler.
 */
export async function reconcileOpenCheckouts(ctx: BillingContext) {
  const window = {
    olderThan: new Date(ctx.now.getTime() - 2 * 60 * 1000),
    newerThan: new Date(ctx.now.getTime() - 3 * 24 * 3600 * 1000),
  };
  let checked = 0;
  let fulfilled = 0;
  for (const product of registeredFulfillers()) {
    for (const sessionId of (await product.openSessionIds?.(ctx, window)) ?? []) {
      checked += 1;
      try {
        const session = await ctx.gateway.retrieveCheckoutSession(sessionId);
        const result = await fulfilCheckoutSession(ctx, session);
        if (result.state === 'paid') fulfilled += 1;
      } catch (error) {
        ctx.log.warn({ err: error, sessionId }, 'reconciling a checkout failed');
      }
    }
  }
  const renewals = await reconcileRenewalInvoices(ctx);
  return {
    checked,
    fulfilled,
    renewalsChecked: renewals.checked,
    renewalsFulfilled: renewals.fulfilled,
  };
}

/** How far back reconciliation looks for paid renewal invoices (a month of lost webhooks). */
const RENEWAL_RECONCILE_DAYS = 35;

/**
 * Reconciliation of automatic renewals (docs/reliability.md P18): the paid invoices of every live
 * subscription from the last few weeks are listed from Stripe, and any without a payment row (its
 * invoice.paid was lost) is fulfilled through the same idempotent path as the webhook.
 */
export async function reconcileRenewalInvoices(ctx: BillingContext) {
  const since = new Date(ctx.now.getTime() - RENEWAL_RECONCILE_DAYS * DAY_MS);
  let checked = 0;
  let fulfilled = 0;
  for (const sub of await listLiveSubscriptions(ctx.db)) {
    try {
      for (const invoice of await ctx.gateway.listPaidInvoices(sub.id, since)) {
        if (invoice.billing_reason === 'subscription_create' || !invoice.id) continue;
        checked += 1;
        if (await findPaymentByInvoice(ctx.db, invoice.id)) continue;
        if ((await fulfilPaidInvoice(ctx, invoice)) === 'processed') fulfilled += 1;
      }
    } catch (error) {
      ctx.log.warn({ err: error, subscriptionId: sub.id }, 'reconciling renewal invoices failed');
    }
  }
  return { checked, fulfilled };
}

/** Whether this installation can open Stripe's billing portal (test mode has none). */
export function billingPortalAvailable(ctx: Pick<BillingContext, 'gateway'>): boolean {
  return ctx.gateway.mode === 'stripe';
}

/** How card payments are taken here (what the membership and join pages tell the member). */
export function cardPayments(ctx: Pick<BillingContext, 'gateway'>): 'stripe' | 'test' | 'off' {
  return ctx.gateway.mode === 'local' ? 'test' : ctx.gateway.mode;
}

export async function customerPortalUrl(ctx: BillingContext, userId: string): Promise<string> {
  const customer = await findCustomerId(ctx.db, userId);
  if (!customer) throw new AppError('NOT_FOUND', 'You have no saved payment details yet.');
  try {
    const minute = Math.floor(ctx.now.getTime() / 60_000);
    return await ctx.gateway.createPortalSession(
      customer,
      `${ctx.env.PUBLIC_URL}/membership`,
      `portal:${userId}:${minute}`,
    );
  } catch (error) {
    if (error instanceof LocalPortalUnavailable) {
      throw new AppError(
        'UNAVAILABLE',
        'Test mode has no billing portal: use the automatic renewal switch on this page.',
      );
    }
    throw error;
  }
}

export interface RefundOutcome {
  paymentId: string;
  refundId: string;
  amountMinor: number;
  refundedMinor: number;
  status: string;
  memberEmail: string | null;
}

/**
 * An administrator's refund (full or partial) through Stripe's Refunds API, then recorded; the
 * payment's product undoes what it must and mails the customer. The idempotency key is built from
 * the payment and the request key, so a double click refunds once. Only products that take
 * refunds on this screen (a `refunded` hook) can be refunded here.
 */
export async function refundPayment(
  ctx: BillingContext,
  input: z.output<typeof refundInput>,
): Promise<RefundOutcome> {
  const actorId = ctx.actor?.id ?? null;
  const found = await findPayment(ctx.db, input.paymentId);
  const product = registeredFulfillers().find((f) => f.kind === found?.kind);
  if (!found || !product?.refunded) throw notFound('That payment');

  // One refund at a time per payment: the customer and payment rows stay locked through the Stripe
  // call, so a second submission waits, then finds the refund its request key already made.
  return billingTransaction(ctx, async (tx) => {
    if (found.user_id) await product.lockCustomer?.(tx, found.user_id);
    const payment = (await findPaymentForUpdate(tx.db, found.id))!;
    const email = async () =>
      payment.user_id ? ((await findPayerEmail(tx.db, payment.user_id)) ?? null) : null;
    const earlier = await findRefundByRequestKey(tx.db, input.requestKey);
    if (earlier) {
      if (earlier.payment_id !== payment.id)
        throw new AppError('CONFLICT', 'That request was for another payment.');
      return {
        paymentId: payment.id,
        refundId: earlier.stripe_refund_id ?? earlier.id,
        amountMinor: earlier.amount_minor,
        refundedMinor: payment.refunded_minor,
        status: payment.status,
        memberEmail: await email(),
      };
    }
    if (payment.status !== 'paid' && payment.status !== 'partially_refunded') {
      throw new AppError('CONFLICT', 'This payment cannot be refunded.');
    }
    const remaining = payment.amount_minor - payment.refunded_minor;
    const amount = input.amountMinor ?? remaining;
    if (amount <= 0 || amount > remaining) {
      throw new AppError('BAD_INPUT', 'That is more than is left to refund.', {
        amountMinor: [`At most ${remaining} can be refunded`],
      });
    }
    let paymentIntent = payment.stripe_payment_intent_id;
    if (!paymentIntent && payment.stripe_invoice_id) {
      paymentIntent = await tx.gateway.paymentIntentOfInvoice(payment.stripe_invoice_id);
      if (paymentIntent) await setPaymentIntent(tx.db, payment.id, paymentIntent);
    }
    if (!paymentIntent)
      throw new AppError('CONFLICT', 'This payment was not made through Stripe; refund it by hand.');

    const refund = await tx.gateway.createRefund(
      { paymentIntent, amountMinor: amount, metadata: { societas_payment_id: payment.id } },
      `refund:${payment.id}:${input.requestKey}`,
    );
    const inserted = await insertRefund(tx.db, {
      paymentId: payment.id,
      amountMinor: amount,
      reason: input.reason,
      stripeRefundId: refund.id,
      actorUserId: actorId,
      requestKey: input.requestKey,
    });
    if (inserted) {
      // An absolute total (what Stripe's charge now shows), so charge.refunded can arrive in any order.
      await raiseRefundedTotal(tx.db, payment.id, payment.refunded_minor + amount);
      const refunded = {
        id: payment.id,
        userId: payment.user_id,
        kind: payment.kind,
        planId: payment.plan_id,
        termYears: payment.term_years,
      };
      await product.refunded?.(tx, {
        payment: refunded,
        endsAccessAt: input.endMembership ? tx.now : null,
        actorUserId: actorId,
        reason: input.reason,
      });
      await recordAudit(tx.db, {
        actorUserId: actorId,
        action: 'payment.refund',
        entityType: 'payment',
        entityId: payment.id,
        before: { refundedMinor: payment.refunded_minor, status: payment.status },
        after: {
          refundId: refund.id,
          amountMinor: amount,
          endMembership: input.endMembership,
          reason: input.reason,
        },
        requestId: tx.requestId,
      });
      const mail = await product.refundMail?.(tx, {
        payment: refunded,
        amountMinor: amount,
        currency: payment.currency.trim(),
      });
      // One mail per refund (the Stripe refund id), however often the request is repeated.
      if (mail)
        await queueMail(tx.db, mail.to, mail.kind, mail.content, { dedupeKey: `refund:${refund.id}` });
    }
    const after = await findPaymentForUpdate(tx.db, payment.id);
    return {
      paymentId: payment.id,
      refundId: refund.id,
      amountMinor: amount,
      refundedMinor: after?.refunded_minor ?? payment.refunded_minor + amount,
      status: after?.status ?? payment.status,
      memberEmail: await email(),
    };
  });
}
