import { INCOME_BANDS, type IncomeBand } from '@societas/contracts';
import { sql } from '@societas/db';
import { afterAll, beforeAll, expect } from 'vitest';
import { makeUser, signedInClient, startTestApp, type TestApp, type TestClient } from '../harness.js';
import { eventPayload, type StripeStandIn, signPayload } from '../stripe-stand-in.js';

/** Percent off the high-income price per band (the shipped defaults use the same numbers). */
export const DISCOUNT: Record<IncomeBand, number> = { high: 0, upper_middle: 30, lower_middle: 60, low: 85 };
const TERM_MULTIPLIER: Record<number, number> = { 0: 1, 1: 1, 2: 1.9, 3: 2.75 };

export const PLAN_BASE: Record<string, number> = {
  student: 5000,
  postdoc: 9000,
  regular: 19500,
  lifetime: 350000,
};

export function expectedPrice(code: string, band: IncomeBand, termYears: number, currency = 'USD') {
  const base = currency === 'JPY' ? Math.round(PLAN_BASE[code]! * 1.5) : PLAN_BASE[code]!;
  return Math.round((base * (100 - DISCOUNT[band]) * TERM_MULTIPLIER[termYears]!) / 100);
}

/**
 * The test app a file (or a describe block) shares: started with the default plans seeded before
 * its tests, closed after them. `app` and `plans` are filled in place by then, so the file can name
 * them at its top level. With `stripe`, the stand-in for Stripe's API is started first and the app
 * talks to it; with `checkIdempotencyKeys`, the file ends by asserting that it posted to Stripe and
 * that every POST carried an Idempotency-Key (docs/reliability.md P12). Without `stripe` the app
 * takes payments in local test mode. `ready` does the file's own setup.
 */
export function withTestApp(
  options: {
    stripe?: StripeStandIn;
    checkIdempotencyKeys?: boolean;
    ready?: (app: TestApp, plans: Record<string, string>) => void | Promise<void>;
    /** Settings of the file's own (e.g. a DATA_DIR for uploads). */
    env?: Record<string, string>;
  } = {},
) {
  const { stripe } = options;
  const app = {} as TestApp;
  const plans: Record<string, string> = {};
  let started: TestApp | undefined;
  beforeAll(async () => {
    await stripe?.start();
    started = await startTestApp({ ...stripe?.env(), ...options.env });
    Object.assign(app, started);
    Object.assign(plans, await seedPlans(started));
    await options.ready?.(app, plans);
  });
  afterAll(async () => {
    await started?.close();
    await stripe?.stop();
    if (stripe && options.checkIdempotencyKeys) {
      expect(stripe.requests.some((r) => r.method === 'POST')).toBe(true);
      expect(stripe.postsWithoutIdempotencyKey()).toEqual([]);
    }
  });
  return { app, plans };
}

/** Plans and prices through the database (a factory, as the seed would do). */
export async function seedPlans(app: Pick<TestApp, 'db'>, currency = 'USD') {
  const plans = [
    { code: 'student', name: 'Student', is_trainee: true, next_plan_code: 'postdoc', sort_order: 10 },
    { code: 'postdoc', name: 'Postdoc', is_trainee: true, next_plan_code: 'regular', sort_order: 20 },
    { code: 'regular', name: 'Regular', sort_order: 30 },
    { code: 'lifetime', name: 'Lifetime', is_lifetime: true, sort_order: 40 },
  ];
  const ids: Record<string, string> = {};
  for (const p of plans) {
    const row = await app.db
      .insertInto('plans')
      .values(p)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: p.name }))
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[p.code] = row.id;
  }
  for (const p of plans) {
    const terms = p.is_lifetime ? [0] : [1, 2, 3];
    for (const band of INCOME_BANDS)
      for (const term of terms) {
        await app.db
          .insertInto('plan_prices')
          .values({
            plan_id: ids[p.code]!,
            income_band: band,
            term_years: term,
            currency,
            amount_minor: expectedPrice(p.code, band, term, currency),
          })
          .onConflict((oc) => oc.columns(['plan_id', 'income_band', 'term_years', 'currency']).doNothing())
          .execute();
      }
  }
  return ids;
}

export async function setCountry(app: Pick<TestApp, 'db'>, userId: string, countryCode: string | null) {
  await app.db
    .insertInto('member_profiles')
    .values({ user_id: userId, country_code: countryCode })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ country_code: countryCode }))
    .execute();
}

/** The career stages a plan is offered to (suggested for), as an administrator sets them. */
export async function setPlanCareerStages(app: Pick<TestApp, 'db'>, planCode: string, stages: string[]) {
  await app.db.updateTable('plans').set({ career_stages: stages }).where('code', '=', planCode).execute();
}

/** The career stage on a member's profile. */
export async function setCareerStage(app: Pick<TestApp, 'db'>, userId: string, stage: string | null) {
  await app.db
    .updateTable('member_profiles')
    .set({ career_stage: stage })
    .where('user_id', '=', userId)
    .execute();
}

/** The audit rows of one action on one entity. */
export async function auditRows(app: Pick<TestApp, 'db'>, action: string, entityId: string) {
  return app.db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'before', 'after'])
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .execute();
}

/** A signed-in member with a country of work. */
export async function member(app: TestApp, country: string | null = 'US', role: 'user' | 'admin' = 'user') {
  const user = await makeUser(app, { role });
  await setCountry(app, user.id, country);
  const client = await signedInClient(app, user);
  return { ...user, client };
}

/** POSTs raw bytes to the webhook the way Stripe does. */
export async function postWebhook(app: TestApp, payload: string | Buffer, signature?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (signature !== undefined) headers['stripe-signature'] = signature;
  const response = await fetch(`${app.baseUrl}/api/stripe/webhook`, {
    method: 'POST',
    headers,
    body: payload,
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown> | null,
  };
}

/** Builds, signs and delivers one event; returns the response and the exact bytes (for replays). */
export async function sendEvent(
  app: TestApp,
  stripe: StripeStandIn,
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; livemode?: boolean; created?: number } = {},
) {
  const { id, payload } = eventPayload(type, object, options);
  const signature = signPayload(payload, stripe.env().STRIPE_WEBHOOK_SECRET);
  const response = await postWebhook(app, payload, signature);
  return { ...response, id, payload };
}

/** Re-delivers the same event bytes with a fresh signature (what Stripe does on retry). */
export async function redeliver(app: TestApp, stripe: StripeStandIn, payload: string) {
  return postWebhook(app, payload, signPayload(payload, stripe.env().STRIPE_WEBHOOK_SECRET));
}

/** Starts a checkout and pays it at the stand-in; returns the paid session (not yet delivered). */
export async function payCheckout(
  stripe: StripeStandIn,
  client: TestClient,
  input: { planCode: string; term: 1 | 2 | 3 | 'lifetime'; autoRenew?: boolean },
  options: { paymentStatus?: 'paid' | 'unpaid' } = {},
) {
  const started = await client.trpc.membership.startCheckout.mutate(input);
  const session = stripe.completeSession(started.sessionId, options);
  return { started, session };
}

export async function counts(app: Pick<TestApp, 'db'>, userId: string) {
  const one = async (table: 'payments' | 'membership_events', kinds?: string[]) => {
    let q = app.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId);
    if (kinds && table === 'membership_events') q = q.where('kind', 'in', kinds as never);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  return {
    payments: await one('payments'),
    grants: await one('membership_events', ['joined', 'renewed', 'upgraded', 'comped']),
    events: await one('membership_events'),
  };
}

export async function mailCount(app: Pick<TestApp, 'db'>, email: string, kind?: string) {
  let q = app.db
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('to_address', '=', email);
  if (kind) q = q.where('kind', '=', kind);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function stripeEventCount(app: TestApp) {
  const row = await app.db
    .selectFrom('stripe_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revenue as reports compute it: stored amounts paid minus refunds. */
export async function revenue(app: TestApp) {
  const row = await app.db
    .selectFrom('payments')
    .select(sql<number>`coalesce(sum(amount_minor - refunded_minor), 0)`.as('net'))
    .where('status', 'in', ['paid', 'partially_refunded', 'refunded'])
    .executeTakeFirstOrThrow();
  return Number(row.net);
}

/** Puts a term in the ledger directly (history before the test). */
export async function grantDirect(
  app: Pick<TestApp, 'db'>,
  userId: string,
  planId: string,
  startsAt: Date,
  endsAt: Date | null,
  kind: 'joined' | 'renewed' | 'comped' = 'joined',
) {
  await app.db
    .insertInto('membership_events')
    .values({
      user_id: userId,
      kind,
      plan_id: planId,
      term_years: endsAt ? 1 : 0,
      starts_at: startsAt,
      ends_at: endsAt,
      created_at: startsAt,
    })
    .execute();
}
