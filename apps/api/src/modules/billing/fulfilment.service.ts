import type { DB, Executor } from '@societas/db';
import { sql } from '@societas/db';
import type Stripe from 'stripe';
import type { Env } from '../../env.js';
import { recordAudit } from '../audit/audit.repository.js';
import { fulfilJobOrder, ourJobOrderId } from '../jobs/jobs.fulfilment.js';
import { queueMail } from '../mail/mail.service.js';
import { checkoutFailedMail, receiptMail, renewalFailedMail } from '../membership/membership.mails.js';
import {
  findMemberBasics,
  findPlanById,
  insertMembershipEvent,
  lockMember,
} from '../membership/membership.repository.js';
import { grantTerm, loadMembership } from '../membership/membership.service.js';
import {
  findAttempt,
  findLiveSubscription,
  findPaymentByIntent,
  findPaymentByInvoice,
  findRefundablePaymentByAttempt,
  findRefundablePaymentByInvoice,
  findSubscription,
  findUserIdByCustomer,
  insertFailedPayment,
  insertPayment,
  insertRefund,
  LIVE_SUBSCRIPTION_STATUSES,
  markStripeEvent,
  raiseRefundedTotal,
  setAttemptStatus,
  setPaymentIntent,
  sumRefunds,
  upsertSubscription,
} from './billing.repository.js';
import { getGateway } from './gateway.js';

/**
 * Fulfilment: the one place Stripe facts become membership facts. Every handler runs in one
 * transaction that writes the stripe_events row (the dedup mark) together with its effects, so a
 * handler that throws leaves no mark and the redelivery does the work. Concurrent deliveries of one
 * event wait on the stripe_events primary key; concurrent paths to one checkout (webhook and return
 * page) wait on the checkout attempt's row lock. Either way the work happens once.
 */

export interface BillingServices {
  db: DB;
  env: Env;
}

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

/** Our objects carry our ids in metadata; anything without them is another product's business. */
export const ourAttemptId = (metadata: Stripe.Metadata | null | undefined) =>
  metadata?.societas_attempt_id ?? null;

export interface FulfilResult {
  state: 'open' | 'processing' | 'paid' | 'failed' | 'expired' | 'ignored' | 'duplicate';
  paymentId: string | null;
  receiptNumber: string | null;
}

function describe(planName: string, termYears: number) {
  return termYears === 0
    ? `${planName} membership (lifetime)`
    : `${planName} membership, ${termYears} year${termYears > 1 ? 's' : ''}`;
}

async function sendReceipt(
  trx: Executor,
  env: Env,
  userId: string,
  payment: { id: string; receipt_number: string },
  p: { amountMinor: number; currency: string; description: string; startsAt: Date; endsAt: Date | null },
) {
  const member = await findMemberBasics(trx, userId);
  if (!member) return;
  await queueMail(
    trx,
    member.email,
    'membership_receipt',
    receiptMail({
      society: env.SOCIETY_NAME,
      publicUrl: env.PUBLIC_URL,
      name: member.name,
      receiptNumber: payment.receipt_number,
      paymentId: payment.id,
      ...p,
    }),
    // At most one receipt per payment, however many paths reach it.
    { dedupeKey: `receipt:${payment.id}` },
  );
}

/**
 * THE fulfilment function for Checkout: called by the webhook (with the event) and by the return
 * page / reconciliation (with a freshly retrieved session). Whichever comes first grants the term;
 * the others find the attempt completed and return its payment.
 */
/** Audit action of a checkout whose charged amount differs from our price (see admin overview). */
export const AMOUNT_MISMATCH_ACTION = 'billing.amount_mismatch';

/**
 * Stripe took what it took; the payment records that. A paid session whose amount differs from the
 * price we set (less any promotion-code discount) is flagged for an administrator to check: the audit
 * action the admin overview lists (`paymentFlags`). Membership and job payments both call this.
 */
export async function flagAmountMismatch(
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

export async function fulfilCheckoutSession(
  services: BillingServices,
  session: Stripe.Checkout.Session,
  event?: EventMark,
  now = new Date(),
): Promise<FulfilResult> {
  // Job postings pay through the same session, webhook and guarantees; their order is keyed apart.
  if (ourJobOrderId(session.metadata)) return fulfilJobOrder(services, session, event, now);
  const attemptId = ourAttemptId(session.metadata);
  if (!attemptId) return { state: 'ignored', paymentId: null, receiptNumber: null };
  const { db, env } = services;
  return db.transaction().execute(async (trx): Promise<FulfilResult> => {
    if (event && !(await markStripeEvent(trx, event))) {
      return { state: 'duplicate', paymentId: null, receiptNumber: null };
    }
    const attempt = await findAttempt(trx, attemptId, { forUpdate: true });
    if (!attempt) throw new RetryLater(`checkout attempt ${attemptId} not found`);
    // Linked by our user id, never by email; a session naming another user is not ours to fulfil.
    if (
      session.client_reference_id !== attempt.user_id ||
      (attempt.stripe_session_id && attempt.stripe_session_id !== session.id)
    ) {
      return { state: 'ignored', paymentId: null, receiptNumber: null };
    }
    if (attempt.status === 'completed') {
      const receipt = attempt.payment_id
        ? await trx
            .selectFrom('payments')
            .select('receipt_number')
            .where('id', '=', attempt.payment_id)
            .executeTakeFirst()
        : undefined;
      return { state: 'paid', paymentId: attempt.payment_id, receiptNumber: receipt?.receipt_number ?? null };
    }
    const paid =
      session.status === 'complete' &&
      (session.payment_status === 'paid' || session.payment_status === 'no_payment_required');
    if (!paid) {
      // Completed but unpaid = a delayed method (bank debit): wait for async_payment_succeeded.
      const state =
        session.status === 'complete'
          ? 'processing'
          : session.status === 'expired'
            ? 'expired'
            : attempt.status === 'failed'
              ? 'failed'
              : 'open';
      return { state, paymentId: null, receiptNumber: null };
    }

    const plan = await findPlanById(trx, attempt.plan_id);
    const description = describe(plan?.name ?? 'Membership', attempt.term_years);
    const currency = (session.currency ?? attempt.currency).toUpperCase();
    const amountMinor = session.amount_total ?? attempt.amount_minor;
    const payment = await insertPayment(trx, {
      userId: attempt.user_id,
      status: 'paid',
      amountMinor,
      currency,
      description,
      planId: attempt.plan_id,
      termYears: attempt.term_years,
      checkoutSessionId: session.id,
      paymentIntentId: idOf(session.payment_intent),
      invoiceId: idOf(session.invoice),
      paidAt: now,
    });
    await flagAmountMismatch(trx, session, payment.id, {
      amountMinor: attempt.amount_minor,
      currency: attempt.currency,
    });
    const term = await grantTerm(trx, {
      userId: attempt.user_id,
      planId: attempt.plan_id,
      termYears: attempt.term_years,
      now,
      paymentId: payment.id,
    });
    const subscriptionId = idOf(session.subscription);
    const live = subscriptionId ? await findLiveSubscription(trx, attempt.user_id) : undefined;
    if (subscriptionId && live && live.id !== subscriptionId) {
      // One live subscription per member (RELIABILITY 13). Checkout refuses a second, but two
      // checkouts started before either was paid can both complete. The member has paid for this
      // term and keeps it (granted above, like a one-off payment, so no refund is owed); the new
      // subscription is cancelled in Stripe at once so it never charges again, and recorded as
      // canceled. The existing subscription keeps renewing. Never two live rows (see also the
      // partial unique index stripe_subscriptions_one_live_per_member).
      const cancelled = await getGateway(services).cancelSubscription(
        subscriptionId,
        `cancel-second-subscription:${subscriptionId}`,
      );
      await upsertSubscription(trx, {
        id: subscriptionId,
        userId: attempt.user_id,
        planId: attempt.plan_id,
        livemode: session.livemode,
        ...subscriptionFields(cancelled),
        status: 'canceled',
      });
      await recordAudit(trx, {
        actorUserId: null,
        action: SECOND_SUBSCRIPTION_ACTION,
        entityType: 'subscription',
        entityId: subscriptionId,
        before: { liveSubscriptionId: live.id },
        after: { status: 'canceled', paymentId: payment.id, checkoutSessionId: session.id },
      });
    } else if (subscriptionId) {
      const inserted = await upsertSubscriptionFirstSight(trx, {
        id: subscriptionId,
        userId: attempt.user_id,
        planId: attempt.plan_id,
        amountMinor: attempt.list_amount_minor,
        currency: attempt.currency,
        livemode: session.livemode,
      });
      if (inserted)
        await insertMembershipEvent(trx, {
          userId: attempt.user_id,
          kind: 'auto_renew_on',
          planId: attempt.plan_id,
        });
    }
    await setAttemptStatus(trx, attempt.id, 'completed', payment.id);
    await sendReceipt(trx, env, attempt.user_id, payment, {
      amountMinor,
      currency,
      description,
      startsAt: term.startsAt,
      endsAt: term.endsAt,
    });
    return { state: 'paid', paymentId: payment.id, receiptNumber: payment.receipt_number };
  });
}

/** Audit action: a second live subscription was cancelled at fulfilment (see fulfilCheckoutSession). */
export const SECOND_SUBSCRIPTION_ACTION = 'billing.second_subscription_cancelled';

/** The first sight of a subscription (from its Checkout Session); later events refresh it. */
async function upsertSubscriptionFirstSight(
  trx: Executor,
  s: { id: string; userId: string; planId: string; amountMinor: number; currency: string; livemode: boolean },
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
  services: BillingServices,
  event: Stripe.Event,
  session: Stripe.Checkout.Session,
  status: 'failed' | 'expired',
  now: Date,
) {
  const attemptId = ourAttemptId(session.metadata);
  if (!attemptId) return 'ignored' as const;
  const { db, env } = services;
  return db.transaction().execute(async (trx): Promise<HandleResult> => {
    if (!(await markStripeEvent(trx, event))) return 'duplicate';
    const attempt = await findAttempt(trx, attemptId, { forUpdate: true });
    if (!attempt) throw new RetryLater(`checkout attempt ${attemptId} not found`);
    // A failure never undoes a completed payment (a late event for an older attempt changes nothing).
    if (attempt.status !== 'open') return 'processed';
    await setAttemptStatus(trx, attempt.id, status);
    if (status === 'failed') {
      // The delayed payment (a bank debit) failed: a failed payment for the recovery report, once
      // (only an open attempt gets here, under its row lock). No session id: it stays free.
      const plan = await findPlanById(trx, attempt.plan_id);
      await insertFailedPayment(trx, {
        userId: attempt.user_id,
        invoiceId: null,
        amountMinor: session.amount_total ?? attempt.amount_minor,
        currency: (session.currency ?? attempt.currency).toUpperCase(),
        description: `${describe(plan?.name ?? 'Membership', attempt.term_years)}: payment failed`,
        planId: attempt.plan_id,
        termYears: attempt.term_years,
        failedAt: failureTime(event, now),
      });
      const member = await findMemberBasics(trx, attempt.user_id);
      if (member) {
        await queueMail(
          trx,
          member.email,
          'membership_payment_failed',
          checkoutFailedMail({ society: env.SOCIETY_NAME, publicUrl: env.PUBLIC_URL, name: member.name }),
          { dedupeKey: `checkout-failed:${session.id}` },
        );
      }
    }
    return 'processed';
  });
}

function subscriptionOfInvoice(invoice: Stripe.Invoice) {
  const details = invoice.parent?.subscription_details;
  return { id: idOf(details?.subscription), ours: Boolean(details?.metadata?.societas_user_id) };
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
 * tells the truth. Also records auto-renew turned off/on in the ledger when the flag changes.
 */
async function refreshSubscription(
  trx: Executor,
  services: BillingServices,
  subscriptionId: string,
  userId: string,
) {
  await lockSubscription(trx, subscriptionId);
  const fresh = await getGateway(services).retrieveSubscription(subscriptionId);
  const before = await findSubscription(trx, subscriptionId);
  const fields = subscriptionFields(fresh);
  if (LIVE_SUBSCRIPTION_STATUSES.includes(fields.status)) {
    // A second live subscription is never recorded (RELIABILITY 13): its checkout's fulfilment
    // cancels it in Stripe, after which this event's redelivery records it as canceled.
    const other = await findLiveSubscription(trx, userId);
    if (other && other.id !== subscriptionId) {
      throw new RetryLater(`member ${userId} already has live subscription ${other.id}`);
    }
  }
  await upsertSubscription(trx, {
    id: subscriptionId,
    userId,
    planId: fresh.metadata?.societas_plan_id ?? before?.plan_id ?? null,
    livemode: fresh.livemode,
    ...fields,
  });
  const wasOn = before ? !before.cancel_at_period_end && before.status !== 'canceled' : true;
  const isOn = !fields.cancelAtPeriodEnd && fields.status !== 'canceled';
  if (wasOn !== isOn) {
    await insertMembershipEvent(trx, {
      userId,
      kind: isOn ? 'auto_renew_on' : 'auto_renew_off',
      planId: before?.plan_id ?? null,
      reason: fields.status === 'canceled' ? 'Automatic renewal ended' : null,
    });
  }
  return { fresh, fields, before };
}

async function subscriptionChanged(services: BillingServices, event: Stripe.Event, sub: Stripe.Subscription) {
  const userId = sub.metadata?.societas_user_id;
  if (!userId) return 'ignored' as const;
  return services.db.transaction().execute(async (trx): Promise<HandleResult> => {
    if (!(await markStripeEvent(trx, event))) return 'duplicate';
    const linked = await findUserIdByCustomer(trx, idOf(sub.customer) ?? '');
    if (!linked) throw new RetryLater(`customer of subscription ${sub.id} is not linked yet`);
    if (linked !== userId) return 'ignored'; // metadata and stored customer disagree: trust neither
    await refreshSubscription(trx, services, sub.id, userId);
    return 'processed';
  });
}

/** Audit action of a paid subscription invoice that granted no term (for an administrator). */
export const UNEXPECTED_INVOICE_ACTION = 'billing.invoice_without_term';

/**
 * A paid renewal invoice extends the membership by exactly one term, once per invoice. Only the
 * yearly cycle (billing_reason subscription_cycle) extends, always from max(now, current end) on
 * the subscribed plan. Any other paid invoice of our subscription (a proration after a change in
 * Stripe's dashboard, a manual or threshold invoice) is recorded as a payment without a term and
 * flagged for an administrator; the first invoice is the Checkout payment, fulfilled from its session.
 */
async function invoicePaid(
  services: BillingServices,
  event: Stripe.Event | undefined,
  invoice: Stripe.Invoice,
  now: Date,
) {
  const sub = subscriptionOfInvoice(invoice);
  if (!sub.id || !sub.ours) return 'ignored' as const;
  const { db, env } = services;
  return db.transaction().execute(async (trx): Promise<HandleResult> => {
    if (event && !(await markStripeEvent(trx, event))) return 'duplicate';
    if (invoice.billing_reason === 'subscription_create') return 'processed';
    const local = await findSubscription(trx, sub.id!);
    if (!local) throw new RetryLater(`subscription ${sub.id} is not linked to a member yet`);
    if (!local.plan_id) throw new RetryLater(`subscription ${sub.id} has no plan yet`);
    await lockMember(trx, local.user_id);
    if (invoice.id && (await findPaymentByInvoice(trx, invoice.id))) return 'duplicate';
    const plan = await findPlanById(trx, local.plan_id);
    const currency = invoice.currency.toUpperCase();
    const pi = invoice.payments?.data?.find((p) => p.status === 'paid')?.payment?.payment_intent;
    const { derived } = await loadMembership(trx, local.user_id, now);
    const renews = invoice.billing_reason === 'subscription_cycle' && !derived.isLifetime;
    if (!renews) {
      if (invoice.amount_paid <= 0) return 'processed';
      const payment = await insertPayment(trx, {
        userId: local.user_id,
        status: 'paid',
        amountMinor: invoice.amount_paid,
        currency,
        description: `${plan?.name ?? 'Membership'} automatic renewal: invoice (${invoice.billing_reason ?? 'other'})`,
        planId: local.plan_id,
        termYears: null,
        invoiceId: invoice.id ?? null,
        paymentIntentId: idOf(pi),
        paidAt: now,
      });
      await recordAudit(trx, {
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
          lifetime: derived.isLifetime,
        },
      });
      return 'processed';
    }
    const description = `${describe(plan?.name ?? 'Membership', 1)} (automatic renewal)`;
    const payment = await insertPayment(trx, {
      userId: local.user_id,
      status: 'paid',
      amountMinor: invoice.amount_paid,
      currency,
      description,
      planId: local.plan_id,
      termYears: 1,
      invoiceId: invoice.id ?? null,
      paymentIntentId: idOf(pi),
      paidAt: now,
    });
    const term = await grantTerm(trx, {
      userId: local.user_id,
      planId: local.plan_id,
      termYears: 1,
      now,
      paymentId: payment.id,
      mode: 'renewal',
    });
    await sendReceipt(trx, env, local.user_id, payment, {
      amountMinor: invoice.amount_paid,
      currency,
      description,
      startsAt: term.startsAt,
      endsAt: term.endsAt,
    });
    return 'processed';
  });
}

/**
 * Reconciliation's entry to the same renewal path as invoice.paid (no event to mark): the payment
 * row's unique invoice id, checked under the member's lock, makes it happen once whichever comes first.
 */
export async function fulfilPaidInvoice(
  services: BillingServices,
  invoice: Stripe.Invoice,
  now = new Date(),
) {
  return invoicePaid(services, undefined, invoice, now);
}

/**
 * A failed automatic charge: one failed `payments` row per invoice (for the failed-payment recovery
 * report; never money, see insertFailedPayment) and our own email with the grace end date.
 * Nothing is written to the membership ledger, so a late failure for an older invoice can never
 * take away a term paid by a newer one; and the mail goes only while the subscription is really
 * past due. The failure is dated by failureTime.
 */
async function invoiceFailed(
  services: BillingServices,
  event: Stripe.Event,
  invoice: Stripe.Invoice,
  now: Date,
) {
  const sub = subscriptionOfInvoice(invoice);
  if (!sub.id || !sub.ours) return 'ignored' as const;
  const { db, env } = services;
  return db.transaction().execute(async (trx): Promise<HandleResult> => {
    if (!(await markStripeEvent(trx, event))) return 'duplicate';
    const local = await findSubscription(trx, sub.id!);
    if (!local) throw new RetryLater(`subscription ${sub.id} is not linked to a member yet`);
    const { fields } = await refreshSubscription(trx, services, sub.id!, local.user_id);
    if (invoice.billing_reason === 'subscription_create') return 'processed'; // first payment: never granted
    if (invoice.id) {
      const plan = local.plan_id ? await findPlanById(trx, local.plan_id) : undefined;
      const renewal = invoice.billing_reason === 'subscription_cycle';
      await insertFailedPayment(trx, {
        userId: local.user_id,
        invoiceId: invoice.id,
        amountMinor: invoice.amount_due,
        currency: invoice.currency.toUpperCase(),
        description: renewal
          ? `${describe(plan?.name ?? 'Membership', 1)} (automatic renewal): payment failed`
          : `${plan?.name ?? 'Membership'} automatic renewal: invoice (${invoice.billing_reason ?? 'other'}) payment failed`,
        planId: local.plan_id,
        termYears: renewal ? 1 : null,
        failedAt: failureTime(event, now),
      });
    }
    if (fields.status !== 'past_due' && fields.status !== 'unpaid') return 'processed';
    const member = await findMemberBasics(trx, local.user_id);
    if (!member) return 'processed';
    const { derived } = await loadMembership(trx, local.user_id, now);
    await queueMail(
      trx,
      member.email,
      'membership_renewal_failed',
      renewalFailedMail({
        society: env.SOCIETY_NAME,
        publicUrl: env.PUBLIC_URL,
        name: member.name,
        amountMinor: invoice.amount_due,
        currency: invoice.currency.toUpperCase(),
        graceEndsAt: derived.graceEndsAt,
      }),
      { dedupeKey: `renewal-failed:${invoice.id}` },
    );
    return 'processed';
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which of our payments a refunded charge belongs to: by its PaymentIntent (one-off checkouts, and
 * renewals whose intent we stored), by our attempt id in its metadata, or through the invoice it
 * paid (renewal charges carry no metadata of their own). `ours` says the charge is recognisably
 * ours even when the payment row is not there yet (then Stripe must retry, RELIABILITY 4).
 */
async function paymentOfCharge(trx: Executor, services: BillingServices, charge: Stripe.Charge) {
  const pi = idOf(charge.payment_intent);
  if (pi) {
    const byIntent = await findPaymentByIntent(trx, pi);
    if (byIntent) return { payment: byIntent, ours: true };
  }
  const attemptId = ourAttemptId(charge.metadata);
  if (attemptId && UUID.test(attemptId)) {
    const byAttempt = await findRefundablePaymentByAttempt(trx, attemptId);
    if (byAttempt) return { payment: byAttempt, ours: true };
  }
  let ours = Boolean(attemptId || charge.metadata?.societas_user_id || ourJobOrderId(charge.metadata));
  // Older API versions name the invoice on the charge; newer ones only through invoice payments.
  const legacyInvoice = idOf((charge as unknown as { invoice?: string | { id: string } | null }).invoice);
  const invoice = legacyInvoice
    ? { id: legacyInvoice, ours: false }
    : pi
      ? await getGateway(services)
          .invoiceOfPaymentIntent(pi)
          .then((inv) => (inv?.id ? { id: inv.id, ours: subscriptionOfInvoice(inv).ours } : null))
      : null;
  if (invoice) {
    ours ||= invoice.ours;
    const byInvoice = await findRefundablePaymentByInvoice(trx, invoice.id);
    if (byInvoice) {
      if (pi && !byInvoice.stripe_payment_intent_id) await setPaymentIntent(trx, byInvoice.id, pi);
      return { payment: byInvoice, ours: true };
    }
  }
  return { payment: undefined, ours };
}

/**
 * Refunds made anywhere (our admin screen or Stripe's dashboard): each Stripe refund of the charge
 * becomes one `refunds` row, keyed by its Stripe refund id (reports sum that table), plus a
 * `refunded` ledger row for a membership payment. A refund made on our admin screen already has
 * its row (same Stripe id), so its later charge.refunded adds nothing. The member's lock is taken
 * first: an admin refund holds it through its Stripe call, so this waits for that row to commit.
 * A refund in the dashboard never ends the membership by itself (an admin decides that here).
 */
async function chargeRefunded(
  services: BillingServices,
  event: Stripe.Event,
  charge: Stripe.Charge,
  now: Date,
) {
  return services.db.transaction().execute(async (trx): Promise<HandleResult> => {
    const { payment, ours } = await paymentOfCharge(trx, services, charge);
    if (!payment) {
      if (ours) throw new RetryLater(`the payment of charge ${charge.id} is not recorded yet`);
      return 'ignored';
    }
    if (payment.user_id) await lockMember(trx, payment.user_id);
    if (!(await markStripeEvent(trx, event))) return 'duplicate';
    const listed =
      charge.refunds?.data && charge.refunds.data.length > 0 && !charge.refunds.has_more
        ? charge.refunds.data
        : await getGateway(services).listRefunds({
            paymentIntent: idOf(charge.payment_intent),
            charge: charge.id,
          });
    for (const refund of listed) {
      if (refund.status !== 'succeeded' && refund.status !== 'pending') continue;
      if (!(refund.amount > 0)) continue;
      const inserted = await insertRefund(trx, {
        paymentId: payment.id,
        amountMinor: refund.amount,
        reason: refund.reason ? `Refunded in Stripe (${refund.reason})` : 'Refunded in Stripe',
        stripeRefundId: refund.id,
        actorUserId: null,
      });
      if (!inserted) continue;
      if (payment.user_id && payment.kind === 'membership') {
        await insertMembershipEvent(trx, {
          userId: payment.user_id,
          kind: 'refunded',
          planId: payment.plan_id,
          termYears: payment.term_years,
          endsAt: null,
          paymentId: payment.id,
          reason: 'Refunded in Stripe',
        });
      }
      await recordAudit(trx, {
        actorUserId: null,
        action: 'payment.refund',
        entityType: 'payment',
        entityId: payment.id,
        after: { refundId: refund.id, amountMinor: refund.amount, source: 'stripe', at: now },
      });
    }
    // The stored total follows the refund rows, and never falls below what Stripe's charge shows.
    await raiseRefundedTotal(
      trx,
      payment.id,
      Math.max(await sumRefunds(trx, payment.id), charge.amount_refunded ?? 0),
    );
    return 'processed';
  });
}

/** Routes a verified event to its handler. Unknown types and foreign objects: ignored (2xx). */
export async function handleStripeEvent(
  services: BillingServices,
  event: Stripe.Event,
  now = new Date(),
): Promise<HandleResult> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const result = await fulfilCheckoutSession(services, event.data.object, event, now);
      return result.state === 'ignored'
        ? 'ignored'
        : result.state === 'duplicate'
          ? 'duplicate'
          : 'processed';
    }
    case 'checkout.session.async_payment_failed':
      return checkoutFailed(services, event, event.data.object, 'failed', now);
    case 'checkout.session.expired':
      return checkoutFailed(services, event, event.data.object, 'expired', now);
    case 'invoice.paid':
      return invoicePaid(services, event, event.data.object, now);
    case 'invoice.payment_failed':
      return invoiceFailed(services, event, event.data.object, now);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return subscriptionChanged(services, event, event.data.object);
    case 'charge.refunded':
      return chargeRefunded(services, event, event.data.object, now);
    default:
      return 'ignored';
  }
}
