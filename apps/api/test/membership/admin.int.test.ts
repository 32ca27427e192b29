import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/modules/membership/membership.rules.js';
import { dashboard, refresh as refreshReports } from '../../src/modules/reports/reports.service.js';
import { expectTrpcError } from '../harness.js';
import { StripeStandIn } from '../stripe-stand-in.js';
import {
  auditRows,
  expectedPrice,
  grantDirect,
  member,
  payCheckout,
  redeliver,
  revenue,
  sendEvent,
  withTestApp,
} from './helpers.js';

const stripe = new StripeStandIn();

// docs/reliability.md P12: every POST this file makes to Stripe carries an Idempotency-Key (checked after the tests).
const { app, plans } = withTestApp({ stripe, checkIdempotencyKeys: true });

async function paidMember(term: 1 | 2 | 3 = 1) {
  const m = await member(app);
  const paid = await payCheckout(stripe, m.client, { planCode: 'regular', term });
  await sendEvent(app, stripe, 'checkout.session.completed', paid.session);
  const [payment] = await m.client.trpc.membership.payments.query();
  return { ...m, payment: payment!, session: paid.session };
}

const audits = (action: string, entityId: string) => auditRows(app, action, entityId);

describe('admin: refunds through the Stripe Refunds API', () => {
  it('a partial refund keeps the membership; a double click refunds once; audited', async () => {
    const admin = await member(app, 'US', 'admin');
    const m = await paidMember();
    const input = {
      requestKey: randomUUID(), // one form submission, sent twice
      paymentId: m.payment.id,
      amountMinor: 5000,
      reason: 'Income band corrected after joining',
    };
    const [r1, r2] = await Promise.all([
      admin.client.trpc.membershipAdmin.refund.mutate(input),
      admin.client.trpc.membershipAdmin.refund.mutate(input),
    ]);
    expect(r1.refundId).toBe(r2.refundId);
    // A retry after the first finished (slow network, a third click) finds the same refund.
    const r3 = await admin.client.trpc.membershipAdmin.refund.mutate(input);
    expect(r3.refundId).toBe(r1.refundId);
    expect(
      await app.db.selectFrom('refunds').select('id').where('payment_id', '=', m.payment.id).execute(),
    ).toHaveLength(1);
    const posts = stripe
      .posts('/v1/refunds')
      .filter((r) => r.body.payment_intent === m.session.payment_intent);
    expect(new Set(posts.map((p) => p.idempotencyKey)).size).toBe(1);
    expect(posts[0]!.body).toMatchObject({ amount: '5000', payment_intent: m.session.payment_intent });
    const [payment] = await m.client.trpc.membership.payments.query();
    expect(payment).toMatchObject({ status: 'partially_refunded', refundedMinor: 5000 });
    expect((await m.client.trpc.membership.status.query()).status).toBe('active');
    expect(await audits('payment.refund', m.payment.id)).toHaveLength(1);

    // Stripe's charge.refunded for the same refund (in any order) changes nothing.
    const revenueBefore = await revenue(app);
    await sendEvent(app, stripe, 'charge.refunded', {
      id: 'ch_x',
      object: 'charge',
      payment_intent: m.session.payment_intent,
      amount_refunded: 5000,
    });
    expect(await revenue(app)).toBe(revenueBefore);
  });

  it('a full refund that ends the membership: lapsed at once, ledger shows it, more than paid is refused', async () => {
    const admin = await member(app, 'US', 'admin');
    const m = await paidMember();
    const tooMuch = await expectTrpcError(() =>
      admin.client.trpc.membershipAdmin.refund.mutate({
        requestKey: randomUUID(),
        paymentId: m.payment.id,
        amountMinor: m.payment.amountMinor + 1,
        reason: 'Too much',
      }),
    );
    expect(tooMuch.data.appCode).toBe('BAD_INPUT');
    expect(tooMuch.data.fieldErrors?.amountMinor).toBeDefined();

    const result = await admin.client.trpc.membershipAdmin.refund.mutate({
      requestKey: randomUUID(),
      paymentId: m.payment.id,
      reason: 'Duplicate payment',
      endMembership: true,
    });
    expect(result).toMatchObject({ status: 'refunded', refundedMinor: m.payment.amountMinor });
    const status = await m.client.trpc.membership.status.query();
    expect(status).toMatchObject({ status: 'lapsed', endedEarly: true, hasBenefits: false });
    const detail = await admin.client.trpc.membershipAdmin.member.query({ userId: m.id });
    expect(detail.ledger.map((e) => e.kind)).toEqual(['joined', 'refunded']);
    expect(detail.ledger[1]).toMatchObject({
      reason: 'Duplicate payment',
      actorName: expect.any(String),
      receiptNumber: m.payment.receiptNumber,
    });
    expect(detail.payments[0]).toMatchObject({ status: 'refunded' });
    expect(await audits('membership.view', m.id)).toHaveLength(1);
  });

  it('members cannot use admin procedures, and nothing happens', async () => {
    const m = await paidMember();
    const error = await expectTrpcError(() =>
      m.client.trpc.membershipAdmin.refund.mutate({
        paymentId: m.payment.id,
        reason: 'I want my money',
        requestKey: randomUUID(),
      }),
    );
    expect(error.data.appCode).toBe('FORBIDDEN');
    expect(
      stripe.posts('/v1/refunds').filter((r) => r.body.payment_intent === m.session.payment_intent),
    ).toHaveLength(0);
    for (const call of [
      () => m.client.trpc.membershipAdmin.plans.query(),
      () => m.client.trpc.membershipAdmin.member.query({ userId: m.id }),
      () =>
        m.client.trpc.membershipAdmin.comp.mutate({
          userId: m.id,
          planCode: 'regular',
          term: 3,
          reason: 'Self-service',
        }),
      () => m.client.trpc.membershipAdmin.setCountryBand.mutate({ countryCode: 'US', band: 'low' }),
    ]) {
      expect((await expectTrpcError(call)).data.appCode).toBe('FORBIDDEN');
    }
    expect((await m.client.trpc.membership.ledger.query()).map((e) => e.kind)).toEqual(['joined']);
  });
});

/** Membership revenue as the reports dashboard computes it (paid minus refunds), freshly refreshed. */
async function reportedRevenue() {
  await refreshReports(app.db, new Date());
  const result = await dashboard(app.db, {});
  return result.kpis.find((k) => k.key === 'revenueMembership')!.value!;
}

async function refundRows(paymentId: string) {
  return app.db
    .selectFrom('refunds')
    .select(['amount_minor', 'stripe_refund_id', 'actor_user_id'])
    .where('payment_id', '=', paymentId)
    .execute();
}

describe("refunds made in Stripe's dashboard (charge.refunded)", () => {
  it('a dashboard refund writes a refund row and a ledger row; reports drop once; replays change nothing (docs/reliability.md P17)', async () => {
    const m = await paidMember();
    const before = await reportedRevenue();
    const charge = stripe.refundInDashboard(String(m.session.payment_intent), 3000);
    const delivered = await sendEvent(app, stripe, 'charge.refunded', charge);
    expect(delivered.body).toMatchObject({ result: 'processed' });
    await redeliver(app, stripe, delivered.payload);
    await sendEvent(app, stripe, 'charge.refunded', charge); // the same facts as another event id
    expect(await refundRows(m.payment.id)).toEqual([
      { amount_minor: 3000, stripe_refund_id: expect.stringMatching(/^re_/), actor_user_id: null },
    ]);
    expect(await reportedRevenue()).toBe(before - 3000);
    const [payment] = await m.client.trpc.membership.payments.query();
    expect(payment).toMatchObject({ status: 'partially_refunded', refundedMinor: 3000 });
    const ledger = await m.client.trpc.membership.ledger.query();
    expect(ledger.map((e) => e.kind)).toEqual(['joined', 'refunded']);
    // A partial refund in the dashboard does not end the membership.
    expect((await m.client.trpc.membership.status.query()).status).toBe('active');

    // A second dashboard refund of the same charge adds only itself.
    await sendEvent(
      app,
      stripe,
      'charge.refunded',
      stripe.refundInDashboard(String(m.session.payment_intent), 2000),
    );
    expect((await refundRows(m.payment.id)).map((r) => r.amount_minor).sort()).toEqual([2000, 3000]);
    expect(await reportedRevenue()).toBe(before - 5000);
  });

  it('a refund from our admin screen and its later charge.refunded count once', async () => {
    const admin = await member(app, 'US', 'admin');
    const m = await paidMember();
    const before = await reportedRevenue();
    const result = await admin.client.trpc.membershipAdmin.refund.mutate({
      requestKey: randomUUID(),
      paymentId: m.payment.id,
      amountMinor: 4000,
      reason: 'Band corrected',
    });
    const refunded = stripe.refunds.get(result.refundId)!;
    await sendEvent(app, stripe, 'charge.refunded', {
      id: refunded.charge,
      object: 'charge',
      payment_intent: m.session.payment_intent,
      amount_refunded: 4000,
      metadata: {},
    });
    expect(await refundRows(m.payment.id)).toHaveLength(1);
    expect(await reportedRevenue()).toBe(before - 4000);
    const ledger = await m.client.trpc.membership.ledger.query();
    expect(ledger.map((e) => e.kind)).toEqual(['joined', 'refunded']);
  });

  it('a renewal payment (no PaymentIntent stored) is found through its invoice', async () => {
    const m = await member(app);
    const paid = await payCheckout(stripe, m.client, { planCode: 'regular', term: 1, autoRenew: true });
    await sendEvent(app, stripe, 'checkout.session.completed', paid.session);
    const subscriptionId = String(paid.session.subscription);
    const renewal = stripe.createInvoice(
      subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
    );
    // Webhook payloads leave invoice.payments out (an includable field): no intent is stored.
    const { payments: invoicePayments, ...withoutPayments } = renewal;
    await sendEvent(app, stripe, 'invoice.paid', withoutPayments);
    const row = await app.db
      .selectFrom('payments')
      .select(['id', 'stripe_payment_intent_id'])
      .where('stripe_invoice_id', '=', String(renewal.id))
      .executeTakeFirstOrThrow();
    expect(row.stripe_payment_intent_id).toBeNull();
    const pi = (invoicePayments as { data: Array<{ payment: { payment_intent: string } }> }).data[0]!.payment
      .payment_intent;
    const response = await sendEvent(app, stripe, 'charge.refunded', stripe.refundInDashboard(pi, 1500));
    expect(response.body).toMatchObject({ result: 'processed' });
    expect((await refundRows(row.id)).map((r) => r.amount_minor)).toEqual([1500]);
  });

  it('a refunded charge that is ours but whose payment is not recorded yet gets a non-2xx (docs/reliability.md P4)', async () => {
    const charge = stripe.refundInDashboard('pi_not_yet_recorded', 1000, {
      metadata: { societas_attempt_id: randomUUID(), societas_user_id: 'someone' },
    });
    const response = await sendEvent(app, stripe, 'charge.refunded', charge);
    expect(response.status).toBe(409);
    expect(
      await app.db.selectFrom('stripe_events').select('id').where('id', '=', response.id).execute(),
    ).toHaveLength(0);
  });
});

describe('admin: comps, plans, prices', () => {
  it('comps a membership with a reason; audited; extends like a renewal', async () => {
    const admin = await member(app, 'US', 'admin');
    const m = await member(app);
    const state = await admin.client.trpc.membershipAdmin.comp.mutate({
      userId: m.id,
      planCode: 'regular',
      term: 1,
      reason: 'Plenary speaker',
    });
    expect(state).toMatchObject({ status: 'active', planCode: 'regular' });
    const ledger = await m.client.trpc.membership.ledger.query();
    expect(ledger).toEqual([
      expect.objectContaining({ kind: 'comped', reason: 'Plenary speaker', paymentId: null }),
    ]);
    expect(await audits('membership.comp', m.id)).toHaveLength(1);
  });

  it('creates and edits plans and prices; audited; a removed price is no longer offered', async () => {
    const admin = await member(app, 'US', 'admin');
    const plan = await admin.client.trpc.membershipAdmin.savePlan.mutate({
      code: 'industry',
      name: 'Industry',
      description: 'For companies',
    });
    await admin.client.trpc.membershipAdmin.setPrice.mutate({
      planId: plan.id,
      band: 'high',
      term: 1,
      amountMinor: 29500,
    });
    const all = await admin.client.trpc.membershipAdmin.setPrice.mutate({
      planId: plan.id,
      band: 'high',
      term: 2,
      amountMinor: 56000,
    });
    expect(all.find((p) => p.code === 'industry')!.prices.map((p) => [p.termYears, p.amountMinor])).toEqual([
      [1, 29500],
      [2, 56000],
    ]);
    await admin.client.trpc.membershipAdmin.setPrice.mutate({
      planId: plan.id,
      band: 'high',
      term: 2,
      amountMinor: null,
    });
    const m = await member(app, 'US');
    const quotes = await m.client.trpc.membership.quotes.query();
    expect(quotes.plans.find((p) => p.code === 'industry')!.quotes.map((q) => q.term)).toEqual([1]);
    const dup = await expectTrpcError(() =>
      admin.client.trpc.membershipAdmin.savePlan.mutate({ code: 'regular', name: 'Again' }),
    );
    expect(dup.data).toMatchObject({ appCode: 'CONFLICT', fieldErrors: { code: expect.any(Array) } });
    expect(await audits('plan_price.set', plan.id)).toHaveLength(3);
  });
});

describe('upgrade mid-term', () => {
  it('credits the unused part of the current term against the new price, pro rata by days', async () => {
    const m = await member(app, 'US');
    // Paid $50 for a student year that started 100 days ago.
    const start = new Date(Date.now() - 100 * DAY_MS);
    const end = new Date(start.getTime() + 365 * DAY_MS);
    const payment = await app.db
      .insertInto('payments')
      .values({
        user_id: m.id,
        kind: 'membership',
        status: 'paid',
        amount_minor: 5000,
        currency: 'USD',
        plan_id: plans.student!,
        term_years: 1,
        paid_at: start,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto('membership_events')
      .values({
        user_id: m.id,
        kind: 'joined',
        plan_id: plans.student!,
        term_years: 1,
        starts_at: start,
        ends_at: end,
        payment_id: payment.id,
        created_at: start,
      })
      .execute();
    const quotes = await m.client.trpc.membership.quotes.query();
    const regular = quotes.plans.find((p) => p.code === 'regular')!.quotes.find((q) => q.term === 1)!;
    const unusedDays = Math.floor((end.getTime() - Date.now()) / DAY_MS);
    const credit = Math.floor((5000 * unusedDays) / 365);
    expect(regular).toMatchObject({
      action: 'upgrade',
      creditMinor: credit,
      dueMinor: expectedPrice('regular', 'high', 1) - credit,
    });
    const student = quotes.plans.find((p) => p.code === 'student')!.quotes[0]!;
    expect(student).toMatchObject({ action: 'renew', creditMinor: 0 });

    const { session } = await payCheckout(stripe, m.client, { planCode: 'regular', term: 1 });
    expect(session.amount_total).toBe(expectedPrice('regular', 'high', 1) - credit);
    await sendEvent(app, stripe, 'checkout.session.completed', session);
    const status = await m.client.trpc.membership.status.query();
    expect(status.planCode).toBe('regular');
    expect((await m.client.trpc.membership.ledger.query()).at(-1)!.kind).toBe('upgraded');
    // The credit was used: a second upgrade right away credits the new term, not the old one again.
    const again = (await m.client.trpc.membership.quotes.query()).plans.find((p) => p.code === 'lifetime')!
      .quotes[0]!;
    expect(again.creditMinor).toBeGreaterThan(expectedPrice('regular', 'high', 1) - 100);
  });

  it('a trainee whose training ended is offered the next plan', async () => {
    const m = await member(app, 'US');
    const end = new Date(Date.now() + 30 * DAY_MS);
    await grantDirect(app, m.id, plans.student!, new Date(end.getTime() - 365 * DAY_MS), end);
    await app.db
      .insertInto('membership_proofs')
      .values({
        user_id: m.id,
        plan_id: plans.student!,
        details: 'PhD, University of Nairobi',
        expected_end_on: new Date(Date.now() + 10 * DAY_MS).toISOString().slice(0, 10),
        status: 'approved',
      })
      .execute();
    expect((await m.client.trpc.membership.status.query()).suggestedPlanCode).toBe('postdoc');
    expect((await m.client.trpc.membership.quotes.query()).suggestedPlanCode).toBe('postdoc');
  });
});

describe('proof of eligibility', () => {
  it('a student sends proof; an admin approves it (ledger, audit); reviewing twice is refused; members cannot review', async () => {
    const admin = await member(app, 'US', 'admin');
    const m = await member(app, 'KE');
    const bad = await expectTrpcError(() =>
      m.client.trpc.membership.submitProof.mutate({
        planCode: 'regular',
        details: 'I am a professor',
        expectedEndOn: null,
      }),
    );
    expect(bad.data.fieldErrors?.planCode).toBeDefined();
    const badDate = await expectTrpcError(() =>
      m.client.trpc.membership.submitProof.mutate({
        planCode: 'student',
        details: 'PhD student at KU',
        expectedEndOn: '30/06/2027',
      }),
    );
    expect(badDate.data.fieldErrors?.expectedEndOn).toBeDefined();
    const proof = await m.client.trpc.membership.submitProof.mutate({
      planCode: 'student',
      details: 'PhD student, University of Nairobi; supervisor prof@uonbi.ac.ke',
      expectedEndOn: '2027-06-30',
    });
    expect(proof).toMatchObject({ status: 'pending', planCode: 'student', expectedEndOn: '2027-06-30' });
    expect((await m.client.trpc.membership.proofs.query()).map((p) => p.id)).toEqual([proof.id]);
    expect(
      (
        await expectTrpcError(() =>
          m.client.trpc.membershipAdmin.reviewProof.mutate({ proofId: proof.id, approve: true }),
        )
      ).data.appCode,
    ).toBe('FORBIDDEN');

    const pending = await admin.client.trpc.membershipAdmin.proofs.query({ status: 'pending' });
    expect(pending.map((p) => p.id)).toContain(proof.id);
    const approved = await admin.client.trpc.membershipAdmin.reviewProof.mutate({
      proofId: proof.id,
      approve: true,
    });
    expect(approved.status).toBe('approved');
    const again = await expectTrpcError(() =>
      admin.client.trpc.membershipAdmin.reviewProof.mutate({ proofId: proof.id, approve: false }),
    );
    expect(again.data.appCode).toBe('CONFLICT');
    expect((await m.client.trpc.membership.ledger.query()).map((e) => e.kind)).toEqual(['proof_approved']);
    expect(await audits('membership_proof.approved', proof.id)).toHaveLength(1);
  });

  /** A plan that requires proof (plans.requires_proof), priced for every band at 1 year. */
  async function proofPlan() {
    const code = `proof_${randomUUID().slice(0, 8)}`;
    const plan = await app.db
      .insertInto('plans')
      .values({ code, name: 'Student (verified)', requires_proof: true, sort_order: 90 })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const band of ['high', 'upper_middle', 'lower_middle', 'low'] as const)
      await app.db
        .insertInto('plan_prices')
        .values({ plan_id: plan.id, income_band: band, term_years: 1, currency: 'USD', amount_minor: 2500 })
        .execute();
    return { code, id: plan.id };
  }

  it('proof plans: join before review; a rejected proof blocks the plan and is emailed with the reason; new proof unblocks', async () => {
    const admin = await member(app, 'US', 'admin');
    const plan = await proofPlan();
    const m = await member(app, 'KE');
    // Joining does not wait for review (the join page: "You can pay before it is reviewed").
    await expect(
      m.client.trpc.membership.startCheckout.mutate({ planCode: plan.code, term: 1 }),
    ).resolves.toMatchObject({ sessionId: expect.any(String) });
    const proof = await m.client.trpc.membership.submitProof.mutate({
      planCode: plan.code,
      details: 'MSc student at KU',
      expectedEndOn: '2027-06-30',
    });
    await admin.client.trpc.membershipAdmin.reviewProof.mutate({
      proofId: proof.id,
      approve: false,
      reason: 'KU could not confirm your enrolment',
    });
    const refused = await expectTrpcError(() =>
      m.client.trpc.membership.startCheckout.mutate({ planCode: plan.code, term: 1 }),
    );
    expect(refused.data.appCode).toBe('CONFLICT');
    expect(refused.message).toMatch(/was not accepted/);
    expect(refused.data.fieldErrors?.planCode).toEqual(['Proof of eligibility not accepted']);
    const mail = await app.db
      .selectFrom('email_outbox')
      .select(['subject', 'text_body'])
      .where('to_address', '=', m.email)
      .where('kind', '=', 'membership_proof_rejected')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text_body).toContain('KU could not confirm your enrolment');
    // Another plan is still open to them; new proof for this one unblocks it.
    await expect(
      m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 }),
    ).resolves.toMatchObject({ sessionId: expect.any(String) });
    await m.client.trpc.membership.submitProof.mutate({
      planCode: plan.code,
      details: 'MSc student at KU, letter from the registrar attached by email',
      expectedEndOn: '2027-06-30',
    });
    await expect(
      m.client.trpc.membership.startCheckout.mutate({ planCode: plan.code, term: 1 }),
    ).resolves.toMatchObject({ sessionId: expect.any(String) });
  });

  it('proof plans: renewing needs proof on file; a rejection turns automatic renewal of that plan off', async () => {
    const admin = await member(app, 'US', 'admin');
    const plan = await proofPlan();
    const renewing = await member(app, 'KE');
    await grantDirect(
      app,
      renewing.id,
      plan.id,
      new Date(Date.now() - 340 * DAY_MS),
      new Date(Date.now() + 25 * DAY_MS),
    );
    const noProof = await expectTrpcError(() =>
      renewing.client.trpc.membership.startCheckout.mutate({ planCode: plan.code, term: 1 }),
    );
    expect(noProof.data.appCode).toBe('CONFLICT');
    expect(noProof.data.fieldErrors?.planCode).toEqual(['Send proof of eligibility first']);
    await renewing.client.trpc.membership.submitProof.mutate({
      planCode: plan.code,
      details: 'PhD student',
      expectedEndOn: null,
    });
    await expect(
      renewing.client.trpc.membership.startCheckout.mutate({ planCode: plan.code, term: 1 }),
    ).resolves.toMatchObject({ sessionId: expect.any(String) });

    const auto = await member(app, 'KE');
    const paid = await payCheckout(stripe, auto.client, { planCode: plan.code, term: 1, autoRenew: true });
    await sendEvent(app, stripe, 'checkout.session.completed', paid.session);
    const proof = await auto.client.trpc.membership.submitProof.mutate({
      planCode: plan.code,
      details: 'PhD student',
      expectedEndOn: null,
    });
    await admin.client.trpc.membershipAdmin.reviewProof.mutate({ proofId: proof.id, approve: false });
    expect(stripe.subscriptions.get(String(paid.session.subscription))!.cancel_at_period_end).toBe(true);
    const status = await auto.client.trpc.membership.status.query();
    expect(status).toMatchObject({ status: 'active', autoRenew: { enabled: false } });
    const mail = await app.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', auto.email)
      .where('kind', '=', 'membership_proof_rejected')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('Automatic renewal of this plan has been turned off');
  });
});
