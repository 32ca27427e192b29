import { TEST_POOL_SIZE } from '@societas/db/testing';
import { describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL, type TestApp } from '../harness.js';
import { eventPayload, StripeStandIn, signPayload } from '../stripe-stand-in.js';
import { member, payCheckout, postWebhook, sendEvent, withTestApp } from './helpers.js';

/**
 * Issue 19 item 1, "the server hangs for good": many concurrent requests on one subscription while
 * the lock holder needs the database again. Before the fix the local gateway read and wrote through
 * the shared pool while its caller held a transaction and the member's (or subscription's) advisory
 * lock on another pooled connection: with every connection held by a request waiting for that lock,
 * the holder waited for a connection forever. Three times the pool size, in both gateway modes:
 * every call is answered and the server is healthy afterwards.
 */
const CALLS = 3 * TEST_POOL_SIZE;
/** Generous on a shared machine; the old code never finishes at all. */
const ANSWERED_WITHIN_MS = 45_000;

async function ready(app: TestApp) {
  return (await fetch(`${app.baseUrl}/ready`)).status;
}

function withinDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what}: not answered within ${ANSWERED_WITHIN_MS} ms`)),
        ANSWERED_WITHIN_MS,
      ),
    ),
  ]);
}

/** Alternating off/on, so the lock holder really calls the gateway (not only the first call). */
async function concurrentSetAutoRenew(m: Awaited<ReturnType<typeof member>>) {
  return withinDeadline(
    Promise.allSettled(
      Array.from({ length: CALLS }, (_, i) =>
        m.client.trpc.membership.setAutoRenew.mutate({ enabled: i % 2 === 1 }),
      ),
    ),
    `${CALLS} concurrent membership.setAutoRenew`,
  );
}

describe('local test mode (no Stripe key)', () => {
  const { app } = withTestApp();

  /** A member who paid for a yearly auto-renewing membership on the local checkout page. */
  async function autoRenewMember() {
    const m = await member(app);
    const started = await m.client.trpc.membership.startCheckout.mutate({
      planCode: 'regular',
      term: 1,
      autoRenew: true,
    });
    const path = started.url.replace(TEST_PUBLIC_URL, '');
    const html = await (await fetch(`${app.baseUrl}${path}`)).text();
    const token = html.match(/name="token" value="([^"]+)"/)![1]!;
    const paid = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, action: 'pay' }).toString(),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const sub = await app.db
      .selectFrom('stripe_subscriptions')
      .select('id')
      .where('user_id', '=', m.id)
      .executeTakeFirstOrThrow();
    return { ...m, subscriptionId: sub.id };
  }

  it(`${CALLS} concurrent setAutoRenew calls on one test-mode subscription are all answered`, async () => {
    const m = await autoRenewMember();
    const results = await concurrentSetAutoRenew(m);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(await ready(app)).toBe(200);
    // The last word is one of the switches, and the portal still answers.
    const status = await m.client.trpc.membership.status.query();
    expect(status.autoRenew.subscriptionStatus).toBe('active');
  });

  it(`${CALLS} concurrent customer.subscription.updated webhooks for one test-mode subscription are all answered`, async () => {
    const m = await autoRenewMember();
    const row = await app.db
      .selectFrom('local_stripe_objects')
      .select('data')
      .where('id', '=', m.subscriptionId)
      .executeTakeFirstOrThrow();
    const secret = app.env.billing.webhookSecret!;
    const responses = await withinDeadline(
      Promise.all(
        Array.from({ length: CALLS }, () => {
          const { payload } = eventPayload(
            'customer.subscription.updated',
            row.data as Record<string, unknown>,
          );
          return postWebhook(app, payload, signPayload(payload, secret));
        }),
      ),
      `${CALLS} concurrent webhooks`,
    );
    expect(responses.map((r) => r.status)).toEqual(Array(CALLS).fill(200));
    expect(await ready(app)).toBe(200);
  });
});

describe('Stripe SDK against the stand-in', () => {
  const stripe = new StripeStandIn();
  const { app } = withTestApp({ stripe });

  async function autoRenewMember() {
    const m = await member(app);
    const { session } = await payCheckout(stripe, m.client, {
      planCode: 'regular',
      term: 1,
      autoRenew: true,
    });
    expect((await sendEvent(app, stripe, 'checkout.session.completed', session)).status).toBe(200);
    return { ...m, subscriptionId: String(session.subscription) };
  }

  it(`${CALLS} concurrent setAutoRenew calls on one subscription are all answered`, async () => {
    const m = await autoRenewMember();
    const results = await concurrentSetAutoRenew(m);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(await ready(app)).toBe(200);
    expect((await m.client.trpc.membership.status.query()).autoRenew.subscriptionStatus).toBe('active');
  });

  it(`${CALLS} concurrent customer.subscription.updated webhooks for one subscription are all answered`, async () => {
    const m = await autoRenewMember();
    const sub = stripe.subscriptions.get(m.subscriptionId)!;
    const responses = await withinDeadline(
      Promise.all(
        Array.from({ length: CALLS }, () => sendEvent(app, stripe, 'customer.subscription.updated', sub)),
      ),
      `${CALLS} concurrent webhooks`,
    );
    expect(responses.map((r) => r.status)).toEqual(Array(CALLS).fill(200));
    expect(await ready(app)).toBe(200);
  });
});
