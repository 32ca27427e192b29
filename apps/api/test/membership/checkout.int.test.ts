import { sql } from '@societas/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileOpenCheckouts, systemBillingContext } from '../../src/modules/billing/index.js';
import { addYearsUtc, DAY_MS } from '../../src/modules/membership/membership.rules.js';
import { expectTrpcError, makeUser, signedInClient, startTestApp, type TestApp } from '../harness.js';
import { eventPayload, StripeStandIn } from '../stripe-stand-in.js';
import {
  counts,
  expectedPrice,
  grantDirect,
  mailCount,
  member,
  payCheckout,
  redeliver,
  revenue,
  seedPlans,
  sendEvent,
  withTestApp,
} from './helpers.js';

const stripe = new StripeStandIn();

// docs/reliability.md P12: every POST this file makes to Stripe carries an Idempotency-Key (checked after the tests).
const { app, plans } = withTestApp({ stripe, checkIdempotencyKeys: true });

describe('prices by band and term', () => {
  it('quotes each plan and term at the member country band, with the reason', async () => {
    const m = await member(app, 'IN'); // India: lower-middle income
    const quotes = await m.client.trpc.membership.quotes.query();
    expect(quotes).toMatchObject({ band: 'lower_middle', countryCode: 'IN', notice: null, currency: 'USD' });
    const student = quotes.plans.find((p) => p.code === 'student')!;
    expect(student.quotes.map((q) => [q.term, q.amountMinor])).toEqual([
      [1, expectedPrice('student', 'lower_middle', 1)],
      [2, expectedPrice('student', 'lower_middle', 2)],
      [3, expectedPrice('student', 'lower_middle', 3)],
    ]);
    expect(student.quotes[0]).toMatchObject({
      band: 'lower_middle',
      discountPercent: 60,
      reason: 'Lower-middle income country: 60% off',
      action: 'join',
      creditMinor: 0,
    });
    const lifetime = quotes.plans.find((p) => p.code === 'lifetime')!;
    expect(lifetime.quotes).toEqual([expect.objectContaining({ term: 'lifetime', endsAt: null })]);
  });

  it('every band gets its own price', async () => {
    for (const [country, band] of [
      ['DE', 'high'],
      ['BR', 'upper_middle'],
      ['KE', 'lower_middle'],
      ['UG', 'low'],
    ] as const) {
      const m = await member(app, country);
      const q = await m.client.trpc.membership.quotes.query();
      expect(q.band).toBe(band);
      expect(q.plans.find((p) => p.code === 'regular')!.quotes.find((x) => x.term === 2)!.amountMinor).toBe(
        expectedPrice('regular', band, 2),
      );
    }
  });

  it('no country of work: the high band and a notice asking to set it', async () => {
    const m = await member(app, null);
    const q = await m.client.trpc.membership.quotes.query();
    expect(q.band).toBe('high');
    expect(q.notice).toMatch(/country of work/i);
  });

  it('an admin-edited country band changes the price', async () => {
    const admin = await member(app, 'US', 'admin');
    const m = await member(app, 'CL'); // Chile: high by default
    await admin.client.trpc.membershipAdmin.setCountryBand.mutate({
      countryCode: 'CL',
      band: 'upper_middle',
    });
    expect((await m.client.trpc.membership.quotes.query()).band).toBe('upper_middle');
  });
});

describe('checkout and fulfilment', () => {
  it('creates a Checkout Session for our user with the band price; a double click makes one Customer and one Session (docs/reliability.md P12)', async () => {
    const m = await member(app, 'KE');
    const [a, b] = await Promise.all([
      m.client.trpc.membership.startCheckout.mutate({ planCode: 'student', term: 1 }),
      m.client.trpc.membership.startCheckout.mutate({ planCode: 'student', term: 1 }),
    ]);
    expect(a.sessionId).toBe(b.sessionId);
    expect(a.url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    expect(a.testMode).toBe(false);
    const c = await m.client.trpc.membership.startCheckout.mutate({ planCode: 'student', term: 1 });
    expect(c.sessionId).toBe(a.sessionId);

    const sessionPosts = stripe
      .posts('/v1/checkout/sessions')
      .filter((r) => r.body.client_reference_id === m.id);
    expect(new Set(sessionPosts.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(sessionPosts.every((r) => r.idempotencyKey?.startsWith('checkout:'))).toBe(true);
    expect(stripe.sessions.size).toBeGreaterThan(0);
    const created = [...stripe.sessions.values()].filter((s) => s.client_reference_id === m.id);
    expect(created).toHaveLength(1);
    const customers = stripe
      .posts('/v1/customers')
      .filter((r) => (r.body.metadata as Record<string, string>)?.societas_user_id === m.id);
    expect(new Set(customers.map((r) => r.idempotencyKey))).toEqual(new Set([`customer:${m.id}`]));
    expect(
      [...stripe.customers.values()].filter(
        (c) => (c.metadata as Record<string, string>).societas_user_id === m.id,
      ),
    ).toHaveLength(1);

    const body = sessionPosts[0]!.body as {
      line_items: Array<{ price_data: { unit_amount: string; currency: string } }>;
      metadata: Record<string, string>;
      customer: string;
    };
    expect(Number(body.line_items[0]!.price_data.unit_amount)).toBe(
      expectedPrice('student', 'lower_middle', 1),
    );
    expect(body.metadata.societas_user_id).toBe(m.id);
    expect(body.customer).toMatch(/^cus_/);
  });

  it('5 concurrent deliveries of one event: one payment, one grant, one email, one mark (docs/reliability.md P2)', async () => {
    const m = await member(app);
    const { session } = await payCheckout(stripe, m.client, { planCode: 'regular', term: 1 });
    const { payload } = eventPayload('checkout.session.completed', session);
    const responses = await Promise.all(Array.from({ length: 5 }, () => redeliver(app, stripe, payload)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses.filter((r) => r.body?.result === 'processed')).toHaveLength(1);
    expect(await counts(app, m.id)).toEqual({ payments: 1, grants: 1, events: 1 });
    expect(await mailCount(app, m.email, 'membership_receipt')).toBe(1);
    const status = await m.client.trpc.membership.status.query();
    expect(status).toMatchObject({ status: 'active', planCode: 'regular' });
  });

  it('the dedup mark commits with the effects: a failed handling leaves no mark and the redelivery succeeds (docs/reliability.md P3)', async () => {
    const m = await member(app);
    const { session } = await payCheckout(stripe, m.client, { planCode: 'regular', term: 1 });
    const { id, payload } = eventPayload('checkout.session.completed', session);
    // Make the ledger write fail once, after the payment row and the mark were written.
    await sql`CREATE OR REPLACE FUNCTION fail_ledger() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger down'; END $$ LANGUAGE plpgsql`.execute(
      app.db,
    );
    await sql`CREATE TRIGGER fail_ledger BEFORE INSERT ON membership_events FOR EACH ROW EXECUTE FUNCTION fail_ledger()`.execute(
      app.db,
    );
    try {
      const failed = await redeliver(app, stripe, payload);
      expect(failed.status).toBe(500);
    } finally {
      await sql`DROP TRIGGER fail_ledger ON membership_events`.execute(app.db);
    }
    expect(await app.db.selectFrom('stripe_events').select('id').where('id', '=', id).execute()).toHaveLength(
      0,
    );
    expect(await counts(app, m.id)).toEqual({ payments: 0, grants: 0, events: 0 });
    const retried = await redeliver(app, stripe, payload);
    expect(retried).toMatchObject({ status: 200, body: { result: 'processed' } });
    expect(await counts(app, m.id)).toEqual({ payments: 1, grants: 1, events: 1 });
  });

  it('an event whose record does not exist yet gets a non-2xx so Stripe retries (docs/reliability.md P4)', async () => {
    const m = await makeUser(app);
    const session = {
      id: 'cs_test_unknown_attempt',
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      amount_total: 19500,
      currency: 'usd',
      client_reference_id: m.id,
      metadata: { societas_attempt_id: '00000000-0000-4000-8000-000000000000', societas_user_id: m.id },
      livemode: false,
    };
    const response = await sendEvent(app, stripe, 'checkout.session.completed', session);
    expect(response.status).toBe(409);
    expect(
      await app.db.selectFrom('stripe_events').select('id').where('id', '=', response.id).execute(),
    ).toHaveLength(0);

    const invoice = {
      id: 'in_before_link',
      object: 'invoice',
      billing_reason: 'subscription_cycle',
      amount_paid: 19500,
      currency: 'usd',
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: 'sub_not_linked', metadata: { societas_user_id: m.id } },
      },
    };
    expect((await sendEvent(app, stripe, 'invoice.paid', invoice)).status).toBe(409);
  });

  it('the return page racing the webhook: either activates, neither twice (docs/reliability.md P8)', async () => {
    const m = await member(app);
    const { session, started } = await payCheckout(stripe, m.client, { planCode: 'regular', term: 2 });
    const { payload } = eventPayload('checkout.session.completed', session);
    const [page1, hook, page2] = await Promise.all([
      m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId }),
      redeliver(app, stripe, payload),
      m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId }),
    ]);
    expect(hook.status).toBe(200);
    expect(page1.state).toBe('paid');
    expect(page2.state).toBe('paid');
    expect(page1.paymentId).toBe(page2.paymentId);
    expect(page1.receiptNumber).toMatch(/^R\d{8}$/);
    expect(await counts(app, m.id)).toEqual({ payments: 1, grants: 1, events: 1 });
    expect(await mailCount(app, m.email, 'membership_receipt')).toBe(1);
  });

  it('the return page alone activates (webhook never arrives)', async () => {
    const m = await member(app);
    const { started } = await payCheckout(stripe, m.client, { planCode: 'regular', term: 1 });
    const status = await m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId });
    expect(status).toMatchObject({ state: 'paid', membership: { status: 'active' } });
  });

  it("another member cannot read or fulfil someone else's checkout", async () => {
    const a = await member(app);
    const b = await member(app);
    const { started } = await payCheckout(stripe, a.client, { planCode: 'regular', term: 1 });
    const error = await expectTrpcError(() =>
      b.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId }),
    );
    expect(error.data.appCode).toBe('NOT_FOUND');
    expect(await counts(app, a.id)).toEqual({ payments: 0, grants: 0, events: 0 });
  });

  it('completed but unpaid does not activate; async success does; async failure never grants (docs/reliability.md P9)', async () => {
    const m = await member(app);
    const { session, started } = await payCheckout(
      stripe,
      m.client,
      { planCode: 'regular', term: 1 },
      { paymentStatus: 'unpaid' },
    );
    expect((await sendEvent(app, stripe, 'checkout.session.completed', session)).status).toBe(200);
    expect(await counts(app, m.id)).toMatchObject({ payments: 0, grants: 0 });
    expect(
      (await m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId })).state,
    ).toBe('processing');
    expect((await m.client.trpc.membership.status.query()).status).toBe('none');

    const settled = stripe.settleSession(started.sessionId);
    expect(
      (await sendEvent(app, stripe, 'checkout.session.async_payment_succeeded', settled)).body,
    ).toMatchObject({ result: 'processed' });
    expect(await counts(app, m.id)).toMatchObject({ payments: 1, grants: 1 });

    const other = await member(app);
    const failed = await payCheckout(
      stripe,
      other.client,
      { planCode: 'regular', term: 1 },
      { paymentStatus: 'unpaid' },
    );
    await sendEvent(app, stripe, 'checkout.session.completed', failed.session);
    const failure = await sendEvent(app, stripe, 'checkout.session.async_payment_failed', failed.session);
    expect(failure.status).toBe(200);
    await redeliver(app, stripe, failure.payload);
    await sendEvent(app, stripe, 'checkout.session.async_payment_failed', failed.session);
    // One failed payment (for the failed-payment recovery report: never money, no paid date), no term.
    expect(await counts(app, other.id)).toMatchObject({ payments: 1, grants: 0 });
    const failedRows = await app.db
      .selectFrom('payments')
      .select(['status', 'amount_minor', 'paid_at', 'term_years', 'stripe_checkout_session_id'])
      .where('user_id', '=', other.id)
      .execute();
    expect(failedRows).toEqual([
      {
        status: 'failed',
        amount_minor: expectedPrice('regular', 'high', 1),
        paid_at: null,
        term_years: 1,
        stripe_checkout_session_id: null,
      },
    ]);
    // The member's own payment history shows nothing new (they are told by the checkout page and email).
    expect(await other.client.trpc.membership.payments.query()).toEqual([]);
    expect(
      (await other.client.trpc.membership.checkoutStatus.query({ sessionId: failed.started.sessionId }))
        .state,
    ).toBe('failed');
    expect(await mailCount(app, other.email, 'membership_payment_failed')).toBe(1);
  });

  it('a late failure for an older checkout does not downgrade a membership paid by a newer one (docs/reliability.md P7)', async () => {
    const m = await member(app);
    const older = await m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 });
    const newer = await payCheckout(stripe, m.client, { planCode: 'regular', term: 2 });
    await sendEvent(app, stripe, 'checkout.session.completed', newer.session);
    const before = await m.client.trpc.membership.status.query();
    expect(before.status).toBe('active');
    await sendEvent(app, stripe, 'checkout.session.async_payment_failed', stripe.session(older.sessionId));
    await sendEvent(app, stripe, 'checkout.session.expired', stripe.session(older.sessionId));
    expect(await m.client.trpc.membership.status.query()).toEqual(before);
  });

  it('term arithmetic: an early renewal extends from the current end; after lapse from the payment date (docs/reliability.md P14)', async () => {
    const early = await member(app);
    const end = new Date(Date.now() + 20 * DAY_MS);
    await grantDirect(app, early.id, plans.regular!, new Date(end.getTime() - 365 * DAY_MS), end);
    expect((await early.client.trpc.membership.status.query()).status).toBe('renewal_window');
    const renewal = await payCheckout(stripe, early.client, { planCode: 'regular', term: 1 });
    await sendEvent(app, stripe, 'checkout.session.completed', renewal.session);
    const after = await early.client.trpc.membership.status.query();
    expect(after.endsAt).toEqual(addYearsUtc(end, 1));
    expect((await early.client.trpc.membership.ledger.query()).at(-1)).toMatchObject({
      kind: 'renewed',
      startsAt: end,
    });

    const lapsed = await member(app);
    const oldEnd = new Date(Date.now() - 45 * DAY_MS);
    await grantDirect(app, lapsed.id, plans.regular!, new Date(oldEnd.getTime() - 365 * DAY_MS), oldEnd);
    expect((await lapsed.client.trpc.membership.status.query()).status).toBe('lapsed');
    const t0 = Date.now();
    const rejoin = await payCheckout(stripe, lapsed.client, { planCode: 'regular', term: 1 });
    await sendEvent(app, stripe, 'checkout.session.completed', rejoin.session);
    const last = (await lapsed.client.trpc.membership.ledger.query()).at(-1)!;
    expect(last.kind).toBe('joined');
    expect(last.startsAt!.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    expect(last.endsAt).toEqual(addYearsUtc(last.startsAt!, 1));
  });

  it('receipts: the payer and admins may read one, another member may not', async () => {
    const a = await member(app);
    const b = await member(app);
    const admin = await member(app, 'US', 'admin');
    const paid = await payCheckout(stripe, a.client, { planCode: 'regular', term: 1 });
    await sendEvent(app, stripe, 'checkout.session.completed', paid.session);
    const [payment] = await a.client.trpc.membership.payments.query();
    const receipt = await a.client.trpc.membership.receipt.query({ paymentId: payment!.id });
    expect(receipt).toMatchObject({
      receiptNumber: payment!.receiptNumber,
      amountMinor: expectedPrice('regular', 'high', 1),
      currency: 'USD',
      payerEmail: a.email,
      planName: 'Regular',
      termYears: 1,
    });
    expect(receipt.periodEndsAt).toEqual(addYearsUtc(receipt.periodStartsAt!, 1));
    expect((await admin.client.trpc.membership.receipt.query({ paymentId: payment!.id })).id).toBe(
      payment!.id,
    );
    const denied = await expectTrpcError(() =>
      b.client.trpc.membership.receipt.query({ paymentId: payment!.id }),
    );
    expect(denied.data.appCode).toBe('NOT_FOUND');
    const card = await a.client.trpc.membership.card.query();
    expect(card).toMatchObject({ planName: 'Regular', status: 'active', isLifetime: false });
    expect(card.memberNumber).toBeGreaterThan(100000);
  });

  it('anonymous callers get UNAUTHENTICATED and nothing is created', async () => {
    const anon = app.client();
    const error = await expectTrpcError(() =>
      anon.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 }),
    );
    expect(error.data.appCode).toBe('UNAUTHENTICATED');
  });

  it('field-level: checkout ignores price, status or user fields in the payload', async () => {
    const m = await member(app);
    const started = await m.client.trpc.membership.startCheckout.mutate({
      planCode: 'regular',
      term: 1,
      // @ts-expect-error not part of the input: must be stripped, not trusted
      amountMinor: 1,
      userId: 'someone-else',
    });
    expect(stripe.session(started.sessionId)).toMatchObject({
      amount_total: expectedPrice('regular', 'high', 1),
      client_reference_id: m.id,
    });
  });

  it('reconciliation: with webhooks off, a completed payment is found and fulfilled once (docs/reliability.md P18)', async () => {
    const m = await member(app);
    await payCheckout(stripe, m.client, { planCode: 'regular', term: 1 });
    const later = new Date(Date.now() + 5 * 60 * 1000);
    const first = await reconcileOpenCheckouts(systemBillingContext(app, 'test', later));
    expect(first.fulfilled).toBeGreaterThanOrEqual(1);
    await reconcileOpenCheckouts(systemBillingContext(app, 'test', later));
    expect(await counts(app, m.id)).toMatchObject({ payments: 1, grants: 1 });
  });
});

describe('amount mismatches', () => {
  it('a session that charged another amount than our price is fulfilled and flagged for admins; a promotion-code discount is not flagged', async () => {
    const m = await member(app);
    const started = await m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 });
    const price = expectedPrice('regular', 'high', 1);
    stripe.completeSession(started.sessionId, { amountTotal: price - 700 });
    // Webhooks lost: the nightly reconciliation finds the paid session.
    await reconcileOpenCheckouts(systemBillingContext(app, 'test', new Date(Date.now() + 5 * 60 * 1000)));
    expect(await counts(app, m.id)).toMatchObject({ payments: 1, grants: 1 });
    const [payment] = await m.client.trpc.membership.payments.query();
    expect(payment!.amountMinor).toBe(price - 700); // what Stripe charged is what we record

    const admin = await member(app, 'US', 'admin');
    const { paymentFlags } = await admin.client.trpc.admin.overview.query();
    expect(paymentFlags.find((f) => f.paymentId === payment!.id)).toMatchObject({
      userId: m.id,
      expectedMinor: price,
      chargedMinor: price - 700,
      currency: 'USD',
    });

    // A promotion code's discount is Stripe's to give: recorded as charged, not flagged.
    const promo = await member(app);
    const promoStarted = await promo.client.trpc.membership.startCheckout.mutate({
      planCode: 'regular',
      term: 1,
    });
    stripe.completeSession(promoStarted.sessionId, { promotionDiscount: 2000 });
    await reconcileOpenCheckouts(systemBillingContext(app, 'test', new Date(Date.now() + 5 * 60 * 1000)));
    expect(await counts(app, promo.id)).toMatchObject({ payments: 1, grants: 1 });
    const [promoPayment] = await promo.client.trpc.membership.payments.query();
    expect(promoPayment!.amountMinor).toBe(price - 2000);
    const withPromo = await admin.client.trpc.admin.overview.query();
    expect(withPromo.paymentFlags.some((f) => f.paymentId === promoPayment!.id)).toBe(false);

    // A correctly charged payment is not flagged.
    const ok = await member(app);
    const okStarted = await ok.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 });
    stripe.completeSession(okStarted.sessionId);
    await reconcileOpenCheckouts(systemBillingContext(app, 'test', new Date(Date.now() + 5 * 60 * 1000)));
    const [okPayment] = await ok.client.trpc.membership.payments.query();
    const after = await admin.client.trpc.admin.overview.query();
    expect(after.paymentFlags.some((f) => f.paymentId === okPayment!.id)).toBe(false);
  });
});

describe('money', () => {
  it('revenue = paid - refunds; replaying every event (duplicates too) leaves it unchanged (docs/reliability.md P17)', async () => {
    const m = await member(app);
    const delivered: string[] = [];
    for (const term of [1, 2] as const) {
      const paid = await payCheckout(stripe, m.client, { planCode: 'regular', term });
      delivered.push((await sendEvent(app, stripe, 'checkout.session.completed', paid.session)).payload);
    }
    const payments = await m.client.trpc.membership.payments.query();
    const refundedPi = await app.db
      .selectFrom('payments')
      .select('stripe_payment_intent_id')
      .where('id', '=', payments[0]!.id)
      .executeTakeFirstOrThrow();
    delivered.push(
      (
        await sendEvent(
          app,
          stripe,
          'charge.refunded',
          stripe.refundInDashboard(refundedPi.stripe_payment_intent_id!, 1000),
        )
      ).payload,
    );
    const before = await revenue(app);
    for (const payload of [...delivered, ...delivered]) await redeliver(app, stripe, payload);
    expect(await revenue(app)).toBe(before);
    const total = (await m.client.trpc.membership.payments.query()).reduce(
      (s, p) => s + p.amountMinor - p.refundedMinor,
      0,
    );
    expect(total).toBe(expectedPrice('regular', 'high', 1) + expectedPrice('regular', 'high', 2) - 1000);
  });
});

describe('zero-decimal currency (docs/reliability.md P16)', () => {
  let jpy: TestApp;
  beforeAll(async () => {
    jpy = await startTestApp(stripe.env({ MEMBERSHIP_CURRENCY: 'JPY' }));
    await seedPlans(jpy, 'JPY');
  });
  afterAll(async () => {
    await jpy?.close();
  });

  it('JPY is charged 1x: unit_amount equals the stored yen and the receipt shows yen', async () => {
    const user = await makeUser(jpy);
    await jpy.db.insertInto('member_profiles').values({ user_id: user.id, country_code: 'JP' }).execute();
    const client = await signedInClient(jpy, user);
    const quote = (await client.trpc.membership.quotes.query()).plans.find((p) => p.code === 'regular')!
      .quotes[0]!;
    expect(quote).toMatchObject({ currency: 'JPY', amountMinor: expectedPrice('regular', 'high', 1, 'JPY') });
    const started = await client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 });
    const post = stripe.posts('/v1/checkout/sessions').find((r) => r.body.client_reference_id === user.id)!;
    const item = (
      post.body.line_items as Array<{ price_data: { unit_amount: string; currency: string } }>
    )[0]!;
    expect(item.price_data).toMatchObject({ currency: 'jpy', unit_amount: String(quote.amountMinor) });
    const session = stripe.completeSession(started.sessionId);
    const { payload } = eventPayload('checkout.session.completed', session);
    const { signPayload } = await import('../stripe-stand-in.js');
    const res = await fetch(`${jpy.baseUrl}/api/stripe/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signPayload(payload, stripe.env().STRIPE_WEBHOOK_SECRET),
      },
      body: payload,
    });
    expect(res.status).toBe(200);
    const [payment] = await client.trpc.membership.payments.query();
    expect(payment).toMatchObject({ amountMinor: quote.amountMinor, currency: 'JPY' });
    const mail = await jpy.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', user.email)
      .where('kind', '=', 'membership_receipt')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(`¥${quote.amountMinor.toLocaleString('en-US')}`);
  });
});
