import type { BillingContext } from './billing.context.js';
import { type findLiveSubscription, upsertSubscription } from './billing.repository.js';

type LiveSubscription = NonNullable<Awaited<ReturnType<typeof findLiveSubscription>>>;

/**
 * Turns a live subscription's automatic renewal off (kept until the period end) or back on, in
 * Stripe and in our row. The caller holds its customer's lock and passes an idempotency key naming
 * the switch, so a retry replays the same update and a new switch sends a new one.
 */
export async function switchAutoRenew(
  tx: BillingContext,
  live: LiveSubscription,
  enabled: boolean,
  idempotencyKey: string,
) {
  const sub = await tx.gateway.setCancelAtPeriodEnd(live.id, !enabled, idempotencyKey);
  await upsertSubscription(tx.db, {
    id: live.id,
    userId: live.user_id,
    planId: live.plan_id,
    status: sub.status,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodEnd: live.current_period_end,
    amountMinor: live.amount_minor,
    currency: live.currency,
    livemode: sub.livemode,
  });
}
