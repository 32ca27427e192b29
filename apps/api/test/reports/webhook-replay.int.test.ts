import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { charts, dashboard, refresh } from '../../src/modules/reports/reports.service.js';
import {
  expectedPrice,
  member,
  payCheckout,
  redeliver,
  sendEvent,
  withTestApp,
} from '../membership/helpers.js';
import { StripeStandIn } from '../stripe-stand-in.js';

/**
 * Report figures come from the membership ledger and payments, never from how many webhooks arrived:
 * a realistic month of Stripe events goes through the real webhook route, the summaries are refreshed
 * and the figures snapshot; then every event is delivered again (the same bytes, twice, shuffled, and
 * the same objects as fresh event ids, as a Stripe resend does) and the figures must not move.
 */
const stripe = new StripeStandIn();
/** Every delivered event: its exact bytes (for redelivery), its type and object (for a resend). */
const delivered: { payload: string; type: string; object: Record<string, unknown> }[] = [];

async function deliver(type: string, object: Record<string, unknown>) {
  const result = await sendEvent(app, stripe, type, object);
  expect(result.status, type).toBe(200);
  delivered.push({ payload: result.payload, type, object: structuredClone(object) });
  return result;
}

/** A deterministic shuffle (a fixed linear congruential sequence), so a failure can be replayed. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function setStage(userId: string, stage: string) {
  await app.db
    .updateTable('member_profiles')
    .set({ career_stage: stage })
    .where('user_id', '=', userId)
    .execute();
}

let refreshedAt: Date;

const { app } = withTestApp({ stripe, ready: () => aMonthOfEvents() });

/** A realistic month of events, delivered once, and the figures they give (the snapshot). */
async function aMonthOfEvents() {
  await app.db
    .insertInto('country_income_bands')
    .values({ country_code: 'IN', band: 'lower_middle' })
    .onConflict((oc) => oc.column('country_code').doUpdateSet({ band: 'lower_middle' }))
    .execute();
  const admin = await member(app, 'US', 'admin');

  // 1. A regular member joins with a one-off payment.
  const one = await member(app, 'US');
  await setStage(one.id, 'mid_career');
  const oneJoin = await payCheckout(stripe, one.client, { planCode: 'regular', term: 1 });
  await deliver('checkout.session.completed', oneJoin.session);

  // 2. A postdoc in a lower-middle income country joins, then is refunded 20.00 by an admin;
  //    Stripe echoes the refund as charge.refunded.
  const two = await member(app, 'IN');
  await setStage(two.id, 'postdoc');
  const twoJoin = await payCheckout(stripe, two.client, { planCode: 'postdoc', term: 1 });
  await deliver('checkout.session.completed', twoJoin.session);
  const [twoPayment] = await two.client.trpc.membership.payments.query();
  await admin.client.trpc.membershipAdmin.refund.mutate({
    requestKey: randomUUID(),
    paymentId: twoPayment!.id,
    amountMinor: 2000,
    reason: 'Income band corrected after joining',
  });
  await deliver('charge.refunded', {
    id: 'ch_replay_two',
    object: 'charge',
    payment_intent: twoJoin.session.payment_intent,
    amount_refunded: 2000,
  });

  // 3. A regular member joins with automatic renewal; the first invoice (no extension), one failed
  //    renewal charge, then the retried renewal invoice is paid (a renewal and a recovered payment).
  const three = await member(app, 'US');
  await setStage(three.id, 'senior');
  const threeJoin = await payCheckout(stripe, three.client, {
    planCode: 'regular',
    term: 1,
    autoRenew: true,
  });
  await deliver('checkout.session.completed', threeJoin.session);
  const subscriptionId = String(threeJoin.session.subscription);
  await deliver('invoice.paid', stripe.invoices.get(String(threeJoin.session.invoice))!);
  const price = expectedPrice('regular', 'high', 1);
  const failed = stripe.createInvoice(subscriptionId, 'subscription_cycle', price, { paid: false });
  stripe.updateSubscription(subscriptionId, { status: 'past_due' });
  await deliver('invoice.payment_failed', failed);
  stripe.updateSubscription(subscriptionId, { status: 'active' });
  await deliver('invoice.paid', stripe.createInvoice(subscriptionId, 'subscription_cycle', price));
  await deliver('customer.subscription.updated', stripe.subscriptions.get(subscriptionId)!);

  // 4. A student joins and is refunded in full by an admin, ending the membership.
  const four = await member(app, 'US');
  await setStage(four.id, 'student');
  const fourJoin = await payCheckout(stripe, four.client, { planCode: 'student', term: 1 });
  await deliver('checkout.session.completed', fourJoin.session);
  const [fourPayment] = await four.client.trpc.membership.payments.query();
  await admin.client.trpc.membershipAdmin.refund.mutate({
    requestKey: randomUUID(),
    paymentId: fourPayment!.id,
    reason: 'Joined by mistake',
    endMembership: true,
  });
  await deliver('charge.refunded', {
    id: 'ch_replay_four',
    object: 'charge',
    payment_intent: fourJoin.session.payment_intent,
    amount_refunded: fourPayment!.amountMinor,
  });

  // Figures refer to one refresh instant, used again after the replays.
  refreshedAt = new Date();
  await refresh(app.db, refreshedAt);
}

async function figures() {
  const stage = { careerStage: 'postdoc' } as const;
  return {
    dashboard: await dashboard(app.db, {}),
    charts: await charts(app.db, {}),
    postdocs: await dashboard(app.db, stage),
    postdocCharts: await charts(app.db, stage),
  };
}

async function ledgerCounts() {
  const count = async (table: 'payments' | 'membership_events' | 'refunds') =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    payments: await count('payments'),
    events: await count('membership_events'),
    refunds: await count('refunds'),
  };
}

describe('reports: the same figures however often webhooks were replayed', () => {
  it('replaying every event (duplicates, shuffled, resent as new ids) changes no figure', async () => {
    const before = await figures();
    const countsBefore = await ledgerCounts();
    const kpi = (key: string) => before.dashboard.kpis.find((k) => k.key === key)!.value;
    const regular = expectedPrice('regular', 'high', 1);
    const postdoc = expectedPrice('postdoc', 'lower_middle', 1);
    const student = expectedPrice('student', 'high', 1);
    // Exact figures of the history above (all of it in the default period, the last 12 months).
    expect(kpi('new')).toBe(4);
    expect(kpi('renewals')).toBe(1);
    expect(kpi('active')).toBe(3);
    expect(kpi('revenueMembership')).toBe(regular + postdoc + regular + regular - 2000);
    expect(before.dashboard.currency).toBe('USD');
    // Summed over the months (the history is minutes old, but a run may straddle a month end).
    const sum = (key: 'membership' | 'jobs' | 'refunds') =>
      before.charts.revenueByMonth.reduce((total, m) => total + m[key], 0);
    expect({ membership: sum('membership'), jobs: sum('jobs'), refunds: sum('refunds') }).toEqual({
      membership: regular * 3 + postdoc + student,
      jobs: 0,
      refunds: 2000 + student,
    });
    // The failed renewal charge is one failed row (never money: revenue above is unchanged by it),
    // made good by the paid renewal invoice: one failed, one recovered.
    const recovery = before.charts.paymentRecovery.filter((m) => m.failed > 0 || m.recovered > 0);
    expect(recovery.map((m) => [m.failed, m.recovered])).toEqual([[1, 1]]);
    expect(countsBefore.payments).toBe(6); // five payments and the failed charge
    expect(before.postdocs.kpis.find((k) => k.key === 'revenueMembership')!.value).toBe(postdoc - 2000);

    // Replay: every event's exact bytes twice, in a shuffled order; then every object again as a
    // new event id (a resend), shuffled differently.
    for (const e of shuffled([...delivered, ...delivered])) {
      const again = await redeliver(app, stripe, e.payload);
      expect(again.status).toBe(200);
    }
    for (const e of shuffled(delivered, 11)) {
      const resent = await sendEvent(app, stripe, e.type, e.object);
      expect(resent.status).toBe(200);
    }

    expect(await ledgerCounts()).toEqual(countsBefore);
    await refresh(app.db, refreshedAt);
    expect(await figures()).toEqual(before);
  });
});
