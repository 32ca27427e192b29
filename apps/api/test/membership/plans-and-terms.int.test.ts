import { INCOME_BANDS } from '@societas/contracts';
import { describe, expect, it } from 'vitest';
import { addYearsUtc, DAY_MS } from '../../src/modules/membership/membership.rules.js';
import { expectTrpcError, TEST_PUBLIC_URL, type TestApp } from '../harness.js';
import { StripeStandIn } from '../stripe-stand-in.js';
import {
  counts,
  expectedPrice,
  grantDirect,
  mailCount,
  member,
  payCheckout,
  sendEvent,
  setCareerStage,
  setPlanCareerStages,
  withTestApp,
} from './helpers.js';

/**
 * Issue 19, item 10 "Plans and terms" (and two item-12 points): automatic renewal on a term of any
 * length, a plan change that shortens the term or is worth less than the rest of it, each plan's
 * eligibility, the chosen plan and term kept across a declined checkout, exact band discounts.
 */

const stripe = new StripeStandIn();
const { app, plans } = withTestApp({
  stripe,
  ready: async (a, ids) => {
    ids.emeritus = await addEmeritus(a);
  },
});

/** The Emeritus plan as shipped: only for members who have held membership for 10 years. */
async function addEmeritus(a: TestApp) {
  const row = await a.db
    .insertInto('plans')
    .values({ code: 'emeritus', name: 'Emeritus', min_membership_years: 10, sort_order: 35 })
    .onConflict((oc) => oc.column('code').doUpdateSet({ min_membership_years: 10 }))
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const band of INCOME_BANDS)
    for (const term of [1, 2, 3]) {
      await a.db
        .insertInto('plan_prices')
        .values({
          plan_id: row.id,
          income_band: band,
          term_years: term,
          currency: 'USD',
          amount_minor: 5000 * term,
        })
        .onConflict((oc) => oc.columns(['plan_id', 'income_band', 'term_years', 'currency']).doNothing())
        .execute();
    }
  return row.id;
}

/** A member who paid a term of `planCode` at checkout (so the rest of it has a value). */
async function paidMember(planCode: string, term: 1 | 2 | 3) {
  const m = await member(app);
  const { session } = await payCheckout(stripe, m.client, { planCode, term });
  expect((await sendEvent(app, stripe, 'checkout.session.completed', session)).status).toBe(200);
  return m;
}

/** Stripe keeps times in whole seconds. */
const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

const quoteOf = async (m: Awaited<ReturnType<typeof member>>, code: string, term: 1 | 2 | 3) =>
  (await m.client.trpc.membership.quotes.query()).plans
    .find((p) => p.code === code)!
    .quotes.find((q) => q.term === term)!;

describe('automatic renewal on a 2- or 3-year term (Stripe)', () => {
  it('is set up mid-term: Checkout with trial_end at the term end, nothing charged, and the first yearly charge renews from the term end', async () => {
    // A 2-year term that began a month ago (a 2-year term bought today spans 29 February 2028:
    // 731 days, one more than Stripe schedules, so it can be set up from its second day).
    const m = await member(app);
    const start = new Date(Date.now() - 30 * DAY_MS);
    await grantDirect(app, m.id, plans.regular!, start, addYearsUtc(start, 2));
    const before = await m.client.trpc.membership.status.query();
    expect(before.autoRenew.enabled).toBe(false);

    const started = await m.client.trpc.membership.setupAutoRenew.mutate({});
    const post = stripe
      .posts('/v1/checkout/sessions')
      .find((r) => r.body.client_reference_id === m.id && r.body.mode === 'subscription')!;
    const data = post.body.subscription_data as { trial_end: string; metadata: Record<string, string> };
    expect(Number(data.trial_end)).toBe(Math.floor(before.endsAt!.getTime() / 1000));
    const item = (post.body.line_items as Array<{ price_data: { unit_amount: string } }>)[0]!;
    expect(Number(item.price_data.unit_amount)).toBe(expectedPrice('regular', 'high', 1));
    expect(post.body.payment_method_collection).toBe('always');

    const session = stripe.completeSession(started.sessionId);
    expect(session).toMatchObject({ payment_status: 'no_payment_required', amount_total: 0 });
    expect((await sendEvent(app, stripe, 'checkout.session.completed', session)).status).toBe(200);
    const sub = stripe.subscriptions.get(String(session.subscription))!;
    await sendEvent(app, stripe, 'customer.subscription.created', sub);
    // The $0 first invoice of a trial grants nothing.
    await sendEvent(app, stripe, 'invoice.paid', stripe.invoices.get(String(session.invoice))!);

    const on = await m.client.trpc.membership.status.query();
    expect(on).toMatchObject({
      endsAt: before.endsAt,
      autoRenew: { enabled: true, subscriptionStatus: 'trialing', nextChargeAt: wholeSecond(before.endsAt!) },
    });
    // No payment, no receipt, no extra term: only the switch is recorded.
    expect(await counts(app, m.id)).toMatchObject({ payments: 0, grants: 1 });
    expect(await mailCount(app, m.email, 'membership_receipt')).toBe(0);
    expect((await m.client.trpc.membership.ledger.query()).map((e) => e.kind)).toEqual([
      'joined',
      'auto_renew_on',
    ]);
    expect(
      (await m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId })).state,
    ).toBe('paid');

    // The trial ends at the term end: Stripe's first cycle invoice renews one year from there.
    const renewal = stripe.createInvoice(
      sub.id as string,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
    );
    await sendEvent(app, stripe, 'invoice.paid', renewal);
    expect((await m.client.trpc.membership.status.query()).endsAt).toEqual(addYearsUtc(before.endsAt!, 1));
  });

  it("a 3-year term ending more than 730 days ahead (Stripe's longest trial) says from when it can be set up", async () => {
    const m = await paidMember('regular', 3);
    const error = await expectTrpcError(() => m.client.trpc.membership.setupAutoRenew.mutate({}));
    expect(error.data.appCode).toBe('BAD_INPUT');
    expect(error.message).toMatch(/can be set up from .*at most two years ahead/);
    expect(error.data.fieldErrors?.autoRenew?.[0]).toMatch(/^Available from /);
  });

  it('is refused without a term to renew, or when it is already on', async () => {
    const none = await member(app);
    expect(
      (await expectTrpcError(() => none.client.trpc.membership.setupAutoRenew.mutate({}))).data.appCode,
    ).toBe('CONFLICT');
    const m = await member(app);
    const { session } = await payCheckout(stripe, m.client, {
      planCode: 'regular',
      term: 1,
      autoRenew: true,
    });
    await sendEvent(app, stripe, 'checkout.session.completed', session);
    const again = await expectTrpcError(() => m.client.trpc.membership.setupAutoRenew.mutate({}));
    expect(again.message).toBe('Automatic renewal is already on.');
  });
});

describe('a plan change mid-term', () => {
  it('that shortens the term says so in the quote before payment (2-year Postdoc to 1-year Regular)', async () => {
    const m = await paidMember('postdoc', 2);
    const { endsAt } = await m.client.trpc.membership.status.query();
    const quote = await quoteOf(m, 'regular', 1);
    expect(quote.action).toBe('upgrade');
    expect(quote.endsAt!.getTime()).toBeLessThan(endsAt!.getTime());
    expect(quote.shortensEndFrom).toEqual(endsAt);
    expect(quote.worthMore).toBeNull();
    // A term that ends later does not warn.
    expect((await quoteOf(m, 'regular', 3)).shortensEndFrom).toBeNull();
  });

  it('to a plan the rest of the term pays for more than in full is marked "worth more" with when to switch, for every term', async () => {
    const m = await paidMember('regular', 3);
    const state = await m.client.trpc.membership.status.query();
    const postdoc = (await m.client.trpc.membership.quotes.query()).plans.find((p) => p.code === 'postdoc')!;
    for (const q of postdoc.quotes) {
      expect(q.worthMore).toEqual({ switchFrom: state.renewalOpensAt });
    }
    const refused = await expectTrpcError(() =>
      m.client.trpc.membership.startCheckout.mutate({ planCode: 'postdoc', term: 1 }),
    );
    expect(refused.data.fieldErrors?.planCode).toEqual(['Switch to this plan at renewal']);
  });
});

describe('plan eligibility and career stage', () => {
  it('a new account may not choose Emeritus: the quote explains why and checkout refuses it at the plan field', async () => {
    const m = await member(app);
    const emeritus = (await m.client.trpc.membership.quotes.query()).plans.find(
      (p) => p.code === 'emeritus',
    )!;
    expect(emeritus.minMembershipYears).toBe(10);
    expect(emeritus.eligibility).toEqual({
      eligible: false,
      reason:
        'For members who have held membership for at least 10 years. Your membership so far is less than a year.',
    });
    const error = await expectTrpcError(() =>
      m.client.trpc.membership.startCheckout.mutate({ planCode: 'emeritus', term: 1 }),
    );
    expect(error.data.appCode).toBe('BAD_INPUT');
    expect(error.message).toMatch(/^For members who have held membership for at least 10 years/);
    expect(error.data.fieldErrors?.planCode).toEqual(['Needs at least 10 years of membership']);
  });

  it('a member with ten years held, across two runs, may choose it', async () => {
    const m = await member(app);
    const now = Date.now();
    // 6 years, a lapse of two, then 4 years up to now: 10 years held.
    await grantDirect(
      app,
      m.id,
      plans.regular!,
      new Date(now - 12 * 365.25 * DAY_MS),
      new Date(now - 6 * 365.25 * DAY_MS),
    );
    await grantDirect(
      app,
      m.id,
      plans.regular!,
      new Date(now - 4 * 365.25 * DAY_MS - DAY_MS),
      new Date(now + 30 * DAY_MS),
    );
    const emeritus = (await m.client.trpc.membership.quotes.query()).plans.find(
      (p) => p.code === 'emeritus',
    )!;
    expect(emeritus.eligibility).toEqual({ eligible: true, reason: null });
    const started = await m.client.trpc.membership.startCheckout.mutate({ planCode: 'emeritus', term: 1 });
    expect(started.sessionId).toMatch(/^cs_test/);
  });

  it("the profile's career stage suggests the plan to someone without a membership", async () => {
    await setPlanCareerStages(app, 'postdoc', ['postdoc']);
    const m = await member(app);
    expect((await m.client.trpc.membership.quotes.query()).suggestedPlanCode).toBeNull();
    await setCareerStage(app, m.id, 'postdoc');
    expect((await m.client.trpc.membership.quotes.query()).suggestedPlanCode).toBe('postdoc');
  });
});

describe('a cancelled checkout', () => {
  it('returns to the join page with the same plan and term', async () => {
    const m = await member(app);
    await m.client.trpc.membership.startCheckout.mutate({ planCode: 'postdoc', term: 2 });
    const post = stripe.posts('/v1/checkout/sessions').find((r) => r.body.client_reference_id === m.id)!;
    expect(post.body.cancel_url).toBe(`${TEST_PUBLIC_URL}/membership/join?plan=postdoc&term=2&cancelled=1`);
  });
});

// ---------------------------------------------------------------------------------------------
// Local test mode (no Stripe key): the same setup through the local checkout page.

describe('automatic renewal on a 2-year term (local test mode)', () => {
  const { app: local, plans: localPlans } = withTestApp();

  const pagePath = (url: string) => url.replace(TEST_PUBLIC_URL, '');

  async function payLocally(url: string) {
    const html = await (await fetch(`${local.baseUrl}${pagePath(url)}`)).text();
    const token = html.match(/name="token" value="([^"]+)"/)?.[1];
    const response = await fetch(`${local.baseUrl}${pagePath(url)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token!, action: 'pay' }).toString(),
      redirect: 'manual',
    });
    return { html, response };
  }

  it('confirms the card with nothing to pay, and the subscription first charges at the term end', async () => {
    const m = await member(local);
    const start = new Date(Date.now() - 60 * DAY_MS);
    await grantDirect(local, m.id, localPlans.postdoc!, start, addYearsUtc(start, 2));
    const before = await m.client.trpc.membership.status.query();
    expect(before).toMatchObject({ status: 'active', autoRenew: { enabled: false } });

    const started = await m.client.trpc.membership.setupAutoRenew.mutate({});
    expect(started.testMode).toBe(true);
    const { html, response } = await payLocally(started.url);
    expect(html).toContain('$0.00 today');
    expect(html).toContain(`Then $90.00 a year from ${before.endsAt!.toISOString().slice(0, 10)}`);
    expect(response.status).toBe(303);

    const status = await m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId });
    expect(status).toMatchObject({ state: 'paid', paymentId: null });
    expect(status.membership).toMatchObject({
      endsAt: before.endsAt,
      autoRenew: { enabled: true, subscriptionStatus: 'trialing', nextChargeAt: wholeSecond(before.endsAt!) },
    });
    expect(await counts(local, m.id)).toMatchObject({ payments: 0, grants: 1 });
  });
});
