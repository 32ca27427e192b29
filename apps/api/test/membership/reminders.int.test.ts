import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/lib/service-context.js';
import { verifyNoRenewToken } from '../../src/modules/billing/index.js';
import { sendRenewalReminders } from '../../src/modules/membership/index.js';
import { DAY_MS } from '../../src/modules/membership/membership.rules.js';
import { makeUser, startTestApp, type TestApp } from '../harness.js';
import { grantDirect, seedPlans } from './helpers.js';

let app: TestApp;
let plans: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  plans = await seedPlans(app);
});
afterAll(async () => {
  await app?.close();
});

/** One scheduled run of the reminders task at `now`. */
const remind = (now: Date) => sendRenewalReminders(systemContext(app, 'test', now));

async function reminderKinds(email: string) {
  const rows = await app.db
    .selectFrom('email_outbox')
    .select('kind')
    .where('to_address', '=', email)
    .where('kind', 'like', 'membership_%')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.kind);
}

describe('renewal reminders', () => {
  it('60, 30 and 7 days before the end and on lapse, each once per term, even when runs overlap', async () => {
    const user = await makeUser(app);
    const end = new Date('2031-06-30T12:00:00Z');
    await grantDirect(app, user.id, plans.regular!, new Date('2030-06-30T12:00:00Z'), end);
    const at = (days: number) => new Date(end.getTime() + days * DAY_MS);

    await remind(at(-61));
    expect(await reminderKinds(user.email)).toEqual([]);

    // Two schedulers (or replicas) run at the same moment: one mail.
    await Promise.all([remind(at(-60)), remind(at(-60))]);
    expect(await reminderKinds(user.email)).toEqual(['membership_renewal_60']);
    await remind(at(-45));
    expect(await reminderKinds(user.email)).toEqual(['membership_renewal_60']);

    await Promise.all([remind(at(-29)), remind(at(-29))]);
    await Promise.all([remind(at(-6)), remind(at(-6))]);
    await remind(at(10)); // grace: nothing new
    await Promise.all([remind(at(31)), remind(at(31))]);
    expect(await reminderKinds(user.email)).toEqual([
      'membership_renewal_60',
      'membership_renewal_30',
      'membership_renewal_7',
      'membership_lapsed',
    ]);
    const mail = await app.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('kind', '=', 'membership_renewal_30')
      .where('to_address', '=', user.email)
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('30 June 2031');
  });

  it('a renewal starts a fresh set of reminders for the new term', async () => {
    const user = await makeUser(app);
    const end = new Date('2032-03-01T00:00:00Z');
    await grantDirect(app, user.id, plans.regular!, new Date('2031-03-01T00:00:00Z'), end);
    await remind(new Date(end.getTime() - 59 * DAY_MS));
    await grantDirect(app, user.id, plans.regular!, end, new Date('2033-03-01T00:00:00Z'), 'renewed');
    await remind(new Date(new Date('2033-03-01T00:00:00Z').getTime() - 59 * DAY_MS));
    expect(await reminderKinds(user.email)).toEqual(['membership_renewal_60', 'membership_renewal_60']);
  });

  it('lifetime members and long-lapsed members get nothing', async () => {
    const lifetime = await makeUser(app);
    await grantDirect(app, lifetime.id, plans.lifetime!, new Date('2020-01-01T00:00:00Z'), null);
    const old = await makeUser(app);
    await grantDirect(
      app,
      old.id,
      plans.regular!,
      new Date('2019-01-01T00:00:00Z'),
      new Date('2020-01-01T00:00:00Z'),
    );
    await remind(new Date('2031-01-01T00:00:00Z'));
    expect(await reminderKinds(lifetime.email)).toEqual([]);
    expect(await reminderKinds(old.email)).toEqual([]);
  });

  it('members with automatic renewal get one notice 30 days before the charge (the period end, not the membership end), with amount and a "don\'t renew" link', async () => {
    const user = await makeUser(app);
    const end = new Date('2034-05-01T00:00:00Z');
    // Auto-renew chosen 45 days before the end (in the renewal window): Stripe charges on 17 March
    // and every 17 March after, while this membership term runs to 1 May.
    const charge = new Date('2034-03-17T00:00:00Z');
    await grantDirect(app, user.id, plans.regular!, new Date('2033-05-01T00:00:00Z'), end);
    await app.db
      .insertInto('stripe_subscriptions')
      .values({
        id: 'sub_reminder',
        user_id: user.id,
        plan_id: plans.regular!,
        status: 'active',
        current_period_end: charge,
        amount_minor: 19500,
        currency: 'USD',
        livemode: false,
      })
      .execute();
    await remind(new Date(charge.getTime() - 31 * DAY_MS));
    expect(await reminderKinds(user.email)).toEqual([]);
    await remind(new Date(charge.getTime() - 30 * DAY_MS));
    expect(await reminderKinds(user.email)).toEqual(['membership_auto_renew_notice']);
    // Later runs (the membership end's 60/30/7-day marks included) send nothing more.
    for (const at of [
      new Date(charge.getTime() - 29 * DAY_MS),
      new Date(charge.getTime() - DAY_MS),
      new Date(end.getTime() - 60 * DAY_MS),
      new Date(end.getTime() - 29 * DAY_MS),
      new Date(end.getTime() - 6 * DAY_MS),
    ])
      await remind(at);
    expect(await reminderKinds(user.email)).toEqual(['membership_auto_renew_notice']);
    const mail = await app.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', user.email)
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('$195.00');
    expect(mail.text_body).toContain('17 March 2034');
    const token = mail.text_body.match(/\/membership\/auto-renew\/cancel\?token=(\S+)/)?.[1];
    expect(verifyNoRenewToken(app.env.AUTH_SECRET, token!, new Date(charge.getTime() - DAY_MS))).toEqual({
      userId: user.id,
      subscriptionId: 'sub_reminder',
    });

    // The next period: one more notice, 30 days before the next charge.
    const next = new Date('2035-03-17T00:00:00Z');
    await app.db
      .updateTable('stripe_subscriptions')
      .set({ current_period_end: next })
      .where('id', '=', 'sub_reminder')
      .execute();
    await remind(new Date(next.getTime() - 20 * DAY_MS));
    await remind(new Date(next.getTime() - 10 * DAY_MS));
    expect(await reminderKinds(user.email)).toEqual([
      'membership_auto_renew_notice',
      'membership_auto_renew_notice',
    ]);
  });
});
