import { randomUUID } from 'node:crypto';
import { JOB_PRODUCTS, type JobProduct, refundInput } from '@societas/contracts';
import { describe, expect, it } from 'vitest';
import { refundPayment } from '../../src/modules/billing/index.js';
import { startJobCheckout } from '../../src/modules/jobs/index.js';
import { DAY_MS } from '../../src/modules/membership/membership.rules.js';
import { makeEmployer, makeJob } from '../jobs/factories.js';
import { grantDirect } from '../membership/helpers.js';
import { serviceFixture } from './service-fixture.js';

/**
 * The job-posting product through its services on a real database: an employer's checkout for a
 * listing, paid on the test-mode page and fulfilled by billing with the job-posting fulfiller.
 */
const f = serviceFixture();

/** An employer's person and one listing of theirs, in the given state. */
async function listing(job: Parameters<typeof makeJob>[2]) {
  const actor = await f.person();
  const employerId = await makeEmployer(f, `Lab ${randomUUID().slice(0, 8)}`, actor.id);
  const jobId = await makeJob(f, employerId, job);
  return { actor, jobId };
}

/** Starts the listing's checkout, pays it and delivers the completed event once. */
async function payFor(l: Awaited<ReturnType<typeof listing>>, product: JobProduct, now = new Date()) {
  const ctx = f.context(l.actor, now);
  const started = await startJobCheckout(ctx, { jobId: l.jobId, product });
  const { session } = await f.pay(started.sessionId);
  const result = await f.deliver(ctx, session);
  expect(result.state).toBe('paid');
  return { ctx, session, paymentId: result.paymentId! };
}

const jobOf = (jobId: string) =>
  f.db
    .selectFrom('jobs')
    .select(['status', 'product', 'expires_at'])
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();

const paymentsOf = (jobId: string) =>
  f.db.selectFrom('payments').select(['kind', 'amount_minor']).where('job_id', '=', jobId).execute();

describe('job posting fulfilment', () => {
  it('a paid first posting goes to review, not straight to publication', async () => {
    const l = await listing({ status: 'draft', published_at: null, expires_at: null });
    await payFor(l, 'featured');
    expect(await jobOf(l.jobId)).toEqual({ status: 'pending_review', product: 'featured', expires_at: null });
    expect(await paymentsOf(l.jobId)).toEqual([
      { kind: 'job_posting', amount_minor: JOB_PRODUCTS.featured.priceMinor },
    ]);
  });

  it('a paid renewal extends a published listing from its current expiry, not from today; delivered twice, once', async () => {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 10 * DAY_MS);
    const l = await listing({ status: 'published', expires_at: expiresAt });
    const { ctx, session } = await payFor(l, 'standard', now);
    await f.deliver(ctx, session);
    const extended = new Date(expiresAt.getTime() + JOB_PRODUCTS.standard.days * DAY_MS);
    expect(await jobOf(l.jobId)).toEqual({ status: 'published', product: 'standard', expires_at: extended });
    expect(await paymentsOf(l.jobId)).toHaveLength(1);
  });

  it('a paid renewal of a listing marked expired runs from today and publishes it again', async () => {
    const now = new Date();
    const l = await listing({ status: 'expired', expires_at: new Date(now.getTime() - 3 * DAY_MS) });
    await payFor(l, 'standard', now);
    expect(await jobOf(l.jobId)).toEqual({
      status: 'published',
      product: 'standard',
      expires_at: new Date(now.getTime() + JOB_PRODUCTS.standard.days * DAY_MS),
    });
  });

  it('a member of the society is charged the member price', async () => {
    const l = await listing({ status: 'draft', published_at: null, expires_at: null });
    const now = new Date();
    await grantDirect(
      f,
      l.actor.id,
      f.plans.regular!,
      new Date(now.getTime() - DAY_MS),
      new Date(now.getTime() + 300 * DAY_MS),
    );
    await payFor(l, 'standard', now);
    expect(await paymentsOf(l.jobId)).toEqual([
      { kind: 'job_posting', amount_minor: JOB_PRODUCTS.standard.memberPriceMinor },
    ]);
  });

  it('a job-posting payment is not refundable on the refund screen (no refund hook): NOT_FOUND, listing kept', async () => {
    const admin = await f.person({ role: 'admin' });
    const l = await listing({ status: 'draft', published_at: null, expires_at: null });
    const { paymentId } = await payFor(l, 'standard');
    const input = refundInput.parse({ paymentId, reason: 'Posted by mistake', requestKey: randomUUID() });
    await expect(refundPayment(f.context(admin), input)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'That payment was not found.',
    });
    expect((await jobOf(l.jobId)).status).toBe('pending_review');
    expect(
      await f.db.selectFrom('refunds').select('id').where('payment_id', '=', paymentId).execute(),
    ).toEqual([]);
  });
});
