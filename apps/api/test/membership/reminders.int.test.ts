import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyNoRenewToken } from '../../src/modules/billing/no-renew.js';
import { DAY_MS } from '../../src/modules/membership/membership.rules.js';
import { sendRenewalReminders } from '../../src/modules/membership/reminders.service.js';
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

    await sendRenewalReminders(app.db, app.env, at(-61));
    expect(await reminderKinds(user.email)).toEqual([]);

    // Two schedulers (or replicas) run at the same moment: one mail.
    await Promise.all([
      sendRenewalReminders(app.db, app.env, at(-60)),
      sendRenewalReminders(app.db, app.env, at(-60)),
    ]);
    expect(await reminderKinds(user.email)).toEqual(['membership_renewal_60']);
    await sendRenewalReminders(app.db, app.env, at(-45));
    expect(await reminderKinds(user.email)).toEqual(['membership_renewal_60']);

    await Promise.all([
      sendRenewalReminders(app.db, app.env, at(-29)),
      sendRenewalReminders(app.db, app.env, at(-29)),
    ]);
    await Promise.all([
      sendRenewalReminders(app.db, app.env, at(-6)),
      sendRenewalReminders(app.db, app.env, at(-6)),
    ]);
    await sendRenewalReminders(app.db, app.env, at(10)); // grace: nothing new
    await Promise.all([
      sendRenewalReminders(app.db, app.env, at(31)),
      sendRenewalReminders(app.db, app.env, at(31)),
    ]);
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
    await sendRenewalReminders(app.db, app.env, new Date(end.getTime() - 59 * DAY_MS));
    await grantDirect(app, user.id, plans.regular!, end, new Date('2033-03-01T00:00:00Z'), 'renewed');
    await sendRenewalReminders(
      app.db,
      app.env,
      new Date(new Date('2033-03-01T00:00:00Z').getTime() - 59 * DAY_MS),
    );
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
    await sendRenewalReminders(app.db, app.env, new Date('2031-01-01T00:00:00Z'));
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
    await sendRenewalReminders(app.db, app.env, new Date(charge.getTime() - 31 * DAY_MS));
    expect(await reminderKinds(user.email)).toEqual([]);
    await sendRenewalReminders(app.db, app.env, new Date(charge.getTime() - 30 * DAY_MS));
    expect(await reminderKinds(user.email)).toEqual(['membership_auto_renew_notice']);
    // Later runs (the membership end's 60/30/7-day marks included) send nothing more.
    for (const at of [
      new Date(charge.getTime() - 29 * DAY_MS),
      new Date(charge.getTime() - DAY_MS),
      new Date(end.getTime() - 60 * DAY_MS),
      new Date(end.getTime() - 29 * DAY_MS),
      new Date(end.getTime() - 6 * DAY_MS),
    ])
      await sendRenewalReminders(app.db, app.env, at);
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
    await sendRenewalReminders(app.db, app.env, new Date(next.getTime() - 20 * DAY_MS));
    await sendRenewalReminders(app.db, app.env, new Date(next.getTime() - 10 * DAY_MS));
    expect(await reminderKinds(user.email)).toEqual([
      'membership_auto_renew_notice',
      'membership_auto_renew_notice',
    ]);
  });
});
