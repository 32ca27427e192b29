import { randomBytes } from 'node:crypto';
import type { DB, Executor } from '@societas/db';
import type Stripe from 'stripe';
import { getLocalObject, putLocalObject } from './billing.repository.js';

/**
 * The local test-mode checkout (no STRIPE_SECRET_KEY): the sessions the local gateway stores stand in
 * for Stripe Checkout; paying or declining one produces the events Stripe would send.
 */
export interface LocalSession {
  id: string;
  mode: 'payment' | 'subscription';
  status: string;
  payment_status: string;
  amount_total: number;
  currency: string;
  customer: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
  local_description: string;
  local_subscription_metadata: Record<string, string>;
  /** A subscription's yearly amount (absent on sessions made before it was recorded: amount_total). */
  local_recurring_amount?: number;
  /** A deferred first charge (Unix seconds): the subscription is trialing until then. */
  local_trial_end?: number | null;
  [key: string]: unknown;
}

/** An open-or-closed local checkout session with the form token its page must post back. */
export async function loadLocalCheckout(db: Executor, sessionId: string) {
  const row = await getLocalObject(db, sessionId);
  if (row?.type !== 'checkout.session' || !row.secret) return null;
  return { session: row.data as unknown as LocalSession, secret: row.secret };
}

/**
 * Pays or declines a local checkout once (the session row is locked, so a double submit settles it
 * once) and returns the session as it now is with the Stripe events to deliver.
 */
export async function settleLocalCheckout(
  db: DB,
  sessionId: string,
  action: 'pay' | 'decline',
): Promise<{ session: LocalSession; events: Stripe.Event[] }> {
  return db.transaction().execute(async (trx) => {
    const locked = await getLocalObject(trx, sessionId, { forUpdate: true });
    const s = locked!.data as unknown as LocalSession;
    if (s.status !== 'open') return { session: s, events: [] as Stripe.Event[] };
    const created = Math.floor(Date.now() / 1000);
    const out: Array<{ type: string; object: Record<string, unknown> }> = [];
    let next: LocalSession;
    if (action === 'pay') {
      const suffix = randomBytes(12).toString('hex');
      const trialEnd = s.mode === 'subscription' ? (s.local_trial_end ?? null) : null;
      next = {
        ...s,
        status: 'complete',
        // Nothing due now with a deferred first charge, as Stripe reports it.
        payment_status: trialEnd ? 'no_payment_required' : 'paid',
        payment_intent: s.mode === 'payment' ? `pi_local_${suffix}` : null,
      };
      if (s.mode === 'subscription') {
        const subId = `sub_local_${suffix}`;
        const invoiceId = `in_local_${suffix}`;
        const periodEnd = new Date();
        periodEnd.setUTCFullYear(periodEnd.getUTCFullYear() + 1);
        const subscription = {
          id: subId,
          object: 'subscription',
          status: trialEnd ? 'trialing' : 'active',
          trial_end: trialEnd,
          customer: s.customer,
          cancel_at_period_end: false,
          livemode: false,
          metadata: s.local_subscription_metadata,
          items: {
            object: 'list',
            data: [
              {
                id: `si_local_${suffix}`,
                current_period_end: trialEnd ?? Math.floor(periodEnd.getTime() / 1000),
                price: {
                  unit_amount: s.local_recurring_amount ?? s.amount_total,
                  currency: s.currency,
                  recurring: { interval: 'year' },
                },
              },
            ],
          },
        };
        await putLocalObject(trx, { id: subId, type: 'subscription', data: subscription });
        await putLocalObject(trx, {
          id: invoiceId,
          type: 'invoice',
          data: { id: invoiceId, object: 'invoice', payment_intent: `pi_local_${suffix}` },
        });
        next = { ...next, subscription: subId, invoice: invoiceId };
        out.push({ type: 'customer.subscription.created', object: subscription });
      }
      out.unshift({ type: 'checkout.session.completed', object: next });
    } else {
      next = { ...s, status: 'expired' };
      out.push({ type: 'checkout.session.expired', object: next });
    }
    await putLocalObject(trx, { id: s.id, type: 'checkout.session', data: next });
    return {
      session: next,
      events: out.map(
        (e) =>
          ({
            id: `evt_local_${randomBytes(12).toString('hex')}`,
            object: 'event',
            api_version: null,
            created,
            livemode: false,
            pending_webhooks: 1,
            request: { id: null, idempotency_key: null },
            type: e.type,
            data: { object: e.object },
          }) as unknown as Stripe.Event,
      ),
    };
  });
}
