import type { PaymentsTable } from '@societas/db';
import type Stripe from 'stripe';
import type { MailContent } from '../mail/index.js';
import type { BillingContext } from './billing.context.js';

/**
 * The products people pay for plug into billing through a fulfiller, registered at composition time
 * (apps/api/src/products.ts). Billing owns the money: Checkout Sessions, the webhook and its dedup
 * marks, payment and refund rows, receipts' delivery, reconciliation, subscriptions. A product owns
 * its order table and what a payment buys. Billing never imports a product; a product imports only
 * billing's front door (index.ts). Every hook runs inside billing's transaction (`ctx.db` is it).
 */

export type PaymentKind = PaymentsTable['kind'];

/** A product's order as billing sees it (membership: a checkout attempt; job posting: a job order). */
export interface ProductOrder {
  id: string;
  /** Who pays (the Checkout Session's client_reference_id must name them). */
  userId: string;
  status: 'open' | 'completed' | 'failed' | 'expired';
  paymentId: string | null;
  stripeSessionId: string | null;
  /** Our price for the order (a charged amount that differs, less discounts, is flagged). */
  amountMinor: number;
  currency: string;
}

/** What the payment row records about the purchase, besides the money. */
export interface PaymentPurpose {
  description: string;
  planId?: string | null;
  termYears?: number | null;
  jobId?: string | null;
}

/** A payment row just written. */
export interface RecordedPayment {
  id: string;
  receiptNumber: string;
  amountMinor: number;
  currency: string;
  description: string;
}

/** A mail to queue (billing queues receipts at most once per payment). */
export interface OutgoingMail {
  to: string;
  kind: string;
  content: MailContent;
}

/** A payment being refunded, with what its product needs to undo. */
export interface RefundedPayment {
  id: string;
  userId: string | null;
  kind: PaymentKind;
  planId: string | null;
  termYears: number | null;
}

/**
 * Products sold by subscription (membership's automatic renewal). Each subscription carries
 * `societas_user_id` and the product's order key in its metadata.
 */
export interface RecurringHooks {
  /** The subscription row's plan (what renews) from the order that started it. */
  planOfOrder(order: ProductOrder): string | null;
  /** What the subscription charges per cycle, as recorded (before any credit). */
  recurringAmountOfOrder(order: ProductOrder): number;
  /** Automatic renewal was switched on or off (a new subscription, a change in Stripe or by us). */
  autoRenewChanged(
    ctx: BillingContext,
    change: { userId: string; planId: string | null; on: boolean; reason?: string | null },
  ): Promise<void>;
  /**
   * A paid invoice of the subscription. Locks the customer and reads their state once, then says
   * whether this invoice renews (and grants it through `grant`, using that one read).
   */
  beginRenewal(
    ctx: BillingContext,
    p: { userId: string; planId: string; billingReason: string | null },
  ): Promise<{
    renews: boolean;
    /** Description of a renewing payment, and of one that grants nothing. */
    description: string;
    otherDescription: string;
    /** Facts for an administrator when the invoice grants nothing. */
    audit: Record<string, unknown>;
    grant(payment: RecordedPayment): Promise<OutgoingMail | null>;
  }>;
  /** A renewal charge failed: its payment description, and the mail to send while it is past due. */
  describeFailedRenewal(
    ctx: BillingContext,
    p: { planId: string | null; billingReason: string | null },
  ): Promise<{ description: string; termYears: number | null }>;
  renewalFailedMail(
    ctx: BillingContext,
    p: { userId: string; amountMinor: number; currency: string },
  ): Promise<OutgoingMail | null>;
}

export interface Fulfiller<O extends ProductOrder = ProductOrder> {
  /** `payments.kind` of this product's payments. */
  kind: PaymentKind;
  /** The metadata key on Checkout Sessions (and charges, subscriptions) naming this product's order. */
  orderKey: string;
  /** The order, locked until the transaction ends; undefined when it does not exist (yet). */
  lockOrder(ctx: BillingContext, orderId: string): Promise<O | undefined>;
  /** What the payment is for (description, plan/term or job). */
  purpose(ctx: BillingContext, order: O): Promise<PaymentPurpose>;
  /** Grants what was bought; called once per order, after the payment row exists. Returns the receipt. */
  grant(ctx: BillingContext, order: O, payment: RecordedPayment): Promise<OutgoingMail | null>;
  setOrderStatus(
    ctx: BillingContext,
    order: O,
    status: 'completed' | 'failed' | 'expired',
    paymentId?: string,
  ): Promise<void>;
  /**
   * Whether billing records this product's unpaid sessions: an expired session closes the order, a
   * failed delayed payment (bank debit) closes it and becomes a failed payment row and a mail.
   */
  recordsUnpaidSessions?: boolean;
  /** The mail after a delayed payment of an open order failed. */
  paymentFailedMail?(ctx: BillingContext, order: O): Promise<OutgoingMail | null>;
  /** Serialises everything that changes what this customer holds (fulfilment, refunds). */
  lockCustomer?(ctx: BillingContext, userId: string): Promise<void>;
  /** A refund was recorded: what to undo. `endsAccessAt` null: the purchase stands (a partial refund). */
  refunded?(
    ctx: BillingContext,
    r: {
      payment: RefundedPayment;
      endsAccessAt: Date | null;
      actorUserId: string | null;
      reason: string | null;
    },
  ): Promise<void>;
  /** Mail to the customer after an administrator's refund (through the outbox). */
  refundMail?(
    ctx: BillingContext,
    r: { payment: RefundedPayment; amountMinor: number; currency: string },
  ): Promise<OutgoingMail | null>;
  /** Open orders whose session should be looked up again (reconciliation of lost webhooks). */
  openSessionIds?(ctx: BillingContext, p: { olderThan: Date; newerThan: Date }): Promise<string[]>;
  /** The payment an order made (a refunded charge carrying only our order id). */
  paymentIdOfOrder?(ctx: BillingContext, orderId: string): Promise<string | null>;
  recurring?: RecurringHooks;
}

const fulfillers = new Map<string, Fulfiller>();

/**
 * Registers a product with billing (composition time, once per process; registering the same
 * fulfiller again is a no-op, another one for the same order key is a mistake).
 */
export function registerFulfiller<O extends ProductOrder>(fulfiller: Fulfiller<O>): void {
  const existing = fulfillers.get(fulfiller.orderKey);
  if (existing && existing !== (fulfiller as unknown as Fulfiller)) {
    throw new Error(`A fulfiller for ${fulfiller.orderKey} is already registered`);
  }
  fulfillers.set(fulfiller.orderKey, fulfiller as unknown as Fulfiller);
}

export function registeredFulfillers(): Fulfiller[] {
  return [...fulfillers.values()];
}

export class UnregisteredProduct extends Error {}

/**
 * The fulfiller and order id named by an object's metadata; null for objects that are not ours
 * (another product of the same Stripe account). Our metadata (`societas_*`) in a process where no
 * product was registered is a wiring mistake: it throws, so the webhook answers 5xx and Stripe
 * redelivers, instead of the payment being ignored for good.
 */
export function fulfillerFor(
  metadata: Stripe.Metadata | null | undefined,
): { fulfiller: Fulfiller; orderId: string } | null {
  if (!metadata) return null;
  for (const [key, fulfiller] of fulfillers) {
    const orderId = metadata[key];
    if (orderId) return { fulfiller, orderId };
  }
  if (fulfillers.size === 0 && Object.keys(metadata).some((k) => k.startsWith('societas_'))) {
    throw new UnregisteredProduct('No product is registered with billing (see apps/api/src/products.ts)');
  }
  return null;
}

export function fulfillerOfKind(kind: PaymentKind): Fulfiller | undefined {
  return [...fulfillers.values()].find((f) => f.kind === kind);
}
