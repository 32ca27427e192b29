import type { Executor, PaymentStatus, PaymentsTable } from '@societas/db';
import { sql } from '@societas/db';

// ---------------------------------------------------------------------------------------------
// Stripe events: the dedup mark, written in the same transaction as the event's effects.

/** True when this event id is new; false when it was already handled (or is being handled). */
export async function markStripeEvent(trx: Executor, e: { id: string; type: string; livemode: boolean }) {
  const result = await trx
    .insertInto('stripe_events')
    .values({ id: e.id, type: e.type, livemode: e.livemode })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------
// Customers

export async function findCustomerId(db: Executor, userId: string) {
  const row = await db
    .selectFrom('stripe_customers')
    .select('stripe_customer_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.stripe_customer_id;
}

/** The payer's sign-in email (what the admin's refund screen shows). */
export async function findPayerEmail(db: Executor, userId: string) {
  const row = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  return row?.email;
}

export async function findUserIdByCustomer(db: Executor, customerId: string) {
  const row = await db
    .selectFrom('stripe_customers')
    .select('user_id')
    .where('stripe_customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.user_id;
}

export async function insertCustomer(db: Executor, userId: string, customerId: string, livemode: boolean) {
  await db
    .insertInto('stripe_customers')
    .values({ user_id: userId, stripe_customer_id: customerId, livemode })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Subscriptions (auto-renew)

/** Also in the partial unique index stripe_subscriptions_one_live_per_member (migration 0220). */
export const LIVE_SUBSCRIPTION_STATUSES: string[] = [
  'active',
  'past_due',
  'trialing',
  'unpaid',
  'incomplete',
];

const SUBSCRIPTION_COLUMNS = [
  'id',
  'user_id',
  'plan_id',
  'status',
  'cancel_at_period_end',
  'current_period_end',
  'amount_minor',
  'currency',
] as const;

export async function findSubscription(db: Executor, id: string) {
  return db
    .selectFrom('stripe_subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The member's live subscription (at most one: checkout and fulfilment refuse a second, and a unique index). */
export async function findLiveSubscription(db: Executor, userId: string) {
  return db
    .selectFrom('stripe_subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('user_id', '=', userId)
    .where('status', 'in', LIVE_SUBSCRIPTION_STATUSES)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function listLiveSubscriptions(db: Executor) {
  return db
    .selectFrom('stripe_subscriptions')
    .select([
      'id',
      'user_id',
      'status',
      'cancel_at_period_end',
      'current_period_end',
      'amount_minor',
      'currency',
    ])
    .where('status', 'in', LIVE_SUBSCRIPTION_STATUSES)
    .execute();
}

/** One row per Stripe subscription id, whichever of create/update arrives first. */
export async function upsertSubscription(
  db: Executor,
  s: {
    id: string;
    userId: string;
    planId: string | null;
    status: string;
    cancelAtPeriodEnd: boolean;
    currentPeriodEnd: Date | null;
    amountMinor: number | null;
    currency: string | null;
    livemode: boolean;
  },
) {
  const values = {
    status: s.status,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    current_period_end: s.currentPeriodEnd,
    amount_minor: s.amountMinor,
    currency: s.currency,
  };
  await db
    .insertInto('stripe_subscriptions')
    .values({ id: s.id, user_id: s.userId, plan_id: s.planId, livemode: s.livemode, ...values })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        ...values,
        plan_id: sql<string | null>`coalesce(excluded.plan_id, stripe_subscriptions.plan_id)`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Payments and refunds

export async function insertPayment(
  db: Executor,
  p: {
    userId: string;
    kind: PaymentsTable['kind'];
    status: PaymentStatus;
    amountMinor: number;
    currency: string;
    description: string;
    planId?: string | null;
    /** null: a payment that grants no term (e.g. a proration invoice of a subscription). */
    termYears?: number | null;
    jobId?: string | null;
    checkoutSessionId?: string | null;
    paymentIntentId?: string | null;
    invoiceId?: string | null;
    paidAt: Date;
  },
) {
  return db
    .insertInto('payments')
    .values({
      user_id: p.userId,
      kind: p.kind,
      status: p.status,
      amount_minor: p.amountMinor,
      currency: p.currency,
      description: p.description,
      plan_id: p.planId ?? null,
      term_years: p.termYears ?? null,
      job_id: p.jobId ?? null,
      stripe_checkout_session_id: p.checkoutSessionId ?? null,
      stripe_payment_intent_id: p.paymentIntentId ?? null,
      stripe_invoice_id: p.invoiceId ?? null,
      paid_at: p.paidAt,
    })
    .returning(['id', 'receipt_number'])
    .executeTakeFirstOrThrow();
}

/**
 * A failed membership charge (a renewal invoice, or a delayed-method checkout): a `payments` row with
 * status failed, no paid date and no PaymentIntent (Stripe retries an invoice with the same intent;
 * refunds must find the payment), so it is never money (revenue counts paid and refunded rows only).
 * The amount is what was due, as the failed-payment recovery report sums it. At most one per invoice
 * (partial unique index payments_failed_invoice_key), however many attempts failed: true when this
 * call recorded it. Without an invoice the caller makes it once (checkout: the attempt's transition).
 */
export async function insertFailedPayment(
  db: Executor,
  p: {
    userId: string;
    kind: PaymentsTable['kind'];
    invoiceId: string | null;
    amountMinor: number;
    currency: string;
    description: string;
    planId: string | null;
    termYears: number | null;
    failedAt: Date;
  },
) {
  const result = await db
    .insertInto('payments')
    .values({
      user_id: p.userId,
      kind: p.kind,
      status: 'failed',
      amount_minor: p.amountMinor,
      currency: p.currency,
      description: p.description,
      plan_id: p.planId,
      term_years: p.termYears,
      stripe_invoice_id: p.invoiceId,
      paid_at: null,
      created_at: p.failedAt,
    })
    .onConflict((oc) => oc.column('stripe_invoice_id').where('status', '=', 'failed').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The payment of an invoice (never its failed attempt, which is a row of its own). */
export async function findPaymentByInvoice(db: Executor, invoiceId: string) {
  return db
    .selectFrom('payments')
    .select(['id', 'receipt_number'])
    .where('stripe_invoice_id', '=', invoiceId)
    .where('status', '<>', 'failed')
    .executeTakeFirst();
}

const REFUNDABLE_COLUMNS = [
  'id',
  'user_id',
  'kind',
  'amount_minor',
  'refunded_minor',
  'currency',
  'status',
  'plan_id',
  'term_years',
  'stripe_payment_intent_id',
] as const;

export async function findPaymentByIntent(db: Executor, paymentIntentId: string) {
  return db
    .selectFrom('payments')
    .select(REFUNDABLE_COLUMNS)
    .where('stripe_payment_intent_id', '=', paymentIntentId)
    .executeTakeFirst();
}

/** A payment by the Stripe invoice it paid, with what a refund needs. */
export async function findRefundablePaymentByInvoice(db: Executor, invoiceId: string) {
  return db
    .selectFrom('payments')
    .select(REFUNDABLE_COLUMNS)
    .where('stripe_invoice_id', '=', invoiceId)
    .where('status', '<>', 'failed')
    .executeTakeFirst();
}

/** A payment with what a refund needs. */
export async function findRefundablePayment(db: Executor, paymentId: string) {
  return db.selectFrom('payments').select(REFUNDABLE_COLUMNS).where('id', '=', paymentId).executeTakeFirst();
}

export async function findReceiptNumber(db: Executor, paymentId: string): Promise<string | null> {
  const row = await db
    .selectFrom('payments')
    .select('receipt_number')
    .where('id', '=', paymentId)
    .executeTakeFirst();
  return row?.receipt_number ?? null;
}

export async function findPaymentForUpdate(db: Executor, paymentId: string) {
  return db
    .selectFrom('payments')
    .select([
      'id',
      'user_id',
      'kind',
      'status',
      'amount_minor',
      'refunded_minor',
      'currency',
      'plan_id',
      'term_years',
      'stripe_payment_intent_id',
      'stripe_invoice_id',
      'receipt_number',
    ])
    .where('id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setPaymentIntent(db: Executor, paymentId: string, paymentIntentId: string) {
  await db
    .updateTable('payments')
    .set({ stripe_payment_intent_id: paymentIntentId })
    .where('id', '=', paymentId)
    .execute();
}

/**
 * Refunded totals only grow: the value is the larger of what we know and what Stripe reports, so
 * a replayed or late charge.refunded never lowers it and never counts a refund twice.
 */
export async function raiseRefundedTotal(db: Executor, paymentId: string, refundedMinor: number) {
  await db
    .updateTable('payments')
    .set({
      refunded_minor: sql<number>`least(amount_minor, greatest(refunded_minor, ${refundedMinor}))`,
      status: sql<PaymentStatus>`case when least(amount_minor, greatest(refunded_minor, ${refundedMinor})) >= amount_minor then 'refunded' when greatest(refunded_minor, ${refundedMinor}) > 0 then 'partially_refunded' else status end`,
    })
    .where('id', '=', paymentId)
    .execute();
}

/** Inserts the refund once per Stripe refund id; true when it was new. */
export async function insertRefund(
  db: Executor,
  r: {
    paymentId: string;
    amountMinor: number;
    reason: string | null;
    stripeRefundId: string;
    actorUserId: string | null;
    requestKey?: string | null;
  },
) {
  const result = await db
    .insertInto('refunds')
    .values({
      payment_id: r.paymentId,
      amount_minor: r.amountMinor,
      reason: r.reason,
      stripe_refund_id: r.stripeRefundId,
      actor_user_id: r.actorUserId,
      request_key: r.requestKey ?? null,
    })
    .onConflict((oc) => oc.column('stripe_refund_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Who paid and for what, without a lock (to know which member row to lock first). */
export async function findPayment(db: Executor, paymentId: string) {
  return db
    .selectFrom('payments')
    .select(['id', 'user_id', 'kind'])
    .where('id', '=', paymentId)
    .executeTakeFirst();
}

export async function findRefundByRequestKey(db: Executor, requestKey: string) {
  return db
    .selectFrom('refunds')
    .select(['id', 'payment_id', 'amount_minor', 'stripe_refund_id'])
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
}

export async function sumRefunds(db: Executor, paymentId: string): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), sql<number>`0`).as('total'))
    .where('payment_id', '=', paymentId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

// ---------------------------------------------------------------------------------------------
// Local test-mode objects

export async function putLocalObject(
  db: Executor,
  o: { id: string; type: string; data: Record<string, unknown>; secret?: string | null },
) {
  await db
    .insertInto('local_stripe_objects')
    .values({ id: o.id, type: o.type, data: JSON.stringify(o.data), secret: o.secret ?? null })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ data: JSON.stringify(o.data), updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function getLocalObject(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('local_stripe_objects').select(['id', 'type', 'data', 'secret']).where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findLocalObjectByKey(db: Executor, type: string, key: string) {
  return db
    .selectFrom('local_stripe_objects')
    .select(['id', 'data'])
    .where('type', '=', type)
    .where(sql<string>`data->'metadata'->>'idempotency_key'`, '=', key)
    .executeTakeFirst();
}

export async function listLocalObjects(db: Executor, type: string, field: string, value: string) {
  const rows = await db
    .selectFrom('local_stripe_objects')
    .select('data')
    .where('type', '=', type)
    .where(sql<string>`data->>${field}`, '=', value)
    .execute();
  return rows.map((r) => r.data);
}
