import { randomUUID } from 'node:crypto';
import type { DbHandle } from '@societas/db';
import { createTestDatabase } from '@societas/db/testing';
import pino from 'pino';
import type Stripe from 'stripe';
import { afterAll, beforeAll, inject } from 'vitest';
import { type Env, parseEnv } from '../../src/env.js';
import {
  type BillingContext,
  billingContext,
  fulfilCheckoutSession,
  settleLocalCheckout,
} from '../../src/modules/billing/index.js';
import { registerProducts } from '../../src/products.js';
import type { SessionUser } from '../../src/trpc/context.js';
import { TEST_PUBLIC_URL } from '../harness.js';
import { seedPlans, setCountry } from '../membership/helpers.js';

/**
 * Services called directly, the way routers, the webhook and the worker call them: a database
 * cloned from the migrated template, the test-mode payment gateway (no Stripe key: its sessions and
 * refunds live in our tables), the products registered with billing. No server, no HTTP. The
 * fixture's fields are filled before the file's tests and the database dropped after them.
 */
export function serviceFixture() {
  let handle: DbHandle | undefined;
  const fixture = {
    db: undefined as unknown as DbHandle['db'],
    env: undefined as unknown as Env,
    plans: {} as Record<string, string>,

    /** What a router builds for one request (or, with no actor, a webhook or scheduled task). */
    context(actor: SessionUser | null, now = new Date()): BillingContext {
      const log = pino({ enabled: false });
      return billingContext({ db: fixture.db, env: fixture.env, log, actor, requestId: randomUUID(), now });
    },

    /** A verified person, with a country of work unless `null`. */
    async person(options: { country?: string | null; role?: 'user' | 'admin' } = {}): Promise<SessionUser> {
      const id = `svc-${randomUUID()}`;
      const user = { id, name: `Person ${id.slice(-6)}`, email: `${id}@example.org` };
      const role = options.role ?? 'user';
      await fixture.db
        .insertInto('users')
        .values({ ...user, email_verified: true, role })
        .execute();
      const country = options.country === undefined ? 'US' : options.country;
      if (country) await setCountry(fixture, id, country);
      return { ...user, emailVerified: true, role };
    },

    /** The customer presses Pay on the test-mode checkout: the paid session and its completed event. */
    async pay(sessionId: string) {
      const { session, events } = await settleLocalCheckout(fixture.db, sessionId, 'pay');
      const event = events.find((e) => e.type === 'checkout.session.completed')!;
      return { session: session as unknown as Stripe.Checkout.Session, event };
    },

    /** The webhook's delivery of checkout.session.completed (what handleStripeEvent does with it). */
    deliver(ctx: BillingContext, session: Stripe.Checkout.Session, eventId = `evt_${randomUUID()}`) {
      return fulfilCheckoutSession(ctx, session, {
        id: eventId,
        type: 'checkout.session.completed',
        livemode: false,
      });
    },
  };

  beforeAll(async () => {
    handle = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    fixture.db = handle.db;
    fixture.env = parseEnv({
      NODE_ENV: 'test',
      PUBLIC_URL: TEST_PUBLIC_URL,
      AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
      DATABASE_URL: handle.url,
      LOG_LEVEL: 'warn',
    });
    registerProducts();
    fixture.plans = await seedPlans(fixture);
  });
  afterAll(async () => {
    await handle?.close();
  });
  return fixture;
}
