import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/env.js';
import { startTestApp } from '../harness.js';
import { eventPayload, StripeStandIn, signPayload } from '../stripe-stand-in.js';
import {
  counts,
  member,
  payCheckout,
  postWebhook,
  sendEvent,
  stripeEventCount,
  withTestApp,
} from './helpers.js';

const stripe = new StripeStandIn();
const secret = () => stripe.env().STRIPE_WEBHOOK_SECRET;

// docs/reliability.md P12: every POST this file makes to Stripe carries an Idempotency-Key (checked after the tests).
const { app } = withTestApp({ stripe, checkIdempotencyKeys: true });

/** A real, paid session of ours, so only the signature decides whether it is fulfilled. */
async function paidSessionEvent() {
  const m = await member(app);
  const { session } = await payCheckout(stripe, m.client, { planCode: 'regular', term: 1 });
  return { m, ...eventPayload('checkout.session.completed', session) };
}

async function expectNothingWritten(userId: string) {
  expect(await counts(app, userId)).toEqual({ payments: 0, grants: 0, events: 0 });
}

describe('webhook signature (docs/reliability.md P1)', () => {
  it('missing signature: 400, nothing written', async () => {
    const { m, payload } = await paidSessionEvent();
    const before = await stripeEventCount(app);
    expect((await postWebhook(app, payload)).status).toBe(400);
    await expectNothingWritten(m.id);
    expect(await stripeEventCount(app)).toBe(before);
  });

  it('signed with the wrong secret: 400, nothing written', async () => {
    const { m, payload } = await paidSessionEvent();
    const response = await postWebhook(app, payload, signPayload(payload, 'whsec_not_the_right_one'));
    expect(response.status).toBe(400);
    await expectNothingWritten(m.id);
  });

  it('tampered body (amount changed after signing): 400, nothing written', async () => {
    const { m, payload } = await paidSessionEvent();
    const signature = signPayload(payload, secret());
    const tampered = payload.replace(/"amount_total":\d+/, '"amount_total":1');
    expect(tampered).not.toBe(payload);
    expect((await postWebhook(app, tampered, signature)).status).toBe(400);
    await expectNothingWritten(m.id);
  });

  it('only the raw bytes verify: a parsed and re-serialised body fails', async () => {
    const { m, payload } = await paidSessionEvent();
    const signature = signPayload(payload, secret());
    const reserialised = JSON.stringify(JSON.parse(payload), null, 2);
    expect((await postWebhook(app, reserialised, signature)).status).toBe(400);
    await expectNothingWritten(m.id);
    // The same bytes as signed do verify.
    expect((await postWebhook(app, payload, signature)).status).toBe(200);
    expect((await counts(app, m.id)).payments).toBe(1);
  });

  it('a signature older than 300 s is refused; 299 s is accepted', async () => {
    const { m, payload } = await paidSessionEvent();
    const old = Math.floor(Date.now() / 1000) - 301;
    expect((await postWebhook(app, payload, signPayload(payload, secret(), old))).status).toBe(400);
    await expectNothingWritten(m.id);
    const recent = Math.floor(Date.now() / 1000) - 299;
    expect((await postWebhook(app, payload, signPayload(payload, secret(), recent))).status).toBe(200);
  });

  it('a live-mode event at a test-mode installation is refused (docs/reliability.md P19)', async () => {
    const m = await member(app);
    const { session } = await payCheckout(stripe, m.client, { planCode: 'regular', term: 1 });
    const response = await sendEvent(
      app,
      stripe,
      'checkout.session.completed',
      { ...session, livemode: true },
      { livemode: true },
    );
    expect(response.status).toBe(400);
    await expectNothingWritten(m.id);
  });

  it('a JSON body with a malformed signature header: 400, nothing written', async () => {
    const before = await stripeEventCount(app);
    const { payload } = eventPayload('product.created', { id: 'prod_x', object: 'product' });
    const response = await postWebhook(app, payload, 'garbage');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'Invalid signature.' });
    expect(await stripeEventCount(app)).toBe(before);
  });
});

describe('test and live secrets kept apart (docs/reliability.md P19)', () => {
  const base = {
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    PUBLIC_URL: 'https://members.example.org',
    DATABASE_URL: 'postgres://localhost/x',
  };

  it('an sk_live_ key is refused unless NODE_ENV=production', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(() => parseEnv({ ...base, NODE_ENV, STRIPE_SECRET_KEY: 'sk_live_abc' })).toThrow(
        /sk_live_\) is only accepted with NODE_ENV=production/,
      );
    }
    const live = parseEnv({
      ...base,
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_live',
    });
    expect(live.billing).toMatchObject({ mode: 'stripe', livemode: true });
    expect(parseEnv({ ...base, NODE_ENV: 'test', STRIPE_SECRET_KEY: 'sk_test_abc' }).billing.livemode).toBe(
      false,
    );
    // Production with a key needs the webhook secret, and never talks to a stand-in.
    expect(() => parseEnv({ ...base, NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_abc' })).toThrow(
      /STRIPE_WEBHOOK_SECRET is required/,
    );
  });

  it('a test-mode event at a live installation is refused (400), nothing written', async () => {
    const live = await startTestApp({
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_standin',
      STRIPE_WEBHOOK_SECRET: 'whsec_live_installation',
    });
    try {
      expect(live.env.billing.livemode).toBe(true);
      const { payload } = eventPayload(
        'checkout.session.completed',
        { id: 'cs_test_x', object: 'checkout.session', livemode: false },
        { livemode: false },
      );
      const response = await postWebhook(live, payload, signPayload(payload, 'whsec_live_installation'));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'Event mode does not match this installation.' });
      const marks = await live.db.selectFrom('stripe_events').select('id').execute();
      expect(marks).toHaveLength(0);
      // The same event in live mode is accepted (2xx; a foreign session, so ignored).
      const liveEvent = eventPayload(
        'checkout.session.completed',
        { id: 'cs_live_x', object: 'checkout.session', livemode: true, metadata: {} },
        { livemode: true },
      );
      const ok = await postWebhook(
        live,
        liveEvent.payload,
        signPayload(liveEvent.payload, 'whsec_live_installation'),
      );
      expect(ok.status).toBe(200);
    } finally {
      await live.close();
    }
  });
});

describe('events that are not ours (docs/reliability.md P15)', () => {
  it('a checkout session of another product: 2xx, ignored, no revenue, no mark', async () => {
    const before = await stripeEventCount(app);
    const foreign = {
      id: 'cs_test_foreign',
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      amount_total: 99900,
      currency: 'usd',
      metadata: { shop_order: '123' },
      client_reference_id: null,
      livemode: false,
    };
    const response = await sendEvent(app, stripe, 'checkout.session.completed', foreign);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ result: 'ignored' });
    expect(await stripeEventCount(app)).toBe(before);
    const payments = await app.db
      .selectFrom('payments')
      .select('id')
      .where('stripe_checkout_session_id', '=', 'cs_test_foreign')
      .execute();
    expect(payments).toHaveLength(0);
  });

  it('invoices of foreign subscriptions, foreign charges and unknown event types: 2xx ignored', async () => {
    const invoice = {
      id: 'in_foreign',
      object: 'invoice',
      billing_reason: 'subscription_cycle',
      amount_paid: 5000,
      currency: 'usd',
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: 'sub_foreign', metadata: {} },
      },
    };
    expect((await sendEvent(app, stripe, 'invoice.paid', invoice)).body).toMatchObject({ result: 'ignored' });
    const charge = { id: 'ch_foreign', object: 'charge', payment_intent: 'pi_foreign', amount_refunded: 500 };
    expect((await sendEvent(app, stripe, 'charge.refunded', charge)).body).toMatchObject({
      result: 'ignored',
    });
    expect(
      (await sendEvent(app, stripe, 'product.created', { id: 'prod_x', object: 'product' })).status,
    ).toBe(200);
    const sub = {
      id: 'sub_foreign',
      object: 'subscription',
      status: 'active',
      metadata: {},
      customer: 'cus_x',
    };
    expect((await sendEvent(app, stripe, 'customer.subscription.updated', sub)).body).toMatchObject({
      result: 'ignored',
    });
  });
});
