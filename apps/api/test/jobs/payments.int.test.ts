import { describe, expect, it } from 'vitest';
import { makeUser, signedInClient, type TestClient } from '../harness.js';
import { withTestApp } from '../membership/helpers.js';
import { StripeStandIn } from '../stripe-stand-in.js';
import { LISTING_FIELDS } from './factories.js';

/** Job postings paid through (the stand-in for) Stripe: what was charged is checked against the order. */
let admin: TestClient;
const stripe = new StripeStandIn();
const { app } = withTestApp({
  stripe,
  ready: async (a) => {
    admin = await signedInClient(a, await makeUser(a, { role: 'admin' }));
  },
});

async function paidListing(name: string, charge: (listPrice: number) => number | undefined) {
  const user = await makeUser(app);
  const client = await signedInClient(app, user);
  await client.trpc.employer.saveProfile.mutate({
    name,
    logoUrl: 'https://example.org/logo.png',
    billingEmail: `billing.${user.id}@example.org`,
  });
  const { id } = await client.trpc.employer.saveListing.mutate({ id: null, fields: LISTING_FIELDS });
  const started = await client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'standard' });
  expect(started.testMode).toBe(false);
  const price = Number(stripe.session(started.sessionId)!.amount_total);
  stripe.completeSession(started.sessionId, { amountTotal: charge(price) });
  // Webhook lost: the return page runs the same fulfilment.
  expect(await client.trpc.employer.checkoutStatus.query({ sessionId: started.sessionId })).toMatchObject({
    state: 'paid',
    jobStatus: 'pending_review',
  });
  const payment = await app.db
    .selectFrom('payments')
    .select(['id', 'amount_minor'])
    .where('job_id', '=', id)
    .executeTakeFirstOrThrow();
  return { user, price, payment };
}

describe('job posting amounts', () => {
  it('a session that charged another amount than the order is fulfilled and flagged for admins', async () => {
    const { user, price, payment } = await paidListing('Underpaid Lab', (p) => p - 1000);
    expect(price).toBe(29_500);
    expect(payment.amount_minor).toBe(price - 1000); // what Stripe charged is what we record
    const { paymentFlags } = await admin.trpc.admin.overview.query();
    expect(paymentFlags.find((f) => f.paymentId === payment.id)).toMatchObject({
      userId: user.id,
      expectedMinor: price,
      chargedMinor: price - 1000,
      currency: 'USD',
    });

    // A correctly charged posting is not flagged.
    const ok = await paidListing('Exact Lab', () => undefined);
    expect(ok.payment.amount_minor).toBe(ok.price);
    const after = await admin.trpc.admin.overview.query();
    expect(after.paymentFlags.some((f) => f.paymentId === ok.payment.id)).toBe(false);
  });
});
