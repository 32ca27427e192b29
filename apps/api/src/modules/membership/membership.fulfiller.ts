import type {
  BillingContext,
  Fulfiller,
  OutgoingMail,
  ProductOrder,
  RecordedPayment,
} from '../billing/index.js';
import { societySettings } from '../settings/index.js';
import {
  checkoutFailedMail,
  membershipRefundMail,
  receiptMail,
  renewalFailedMail,
} from './membership.mails.js';
import {
  type AttemptRow,
  findAttempt,
  findMemberBasics,
  findPlanById,
  insertMembershipEvent,
  listOpenAttempts,
  lockMember,
  setAttemptStatus,
} from './membership.repository.js';
import { grantTerm, grantTermFrom, loadMembership, lockAndLoad } from './membership.service.js';

/** Membership sessions, charges and subscriptions carry our checkout attempt id in metadata. */
export const MEMBERSHIP_ORDER_KEY = 'societas_attempt_id';

/** A checkout attempt: the membership product's order (a plan and term at the member's price). */
export interface MembershipOrder extends ProductOrder {
  planId: string;
  termYears: number;
  /** The plan's price before any upgrade credit: what a subscription charges each year. */
  listAmountMinor: number;
}

function orderOf(a: AttemptRow): MembershipOrder {
  return {
    id: a.id,
    userId: a.user_id,
    status: a.status,
    paymentId: a.payment_id,
    stripeSessionId: a.stripe_session_id,
    amountMinor: a.amount_minor,
    currency: a.currency,
    planId: a.plan_id,
    termYears: a.term_years,
    listAmountMinor: a.list_amount_minor,
  };
}

/** "Regular membership, 2 years" / "Lifetime membership (lifetime)". */
export function describeTerm(planName: string, termYears: number) {
  return termYears === 0
    ? `${planName} membership (lifetime)`
    : `${planName} membership, ${termYears} year${termYears > 1 ? 's' : ''}`;
}

async function planName(db: Parameters<typeof findPlanById>[0], planId: string | null) {
  return (planId ? (await findPlanById(db, planId))?.name : undefined) ?? 'Membership';
}

async function mailTo(
  db: Parameters<typeof findMemberBasics>[0],
  userId: string,
  kind: string,
  content: (member: { name: string }) => OutgoingMail['content'],
): Promise<OutgoingMail | null> {
  const member = await findMemberBasics(db, userId);
  return member ? { to: member.email, kind, content: content(member) } : null;
}

/** The receipt mail for a payment that granted a term (a first purchase or a renewal). */
async function termReceipt(
  ctx: BillingContext,
  userId: string,
  payment: RecordedPayment,
  description: string,
  term: { startsAt: Date; endsAt: Date | null },
): Promise<OutgoingMail | null> {
  const settings = await societySettings(ctx);
  return mailTo(ctx.db, userId, 'membership_receipt', (member) =>
    receiptMail({
      society: settings.name,
      issuer: settings,
      publicUrl: ctx.env.PUBLIC_URL,
      name: member.name,
      receiptNumber: payment.receiptNumber,
      paymentId: payment.id,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      description,
      startsAt: term.startsAt,
      endsAt: term.endsAt,
    }),
  );
}

/**
 * Membership terms as a billing product: a paid checkout attempt adds a term to the member's
 * ledger (under the member's lock, from one read of it), a paid renewal invoice adds one year, a
 * refund writes a `refunded` ledger row (ending the membership when the administrator says so),
 * and automatic renewal switched on or off is a ledger row too.
 */
export const membershipFulfiller: Fulfiller<MembershipOrder> = {
  kind: 'membership',
  orderKey: MEMBERSHIP_ORDER_KEY,
  recordsUnpaidSessions: true,

  async lockOrder(ctx, orderId) {
    const attempt = await findAttempt(ctx.db, orderId, { forUpdate: true });
    return attempt ? orderOf(attempt) : undefined;
  },

  async purpose(ctx, order) {
    return {
      description: describeTerm(await planName(ctx.db, order.planId), order.termYears),
      planId: order.planId,
      termYears: order.termYears,
    };
  },

  async grant(ctx, order, payment) {
    const term = await grantTerm(ctx.db, {
      userId: order.userId,
      planId: order.planId,
      termYears: order.termYears,
      now: ctx.now,
      paymentId: payment.id,
    });
    return termReceipt(ctx, order.userId, payment, payment.description, term);
  },

  async setOrderStatus(ctx, order, status, paymentId) {
    await setAttemptStatus(ctx.db, order.id, status, paymentId);
  },

  async paymentFailedMail(ctx, order) {
    const { name: society } = await societySettings(ctx);
    return mailTo(ctx.db, order.userId, 'membership_payment_failed', (member) =>
      checkoutFailedMail({ society, publicUrl: ctx.env.PUBLIC_URL, name: member.name }),
    );
  },

  lockCustomer: (ctx, userId) => lockMember(ctx.db, userId),

  async refunded(ctx, r) {
    if (!r.payment.userId) return;
    await insertMembershipEvent(ctx.db, {
      userId: r.payment.userId,
      kind: 'refunded',
      planId: r.payment.planId,
      termYears: r.payment.termYears,
      endsAt: r.endsAccessAt,
      paymentId: r.payment.id,
      actorUserId: r.actorUserId,
      reason: r.reason,
    });
  },

  async refundMail(ctx, r) {
    if (!r.payment.userId) return null;
    const { derived } = await loadMembership(ctx.db, r.payment.userId, ctx.now);
    const { name: society } = await societySettings(ctx);
    return mailTo(ctx.db, r.payment.userId, 'membership_refund', (member) =>
      membershipRefundMail({
        society,
        publicUrl: ctx.env.PUBLIC_URL,
        name: member.name,
        amountMinor: r.amountMinor,
        currency: r.currency,
        paymentId: r.payment.id,
        endedAt: derived.endedEarly ? derived.endsAt : null,
      }),
    );
  },

  async openSessionIds(ctx, window) {
    const attempts = await listOpenAttempts(ctx.db, window.olderThan, window.newerThan);
    return attempts.flatMap((a) => (a.stripe_session_id ? [a.stripe_session_id] : []));
  },

  async paymentIdOfOrder(ctx, orderId) {
    return (await findAttempt(ctx.db, orderId))?.payment_id ?? null;
  },

  recurring: {
    planOfOrder: (order) => (order as MembershipOrder).planId,
    recurringAmountOfOrder: (order) => (order as MembershipOrder).listAmountMinor,

    async autoRenewChanged(ctx, change) {
      await insertMembershipEvent(ctx.db, {
        userId: change.userId,
        kind: change.on ? 'auto_renew_on' : 'auto_renew_off',
        planId: change.planId,
        reason: change.reason ?? null,
      });
    },

    /**
     * Only the yearly cycle extends, always from max(now, current end) on the subscribed plan, and
     * never a lifetime member's. One lock and one read of the ledger serve the decision and the grant.
     */
    async beginRenewal(ctx, p) {
      const { derived } = await lockAndLoad(ctx.db, p.userId, ctx.now);
      const name = await planName(ctx.db, p.planId);
      const description = `${describeTerm(name, 1)} (automatic renewal)`;
      return {
        renews: p.billingReason === 'subscription_cycle' && !derived.isLifetime,
        description,
        otherDescription: `${name} automatic renewal: invoice (${p.billingReason ?? 'other'})`,
        audit: { lifetime: derived.isLifetime },
        async grant(payment) {
          const term = await grantTermFrom(ctx.db, derived, {
            userId: p.userId,
            planId: p.planId,
            termYears: 1,
            now: ctx.now,
            paymentId: payment.id,
            mode: 'renewal',
          });
          return termReceipt(ctx, p.userId, payment, description, term);
        },
      };
    },

    async describeFailedRenewal(ctx, p) {
      const name = await planName(ctx.db, p.planId);
      const renewal = p.billingReason === 'subscription_cycle';
      return {
        description: renewal
          ? `${describeTerm(name, 1)} (automatic renewal): payment failed`
          : `${name} automatic renewal: invoice (${p.billingReason ?? 'other'}) payment failed`,
        termYears: renewal ? 1 : null,
      };
    },

    async renewalFailedMail(ctx, p) {
      const { derived } = await loadMembership(ctx.db, p.userId, ctx.now);
      const { name: society } = await societySettings(ctx);
      return mailTo(ctx.db, p.userId, 'membership_renewal_failed', (member) =>
        renewalFailedMail({
          society,
          publicUrl: ctx.env.PUBLIC_URL,
          name: member.name,
          amountMinor: p.amountMinor,
          currency: p.currency,
          graceEndsAt: derived.graceEndsAt,
        }),
      );
    },
  },
};
