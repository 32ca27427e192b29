import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addYearsUtc } from '../../src/modules/membership/membership.rules.js';
import { expectTrpcError, TEST_PUBLIC_URL } from '../harness.js';
import { eventPayload, signPayload } from '../stripe-stand-in.js';
import { counts, expectedPrice, mailCount, member, postWebhook, withTestApp } from './helpers.js';

/**
 * No STRIPE_SECRET_KEY (a fresh machine): the local test-mode checkout page stands in for Stripe
 * and delivers signed events through the same webhook route.
 */
const { app } = withTestApp();

const pagePath = (url: string) => url.replace(TEST_PUBLIC_URL, '');

async function openCheckout(url: string) {
  const response = await fetch(`${app.baseUrl}${pagePath(url)}`);
  const html = await response.text();
  const token = html.match(/name="token" value="([^"]+)"/)?.[1];
  return { status: response.status, html, token };
}

async function submit(url: string, fields: Record<string, string>) {
  return fetch(`${app.baseUrl}${pagePath(url)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('local test-mode checkout', () => {
  it('a student from a lower-middle income country joins, pays on the local page, and is active with receipt and card; an admin refunds it', async () => {
    const m = await member(app, 'NG'); // Nigeria: lower-middle income
    const quote = (await m.client.trpc.membership.quotes.query()).plans.find((p) => p.code === 'student')!
      .quotes[0]!;
    expect(quote.reason).toBe('Lower-middle income country: 60% off');

    const started = await m.client.trpc.membership.startCheckout.mutate({ planCode: 'student', term: 1 });
    expect(started.testMode).toBe(true);
    expect(started.url).toBe(`${TEST_PUBLIC_URL}/billing/local-checkout/${started.sessionId}`);

    const page = await openCheckout(started.url);
    expect(page.status).toBe(200);
    expect(page.html).toContain('TEST MODE — no real payment');
    expect(page.html).toContain('$20.00');
    expect(page.token).toBeDefined();

    // Before paying, the return page says "open" and nothing is granted.
    expect(
      (await m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId })).state,
    ).toBe('open');

    const paid = await submit(started.url, { token: page.token!, action: 'pay' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(
      `${TEST_PUBLIC_URL}/membership/checkout/return?session_id=${started.sessionId}`,
    );

    const status = await m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId });
    expect(status.state).toBe('paid');
    expect(status.membership).toMatchObject({ status: 'active', planCode: 'student' });
    expect(status.membership.endsAt).toEqual(addYearsUtc(status.membership.memberSince!, 1));
    const [payment] = await m.client.trpc.membership.payments.query();
    expect(payment).toMatchObject({
      amountMinor: expectedPrice('student', 'lower_middle', 1),
      status: 'paid',
    });
    const receipt = await m.client.trpc.membership.receipt.query({ paymentId: payment!.id });
    expect(receipt.periodEndsAt).toEqual(status.membership.endsAt);
    expect(await mailCount(app, m.email, 'membership_receipt')).toBe(1);
    expect((await m.client.trpc.membership.card.query()).validUntil).toEqual(status.membership.endsAt);

    // Paying twice (back button, resubmitted form) changes nothing.
    const again = await submit(started.url, { token: page.token!, action: 'pay' });
    expect(again.status).toBe(303);
    expect(await counts(app, m.id)).toMatchObject({ payments: 1, grants: 1 });

    const admin = await member(app, 'US', 'admin');
    const refund = await admin.client.trpc.membershipAdmin.refund.mutate({
      requestKey: randomUUID(),
      paymentId: payment!.id,
      reason: 'Joined by mistake',
      endMembership: true,
    });
    expect(refund).toMatchObject({ status: 'refunded', refundId: expect.stringMatching(/^re_local_/) });
    const detail = await admin.client.trpc.membershipAdmin.member.query({ userId: m.id });
    expect(detail.ledger.map((e) => e.kind)).toEqual(['joined', 'refunded']);
    expect(detail.membership.status).toBe('lapsed');
  });

  it('declining grants nothing and returns to the join page with the same plan and term chosen', async () => {
    const m = await member(app, 'NG');
    const started = await m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 });
    const page = await openCheckout(started.url);
    const declined = await submit(started.url, { token: page.token!, action: 'decline' });
    expect(declined.headers.get('location')).toBe(
      `${TEST_PUBLIC_URL}/membership/join?plan=regular&term=1&cancelled=1`,
    );
    expect(await counts(app, m.id)).toMatchObject({ payments: 0, grants: 0 });
    expect(
      (await m.client.trpc.membership.checkoutStatus.query({ sessionId: started.sessionId })).state,
    ).toBe('expired');
  });

  it('a form post without the per-session token (a cross-site form) is refused', async () => {
    const m = await member(app, 'NG');
    const started = await m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 2 });
    expect((await submit(started.url, { action: 'pay' })).status).toBe(403);
    expect((await submit(started.url, { token: 'guess', action: 'pay' })).status).toBe(403);
    expect(await counts(app, m.id)).toMatchObject({ payments: 0, grants: 0 });
  });

  it('auto-renew in test mode creates a local subscription that can be turned off', async () => {
    const m = await member(app, 'NG');
    const started = await m.client.trpc.membership.startCheckout.mutate({
      planCode: 'regular',
      term: 1,
      autoRenew: true,
    });
    const page = await openCheckout(started.url);
    expect(page.html).toContain('renews every year');
    await submit(started.url, { token: page.token!, action: 'pay' });
    expect((await m.client.trpc.membership.status.query()).autoRenew.enabled).toBe(true);
    const off = await m.client.trpc.membership.setAutoRenew.mutate({ enabled: false });
    expect(off.autoRenew.enabled).toBe(false);
    const portal = await expectTrpcError(() => m.client.trpc.membership.billingPortal.mutate());
    expect(portal.data.appCode).toBe('UNAVAILABLE');
  });

  it('the webhook verifies local events with the secret derived from AUTH_SECRET, and nothing else', async () => {
    const { payload } = eventPayload('product.created', { id: 'prod_1', object: 'product' });
    expect(
      (await postWebhook(app, payload, signPayload(payload, app.env.billing.webhookSecret!))).status,
    ).toBe(200);
    expect((await postWebhook(app, payload, signPayload(payload, 'whsec_guess'))).status).toBe(400);
  });

  it('an unknown checkout page is a 404', async () => {
    expect((await openCheckout('/billing/local-checkout/cs_test_local_nope')).status).toBe(404);
  });
});
