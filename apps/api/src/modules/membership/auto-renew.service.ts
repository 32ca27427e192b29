import type { MembershipState } from '@societas/contracts';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import {
  type BillingContext,
  billingTransaction,
  findLiveSubscription,
  switchAutoRenew,
  verifyNoRenewToken,
} from '../billing/index.js';
import { insertMembershipEvent, latestAutoRenewEventId } from './membership.repository.js';
import { getMembershipState, lockAndLoad } from './membership.service.js';

/**
 * Turns automatic renewal off (kept until the period end) or back on for `userId`. Runs under the
 * member's lock, so a double click waits, re-reads the subscription and finds nothing left to
 * change; the gateway runs inside the same transaction (see PaymentGateway.using). The Stripe
 * idempotency key names the latest auto-renew ledger row: every completed switch (ours, or one
 * made in Stripe's portal and recorded from its event) writes such a row, so off -> on -> off
 * sends three distinct updates, while a retry of one switch (same row) replays the same key.
 */
export async function setAutoRenew(
  ctx: BillingContext,
  userId: string,
  enabled: boolean,
): Promise<MembershipState> {
  await billingTransaction(ctx, async (tx) => {
    const { derived } = await lockAndLoad(tx.db, userId, tx.now);
    const live = await findLiveSubscription(tx.db, userId);
    if (!live) {
      if (!enabled) return;
      throw new AppError(
        'CONFLICT',
        'Automatic renewal is chosen at checkout: renew with "Renew automatically" ticked.',
      );
    }
    if (live.cancel_at_period_end === !enabled) return;
    // A subscription renews its own plan. If the member has since moved to another plan, turning
    // it back on would renew the old plan (or cut the new term short): they renew by checkout.
    if (enabled && derived.planId && live.plan_id && derived.planId !== live.plan_id) {
      throw new AppError(
        'CONFLICT',
        'Your automatic renewal is for your previous plan. Renew your current plan with "Renew automatically" ticked when your renewal window opens.',
      );
    }
    const marker = await latestAutoRenewEventId(tx.db, userId);
    const key = `subscription:${live.id}:auto-renew:${marker ?? 0}:cancel_at_period_end=${!enabled}`;
    await switchAutoRenew(tx, live, enabled, key);
    // Recorded as the member's own switch (also through the e-mailed link or a proof rejection).
    const actorUserId = userId;
    await insertMembershipEvent(tx.db, {
      userId,
      kind: enabled ? 'auto_renew_on' : 'auto_renew_off',
      planId: live.plan_id,
      actorUserId,
    });
    await recordAudit(tx.db, {
      actorUserId,
      action: enabled ? 'membership.auto_renew_on' : 'membership.auto_renew_off',
      entityType: 'subscription',
      entityId: live.id,
      requestId: tx.requestId,
    });
  });
  return getMembershipState(ctx.db, userId, ctx.now);
}

/**
 * The "don't renew" link from the pre-charge notice: works without signing in (the token is the
 * authority), only turns automatic renewal off, and only for the subscription it names.
 */
export async function cancelAutoRenewByToken(ctx: BillingContext, token: string) {
  const claim = verifyNoRenewToken(ctx.env.AUTH_SECRET, token, ctx.now);
  if (!claim)
    throw new AppError(
      'BAD_INPUT',
      'This link is invalid or has expired. Sign in to manage automatic renewal.',
    );
  const live = await findLiveSubscription(ctx.db, claim.userId);
  if (live && live.id !== claim.subscriptionId) {
    throw new AppError(
      'BAD_INPUT',
      'This link is for an earlier subscription. Sign in to manage automatic renewal.',
    );
  }
  const state = await setAutoRenew(ctx, claim.userId, false);
  return { autoRenew: state.autoRenew.enabled, endsAt: state.endsAt };
}
