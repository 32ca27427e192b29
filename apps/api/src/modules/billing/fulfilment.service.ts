import type { Executor } from '@societas/db';
import { sql } from '@societas/db';
import type Stripe from 'stripe';
import { recordAudit } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import {
  type BillingContext,
  type BillingServices,
  billingTransaction,
  systemBillingContext,
} from './billing.context.js';
import {
  findLiveSubscription,
  findPaymentByIntent,
  findPaymentByInvoice,
  findReceiptNumber,
  findRefundablePayment,
  findRefundablePaymentByInvoice,
  findSubscription,
  findUserIdByCustomer,
  insertFailedPayment,
  insertPayment,
  insertRefund,
  LIVE_SUBSCRIPTION_STATUSES,
  markStripeEvent,
  raiseRefundedTotal,
  setPaymentIntent,
  sumRefunds,
  upsertSubscription,
} from './billing.repository.js';
import {
  type Fulfiller,
  fulfillerFor,
  type OutgoingMail,
  type ProductOrder,
  type RecordedPayment,
  type RecurringHooks,
  registeredFulfillers,
} from './products.js';

/**
 * Fulfilment: the one place Stripe facts become product facts (through each product's fulfiller,
 * see products.ts). Every handler runs in one transaction that writes the stripe_events row (the
 * dedup mark) together with its effects, so a handler that throws leaves no mark and the
 * redelivery does the work. Concurrent deliveries of one event wait on the stripe_events primary
 * key; concurrent paths to one checkout (webhook and return page) wait on the order's row lock.
 * Either way the work happens once.
 */

/** The record an event refers to is not there yet: answer non-2xx so Stripe delivers it again. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

export type HandleResult = 'processed' | 'duplicate' | 'ignored';

type EventMark = Pick<Stripe.Event, 'id' | 'type' | 'livemode'>;

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

export interface FulfilResult {
  state: 'open' | 'processing' | 'paid' | 'failed' | 'expired' | 'ignored' | 'duplicate';
  paymentId: string | null;
  receiptNumber: string | null;
}

/** Queues a product's receipt: at most one per payment, however many paths reach it. */
async function sendReceipt(ctx: BillingContext, paymentId: string, mail: OutgoingMail | null) {
  if (!mail) return;
  await queueMail(ctx.db, mail.to, mail.kind, mail.content, { dedupeKey: `receipt:${paymentId}` });
}

/** Audit action of a checkout whose charged amount differs from our price (see admin overview). */
export const AMOUNT_MISMATCH_ACTION = 'billing.amount_mismatch';

/**
 * Stripe took what it took; the payment records that. A paid session whose amount differs from the
 * price we set (less any promotion-code discount) is flagged for an administrator to check: the audit
 * action the admin overview lists (`paymentFlags`). Every product's payments get this check.
 */
async function flagAmountMismatch(
  trx: Executor,
  session: Stripe.Checkout.Session,
  paymentId: string,
  expected: { amountMinor: number; currency: string },
): Promise<void> {
  const discountMinor = session.total_details?.amount_discount ?? 0;
  if (session.amount_total === null || session.amount_total + discountMinor === expected.amountMinor) return;
  await recordAudit(trx, {
    actorUserId: null,
    action: AMOUNT_MISMATCH_ACTION,
    entityType: 'payment',
    entityId: paymentId,
    before: { expectedMinor: expected.amountMinor, currency: expected.currency },
    after: {
      chargedMinor: session.amount_total,
      discountMinor,
      currency: (session.currency ?? expected.currency).toUpperCase(),
      checkoutSessionId: session.id,
    },
  });
}

/**
 * A subscription Checkout that charged nothing for an order priced 0 now: the first charge is
 * deferred (Stripe: `subscription_data.trial_end`). A free product never reaches Checkout (it is
 * granted by fulfilFreeOrder), so only a deferred start matches.
 */
function deferredFirstCharge(session: Stripe.Checkout.Session, order: ProductOrder) {
  return (
    session.mode === 'subscription' &&
    session.payment_status === 'no_payment_required' &&
    (session.amount_total ?? 0) === 0 &&
    order.amountMinor === 0
  );
}

function isPaid(session: Stripe.Checkout.Session) {
  return (
    session.status === 'complete' &&
    (session.payment_status === 'paid' || session.payment_status === 'no_payment_required')
  );
}

/**
 * THE fulfilment function for Checkout, for every product: called by the webhook (with the event)
 * and by the return page / reconciliation (with a freshly retrieved session). Whichever comes first
 * records the payment and has the product grant it; the others find the order completed and return
 * its payment. Takes a BillingContext, or (older call sites) plain services.
 */
export async function fulfilCheckoutSession(
  ctxOrServices: BillingContext | BillingServices,
  session: Stripe.Checkout.Session,
  event?: EventMark,
  now?: Date,
): Promise<FulfilResult> {
  const ctx = asBillingContext(ctxOrServices, now);
  const ours = fulfillerFor(session.metadata);
  if (!ours) return { state: 'ignored', paymentId: null, receiptNumber: null };
  const { fulfiller, orderId } = ours;
  return billingTransaction(ctx, async (tx): Promise<FulfilResult> => {
    if (event && !(await markStripeEvent(tx.db, event))) {
      return { state: 'duplicate', paymentId: null, receiptNumber: null };
    }
    const order = await fulfiller.lockOrder(tx, orderId);
    if (!order) throw new RetryLater(`${fulfiller.kind} order ${orderId} not found`);
    // Linked by our user id, never by email; a session naming another user is not ours to fulfil.
    if (
      session.client_reference_id !== order.userId ||
      (order.stripeSessionId && order.stripeSessionId !== session.id)
    ) {
      return { state: 'ignored', paymentId: null, receiptNumber: null };
    }
    if (order.status === 'completed') {
      const receiptNumber = order.paymentId ? await findReceiptNumber(tx.db, order.paymentId) : null;
      return { state: 'paid', paymentId: order.paymentId, receiptNumber };
    }
    if (!isPaid(session)) {
      // Completed but unpaid = a delayed method (bank debit): wait for async_payment_succeeded.
      const state =
        session.status === 'complete'
          ? 'processing'
          : session.status === 'expired'
            ? 'expired'
            : order.status === 'failed'
              ? 'failed'
              : 'open';
      return { state, paymentId: null, receiptNumber: null };
    }

    const subscriptionId = idOf(session.subscription);
    if (subscriptionId && fulfiller.recurring && deferredFirstCharge(session, order)) {
      // A subscription whose first charge comes later (automatic renewal set up mid-term: a trial
      // to the end of the paid term). Nothing was paid, so no payment row, receipt or grant: the
      // subscription starts, and its first cycle invoice renews like any other.
      await subscriptionStarted(tx, fulfiller.recurring, order, session, subscriptionId, null);
      await fulfiller.setOrderStatus(tx, order, 'completed');
      return { state: 'paid', paymentId: null, receiptNumber: null };
    }

    const purpose = await fulfiller.purpose(tx, order);
    const currency = (session.currency ?? order.currency).toUpperCase();
    const amountMinor = session.amount_total ?? order.amountMinor;
    const row = await insertPayment(tx.db, {
      userId: order.userId,
      kind: fulfiller.kind,
      status: 'paid',
      amountMinor,
      currency,
      ...purpose,
      checkoutSessionId: session.id,
      paymentIntentId: idOf(session.payment_intent),
      invoiceId: idOf(session.invoice),
      paidAt: tx.now,
    });
    const payment: RecordedPayment = {
      id: row.id,
      receiptNumber: row.receipt_number,
      amountMinor,
      currency,
      description: purpose.description,
    };
    await flagAmountMismatch(tx.db, session, payment.id, {
      amountMinor: order.amountMinor,
      currency: order.currency,
    });
    const receipt = await fulfiller.grant(tx, order, payment);
    if (subscriptionId && fulfiller.recurring) {
      await subscriptionStarted(tx, fulfiller.recurring, order, session, subscriptionId, payment.id);
    }
    await fulfiller.setOrderStatus(tx, order, 'completed', payment.id);
    await sendReceipt(tx, payment.id, receipt);
    return { state: 'paid', paymentId: payment.id, receiptNumber: payment.receiptNumber };
  });
}

/**
 * An order with nothing to charge (a product priced 0): a paid payment of 0 and the grant, once
 * (under the order's lock), with no receipt mail since nothing was paid.
 */
export async function fulfilFreeOrder<O extends ProductOrder>(
  ctx: BillingContext,
  fulfiller: Fulfiller<O>,
  orderId: string,
  description: string,
): Promise<void> {
  await billingTransaction(ctx, async (tx) => {
    const order = await fulfiller.lockOrder(tx, orderId);
    if (order?.status !== 'open') return;
    const purpose = await fulfiller.purpose(tx, order);
    const row = await insertPayment(tx.db, {
      userId: order.userId,
      kind: fulfiller.kind,
      status: 'paid',
      amountMinor: 0,
      currency: order.currency,
      ...purpose,
      description,
      paidAt: tx.now,
    });
    await fulfiller.grant(tx, order, {
      id: row.id,
      receiptNumber: row.receipt_number,
      amountMinor: 0,
      currency: order.currency,
      description,
    });
    await fulfiller.setOrderStatus(tx, order, 'completed', row.id);
  });
}

/** A context from what the caller has: already a BillingContext, or plain services (webhook). */
function asBillingContext(ctx: BillingContext | BillingServices, now?: Date): BillingContext {
  if ('gateway' in ctx && 'requestId' in ctx) return now ? { ...ctx, now } : ctx;
  return systemBillingContext(ctx, 'billing', now ?? new Date());
}

/**
 * A paid Checkout Session that started a subscription. One live subscription per member
 * (docs/reliability.md P13). Checkout refuses a second, but two checkouts started before either was paid
 * can both complete. The member has paid for this term and keeps it (granted, like a one-off
 * payment, so no refund is owed); the new subscription is cancelled in Stripe at once so it never
 * charges again, and recorded as canceled. The existing subscription keeps renewing. Never two
 * live rows (see also the partial unique index stripe_subscriptions_one_live_per_member).
 */
async function subscriptionStarted(
  tx: BillingContext,
  recurring: RecurringHooks,
  order: ProductOrder,
  session: Stripe.Checkout.Session,
  subscriptionId: string,
  paymentId: string | null,
) {
  const planId = recurring.planOfOrder(order);
  const live = await findLiveSubscription(tx.db, order.userId);
  if (live && live.id !== subscriptionId) {
    const cancelled = await tx.gateway.cancelSubscription(
      subscriptionId,
      `cancel-second-subscription:${subscriptionId}`,
    );
    await upsertSubscription(tx.db, {
      id: subscriptionId,
      userId: order.userId,
      planId,
      livemode: session.livemode,
      ...subscriptionFields(cancelled),
      status: 'canceled',
    });
    await recordAudit(tx.db, {
      actorUserId: null,
      action: SECOND_SUBSCRIPTION_ACTION,
      entityType: 'subscription',
      entityId: subscriptionId,
      before: { liveSubscriptionId: live.id },
      after: { status: 'canceled', paymentId, checkoutSessionId: session.id },
    });
    return;
  }
  const inserted = await upsertSubscriptionFirstSight(tx.db, {
    id: subscriptionId,
    userId: order.userId,
    planId,
    amountMinor: recurring.recurringAmountOfOrder(order),
    currency: order.currency,
    livemode: session.livemode,
  });
  if (inserted) await recurring.autoRenewChanged(tx, { userId: order.userId, planId, on: true });
}

/** Audit action: a second live subscription was cancelled at fulfilment (see subscriptionStarted). */
export const SECOND_SUBSCRIPTION_ACTION = 'billing.second_subscription_cancelled';

/** The first sight of a subscription (from its Checkout Session); later events refresh it. */
async function upsertSubscriptionFirstSight(
  trx: Executor,
  s: {
    id: string;
    userId: string;
    planId: string | null;
    amountMinor: number;
    currency: string;
    livemode: boolean;
  },
): Promise<boolean> {
  const result = await trx
    .insertInto('stripe_subscriptions')
    .values({
      id: s.id,
      user_id: s.userId,
      plan_id: s.planId,
      status: 'active',
      amount_minor: s.amountMinor,
      currency: s.currency,
      livemode: s.livemode,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ plan_id: s.planId }))
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirst();
  return Boolean(result?.inserted);
}

/**
 * When a charge failed: when Stripe raised the event, if that is earlier than now (a late delivery),
 * so the failure still comes before a payment that made it good. The event's time is in whole
 * seconds: the end of that second is used, never earlier than anything recorded before the event.
 */
function failureTime(event: Stripe.Event, now: Date) {
  return event.created ? new Date(Math.min(now.getTime(), event.created * 1000 + 999)) : now;
}

async function checkoutFailed(
  ctx: BillingContext,
  event: Stripe.Event,
  session: Stripe.Checkout.Session,
  status: 'failed' | 'expired',
) {
  const ours = fulfillerFor(session.metadata);
  if (!ours?.fulfiller.recordsUnpaidSessions) return 'ignored' as const;
  const { fulfiller, orderId } = ours;
  return billingTransaction(ctx, async (tx): Promise<HandleResult> => {
    if (!(await markStripeEvent(tx.db, event))) return 'duplicate';
    const order = await fulfiller.lockOrder(tx, orderId);
    if (!order) throw new RetryLater(`${fulfiller.kind} order ${orderId} not found`);
    // A failure never undoes a completed payment (a late event for an older attempt changes nothing).
    if (order.status !== 'open') return 'processed';
    await fulfiller.setOrderStatus(tx, order, status);
    if (status === 'failed') {
      // The delayed payment (a bank debit) failed: a failed payment for the recovery report, once
      // (only an open order gets here, under its row lock). No session id: it stays free.
      const purpose = await fulfiller.purpose(tx, order);
      await insertFailedPayment(tx.db, {
        userId: order.userId,
        kind: fulfiller.kind,
        invoiceId: null,
        amountMinor: session.amount_total ?? order.amountMinor,
        currency: (session.currency ?? order.currency).toUpperCase(),
        description: `${purpose.description}: payment failed`,
        planId: purpose.planId ?? null,
        termYears: purpose.termYears ?? null,
        failedAt: failureTime(event, tx.now),
      });
      const mail = await fulfiller.paymentFailedMail?.(tx, order);
      if (mail) {
        await queueMail(tx.db, mail.to, mail.kind, mail.content, {
          dedupeKey: `checkout-failed:${session.id}`,
        });
      }
    }
    return 'processed';
  });
}

/** The subscription an invoice belongs to, and whether it is one of ours (our metadata on it). */
function subscriptionOfInvoice(invoice: Stripe.Invoice) {
  const details = invoice.parent?.subscription_details;
  return {
    id: idOf(details?.subscription),
    ours: Boolean(details?.metadata?.societas_user_id),
    metadata: details?.metadata ?? null,
  };
}

/** The product sold by a subscription: named by its metadata, else the one recurring product. */
function recurringProduct(metadata: Stripe.Metadata | null | undefined) {
  const named = fulfillerFor(metadata)?.fulfiller;
  const product = named?.recurring ? named : registeredFulfillers().find((f) => f.recurring);
  if (!product?.recurring) throw new Error('No product sold by subscription is registered with billing');
  return { kind: product.kind, recurring: product.recurring };
}

function subscriptionFields(sub: Stripe.Subscription) {
  const item = sub.items?.data?.[0];
  return {
    status: sub.status,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodEnd: item?.current_period_end ? new Date(item.current_period_end * 1000) : null,
    amountMinor: item?.price?.unit_amount ?? null,
    currency: item?.price?.currency ? item.price.currency.toUpperCase() : null,
  };
}

/** Serialises work on one subscription, so fetch-then-write never applies an older state last. */
async function lockSubscription(trx: Executor, id: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`subscription:${id}`}))`.execute(trx);
}

/**
 * Re-fetches the subscription from Stripe (under a per-subscription lock) instead of trusting the
 * event's copy: events arrive out of order (updated before created) and only the current object
 * tells the truth. Tells the product when automatic renewal turned off/on.
 */
async function refreshSubscription(tx: BillingContext, subscriptionId: string, userId: string) {
  await lockSubscription(tx.db, subscriptionId);
  const fresh = await tx.gateway.retrieveSubscription(subscriptionId);
  const before = await findSubscription(tx.db, subscriptionId);
  const fields = subscriptionFields(fresh);
  if (LIVE_SUBSCRIPTION_STATUSES.includes(fields.status)) {
    // A second live subscription is never recorded (docs/reliability.md P13): its checkout's fulfilment
    // cancels it in Stripe, after which this event's redelivery records it as canceled.
    const other = await findLiveSubscription(tx.db, userId);
    if (other && other.id !== subscriptionId) {
      throw new RetryLater(`member ${userId} already has live subscription ${other.id}`);
    }
  }
  await upsertSubscription(tx.db, {
    id: subscriptionId,
    userId,
    planId: fresh.metadata?.societas_plan_id ?? before?.plan_id ?? null,
    livemode: fresh.livemode,
    ...fields,
  });
  const wasOn = before ? !before.cancel_at_period_end && before.status !== 'canceled' : true;
  const isOn = !fields.cancelAtPeriodEnd && fields.status !== 'canceled';
  if (wasOn !== isOn) {
    await recurringProduct(fresh.metadata).recurring.autoRenewChanged(tx, {
      userId,
      planId: before?.plan_id ?? null,
      on: isOn,
      reason: fields.status === 'canceled' ? 'Automatic renewal ended' : null,
    });
  }
  return { fresh, fields, before };
}

async function subscriptionChanged(ctx: BillingContext, event: Stripe.Event, sub: Stripe.Subscription) {
  const userId = sub.metadata?.societas_user_id;
  if (!userId) return 'ignored' as const;
  return billingTransaction(ctx, async (tx): Promise<HandleResult> => {
    if (!(await markStripeEvent(tx.db, event))) return 'duplicate';
    const linked = await findUserIdByCustomer(tx.db, idOf(sub.customer) ?? '');
    if (!linked) throw new RetryLater(`customer of subscription ${sub.id} is not linked yet`);
    if (linked !== userId) return 'ignored'; // metadata and stored customer disagree: trust neither
    await refreshSubscription(tx, sub.id, userId);
    return 'processed';
  });
}

/** Audit action of a paid subscription invoice that granted no term (for an administrator). */
export const UNEXPECTED_INVOICE_ACTION = 'billing.invoice_without_term';

/**
 * A paid renewal invoice renews once per invoice: the product decides whether it does (membership:
 * only the yearly cycle, never a lifetime member) after one lock and one read of the customer's
 * state. Any other paid invoice of our subscription (a proration after a change in Stripe's
 * dashboard, a manual or threshold invoice) is recorded as a payment that grants nothing and
 * flagged for an administrator; the first invoice is the Checkout payment, fulfilled from its session.
 */
async function invoicePaid(ctx: BillingContext, event: Stripe.Event | undefined, invoice: Stripe.Invoice) {
  const sub = subscriptionOfInvoice(invoice);
  if (!sub.id || !sub.ours) return 'ignored' as const;
  return billingTransaction(ctx, async (tx): Promise<HandleResult> => {
    if (event && !(await markStripeEvent(tx.db, event))) return 'duplicate';
    if (invoice.billing_reason === 'subscription_create') return 'processed';
    const local = await findSubscription(tx.db, sub.id!);
    if (!local) throw new RetryLater(`subscription ${sub.id} is not linked to a member yet`);
    if (!local.plan_id) throw new RetryLater(`subscription ${sub.id} has no plan yet`);
    const { kind, recurring } = recurringProduct(sub.metadata);
    const renewal = await recurring.beginRenewal(tx, {
      userId: local.user_id,
      planId: local.plan_id,
      billingReason: invoice.billing_reason ?? null,
    });
    if (invoice.id && (await findPaymentByInvoice(tx.db, invoice.id))) return 'duplicate';
    const currency = invoice.currency.toUpperCase();
    const pi = invoice.payments?.data?.find((p) => p.status === 'paid')?.payment?.payment_intent;
    const row = {
      userId: local.user_id,
      kind,
      status: 'paid' as const,
      amountMinor: invoice.amount_paid,
      currency,
      planId: local.plan_id,
      invoiceId: invoice.id ?? null,
      paymentIntentId: idOf(pi),
      paidAt: tx.now,
    };
    if (!renewal.renews) {
      if (invoice.amount_paid <= 0) return 'processed';
      const payment = await insertPayment(tx.db, {
        ...row,
        description: renewal.otherDescription,
        termYears: null,
      });
      await recordAudit(tx.db, {
        actorUserId: null,
        action: UNEXPECTED_INVOICE_ACTION,
        entityType: 'payment',
        entityId: payment.id,
        after: {
          invoiceId: invoice.id,
          billingReason: invoice.billing_reason,
          amountMinor: invoice.amount_paid,
          currency,
          subscriptionId: sub.id,
          ...renewal.audit,
        },
      });
      return 'processed';
    }
    const payment = await insertPayment(tx.db, { ...row, description: renewal.description, termYears: 1 });
    const receipt = await renewal.grant({
      id: payment.id,
      receiptNumber: payment.receipt_number,
      amountMinor: invoice.amount_paid,
      currency,
      description: renewal.description,
    });
    await sendReceipt(tx, payment.id, receipt);
    return 'processed';
  });
}

/**
 * Reconciliation's entry to the same renewal path as invoice.paid (no event to mark): the payment
 * row's unique invoice id, checked under the customer's lock, makes it happen once whichever comes first.
 */
export async function fulfilPaidInvoice(ctx: BillingContext, invoice: Stripe.Invoice) {
  return invoicePaid(ctx, undefined, invoice);
}

/**
 * A failed automatic charge: one failed `payments` row per invoice (for the failed-payment recovery
 * report; never money, see insertFailedPayment) and the product's own email (membership: with the
 * grace end date). Nothing is granted or taken, so a late failure for an older invoice can never
 * take away a term paid by a newer one; and the mail goes only while the subscription is really
 * past due. The failure is dated by failureTime.
 */
async function invoiceFailed(ctx: BillingContext, event: Stripe.Event, invoice: Stripe.Invoice) {
  const sub = subscriptionOfInvoice(invoice);
  if (!sub.id || !sub.ours) return 'ignored' as const;
  return billingTransaction(ctx, async (tx): Promise<HandleResult> => {
    if (!(await markStripeEvent(tx.db, event))) return 'duplicate';
    const local = await findSubscription(tx.db, sub.id!);
    if (!local) throw new RetryLater(`subscription ${sub.id} is not linked to a member yet`);
    const { fields } = await refreshSubscription(tx, sub.id!, local.user_id);
    if (invoice.billing_reason === 'subscription_create') return 'processed'; // first payment: never granted
    const { kind, recurring } = recurringProduct(sub.metadata);
    if (invoice.id) {
      const failed = await recurring.describeFailedRenewal(tx, {
        planId: local.plan_id,
        billingReason: invoice.billing_reason ?? null,
      });
      await insertFailedPayment(tx.db, {
        userId: local.user_id,
        kind,
        invoiceId: invoice.id,
        amountMinor: invoice.amount_due,
        currency: invoice.currency.toUpperCase(),
        description: failed.description,
        planId: local.plan_id,
        termYears: failed.termYears,
        failedAt: failureTime(event, tx.now),
      });
    }
    if (fields.status !== 'past_due' && fields.status !== 'unpaid') return 'processed';
    const mail = await recurring.renewalFailedMail(tx, {
      userId: local.user_id,
      amountMinor: invoice.amount_due,
      currency: invoice.currency.toUpperCase(),
    });
    if (mail) {
      await queueMail(tx.db, mail.to, mail.kind, mail.content, { dedupeKey: `renewal-failed:${invoice.id}` });
    }
    return 'processed';
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which of our payments a refunded charge belongs to: by its PaymentIntent (one-off checkouts, and
 * renewals whose intent we stored), by our order id in its metadata, or through the invoice it
 * paid (renewal charges carry no metadata of their own). `ours` says the charge is recognisably
 * ours even when the payment row is not there yet (then Stripe must retry, docs/reliability.md P4).
 */
async function paymentOfCharge(tx: BillingContext, charge: Stripe.Charge) {
  const pi = idOf(charge.payment_intent);
  if (pi) {
    const byIntent = await findPaymentByIntent(tx.db, pi);
    if (byIntent) return { payment: byIntent, ours: true };
  }
  const order = fulfillerFor(charge.metadata);
  if (order?.fulfiller.paymentIdOfOrder && UUID.test(order.orderId)) {
    const paymentId = await order.fulfiller.paymentIdOfOrder(tx, order.orderId);
    const byOrder = paymentId ? await findRefundablePayment(tx.db, paymentId) : undefined;
    if (byOrder) return { payment: byOrder, ours: true };
  }
  let ours = Boolean(order || charge.metadata?.societas_user_id);
  // Older API versions name the invoice on the charge; newer ones only through invoice payments.
  const legacyInvoice = idOf((charge as unknown as { invoice?: string | { id: string } | null }).invoice);
  const invoice = legacyInvoice
    ? { id: legacyInvoice, ours: false }
    : pi
      ? await tx.gateway
          .invoiceOfPaymentIntent(pi)
          .then((inv) => (inv?.id ? { id: inv.id, ours: subscriptionOfInvoice(inv).ours } : null))
      : null;
  if (invoice) {
    ours ||= invoice.ours;
    const byInvoice = await findRefundablePaymentByInvoice(tx.db, invoice.id);
    if (byInvoice) {
      if (pi && !byInvoice.stripe_payment_intent_id) await setPaymentIntent(tx.db, byInvoice.id, pi);
      return { payment: byInvoice, ours: true };
    }
  }
  return { payment: undefined, ours };
}

/** The product a payment row belongs to. */
function fulfillerOfPayment(kind: string): Fulfiller | undefined {
  return registeredFulfillers().find((f) => f.kind === kind);
}

/**
 * Refunds made anywhere (our admin screen or Stripe's dashboard): each Stripe refund of the charge
 * becomes one `refunds` row, keyed by its Stripe refund id (reports sum that table), and its product
 * hears of it (membership: a `refunded` ledger row). A refund made on our admin screen already has
 * its row (same Stripe id), so its later charge.refunded adds nothing. The customer's lock is taken
 * first: an admin refund holds it through its Stripe call, so this waits for that row to commit.
 * A refund in the dashboard never ends access by itself (an admin decides that here).
 */
async function chargeRefunded(ctx: BillingContext, event: Stripe.Event, charge: Stripe.Charge) {
  return billingTransaction(ctx, async (tx): Promise<HandleResult> => {
    const { payment, ours } = await paymentOfCharge(tx, charge);
    if (!payment) {
      if (ours) throw new RetryLater(`the payment of charge ${charge.id} is not recorded yet`);
      return 'ignored';
    }
    const product = fulfillerOfPayment(payment.kind);
    if (payment.user_id) await product?.lockCustomer?.(tx, payment.user_id);
    if (!(await markStripeEvent(tx.db, event))) return 'duplicate';
    const listed =
      charge.refunds?.data && charge.refunds.data.length > 0 && !charge.refunds.has_more
        ? charge.refunds.data
        : await tx.gateway.listRefunds({ paymentIntent: idOf(charge.payment_intent), charge: charge.id });
    for (const refund of listed) {
      if (refund.status !== 'succeeded' && refund.status !== 'pending') continue;
      if (!(refund.amount > 0)) continue;
      const inserted = await insertRefund(tx.db, {
        paymentId: payment.id,
        amountMinor: refund.amount,
        reason: refund.reason ? `Refunded in Stripe (${refund.reason})` : 'Refunded in Stripe',
        stripeRefundId: refund.id,
        actorUserId: null,
      });
      if (!inserted) continue;
      await product?.refunded?.(tx, {
        payment: {
          id: payment.id,
          userId: payment.user_id,
          kind: payment.kind,
          planId: payment.plan_id,
          termYears: payment.term_years,
        },
        endsAccessAt: null,
        actorUserId: null,
        reason: 'Refunded in Stripe',
      });
      await recordAudit(tx.db, {
        actorUserId: null,
        action: 'payment.refund',
        entityType: 'payment',
        entityId: payment.id,
        after: { refundId: refund.id, amountMinor: refund.amount, source: 'stripe', at: tx.now },
      });
    }
    // The stored total follows the refund rows, and never falls below what Stripe's charge shows.
    await raiseRefundedTotal(
      tx.db,
      payment.id,
      Math.max(await sumRefunds(tx.db, payment.id), charge.amount_refunded ?? 0),
    );
    return 'processed';
  });
}

/** Routes a verified event to its handler. Unknown types and foreign objects: ignored (2xx). */
export async function handleStripeEvent(ctx: BillingContext, event: Stripe.Event): Promise<HandleResult> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const result = await fulfilCheckoutSession(ctx, event.data.object, event);
      return result.state === 'ignored'
        ? 'ignored'
        : result.state === 'duplicate'
          ? 'duplicate'
          : 'processed';
    }
    case 'checkout.session.async_payment_failed':
      return checkoutFailed(ctx, event, event.data.object, 'failed');
    case 'checkout.session.expired':
      return checkoutFailed(ctx, event, event.data.object, 'expired');
    case 'invoice.paid':
      return invoicePaid(ctx, event, event.data.object);
    case 'invoice.payment_failed':
      return invoiceFailed(ctx, event, event.data.object);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return subscriptionChanged(ctx, event, event.data.object);
    case 'charge.refunded':
      return chargeRefunded(ctx, event, event.data.object);
    default:
      return 'ignored';
  }
}
