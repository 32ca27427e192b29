import { randomUUID } from 'node:crypto';
import { INCOME_BANDS, refundInput, startCheckoutInput } from '@societas/contracts';
import { sql } from '@societas/db';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  AMOUNT_MISMATCH_ACTION,
  type BillingContext,
  refundPayment,
} from '../../src/modules/billing/index.js';
import {
  getMembershipState,
  getQuotes,
  NO_COUNTRY_NOTICE,
  startCheckout,
} from '../../src/modules/membership/index.js';
import { addYearsUtc, DAY_MS } from '../../src/modules/membership/membership.rules.js';
import type { SessionUser } from '../../src/trpc/context.js';
import {
  auditRows,
  counts,
  DISCOUNT,
  expectedPrice,
  grantDirect,
  mailCount,
  PLAN_BASE,
  setCareerStage,
  setPlanCareerStages,
} from '../membership/helpers.js';
import { serviceFixture } from './service-fixture.js';

/**
 * Membership and billing rules through their services on a real database (issue 13 §2): the
 * context a router would build, the test-mode gateway, no server. The HTTP tests in
 * test/membership/ keep covering the API surface.
 */
const f = serviceFixture();

type Term = 1 | 2 | 3;

/** A member's checkout for one plan and term, paid on the test-mode page (not yet delivered). */
async function paidCheckout(ctx: BillingContext, planCode: string, term: Term) {
  const started = await startCheckout(ctx, startCheckoutInput.parse({ planCode, term }));
  return { started, ...(await f.pay(started.sessionId)) };
}

/** Paid and delivered: the member's term as fulfilment granted it. */
async function buy(ctx: BillingContext, planCode: string, term: Term) {
  const paid = await paidCheckout(ctx, planCode, term);
  const result = await f.deliver(ctx, paid.session);
  expect(result.state).toBe('paid');
  return { ...paid, paymentId: result.paymentId! };
}

/** A member whose current regular term runs from `startDaysAgo` to `endDaysFromNow` (history). */
async function memberWithTerm(now: Date, startDaysAgo: number, endDaysFromNow: number) {
  const actor = await f.person();
  const startsAt = new Date(now.getTime() - startDaysAgo * DAY_MS);
  const endsAt = new Date(now.getTime() + endDaysFromNow * DAY_MS);
  await grantDirect(f, actor.id, f.plans.regular!, startsAt, endsAt);
  return { actor, startsAt, endsAt };
}

async function grantsOf(userId: string) {
  return f.db
    .selectFrom('membership_events')
    .select(['kind', 'starts_at', 'ends_at'])
    .where('user_id', '=', userId)
    .where('kind', 'in', ['joined', 'renewed', 'upgraded', 'comped'])
    .orderBy('id')
    .execute();
}

/** Sessions of this test database waiting for a lock. */
async function sessionsWaitingOnLocks() {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(f.db);
  return rows[0]!.n;
}

const quoteOf = async (ctx: BillingContext, actor: SessionUser, planCode: string, term: Term) =>
  (await getQuotes(ctx, actor.id)).plans
    .find((p) => p.code === planCode)!
    .quotes.find((q) => q.term === term)!;

describe('price quotes', () => {
  it("quote the price of the member's country income band, with the band's discount and reason", async () => {
    const actor = await f.person({ country: 'IN' }); // India: lower-middle income (shipped default)
    const quotes = await getQuotes(f.context(actor), actor.id);
    expect(quotes).toMatchObject({ band: 'lower_middle', countryCode: 'IN', notice: null });
    expect(await quoteOf(f.context(actor), actor, 'regular', 2)).toMatchObject({
      amountMinor: expectedPrice('regular', 'lower_middle', 2),
      discountPercent: 60,
      reason: 'Lower-middle income country: 60% off',
      action: 'join',
    });
  });

  it("every plan and term shows exactly its band's discount, with the band an administrator set for the country", async () => {
    // Each country's band is moved off its shipped default (CH high, AR upper-middle, KE
    // lower-middle, NE low), so the quote can only come from the administrator's table.
    const countries = { high: 'AR', upper_middle: 'KE', lower_middle: 'NE', low: 'CH' } as const;
    for (const band of INCOME_BANDS) {
      await f.db
        .insertInto('country_income_bands')
        .values({ country_code: countries[band], band })
        .onConflict((oc) => oc.column('country_code').doUpdateSet({ band }))
        .execute();
      const actor = await f.person({ country: countries[band] });
      const quotes = await getQuotes(f.context(actor), actor.id);
      expect(quotes.band).toBe(band);
      const shown = quotes.plans
        .filter((p) => p.code in PLAN_BASE)
        .flatMap((p) =>
          p.quotes.map((q) => ({
            plan: p.code,
            term: q.term,
            amount: q.amountMinor,
            off: q.discountPercent,
          })),
        );
      expect(shown).toHaveLength(10); // 3 plans of 3 terms, and lifetime
      expect(shown).toEqual(
        shown.map((q) => ({
          ...q,
          amount: expectedPrice(q.plan, band, q.term === 'lifetime' ? 0 : q.term),
          off: DISCOUNT[band],
        })),
      );
    }
  });

  it('without a country of work: the high-income price, with a notice asking for the country', async () => {
    const actor = await f.person({ country: null });
    const quotes = await getQuotes(f.context(actor), actor.id);
    expect(quotes).toMatchObject({ band: 'high', countryCode: null, notice: NO_COUNTRY_NOTICE });
    expect((await quoteOf(f.context(actor), actor, 'regular', 1)).amountMinor).toBe(
      expectedPrice('regular', 'high', 1),
    );
  });

  it("suggest the plan for the person's career stage, but never one they may not choose", async () => {
    await setPlanCareerStages(f, 'postdoc', ['postdoc']);
    await f.db
      .insertInto('plans')
      .values({ code: 'senior', name: 'Senior', min_membership_years: 10, career_stages: ['senior'] })
      .execute();
    const stage = async (careerStage: string | null) => {
      const actor = await f.person();
      await setCareerStage(f, actor.id, careerStage);
      return (await getQuotes(f.context(actor), actor.id)).suggestedPlanCode;
    };
    expect(await stage(null)).toBeNull();
    expect(await stage('postdoc')).toBe('postdoc');
    expect(await stage('senior')).toBeNull(); // the Senior plan needs 10 years held
  });
});

describe('plan eligibility (years of membership held)', () => {
  async function emeritusPlan() {
    const existing = await f.db
      .selectFrom('plans')
      .select('id')
      .where('code', '=', 'emeritus')
      .executeTakeFirst();
    if (existing) return existing.id;
    const plan = await f.db
      .insertInto('plans')
      .values({ code: 'emeritus', name: 'Emeritus', min_membership_years: 10, sort_order: 35 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await f.db
      .insertInto('plan_prices')
      .values(
        INCOME_BANDS.map((band) => ({
          plan_id: plan.id,
          income_band: band,
          term_years: 1,
          currency: 'USD',
          amount_minor: 5000,
        })),
      )
      .execute();
    return plan.id;
  }

  it('a checkout for a plan needing 10 years is refused to a member of 3 (BAD_INPUT at planCode)', async () => {
    await emeritusPlan();
    const now = new Date();
    const { actor } = await memberWithTerm(now, 3 * 366, 30);
    const ctx = f.context(actor, now);
    const emeritus = (await getQuotes(ctx, actor.id)).plans.find((p) => p.code === 'emeritus')!;
    expect(emeritus.eligibility).toEqual({
      eligible: false,
      reason:
        'For members who have held membership for at least 10 years. You have held membership for 3 years.',
    });
    await expect(
      startCheckout(ctx, startCheckoutInput.parse({ planCode: 'emeritus', term: 1 })),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: emeritus.eligibility.reason,
      fieldErrors: { planCode: ['Needs at least 10 years of membership'] },
    });
    expect(
      await f.db.selectFrom('checkout_attempts').select('id').where('user_id', '=', actor.id).execute(),
    ).toEqual([]);
  });

  it('ten years held over two runs (a lapse between them) are enough', async () => {
    await emeritusPlan();
    const now = new Date();
    const actor = await f.person();
    const yearsAgo = (y: number) => new Date(now.getTime() - y * 365.2425 * DAY_MS);
    await grantDirect(f, actor.id, f.plans.regular!, yearsAgo(13), yearsAgo(7));
    await grantDirect(
      f,
      actor.id,
      f.plans.regular!,
      new Date(yearsAgo(4).getTime() - DAY_MS),
      new Date(now.getTime() + 30 * DAY_MS),
    );
    const started = await startCheckout(
      f.context(actor, now),
      startCheckoutInput.parse({ planCode: 'emeritus', term: 1 }),
    );
    expect(started.sessionId).toMatch(/^cs_test_local_/);
  });
});

describe('the term a paid checkout grants', () => {
  /** A member with a Regular term ending `endDaysFromNow` (negative: ended) buys `term` more years. */
  async function purchaseAfter(startDaysAgo: number, endDaysFromNow: number, term: Term) {
    const now = new Date();
    const history = await memberWithTerm(now, startDaysAgo, endDaysFromNow);
    const statusBefore = (await getMembershipState(f.db, history.actor.id, now)).status;
    await buy(f.context(history.actor, now), 'regular', term);
    const grant = (await grantsOf(history.actor.id)).at(-1);
    return {
      ...history,
      now,
      statusBefore,
      grant,
      after: await getMembershipState(f.db, history.actor.id, now),
    };
  }

  it('a renewal paid in the renewal window extends from the current end, not from today', async () => {
    const { endsAt, statusBefore, grant, after } = await purchaseAfter(345, 20, 1);
    expect(statusBefore).toBe('renewal_window');
    expect(grant).toEqual({ kind: 'renewed', starts_at: endsAt, ends_at: addYearsUtc(endsAt, 1) });
    expect(after).toMatchObject({ status: 'active', endsAt: addYearsUtc(endsAt, 1) });
  });

  it('a renewal paid in grace starts today and continues the same membership', async () => {
    const { now, startsAt, statusBefore, grant, after } = await purchaseAfter(370, -5, 1);
    expect(statusBefore).toBe('grace');
    expect(grant).toEqual({ kind: 'renewed', starts_at: now, ends_at: addYearsUtc(now, 1) });
    expect(after).toMatchObject({ status: 'active', memberSince: startsAt });
  });

  it("a lapsed member's new term starts today, as a new membership", async () => {
    // Ended 35 days ago: past the 30 days of grace.
    const { now, statusBefore, grant, after } = await purchaseAfter(400, -35, 2);
    expect(statusBefore).toBe('lapsed');
    expect(grant).toEqual({ kind: 'joined', starts_at: now, ends_at: addYearsUtc(now, 2) });
    expect(after).toMatchObject({ status: 'active', memberSince: now });
  });
});

describe('fulfilment is idempotent', () => {
  /** A member in the renewal window with two paid renewals (1 and 2 years), not yet delivered. */
  async function twoPaidRenewals() {
    const now = new Date();
    const { actor, endsAt } = await memberWithTerm(now, 345, 20);
    const ctx = f.context(actor, now);
    const oneYear = await paidCheckout(ctx, 'regular', 1);
    return { now, actor, endsAt, ctx, oneYear, twoYears: await paidCheckout(ctx, 'regular', 2) };
  }

  /** Locks a checkout's order row in another transaction, until the returned function is called. */
  async function holdOrderRow(sessionId: string) {
    let release = () => {};
    await new Promise<void>((locked) => {
      void f.db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('checkout_attempts')
          .select('id')
          .where('stripe_session_id', '=', sessionId)
          .forUpdate()
          .execute();
        locked();
        await new Promise<void>((done) => {
          release = done;
        });
      });
    });
    return release;
  }

  it('one paid checkout delivered twice, then read by the return page, grants one term, one payment, one receipt', async () => {
    const actor = await f.person();
    const ctx = f.context(actor);
    const { session } = await paidCheckout(ctx, 'regular', 1);
    const eventId = `evt_${randomUUID()}`;
    const first = await f.deliver(ctx, session, eventId);
    expect(first.state).toBe('paid');
    expect(await f.deliver(ctx, session, eventId)).toMatchObject({ state: 'duplicate' });
    // The return page fulfils the same session without an event: it finds the order completed.
    expect(await f.deliver(ctx, session)).toMatchObject({ state: 'paid', paymentId: first.paymentId });
    expect(await counts(f, actor.id)).toEqual({ payments: 1, grants: 1, events: 1 });
    expect(await mailCount(f, actor.email, 'membership_receipt')).toBe(1);
  });

  it('two deliveries of one checkout at the same moment grant it once', async () => {
    const actor = await f.person();
    const ctx = f.context(actor);
    const { session } = await paidCheckout(ctx, 'regular', 1);
    const results = await Promise.all([f.deliver(ctx, session), f.deliver(ctx, session)]);
    expect(results.map((r) => r.state)).toEqual(['paid', 'paid']);
    expect(results[0]!.paymentId).toBe(results[1]!.paymentId);
    expect(await counts(f, actor.id)).toEqual({ payments: 1, grants: 1, events: 1 });
  });

  it("two renewals fulfilled at once stack: each grant reads the ledger under the member's lock", async () => {
    const { actor, endsAt, ctx, oneYear, twoYears } = await twoPaidRenewals();
    await Promise.all([f.deliver(ctx, oneYear.session), f.deliver(ctx, twoYears.session)]);
    const [, a, b] = await grantsOf(actor.id);
    // Whichever ran second started where the first ended; neither started from the old end twice.
    expect(a!.starts_at).toEqual(endsAt);
    expect(b!.starts_at).toEqual(a!.ends_at);
    expect(b!.ends_at).toEqual(addYearsUtc(endsAt, 3));
  });

  it('a fulfilment that began first but waited for another is read after it: the member holds both terms', async () => {
    const { now, actor, endsAt, ctx, oneYear: first, twoYears: waiting } = await twoPaidRenewals();
    // Another transaction holds the waiting checkout's order row: its fulfilment begins, then waits.
    const release = await holdOrderRow(waiting.session.id);
    const late = f.deliver(ctx, waiting.session);
    await expect.poll(() => sessionsWaitingOnLocks(), { timeout: 5000 }).toBe(1);
    await f.deliver(ctx, first.session);
    release();
    expect((await late).state).toBe('paid');
    const [, made, madeLater] = await grantsOf(actor.id);
    expect(made!.ends_at).toEqual(addYearsUtc(endsAt, 1));
    expect(madeLater!.ends_at).toEqual(addYearsUtc(endsAt, 3));
    expect((await getMembershipState(f.db, actor.id, now)).endsAt).toEqual(addYearsUtc(endsAt, 3));
  });
});

describe('refunds', () => {
  const refund = (
    admin: SessionUser,
    paymentId: string,
    fields: { amountMinor?: number; endMembership: boolean },
  ) =>
    refundPayment(
      f.context(admin),
      refundInput.parse({
        paymentId,
        reason: 'Asked for by the member',
        requestKey: randomUUID(),
        ...fields,
      }),
    );

  it('a full refund that ends the membership leaves it lapsed at once, with no grace', async () => {
    const admin = await f.person({ role: 'admin' });
    const actor = await f.person();
    const { paymentId } = await buy(f.context(actor), 'regular', 1);
    const outcome = await refund(admin, paymentId, { endMembership: true });
    expect(outcome).toMatchObject({ status: 'refunded', refundedMinor: expectedPrice('regular', 'high', 1) });
    expect(await getMembershipState(f.db, actor.id)).toMatchObject({
      status: 'lapsed',
      endedEarly: true,
      hasBenefits: false,
      graceEndsAt: null,
    });
  });

  it('a partial refund that does not end the membership leaves the granted term as it was', async () => {
    const admin = await f.person({ role: 'admin' });
    const actor = await f.person();
    const { paymentId } = await buy(f.context(actor), 'regular', 1);
    const before = await getMembershipState(f.db, actor.id);
    const outcome = await refund(admin, paymentId, { amountMinor: 1000, endMembership: false });
    expect(outcome).toMatchObject({ status: 'partially_refunded', refundedMinor: 1000 });
    expect(await getMembershipState(f.db, actor.id)).toMatchObject({
      status: 'active',
      endsAt: before.endsAt,
      endedEarly: false,
    });
  });
});

describe('a charged amount that differs from the order', () => {
  const mismatchFlags = (paymentId: string) => auditRows(f, AMOUNT_MISMATCH_ACTION, paymentId);

  it('is fulfilled at the amount charged, and flagged for an administrator', async () => {
    const actor = await f.person();
    const ctx = f.context(actor);
    const price = expectedPrice('regular', 'high', 1);
    const { session } = await paidCheckout(ctx, 'regular', 1);
    const result = await f.deliver(ctx, { ...session, amount_total: price - 700 });
    expect(result.state).toBe('paid');
    const payment = await f.db
      .selectFrom('payments')
      .select('amount_minor')
      .where('id', '=', result.paymentId!)
      .executeTakeFirstOrThrow();
    expect(payment.amount_minor).toBe(price - 700);
    expect((await counts(f, actor.id)).grants).toBe(1);
    expect(await mismatchFlags(result.paymentId!)).toEqual([
      {
        actor_user_id: null,
        before: { expectedMinor: price, currency: 'USD' },
        after: expect.objectContaining({ chargedMinor: price - 700, discountMinor: 0 }),
      },
    ]);
  });

  it('is not flagged when a promotion-code discount accounts for the difference', async () => {
    const actor = await f.person();
    const ctx = f.context(actor);
    const price = expectedPrice('regular', 'high', 1);
    const { session } = await paidCheckout(ctx, 'regular', 1);
    const discounted = {
      ...session,
      amount_total: price - 700,
      total_details: { amount_discount: 700, amount_shipping: 0, amount_tax: 0 },
    } as Stripe.Checkout.Session;
    const result = await f.deliver(ctx, discounted);
    expect(result.state).toBe('paid');
    expect(await mismatchFlags(result.paymentId!)).toEqual([]);
  });
});
