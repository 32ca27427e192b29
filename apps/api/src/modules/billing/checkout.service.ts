import type { CheckoutStatus, MembershipState, refundInput, startCheckoutInput } from '@societas/contracts';
import { RENEWAL_WINDOW_DAYS, termToYears } from '@societas/contracts';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import type { SessionUser } from '../../trpc/context.js';
import { recordAudit } from '../audit/audit.repository.js';
import { formatDate } from '../membership/membership.mails.js';
import { findMemberBasics, insertMembershipEvent, lockMember } from '../membership/membership.repository.js';
import { DAY_MS } from '../membership/membership.rules.js';
import { getMembershipState, grantTerm, loadMembership, quoteFor } from '../membership/membership.service.js';
import { assertProofAllows } from '../membership/proofs.service.js';
import {
  findAttempt,
  findAttemptBySession,
  findCustomerId,
  findLiveSubscription,
  findPayment,
  findPaymentByInvoice,
  findPaymentForUpdate,
  findRefundByRequestKey,
  findReusableAttempt,
  insertAttempt,
  insertCustomer,
  insertPayment,
  insertRefund,
  latestAutoRenewEventId,
  listLiveSubscriptions,
  listOpenAttempts,
  raiseRefundedTotal,
  setAttemptSession,
  setAttemptStatus,
  setPaymentIntent,
  upsertSubscription,
} from './billing.repository.js';
import { type BillingServices, fulfilCheckoutSession, fulfilPaidInvoice } from './fulfilment.service.js';
import { getGateway, LocalPortalUnavailable } from './gateway.js';
import { verifyNoRenewToken } from './no-renew.js';

/** An open attempt younger than this is reused (double clicks, back-and-forth in the browser). */
const REUSE_ATTEMPT_MS = 30 * 60 * 1000;

export function returnUrl(publicUrl: string) {
  return `${publicUrl}/membership/checkout/return?session_id={CHECKOUT_SESSION_ID}`;
}

async function ensureCustomer(services: BillingServices, user: SessionUser): Promise<string> {
  const existing = await findCustomerId(services.db, user.id);
  if (existing) return existing;
  const gateway = getGateway(services);
  // One key per member: concurrent first checkouts make one Stripe Customer.
  const id = await gateway.createCustomer(
    { userId: user.id, email: user.email, name: user.name },
    `customer:${user.id}`,
  );
  await insertCustomer(services.db, user.id, id, gateway.livemode);
  return (await findCustomerId(services.db, user.id)) ?? id;
}

/**
 * Starts (or resumes) a checkout for one plan and term at the member's price. The price is fixed in
 * a checkout attempt; the attempt id is the Stripe idempotency key, so a double click returns the
 * same Checkout Session. A member whose automatic renewal is live is not charged a second time.
 */
export async function startCheckout(
  services: BillingServices,
  user: SessionUser,
  input: z.output<typeof startCheckoutInput>,
  now = new Date(),
) {
  const { db, env } = services;
  const gateway = getGateway(services);
  const years = termToYears(input.term);
  const { plan, quote, ctx } = await quoteFor(db, env, user.id, input.planCode, years, now);
  if (ctx.derived.isLifetime && ctx.derived.hasBenefits) {
    throw new AppError('CONFLICT', 'You are a lifetime member: there is nothing to renew.');
  }
  await assertProofAllows(db, user.id, plan, quote.action);
  if (quote.action === 'upgrade' && quote.creditMinor >= quote.amountMinor && years !== 0) {
    throw new AppError(
      'CONFLICT',
      `The rest of your current term is worth more than this plan. You can switch when you renew, from ${formatDate(ctx.derived.renewalOpensAt ?? now)}.`,
      { planCode: ['Switch to this plan at renewal'] },
    );
  }
  if (input.autoRenew && quote.creditMinor > 0) {
    throw new AppError('BAD_INPUT', 'Upgrade first, then turn on automatic renewal when you next renew.', {
      autoRenew: ['Not available with an upgrade credit'],
    });
  }
  const live = await findLiveSubscription(db, user.id);
  if (live) {
    if (live.status === 'past_due' || live.status === 'unpaid') {
      throw new AppError(
        'CONFLICT',
        'Your automatic renewal payment is still open. Update your card in the billing portal instead of paying again.',
      );
    }
    if (input.autoRenew || !live.cancel_at_period_end) {
      throw new AppError(
        'CONFLICT',
        'Automatic renewal is on, so your membership renews by itself. Turn automatic renewal off first to pay another way.',
        { autoRenew: ['Automatic renewal is already on'] },
      );
    }
  }
  // A subscription charges today and every year from today. Chosen long before the current term
  // ends, each charge would come that much early; from the renewal window on, it lines up.
  if (input.autoRenew && quote.startsAt.getTime() - now.getTime() > RENEWAL_WINDOW_DAYS * DAY_MS) {
    throw new AppError(
      'BAD_INPUT',
      `Automatic renewal can be chosen from ${RENEWAL_WINDOW_DAYS} days before your membership ends (${formatDate(new Date(quote.startsAt.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS))}).`,
      { autoRenew: ['Available from the renewal window'] },
    );
  }

  const attempt = await db.transaction().execute(async (trx) => {
    await lockMember(trx, user.id);
    const reusable = await findReusableAttempt(trx, {
      userId: user.id,
      planId: plan.id,
      termYears: years,
      autoRenew: input.autoRenew,
      amountMinor: quote.dueMinor,
      since: new Date(now.getTime() - REUSE_ATTEMPT_MS),
    });
    return (
      reusable ??
      (await insertAttempt(trx, {
        userId: user.id,
        planId: plan.id,
        termYears: years,
        action: quote.action,
        band: quote.band,
        currency: quote.currency,
        listAmountMinor: quote.amountMinor,
        creditMinor: quote.creditMinor,
        amountMinor: quote.dueMinor,
        autoRenew: input.autoRenew,
      }))
    );
  });

  if (attempt.amount_minor === 0) {
    // Nothing to charge (a free plan for this band): grant directly, once.
    await grantFree(services, attempt.id, now);
    return {
      url: `${env.PUBLIC_URL}/membership`,
      sessionId: `free_${attempt.id}`,
      testMode: gateway.mode === 'local',
    };
  }
  if (attempt.stripe_session_id && attempt.session_url) {
    return {
      url: attempt.session_url,
      sessionId: attempt.stripe_session_id,
      testMode: gateway.mode === 'local',
    };
  }

  const customer = await ensureCustomer(services, user);
  const metadata = {
    societas_attempt_id: attempt.id,
    societas_user_id: user.id,
    societas_plan_id: plan.id,
    societas_term_years: String(years),
  };
  const name =
    years === 0
      ? `${plan.name} membership (lifetime)`
      : `${plan.name} membership, ${years} year${years > 1 ? 's' : ''}`;
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: attempt.auto_renew ? 'subscription' : 'payment',
    customer,
    client_reference_id: user.id,
    metadata,
    line_items: [
      {
        quantity: 1,
        price_data: {
          // Minor units as stored: JPY 5000 is sent as 5000, never multiplied.
          currency: attempt.currency.toLowerCase(),
          unit_amount: attempt.amount_minor,
          product_data: { name, metadata: { societas: 'membership', societas_plan_id: plan.id } },
          ...(attempt.auto_renew ? { recurring: { interval: 'year' as const } } : {}),
        },
      },
    ],
    allow_promotion_codes: true,
    success_url: returnUrl(env.PUBLIC_URL),
    cancel_url: `${env.PUBLIC_URL}/membership/join?cancelled=1`,
    ...(attempt.auto_renew ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
  };
  const session = await gateway.createCheckoutSession(params, `checkout:${attempt.id}`);
  await setAttemptSession(db, attempt.id, session.id, session.url);
  return {
    url: session.url ?? `${env.PUBLIC_URL}/membership`,
    sessionId: session.id,
    testMode: gateway.mode === 'local',
  };
}

async function grantFree(services: BillingServices, attemptId: string, now: Date) {
  await services.db.transaction().execute(async (trx) => {
    const attempt = await findAttempt(trx, attemptId, { forUpdate: true });
    if (attempt?.status !== 'open') return;
    const payment = await insertPayment(trx, {
      userId: attempt.user_id,
      status: 'paid',
      amountMinor: 0,
      currency: attempt.currency,
      description: 'Membership (no charge)',
      planId: attempt.plan_id,
      termYears: attempt.term_years,
      paidAt: now,
    });
    await grantTerm(trx, {
      userId: attempt.user_id,
      planId: attempt.plan_id,
      termYears: attempt.term_years,
      now,
      paymentId: payment.id,
    });
    await setAttemptStatus(trx, attempt.id, 'completed', payment.id);
  });
}

/**
 * The return page polls this. It retrieves the Checkout Session from Stripe and runs the same
 * fulfilment as the webhook, so the member sees their membership even if the webhook is late.
 */
export async function checkoutStatus(
  services: BillingServices,
  user: SessionUser,
  sessionId: string,
  now = new Date(),
): Promise<CheckoutStatus> {
  const attempt = await findAttemptBySession(services.db, sessionId);
  if (!attempt || attempt.user_id !== user.id) throw notFound('That checkout');
  let state: CheckoutStatus['state'];
  let paymentId = attempt.payment_id;
  let receiptNumber: string | null = null;
  if (attempt.status === 'completed') {
    state = 'paid';
  } else if (attempt.status === 'failed' || attempt.status === 'expired') {
    state = attempt.status;
  } else {
    const session = await getGateway(services).retrieveCheckoutSession(sessionId);
    const result = await fulfilCheckoutSession(services, session, undefined, now);
    state = result.state === 'ignored' || result.state === 'duplicate' ? 'open' : result.state;
    paymentId = result.paymentId;
    receiptNumber = result.receiptNumber;
  }
  if (paymentId && !receiptNumber) {
    const row = await services.db
      .selectFrom('payments')
      .select('receipt_number')
      .where('id', '=', paymentId)
      .executeTakeFirst();
    receiptNumber = row?.receipt_number ?? null;
  }
  return { state, paymentId, receiptNumber, membership: await getMembershipState(services.db, user.id, now) };
}

/**
 * Reconciliation for when webhooks are off or lost: open attempts whose session is a few minutes
 * old are retrieved from Stripe and fulfilled through the same function. For a scheduler.
 */
export async function reconcileOpenCheckouts(services: BillingServices & { log?: Logger }, now = new Date()) {
  const attempts = await listOpenAttempts(
    services.db,
    new Date(now.getTime() - 2 * 60 * 1000),
    new Date(now.getTime() - 3 * 24 * 3600 * 1000),
  );
  let fulfilled = 0;
  for (const attempt of attempts) {
    try {
      const session = await getGateway(services).retrieveCheckoutSession(attempt.stripe_session_id!);
      const result = await fulfilCheckoutSession(services, session, undefined, now);
      if (result.state === 'paid') fulfilled += 1;
    } catch (error) {
      services.log?.warn({ err: error, attemptId: attempt.id }, 'reconciling a checkout failed');
    }
  }
  const renewals = await reconcileRenewalInvoices(services, now);
  return {
    checked: attempts.length,
    fulfilled,
    renewalsChecked: renewals.checked,
    renewalsFulfilled: renewals.fulfilled,
  };
}

/** How far back reconciliation looks for paid renewal invoices (a month of lost webhooks). */
const RENEWAL_RECONCILE_DAYS = 35;

/**
 * Reconciliation of automatic renewals (RELIABILITY 18): the paid invoices of every live
 * subscription from the last few weeks are listed from Stripe, and any without a payment row (its
 * invoice.paid was lost) is fulfilled through the same idempotent path as the webhook.
 */
export async function reconcileRenewalInvoices(
  services: BillingServices & { log?: Logger },
  now = new Date(),
) {
  const since = new Date(now.getTime() - RENEWAL_RECONCILE_DAYS * DAY_MS);
  let checked = 0;
  let fulfilled = 0;
  for (const sub of await listLiveSubscriptions(services.db)) {
    try {
      for (const invoice of await getGateway(services).listPaidInvoices(sub.id, since)) {
        if (invoice.billing_reason === 'subscription_create' || !invoice.id) continue;
        checked += 1;
        if (await findPaymentByInvoice(services.db, invoice.id)) continue;
        if ((await fulfilPaidInvoice(services, invoice, now)) === 'processed') fulfilled += 1;
      }
    } catch (error) {
      services.log?.warn({ err: error, subscriptionId: sub.id }, 'reconciling renewal invoices failed');
    }
  }
  return { checked, fulfilled };
}

/**
 * Turns automatic renewal off (kept until the period end) or back on. Runs under the member's lock,
 * so a double click waits, re-reads the subscription and finds nothing left to change. The Stripe
 * idempotency key names the latest auto-renew ledger row: every completed switch (ours, or one made
 * in Stripe's portal and recorded from its event) writes such a row, so off -> on -> off sends three
 * distinct updates, while a retry of one switch (same row) replays the same key.
 */
export async function setAutoRenew(
  services: BillingServices,
  user: Pick<SessionUser, 'id'>,
  enabled: boolean,
  requestId: string,
  now = new Date(),
): Promise<MembershipState> {
  const gateway = getGateway(services);
  await services.db.transaction().execute(async (trx) => {
    await lockMember(trx, user.id);
    const live = await findLiveSubscription(trx, user.id);
    if (!live) {
      if (!enabled) return;
      throw new AppError(
        'CONFLICT',
        'Automatic renewal is chosen at checkout: renew with "Renew automatically" ticked.',
      );
    }
    if (live.cancel_at_period_end === !enabled) return;
    if (enabled) {
      // A subscription renews its own plan. If the member has since moved to another plan, turning
      // it back on would renew the old plan (or cut the new term short): they renew by checkout.
      const { derived } = await loadMembership(trx, user.id, now);
      if (derived.planId && live.plan_id && derived.planId !== live.plan_id) {
        throw new AppError(
          'CONFLICT',
          'Your automatic renewal is for your previous plan. Renew your current plan with "Renew automatically" ticked when your renewal window opens.',
        );
      }
    }
    const marker = await latestAutoRenewEventId(trx, user.id);
    const key = `subscription:${live.id}:auto-renew:${marker ?? 0}:cancel_at_period_end=${!enabled}`;
    const sub = await gateway.setCancelAtPeriodEnd(live.id, !enabled, key);
    await upsertSubscription(trx, {
      id: live.id,
      userId: user.id,
      planId: live.plan_id,
      status: sub.status,
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      currentPeriodEnd: live.current_period_end,
      amountMinor: live.amount_minor,
      currency: live.currency,
      livemode: sub.livemode,
    });
    await insertMembershipEvent(trx, {
      userId: user.id,
      kind: enabled ? 'auto_renew_on' : 'auto_renew_off',
      planId: live.plan_id,
      actorUserId: user.id,
    });
    await recordAudit(trx, {
      actorUserId: user.id,
      action: enabled ? 'membership.auto_renew_on' : 'membership.auto_renew_off',
      entityType: 'subscription',
      entityId: live.id,
      requestId,
    });
  });
  return getMembershipState(services.db, user.id, now);
}

export async function customerPortalUrl(services: BillingServices, user: SessionUser): Promise<string> {
  const customer = await findCustomerId(services.db, user.id);
  if (!customer) throw new AppError('NOT_FOUND', 'You have no saved payment details yet.');
  try {
    const minute = Math.floor(Date.now() / 60_000);
    return await getGateway(services).createPortalSession(
      customer,
      `${services.env.PUBLIC_URL}/membership`,
      `portal:${user.id}:${minute}`,
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

/**
 * Refund (full or partial) through Stripe's Refunds API, then record it. The idempotency key is
 * built from the payment and the refunded total before this refund, so a double click refunds once.
 */
export async function refundPayment(
  services: BillingServices,
  actor: SessionUser,
  input: z.output<typeof refundInput>,
  requestId: string,
  now = new Date(),
) {
  const { db } = services;
  const gateway = getGateway(services);
  const found = await findPayment(db, input.paymentId);
  if (found?.kind !== 'membership') throw notFound('That payment');

  // One refund at a time per payment: the member and payment rows stay locked through the Stripe
  // call, so a second submission waits, then finds the refund its request key already made.
  return db.transaction().execute(async (trx) => {
    if (found.user_id) await lockMember(trx, found.user_id);
    const payment = (await findPaymentForUpdate(trx, found.id))!;
    const earlier = await findRefundByRequestKey(trx, input.requestKey);
    if (earlier) {
      if (earlier.payment_id !== payment.id)
        throw new AppError('CONFLICT', 'That request was for another payment.');
      const member = payment.user_id ? await findMemberBasics(trx, payment.user_id) : undefined;
      return {
        paymentId: payment.id,
        refundId: earlier.stripe_refund_id ?? earlier.id,
        amountMinor: earlier.amount_minor,
        refundedMinor: payment.refunded_minor,
        status: payment.status,
        memberEmail: member?.email ?? null,
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
      paymentIntent = await gateway.paymentIntentOfInvoice(payment.stripe_invoice_id);
      if (paymentIntent) await setPaymentIntent(trx, payment.id, paymentIntent);
    }
    if (!paymentIntent)
      throw new AppError('CONFLICT', 'This payment was not made through Stripe; refund it by hand.');

    const refund = await gateway.createRefund(
      { paymentIntent, amountMinor: amount, metadata: { societas_payment_id: payment.id } },
      `refund:${payment.id}:${input.requestKey}`,
    );
    const inserted = await insertRefund(trx, {
      paymentId: payment.id,
      amountMinor: amount,
      reason: input.reason,
      stripeRefundId: refund.id,
      actorUserId: actor.id,
      requestKey: input.requestKey,
    });
    if (inserted) {
      // An absolute total (what Stripe's charge now shows), so charge.refunded can arrive in any order.
      await raiseRefundedTotal(trx, payment.id, payment.refunded_minor + amount);
      if (payment.user_id) {
        await insertMembershipEvent(trx, {
          userId: payment.user_id,
          kind: 'refunded',
          planId: payment.plan_id,
          termYears: payment.term_years,
          endsAt: input.endMembership ? now : null,
          paymentId: payment.id,
          actorUserId: actor.id,
          reason: input.reason,
        });
      }
      await recordAudit(trx, {
        actorUserId: actor.id,
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
        requestId,
      });
    }
    const after = await findPaymentForUpdate(trx, payment.id);
    const member = payment.user_id ? await findMemberBasics(trx, payment.user_id) : undefined;
    return {
      paymentId: payment.id,
      refundId: refund.id,
      amountMinor: amount,
      refundedMinor: after?.refunded_minor ?? payment.refunded_minor + amount,
      status: after?.status ?? payment.status,
      memberEmail: member?.email ?? null,
    };
  });
}

/**
 * The "don't renew" link from the pre-charge notice: works without signing in (the token is the
 * authority), only turns automatic renewal off, and only for the subscription it names.
 */
export async function cancelAutoRenewByToken(services: BillingServices, token: string, requestId: string) {
  const claim = verifyNoRenewToken(services.env.AUTH_SECRET, token);
  if (!claim)
    throw new AppError(
      'BAD_INPUT',
      'This link is invalid or has expired. Sign in to manage automatic renewal.',
    );
  const live = await findLiveSubscription(services.db, claim.userId);
  if (live && live.id !== claim.subscriptionId) {
    throw new AppError(
      'BAD_INPUT',
      'This link is for an earlier subscription. Sign in to manage automatic renewal.',
    );
  }
  const state = await setAutoRenew(services, { id: claim.userId }, false, requestId);
  return { autoRenew: state.autoRenew.enabled, endsAt: state.endsAt };
}
