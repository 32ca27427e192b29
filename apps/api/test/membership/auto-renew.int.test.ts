import { describe, expect, it } from 'vitest';
import {
  noRenewToken,
  reconcileOpenCheckouts,
  reconcileRenewalInvoices,
  systemBillingContext,
} from '../../src/modules/billing/index.js';
import { addYearsUtc, DAY_MS } from '../../src/modules/membership/membership.rules.js';
import { expectTrpcError } from '../harness.js';
import { StripeStandIn } from '../stripe-stand-in.js';
import {
  counts,
  expectedPrice,
  grantDirect,
  mailCount,
  member,
  payCheckout,
  redeliver,
  sendEvent,
  withTestApp,
} from './helpers.js';

const stripe = new StripeStandIn();

// docs/reliability.md P12: every POST this file makes to Stripe carries an Idempotency-Key (checked after the tests).
const { app } = withTestApp({ stripe, checkIdempotencyKeys: true });

/** A member who joined with automatic renewal (checkout in subscription mode, fulfilled). */
async function autoRenewMember() {
  const m = await member(app);
  const { session, started } = await payCheckout(stripe, m.client, {
    planCode: 'regular',
    term: 1,
    autoRenew: true,
  });
  const delivered = await sendEvent(app, stripe, 'checkout.session.completed', session);
  expect(delivered.status).toBe(200);
  const subscriptionId = String(session.subscription);
  return { ...m, session, started, subscriptionId, sub: stripe.subscriptions.get(subscriptionId)! };
}

describe('automatic renewal', () => {
  it('checkout with auto-renew creates a yearly subscription linked to the member', async () => {
    const m = await autoRenewMember();
    const post = stripe.posts('/v1/checkout/sessions').find((r) => r.body.client_reference_id === m.id)!;
    expect(post.body.mode).toBe('subscription');
    const item = (post.body.line_items as Array<{ price_data: { recurring: { interval: string } } }>)[0]!;
    expect(item.price_data.recurring.interval).toBe('year');
    const status = await m.client.trpc.membership.status.query();
    expect(status).toMatchObject({
      status: 'active',
      autoRenew: { enabled: true, subscriptionStatus: 'active', paymentFailed: false },
    });
    const kinds = (await m.client.trpc.membership.ledger.query()).map((e) => e.kind);
    expect(kinds).toEqual(['joined', 'auto_renew_on']);
  });

  it('the first invoice does not extend again; a renewal invoice extends by exactly one term, once (docs/reliability.md P10)', async () => {
    const m = await autoRenewMember();
    const first = stripe.invoices.get(String(m.session.invoice))!;
    await sendEvent(app, stripe, 'invoice.paid', first);
    expect((await counts(app, m.id)).grants).toBe(1);
    const endBefore = (await m.client.trpc.membership.status.query()).endsAt!;

    const renewal = stripe.createInvoice(
      m.subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
    );
    const delivered = await sendEvent(app, stripe, 'invoice.paid', renewal);
    expect(delivered.body).toMatchObject({ result: 'processed' });
    // The same invoice again, as a different event id (e.g. a resend): no second extension.
    await sendEvent(app, stripe, 'invoice.paid', renewal);
    await redeliver(app, stripe, delivered.payload);
    const after = await m.client.trpc.membership.status.query();
    expect(after.endsAt).toEqual(addYearsUtc(endBefore, 1));
    expect(await counts(app, m.id)).toMatchObject({ payments: 2, grants: 2 });
    expect(await mailCount(app, m.email, 'membership_receipt')).toBe(2);
  });

  it('only the yearly cycle extends: a proration invoice is a payment without a term, flagged for an admin', async () => {
    const m = await autoRenewMember();
    const endBefore = (await m.client.trpc.membership.status.query()).endsAt!;
    const proration = stripe.createInvoice(m.subscriptionId, 'subscription_update', 1234);
    expect((await sendEvent(app, stripe, 'invoice.paid', proration)).body).toMatchObject({
      result: 'processed',
    });
    const manual = stripe.createInvoice(m.subscriptionId, 'manual', 999);
    await sendEvent(app, stripe, 'invoice.paid', manual);
    expect((await m.client.trpc.membership.status.query()).endsAt).toEqual(endBefore);
    expect(await counts(app, m.id)).toMatchObject({ grants: 1, payments: 3 });
    const rows = await app.db
      .selectFrom('payments')
      .select(['amount_minor', 'term_years'])
      .where('stripe_invoice_id', 'in', [String(proration.id), String(manual.id)])
      .orderBy('amount_minor')
      .execute();
    expect(rows).toEqual([
      { amount_minor: 999, term_years: null },
      { amount_minor: 1234, term_years: null },
    ]);
    const flagged = await app.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'billing.invoice_without_term')
      .where('after', '@>', JSON.stringify({ subscriptionId: m.subscriptionId }))
      .execute();
    expect(flagged).toHaveLength(2);
  });

  it('a renewal invoice extends from the current end even when the member is on another plan now (never shortens)', async () => {
    const m = await autoRenewMember();
    const plans = await app.db.selectFrom('plans').select(['id', 'code']).execute();
    const postdoc = plans.find((p) => p.code === 'postdoc')!.id;
    // Since joining, the member moved to another plan with a longer term (an admin comp here).
    await grantDirect(app, m.id, postdoc, new Date(), new Date(Date.now() + 700 * DAY_MS), 'comped');
    const before = await m.client.trpc.membership.status.query();
    const renewal = stripe.createInvoice(
      m.subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
    );
    await sendEvent(app, stripe, 'invoice.paid', renewal);
    const after = await m.client.trpc.membership.status.query();
    expect(after.endsAt).toEqual(addYearsUtc(before.endsAt!, 1));
    const last = (await m.client.trpc.membership.ledger.query()).at(-1)!;
    expect(last).toMatchObject({ kind: 'renewed', startsAt: before.endsAt });
  });

  it('auto-renew cannot be turned back on once the member is on another plan than the subscription', async () => {
    const m = await autoRenewMember();
    await m.client.trpc.membership.setAutoRenew.mutate({ enabled: false });
    const plans = await app.db.selectFrom('plans').select(['id', 'code']).execute();
    const postdoc = plans.find((p) => p.code === 'postdoc')!.id;
    await grantDirect(app, m.id, postdoc, new Date(), new Date(Date.now() + 365 * DAY_MS), 'comped');
    const posts = stripe.posts(`/v1/subscriptions/${m.subscriptionId}`).length;
    const error = await expectTrpcError(() =>
      m.client.trpc.membership.setAutoRenew.mutate({ enabled: true }),
    );
    expect(error.data.appCode).toBe('CONFLICT');
    expect(error.message).toMatch(/for your previous plan/);
    expect(stripe.posts(`/v1/subscriptions/${m.subscriptionId}`)).toHaveLength(posts);
    expect(stripe.subscriptions.get(m.subscriptionId)!.cancel_at_period_end).toBe(true);
  });

  it('reconciliation: a renewal invoice paid while webhooks were off is found and fulfilled once (docs/reliability.md P18)', async () => {
    const m = await autoRenewMember();
    const endBefore = (await m.client.trpc.membership.status.query()).endsAt!;
    // Stripe charged the renewal; its invoice.paid never arrived.
    const renewal = stripe.createInvoice(
      m.subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
    );
    const first = await reconcileOpenCheckouts(systemBillingContext(app, 'test', new Date()));
    expect(first.renewalsFulfilled).toBeGreaterThanOrEqual(1);
    await reconcileRenewalInvoices(systemBillingContext(app, 'test', new Date()));
    // The webhook arrives late after all: nothing more.
    await sendEvent(app, stripe, 'invoice.paid', renewal);
    expect((await m.client.trpc.membership.status.query()).endsAt).toEqual(addYearsUtc(endBefore, 1));
    expect(await counts(app, m.id)).toMatchObject({ payments: 2, grants: 2 });
    expect(await mailCount(app, m.email, 'membership_receipt')).toBe(2);
    expect(
      stripe.requests.some(
        (r) => r.method === 'GET' && r.path === '/v1/invoices' && r.body.subscription === m.subscriptionId,
      ),
    ).toBe(true);

    // Next year: the webhook and the reconciliation reach the same invoice at the same moment.
    const next = stripe.createInvoice(
      m.subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
    );
    await Promise.all([
      sendEvent(app, stripe, 'invoice.paid', next),
      reconcileRenewalInvoices(systemBillingContext(app, 'test', new Date())),
      reconcileRenewalInvoices(systemBillingContext(app, 'test', new Date())),
    ]);
    expect((await m.client.trpc.membership.status.query()).endsAt).toEqual(addYearsUtc(endBefore, 2));
    expect(await counts(app, m.id)).toMatchObject({ payments: 3, grants: 3 });
  });

  it('a failed renewal charge: visible grace flag, our own email once; a late failure never downgrades (docs/reliability.md P7, 10)', async () => {
    const m = await autoRenewMember();
    const failedInvoice = stripe.createInvoice(
      m.subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
      { paid: false },
    );
    // Past due with automatic renewal already switched off: only the past-due rule can refuse a
    // manual renewal below (the "auto-renew is on" rule would let it through).
    stripe.updateSubscription(m.subscriptionId, { status: 'past_due', cancel_at_period_end: true });
    await sendEvent(app, stripe, 'invoice.payment_failed', failedInvoice);
    await sendEvent(app, stripe, 'invoice.payment_failed', failedInvoice);
    let status = await m.client.trpc.membership.status.query();
    expect(status.autoRenew).toMatchObject({
      enabled: false,
      paymentFailed: true,
      subscriptionStatus: 'past_due',
    });
    expect(status.status).toBe('active');
    expect(await mailCount(app, m.email, 'membership_renewal_failed')).toBe(1);
    // The email offers what the code allows: a new card in the billing portal, not "pay another way"
    // (checkout refuses a second payment while this one is open, below).
    const failedMail = await app.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', m.email)
      .where('kind', '=', 'membership_renewal_failed')
      .executeTakeFirstOrThrow();
    expect(failedMail.text_body).toContain('Manage card / billing');
    expect(failedMail.text_body).not.toMatch(/pay another way/i);

    // Manual renewal while the automatic invoice is past due is refused (no double charge, docs/reliability.md P13).
    const refused = await expectTrpcError(() =>
      m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 }),
    );
    expect(refused.data.appCode).toBe('CONFLICT');
    expect(refused.message).toMatch(/payment is still open. Update your card in the billing portal/);

    // The retry succeeds; then a late failure event for the older invoice arrives.
    stripe.updateSubscription(m.subscriptionId, { status: 'active', cancel_at_period_end: false });
    const paid = stripe.createInvoice(
      m.subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
    );
    await sendEvent(app, stripe, 'invoice.paid', paid);
    const good = await m.client.trpc.membership.status.query();
    const lateFailure = stripe.createInvoice(
      m.subscriptionId,
      'subscription_cycle',
      expectedPrice('regular', 'high', 1),
      { paid: false },
    );
    await sendEvent(app, stripe, 'invoice.payment_failed', lateFailure);
    status = await m.client.trpc.membership.status.query();
    expect(status.endsAt).toEqual(good.endsAt);
    expect(status.autoRenew.paymentFailed).toBe(false);
    expect(await mailCount(app, m.email, 'membership_renewal_failed')).toBe(1);
  });

  it('out-of-order subscription events: updated(active) then created(incomplete) stays active (docs/reliability.md P5)', async () => {
    const m = await autoRenewMember();
    const current = stripe.subscriptions.get(m.subscriptionId)!;
    const created = Math.floor(Date.now() / 1000);
    await sendEvent(
      app,
      stripe,
      'customer.subscription.updated',
      { ...current, status: 'active' },
      { created: created + 1 },
    );
    await sendEvent(
      app,
      stripe,
      'customer.subscription.created',
      { ...current, status: 'incomplete' },
      { created },
    );
    const row = await app.db
      .selectFrom('stripe_subscriptions')
      .select(['status'])
      .where('id', '=', m.subscriptionId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });

  it('concurrent create + update of one subscription make exactly one local row (docs/reliability.md P6)', async () => {
    const m = await autoRenewMember();
    await app.db.deleteFrom('stripe_subscriptions').where('id', '=', m.subscriptionId).execute();
    const sub = stripe.subscriptions.get(m.subscriptionId)!;
    const responses = await Promise.all([
      sendEvent(app, stripe, 'customer.subscription.created', sub),
      sendEvent(app, stripe, 'customer.subscription.updated', sub),
      sendEvent(app, stripe, 'customer.subscription.updated', sub),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const rows = await app.db
      .selectFrom('stripe_subscriptions')
      .select('id')
      .where('user_id', '=', m.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('one live subscription per member: a second auto-renew checkout is refused (docs/reliability.md P13)', async () => {
    const m = await autoRenewMember();
    const before = stripe.posts('/v1/checkout/sessions').length;
    for (const autoRenew of [true, false]) {
      const error = await expectTrpcError(() =>
        m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1, autoRenew }),
      );
      expect(error.data.appCode).toBe('CONFLICT');
    }
    expect(stripe.posts('/v1/checkout/sessions').length).toBe(before);
  });

  it('two auto-renew checkouts paid at once: one live subscription, the second cancelled in Stripe, both terms kept (docs/reliability.md P13)', async () => {
    const plans = await app.db.selectFrom('plans').select(['id', 'code']).execute();
    const regular = plans.find((p) => p.code === 'regular')!.id;
    const m = await member(app);
    // In the renewal window, so both checkouts may choose auto-renew; started before either is paid.
    await grantDirect(
      app,
      m.id,
      regular,
      new Date(Date.now() - 340 * DAY_MS),
      new Date(Date.now() + 25 * DAY_MS),
    );
    const a = await m.client.trpc.membership.startCheckout.mutate({
      planCode: 'regular',
      term: 1,
      autoRenew: true,
    });
    const b = await m.client.trpc.membership.startCheckout.mutate({
      planCode: 'postdoc',
      term: 1,
      autoRenew: true,
    });
    expect(a.sessionId).not.toBe(b.sessionId);
    const first = stripe.completeSession(a.sessionId);
    const second = stripe.completeSession(b.sessionId);
    expect((await sendEvent(app, stripe, 'checkout.session.completed', first)).status).toBe(200);
    // Stripe's created event for the second subscription comes before its checkout event: deferred.
    const deferred = await sendEvent(
      app,
      stripe,
      'customer.subscription.created',
      stripe.subscriptions.get(String(second.subscription))!,
    );
    expect(deferred.status).toBe(409);
    expect((await sendEvent(app, stripe, 'checkout.session.completed', second)).status).toBe(200);
    expect(stripe.subscriptions.get(String(second.subscription))!.status).toBe('canceled');
    expect(stripe.subscriptions.get(String(first.subscription))!.status).toBe('active');
    expect(
      stripe.requests.filter(
        (r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${second.subscription}`,
      ),
    ).toHaveLength(1);
    // Stripe redelivers the deferred event: it now records the cancelled subscription.
    expect((await redeliver(app, stripe, deferred.payload)).status).toBe(200);
    const rows = await app.db
      .selectFrom('stripe_subscriptions')
      .select(['id', 'status'])
      .where('user_id', '=', m.id)
      .orderBy('status')
      .execute();
    expect(rows).toEqual([
      { id: String(first.subscription), status: 'active' },
      { id: String(second.subscription), status: 'canceled' },
    ]);
    expect(await counts(app, m.id)).toMatchObject({ payments: 2, grants: 3 });
    // And the database refuses a second live row outright.
    await expect(
      app.db
        .updateTable('stripe_subscriptions')
        .set({ status: 'active' })
        .where('id', '=', String(second.subscription))
        .execute(),
    ).rejects.toThrow(/stripe_subscriptions_one_live_per_member/);
  });

  it('auto-renew needs a 1-year term (field error)', async () => {
    const m = await member(app);
    const error = await expectTrpcError(() =>
      m.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 2, autoRenew: true }),
    );
    expect(error.data.appCode).toBe('BAD_INPUT');
    expect(error.data.fieldErrors?.autoRenew).toBeDefined();
  });

  it('auto-renew is offered from the renewal window on, so yearly charges line up with the term', async () => {
    const plans = await app.db.selectFrom('plans').select(['id', 'code']).execute();
    const regular = plans.find((p) => p.code === 'regular')!.id;

    // 200 days left: a subscription started today would charge 200 days early every year.
    const early = await member(app);
    await grantDirect(
      app,
      early.id,
      regular,
      new Date(Date.now() - 165 * DAY_MS),
      new Date(Date.now() + 200 * DAY_MS),
    );
    const error = await expectTrpcError(() =>
      early.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1, autoRenew: true }),
    );
    expect(error.data.appCode).toBe('BAD_INPUT');
    expect(error.data.fieldErrors?.autoRenew).toEqual(['Available from the renewal window']);
    expect(await counts(app, early.id)).toMatchObject({ payments: 0 });
    // Renewing without it is fine.
    await expect(
      early.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 }),
    ).resolves.toMatchObject({ sessionId: expect.any(String) });

    // 30 days left (in the renewal window): allowed.
    const due = await member(app);
    await grantDirect(
      app,
      due.id,
      regular,
      new Date(Date.now() - 335 * DAY_MS),
      new Date(Date.now() + 30 * DAY_MS),
    );
    await expect(
      due.client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1, autoRenew: true }),
    ).resolves.toMatchObject({ sessionId: expect.any(String) });
  });

  it('turning auto-renew off keeps access to the period end; the subscription ending is recorded once', async () => {
    const m = await autoRenewMember();
    const before = await m.client.trpc.membership.status.query();
    const off = await m.client.trpc.membership.setAutoRenew.mutate({ enabled: false });
    expect(off.autoRenew.enabled).toBe(false);
    expect(off.status).toBe('active');
    expect(off.endsAt).toEqual(before.endsAt);
    const update = stripe.posts(`/v1/subscriptions/${m.subscriptionId}`).at(-1)!;
    expect(update.body.cancel_at_period_end).toBe('true');
    expect(update.idempotencyKey).toMatch(/^subscription:/);
    // Stripe's own event for the same change adds nothing to the ledger.
    await sendEvent(
      app,
      stripe,
      'customer.subscription.updated',
      stripe.subscriptions.get(m.subscriptionId)!,
    );
    // At the period end Stripe deletes it.
    stripe.updateSubscription(m.subscriptionId, { status: 'canceled' });
    await sendEvent(
      app,
      stripe,
      'customer.subscription.deleted',
      stripe.subscriptions.get(m.subscriptionId)!,
    );
    const kinds = (await m.client.trpc.membership.ledger.query()).map((e) => e.kind);
    expect(kinds).toEqual(['joined', 'auto_renew_on', 'auto_renew_off']);
    const after = await m.client.trpc.membership.status.query();
    expect(after).toMatchObject({ status: 'active', autoRenew: { enabled: false } });
    expect(after.endsAt).toEqual(before.endsAt);
  });

  it('off -> on -> off sends three distinct updates to Stripe, and Stripe ends up off (idempotency per switch)', async () => {
    const m = await autoRenewMember();
    const path = `/v1/subscriptions/${m.subscriptionId}`;
    for (const enabled of [false, true, false]) {
      const state = await m.client.trpc.membership.setAutoRenew.mutate({ enabled });
      expect(state.autoRenew.enabled).toBe(enabled);
    }
    const updates = stripe.posts(path);
    expect(updates.map((u) => u.body.cancel_at_period_end)).toEqual(['true', 'false', 'true']);
    expect(new Set(updates.map((u) => u.idempotencyKey)).size).toBe(3);
    expect(stripe.subscriptions.get(m.subscriptionId)!.cancel_at_period_end).toBe(true);
    // A double click of the last switch changes nothing more.
    await Promise.all([
      m.client.trpc.membership.setAutoRenew.mutate({ enabled: false }),
      m.client.trpc.membership.setAutoRenew.mutate({ enabled: false }),
    ]);
    expect(stripe.posts(path)).toHaveLength(3);
    const kinds = (await m.client.trpc.membership.ledger.query()).map((e) => e.kind);
    expect(kinds).toEqual(['joined', 'auto_renew_on', 'auto_renew_off', 'auto_renew_on', 'auto_renew_off']);
  });

  it('the one-click "don\'t renew" link works signed out, only with a valid token, and keeps access to the end', async () => {
    const m = await autoRenewMember();
    const anon = app.client();
    const token = noRenewToken(
      app.env.AUTH_SECRET,
      m.id,
      m.subscriptionId,
      new Date(Date.now() + 30 * DAY_MS),
    );
    const tampered = `${token.slice(0, -3)}${token.endsWith('a') ? 'bbb' : 'aaa'}`;
    expect(
      (await expectTrpcError(() => anon.trpc.membership.cancelAutoRenewByToken.mutate({ token: tampered })))
        .data.appCode,
    ).toBe('BAD_INPUT');
    const expired = noRenewToken(app.env.AUTH_SECRET, m.id, m.subscriptionId, new Date(Date.now() - 1000));
    expect(
      (await expectTrpcError(() => anon.trpc.membership.cancelAutoRenewByToken.mutate({ token: expired })))
        .data.appCode,
    ).toBe('BAD_INPUT');
    expect((await m.client.trpc.membership.status.query()).autoRenew.enabled).toBe(true);
    const result = await anon.trpc.membership.cancelAutoRenewByToken.mutate({ token });
    expect(result.autoRenew).toBe(false);
    expect(await anon.trpc.membership.cancelAutoRenewByToken.mutate({ token })).toMatchObject({
      autoRenew: false,
    });
    expect(stripe.subscriptions.get(m.subscriptionId)!.cancel_at_period_end).toBe(true);
    expect((await m.client.trpc.membership.status.query()).status).toBe('active');
  });

  it('the billing portal link comes from Stripe with an idempotency key', async () => {
    const m = await autoRenewMember();
    const { url } = await m.client.trpc.membership.billingPortal.mutate();
    expect(url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    expect(stripe.posts('/v1/billing_portal/sessions').at(-1)!.idempotencyKey).toMatch(/^portal:/);
  });

  it('a subscription event naming a member whose stored customer differs is ignored (link by id, not email)', async () => {
    const a = await autoRenewMember();
    const b = await member(app);
    const sub = stripe.subscriptions.get(a.subscriptionId)!;
    const response = await sendEvent(app, stripe, 'customer.subscription.updated', {
      ...sub,
      metadata: { ...(sub.metadata as object), societas_user_id: b.id },
    });
    expect(response.body).toMatchObject({ result: 'ignored' });
    expect(
      await app.db.selectFrom('stripe_subscriptions').select('id').where('user_id', '=', b.id).execute(),
    ).toHaveLength(0);
  });
});
