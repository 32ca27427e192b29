import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTrpcError, makeUser, signedInClient, startTestApp, type TestApp } from '../harness.js';
import { LISTING_FIELDS } from '../jobs/factories.js';
import { counts, member, seedPlans } from './helpers.js';

/**
 * Production with no Stripe account, declared by PAYMENTS=off (issue 19 item 2, docs/reliability.md
 * H2): the server starts, and every checkout answers that card payments are not available here,
 * with nothing written and no test-mode page. Without PAYMENTS=off it refuses to start
 * (test/env.test.ts).
 */
const UNAVAILABLE_MESSAGE =
  'Online card payments are not available here. Please contact the society office to pay by other means.';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ NODE_ENV: 'production', PAYMENTS: 'off' });
  await seedPlans(app);
});
afterAll(() => app?.close());

describe('production with PAYMENTS=off', () => {
  it('starts, and tells members card payments are off', async () => {
    expect(app.env.billing.mode).toBe('off');
    const m = await member(app);
    expect(await m.client.trpc.membership.status.query()).toMatchObject({ cardPayments: 'off' });
  });

  it('membership checkout answers "payments unavailable" and writes no payment, term or checkout', async () => {
    const m = await member(app);
    for (const start of [
      () => m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 }),
      () => m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1, autoRenew: true }),
    ]) {
      const error = await expectTrpcError(start);
      expect(error.data.appCode).toBe('UNAVAILABLE');
      expect(error.message).toBe(UNAVAILABLE_MESSAGE);
    }
    expect(await counts(app, m.id)).toEqual({ payments: 0, grants: 0, events: 0 });
    const attempts = await app.db
      .selectFrom('checkout_attempts')
      .select('id')
      .where('user_id', '=', m.id)
      .execute();
    expect(attempts).toEqual([]);
  });

  it('job posting checkout answers "payments unavailable" and leaves the draft a draft, with no order', async () => {
    const user = await makeUser(app);
    const client = await signedInClient(app, user);
    await client.trpc.employer.saveProfile.mutate({
      name: 'Imaging Institute',
      logoUrl: null,
      billingEmail: `billing.${user.id}@example.org`,
    });
    const { id } = await client.trpc.employer.saveListing.mutate({ id: null, fields: LISTING_FIELDS });
    const error = await expectTrpcError(() =>
      client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'standard' }),
    );
    expect(error.data.appCode).toBe('UNAVAILABLE');
    expect(error.message).toBe(UNAVAILABLE_MESSAGE);
    const job = await app.db
      .selectFrom('jobs')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('draft');
    expect(await app.db.selectFrom('job_orders').select('id').where('job_id', '=', id).execute()).toEqual([]);
    expect(await app.db.selectFrom('payments').select('id').where('job_id', '=', id).execute()).toEqual([]);
  });

  it('never serves the test-mode checkout page', async () => {
    const response = await fetch(`${app.baseUrl}/billing/local-checkout/cs_local_anything`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('TEST MODE');
  });
});
