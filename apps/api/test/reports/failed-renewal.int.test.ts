import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { charts, dashboard, refresh } from '../../src/modules/reports/reports.service.js';
import { expectTrpcError } from '../harness.js';
import {
  expectedPrice,
  mailCount,
  member,
  payCheckout,
  redeliver,
  sendEvent,
  withTestApp,
} from '../membership/helpers.js';
import { StripeStandIn } from '../stripe-stand-in.js';

/**
 * The failed-payment recovery chart from real webhooks: a renewal charge fails (invoice.payment_failed,
 * delivered twice and as a second failed attempt of the same invoice), then Stripe's retry of the
 * same invoice succeeds (invoice.paid). One failed row, one payment, the chart shows one failed and
 * one recovered, and the failure is never revenue.
 */
const stripe = new StripeStandIn();
const { app } = withTestApp({ stripe });

const monthOf = (t: Date) => t.toISOString().slice(0, 7);

async function figures() {
  await refresh(app.db, new Date());
  const c = await charts(app.db, {});
  const d = await dashboard(app.db, {});
  return {
    revenue: d.kpis.find((k) => k.key === 'revenueMembership')!.value,
    revenueByMonth: c.revenueByMonth.reduce((total, m) => total + m.membership, 0),
    recovery: c.paymentRecovery.filter((m) => m.failed > 0 || m.recovered > 0),
  };
}

async function paymentsOfInvoice(invoiceId: string) {
  return app.db
    .selectFrom('payments')
    .select(['status', 'amount_minor', 'refunded_minor', 'paid_at', 'created_at', 'stripe_payment_intent_id'])
    .where('stripe_invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .execute();
}

describe('failed renewal charges from Stripe webhooks', () => {
  it('a failed renewal charge (delivered twice) then paid: one failed row, one payment, 1 failed and 1 recovered, revenue unchanged by the failure', async () => {
    const admin = await member(app, 'US', 'admin');
    const m = await member(app, 'US');
    const { session } = await payCheckout(stripe, m.client, {
      planCode: 'regular',
      term: 1,
      autoRenew: true,
    });
    expect((await sendEvent(app, stripe, 'checkout.session.completed', session)).status).toBe(200);
    const subscriptionId = String(session.subscription);
    await sendEvent(app, stripe, 'invoice.paid', stripe.invoices.get(String(session.invoice))!);
    const price = expectedPrice('regular', 'high', 1);
    const before = await figures();
    expect(before).toEqual({ revenue: price, revenueByMonth: price, recovery: [] });

    // The yearly charge is declined: the same event twice, then Stripe's next failed attempt of the
    // same invoice (a new event id).
    const invoice = stripe.createInvoice(subscriptionId, 'subscription_cycle', price, { paid: false });
    stripe.updateSubscription(subscriptionId, { status: 'past_due' });
    const failed = await sendEvent(app, stripe, 'invoice.payment_failed', invoice);
    expect(failed.body).toMatchObject({ result: 'processed' });
    expect((await redeliver(app, stripe, failed.payload)).body).toMatchObject({ result: 'duplicate' });
    expect((await sendEvent(app, stripe, 'invoice.payment_failed', invoice)).status).toBe(200);

    const afterFailure = await paymentsOfInvoice(String(invoice.id));
    expect(afterFailure).toEqual([
      {
        status: 'failed',
        amount_minor: price,
        refunded_minor: 0,
        paid_at: null,
        created_at: expect.any(Date),
        stripe_payment_intent_id: null,
      },
    ]);
    const failedAt = afterFailure[0]!.created_at;
    // The member sees what they saw before: the grace flag and one email, no new payment line.
    expect((await m.client.trpc.membership.status.query()).autoRenew.paymentFailed).toBe(true);
    expect(await mailCount(app, m.email, 'membership_renewal_failed')).toBe(1);
    expect((await m.client.trpc.membership.payments.query()).map((p) => p.status)).toEqual(['paid']);
    // The administrator's view of the member lists it (no refund possible: it is not money).
    const detail = await admin.client.trpc.membershipAdmin.member.query({ userId: m.id });
    expect(detail.payments.map((p) => p.status).sort()).toEqual(['failed', 'paid']);
    const refused = await expectTrpcError(() =>
      admin.client.trpc.membershipAdmin.refund.mutate({
        requestKey: randomUUID(),
        paymentId: detail.payments.find((p) => p.status === 'failed')!.id,
        reason: 'Not money',
      }),
    );
    expect(refused.data.appCode).toBe('CONFLICT');
    expect(refused.message).toBe('This payment cannot be refunded.');

    const failedOnly = await figures();
    expect(failedOnly).toEqual({
      revenue: price,
      revenueByMonth: price,
      recovery: [{ month: monthOf(failedAt), failed: 1, recovered: 0 }],
    });

    // Stripe retries the same invoice and the charge goes through.
    stripe.updateSubscription(subscriptionId, { status: 'active' });
    const paid = await sendEvent(app, stripe, 'invoice.paid', stripe.payInvoice(String(invoice.id)));
    expect(paid.body).toMatchObject({ result: 'processed' });
    // A late redelivery of the failure changes nothing.
    expect((await redeliver(app, stripe, failed.payload)).body).toMatchObject({ result: 'duplicate' });
    await sendEvent(app, stripe, 'invoice.payment_failed', invoice);

    const rows = await paymentsOfInvoice(String(invoice.id));
    expect(rows.map((r) => [r.status, r.amount_minor, r.paid_at === null])).toEqual([
      ['failed', price, true],
      ['paid', price, false],
    ]);
    expect(rows[1]!.paid_at!.getTime()).toBeGreaterThan(failedAt.getTime());
    expect((await m.client.trpc.membership.ledger.query()).map((e) => e.kind)).toEqual([
      'joined',
      'auto_renew_on',
      'renewed',
    ]);

    expect(await figures()).toEqual({
      revenue: price * 2,
      revenueByMonth: price * 2,
      recovery: [{ month: monthOf(failedAt), failed: 1, recovered: 1 }],
    });
    // The paid invoice is the one a refund finds (never the failed attempt).
    const [renewal] = await m.client.trpc.membership.payments.query();
    expect(renewal).toMatchObject({ status: 'paid', amountMinor: price, termYears: 1 });
  });

  it('a failed bank debit at checkout (async_payment_failed, twice), then paid by card: one more failed and recovered', async () => {
    const before = await figures();
    const total = (f: typeof before) =>
      f.recovery.reduce((t, m) => ({ failed: t.failed + m.failed, recovered: t.recovered + m.recovered }), {
        failed: 0,
        recovered: 0,
      });
    const m = await member(app, 'US');
    const debit = await payCheckout(
      stripe,
      m.client,
      { planCode: 'student', term: 1 },
      { paymentStatus: 'unpaid' },
    );
    await sendEvent(app, stripe, 'checkout.session.completed', debit.session);
    const failed = await sendEvent(app, stripe, 'checkout.session.async_payment_failed', debit.session);
    expect(failed.body).toMatchObject({ result: 'processed' });
    await redeliver(app, stripe, failed.payload);
    await sendEvent(app, stripe, 'checkout.session.async_payment_failed', debit.session);
    const afterFailure = await figures();
    expect(afterFailure.revenue).toBe(before.revenue);
    expect(total(afterFailure)).toEqual({
      failed: total(before).failed + 1,
      recovered: total(before).recovered,
    });

    const card = await payCheckout(stripe, m.client, { planCode: 'student', term: 1 });
    await sendEvent(app, stripe, 'checkout.session.completed', card.session);
    const after = await figures();
    expect(after.revenue).toBe((before.revenue ?? 0) + expectedPrice('student', 'high', 1));
    expect(total(after)).toEqual({
      failed: total(before).failed + 1,
      recovered: total(before).recovered + 1,
    });
    expect((await m.client.trpc.membership.payments.query()).map((p) => p.status)).toEqual(['paid']);
  });
});
