import type { CheckoutStatus, setupAutoRenewInput, startCheckoutInput } from '@societas/contracts';
import { AUTO_RENEW_MAX_FIRST_CHARGE_DAYS, RENEWAL_WINDOW_DAYS, termToYears } from '@societas/contracts';
import type Stripe from 'stripe';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import {
  type BillingContext,
  ensureCustomer,
  findLiveSubscription,
  findReceiptNumber,
  fulfilCheckoutSession,
  fulfilFreeOrder,
  paymentsUnavailable,
} from '../billing/index.js';
import { describeTerm, MEMBERSHIP_ORDER_KEY, membershipFulfiller } from './membership.fulfiller.js';
import { formatDate } from './membership.mails.js';
import {
  type AttemptRow,
  findAttemptBySession,
  findReusableAttempt,
  insertAttempt,
  lockMember,
  setAttemptSession,
} from './membership.repository.js';
import { DAY_MS } from './membership.rules.js';
import { assertPlanEligible, getMembershipState, quoteFor } from './membership.service.js';
import { assertProofAllows } from './proofs.service.js';

/** An open attempt younger than this is reused (double clicks, back-and-forth in the browser). */
const REUSE_ATTEMPT_MS = 30 * 60 * 1000;

export function returnUrl(publicUrl: string) {
  return `${publicUrl}/membership/checkout/return?session_id={CHECKOUT_SESSION_ID}`;
}

/** The join page with its choice in the URL, e.g. ?plan=postdoc&term=2&cancelled=1. */
export function joinUrl(publicUrl: string, params: Record<string, string | number>) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return `${publicUrl}/membership/join?${query}`;
}

/**
 * What a membership Checkout Session and its PaymentIntent or subscription carry: the attempt id
 * (billing finds the order by it) and the member, plan and term, so every object Stripe sends back
 * names what was bought.
 */
function orderMetadata(attempt: Pick<AttemptRow, 'id' | 'user_id' | 'plan_id' | 'term_years'>) {
  return {
    [MEMBERSHIP_ORDER_KEY]: attempt.id,
    societas_user_id: attempt.user_id,
    societas_plan_id: attempt.plan_id,
    societas_term_years: String(attempt.term_years),
  };
}

function signedIn(ctx: BillingContext) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return ctx.actor;
}

/**
 * Starts (or resumes) a checkout for one plan and term at the member's price: the membership
 * product's "price and validate an order" step. The price is fixed in a checkout attempt; the
 * attempt id is the Stripe idempotency key, so a double click returns the same Checkout Session.
 * A member whose automatic renewal is live is not charged a second time.
 */
export async function startCheckout(ctx: BillingContext, input: z.output<typeof startCheckoutInput>) {
  const { db, env, gateway, now } = ctx;
  const user = signedIn(ctx);
  if (gateway.mode === 'off') throw paymentsUnavailable();
  const years = termToYears(input.term);
  const { plan, quote, ctx: q } = await quoteFor(ctx, user.id, input.planCode, years);
  if (q.derived.isLifetime && q.derived.hasBenefits) {
    throw new AppError('CONFLICT', 'You are a lifetime member: there is nothing to renew.');
  }
  assertPlanEligible(plan, q);
  await assertProofAllows(db, user.id, plan, quote.action);
  if (quote.worthMore) {
    throw new AppError(
      'CONFLICT',
      `The rest of your current term is worth more than this plan. You can switch when you renew, from ${formatDate(quote.worthMore.switchFrom)}.`,
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

  const testMode = gateway.mode === 'local';
  if (attempt.amount_minor === 0) {
    await grantFree(ctx, attempt.id);
    return { url: `${env.PUBLIC_URL}/membership`, sessionId: `free_${attempt.id}`, testMode };
  }
  if (attempt.stripe_session_id && attempt.session_url) {
    return { url: attempt.session_url, sessionId: attempt.stripe_session_id, testMode };
  }

  const customer = await ensureCustomer(ctx, user);
  const metadata = orderMetadata(attempt);
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
          product_data: {
            name: describeTerm(plan.name, years),
            metadata: { societas: 'membership', societas_plan_id: plan.id },
          },
          ...(attempt.auto_renew ? { recurring: { interval: 'year' as const } } : {}),
        },
      },
    ],
    allow_promotion_codes: true,
    success_url: returnUrl(env.PUBLIC_URL),
    // Back to the same plan and term (Stripe's "back" link, and the test checkout's Decline).
    cancel_url: joinUrl(env.PUBLIC_URL, { plan: plan.code, term: input.term, cancelled: '1' }),
    ...(attempt.auto_renew ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
  };
  const session = await gateway.createCheckoutSession(params, `checkout:${attempt.id}`);
  await setAttemptSession(db, attempt.id, session.id, session.url);
  return { url: session.url ?? `${env.PUBLIC_URL}/membership`, sessionId: session.id, testMode };
}

/**
 * Stripe starts a subscription's first charge (the end of its trial) at most 730 days ahead
 * (AUTO_RENEW_MAX_FIRST_CHARGE_DAYS), and Checkout at least 48 hours ahead. The test-mode gateway
 * keeps the same limits.
 */
const MAX_FIRST_CHARGE_DAYS = AUTO_RENEW_MAX_FIRST_CHARGE_DAYS;
const MIN_FIRST_CHARGE_MS = 48 * 3600 * 1000;

/**
 * Automatic renewal set up at any time during a term (a 2- or 3-year term included): a yearly
 * subscription whose first charge is at the end of the current term. Checkout confirms the card
 * and charges nothing now (Stripe: `subscription_data.trial_end` at the term's end); from then on
 * the subscription's cycle invoices renew a year at a time, like any automatic renewal. The plan
 * is the current one (or, for "Switch at renewal", the chosen one), at the member's price.
 */
export async function setupAutoRenew(ctx: BillingContext, input: z.output<typeof setupAutoRenewInput>) {
  const { db, env, gateway, now } = ctx;
  const user = signedIn(ctx);
  if (gateway.mode === 'off') throw paymentsUnavailable();
  const state = await getMembershipState(db, user.id, now);
  if (
    !state.endsAt ||
    state.isLifetime ||
    state.endedEarly ||
    (state.status !== 'active' && state.status !== 'renewal_window')
  ) {
    throw new AppError(
      'CONFLICT',
      state.isLifetime && state.hasBenefits
        ? 'You are a lifetime member: there is nothing to renew.'
        : 'Automatic renewal is set up during a membership term. Renew with "Renew automatically" ticked.',
    );
  }
  const live = await findLiveSubscription(db, user.id);
  if (live) {
    throw new AppError(
      'CONFLICT',
      live.cancel_at_period_end
        ? 'You already have an automatic renewal, switched off: turn it back on with the switch.'
        : 'Automatic renewal is already on.',
      { autoRenew: ['Automatic renewal is already set up'] },
    );
  }
  const firstChargeAt = state.endsAt;
  const wait = firstChargeAt.getTime() - now.getTime();
  if (wait < MIN_FIRST_CHARGE_MS) {
    throw new AppError(
      'BAD_INPUT',
      'Your membership ends in less than two days: renew now with "Renew automatically" ticked.',
      { autoRenew: ['Renew now instead'] },
    );
  }
  if (wait > MAX_FIRST_CHARGE_DAYS * DAY_MS) {
    const from = new Date(firstChargeAt.getTime() - MAX_FIRST_CHARGE_DAYS * DAY_MS);
    throw new AppError(
      'BAD_INPUT',
      `Automatic renewal can be set up from ${formatDate(from)}: card payments can schedule a first charge at most two years ahead.`,
      { autoRenew: [`Available from ${formatDate(from)}`] },
    );
  }
  const planCode = input.planCode ?? state.suggestedPlanCode ?? state.planCode;
  if (!planCode) throw new AppError('CONFLICT', 'Your membership has no plan to renew.');
  const { plan, quote, ctx: q } = await quoteFor(ctx, user.id, planCode, 1);
  assertPlanEligible(plan, q);
  await assertProofAllows(db, user.id, plan, 'renew');

  const attempt = await db.transaction().execute(async (trx) => {
    await lockMember(trx, user.id);
    const order = {
      userId: user.id,
      planId: plan.id,
      termYears: 1,
      autoRenew: true,
      // Nothing is charged at checkout; the subscription charges the list price from the term's end.
      amountMinor: 0,
    };
    const reusable = await findReusableAttempt(trx, {
      ...order,
      since: new Date(now.getTime() - REUSE_ATTEMPT_MS),
    });
    return (
      reusable ??
      (await insertAttempt(trx, {
        ...order,
        action: 'renew',
        band: quote.band,
        currency: quote.currency,
        listAmountMinor: quote.amountMinor,
        creditMinor: 0,
      }))
    );
  });
  const testMode = gateway.mode === 'local';
  if (attempt.stripe_session_id && attempt.session_url) {
    return { url: attempt.session_url, sessionId: attempt.stripe_session_id, testMode };
  }
  const customer = await ensureCustomer(ctx, user);
  const metadata = orderMetadata(attempt);
  const session = await gateway.createCheckoutSession(
    {
      mode: 'subscription',
      customer,
      client_reference_id: user.id,
      metadata,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: attempt.currency.toLowerCase(),
            unit_amount: attempt.list_amount_minor,
            product_data: {
              name: `${describeTerm(plan.name, 1)} (automatic renewal from ${formatDate(firstChargeAt)})`,
              metadata: { societas: 'membership', societas_plan_id: plan.id },
            },
            recurring: { interval: 'year' },
          },
        },
      ],
      // The card is taken now although nothing is due: the first charge must not fail for want of one.
      payment_method_collection: 'always',
      success_url: returnUrl(env.PUBLIC_URL),
      cancel_url: `${env.PUBLIC_URL}/membership?autoRenew=cancelled`,
      subscription_data: { metadata, trial_end: Math.floor(firstChargeAt.getTime() / 1000) },
    },
    `checkout:${attempt.id}`,
  );
  await setAttemptSession(db, attempt.id, session.id, session.url);
  return { url: session.url ?? `${env.PUBLIC_URL}/membership`, sessionId: session.id, testMode };
}

/** Nothing to charge (a free plan for this band): billing records a 0 payment and grants it, once. */
function grantFree(ctx: BillingContext, attemptId: string) {
  return fulfilFreeOrder(ctx, membershipFulfiller, attemptId, 'Membership (no charge)');
}

/**
 * The return page polls this. It retrieves the Checkout Session from Stripe and runs the same
 * fulfilment as the webhook, so the member sees their membership even if the webhook is late.
 */
export async function checkoutStatus(ctx: BillingContext, sessionId: string): Promise<CheckoutStatus> {
  const user = signedIn(ctx);
  const attempt = await findAttemptBySession(ctx.db, sessionId);
  if (!attempt || attempt.user_id !== user.id) throw notFound('That checkout');
  let state: CheckoutStatus['state'];
  let paymentId = attempt.payment_id;
  let receiptNumber: string | null = null;
  if (attempt.status === 'completed') {
    state = 'paid';
  } else if (attempt.status === 'failed' || attempt.status === 'expired') {
    state = attempt.status;
  } else {
    const session = await ctx.gateway.retrieveCheckoutSession(sessionId);
    const result = await fulfilCheckoutSession(ctx, session);
    state = result.state === 'ignored' || result.state === 'duplicate' ? 'open' : result.state;
    paymentId = result.paymentId;
    receiptNumber = result.receiptNumber;
  }
  if (paymentId && !receiptNumber) receiptNumber = await findReceiptNumber(ctx.db, paymentId);
  return { state, paymentId, receiptNumber, membership: await getMembershipState(ctx.db, user.id, ctx.now) };
}
