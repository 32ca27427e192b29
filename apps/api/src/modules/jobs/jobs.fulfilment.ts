import { formatMoney } from '@societas/contracts';
import { type Executor, sql } from '@societas/db';
import type Stripe from 'stripe';
import { markStripeEvent } from '../billing/billing.repository.js';
import {
  type BillingServices,
  type FulfilResult,
  flagAmountMismatch,
  RetryLater,
} from '../billing/fulfilment.service.js';
import { queueMail } from '../mail/mail.service.js';
import { findOrder } from './jobs.repository.js';

/** Job-posting sessions carry our order id in metadata (membership ones carry an attempt id). */
export const ourJobOrderId = (metadata: Stripe.Metadata | null | undefined) =>
  metadata?.societas_job_order_id ?? null;

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

const DAY_MS = 86_400_000;

/**
 * Fulfils a paid job-posting checkout, once: the same contract as the membership branch of
 * `fulfilCheckoutSession` (dedup mark and effects in one transaction, the order row locked so the
 * webhook and the return page cannot both do the work). A first purchase sends the listing to
 * review; a renewal extends the run from max(now, current expiry) by the product's days.
 */
export async function fulfilJobOrder(
  services: BillingServices,
  session: Stripe.Checkout.Session,
  event: Pick<Stripe.Event, 'id' | 'type' | 'livemode'> | undefined,
  now: Date,
): Promise<FulfilResult> {
  const orderId = ourJobOrderId(session.metadata)!;
  return services.db.transaction().execute(async (trx): Promise<FulfilResult> => {
    if (event && !(await markStripeEvent(trx, event))) {
      return { state: 'duplicate', paymentId: null, receiptNumber: null };
    }
    const order = await findOrder(trx, orderId, { forUpdate: true });
    if (!order) throw new RetryLater(`job order ${orderId} not found`);
    if (
      session.client_reference_id !== order.user_id ||
      (order.stripe_session_id && order.stripe_session_id !== session.id)
    ) {
      return { state: 'ignored', paymentId: null, receiptNumber: null };
    }
    if (order.status === 'completed') {
      const receipt = order.payment_id
        ? await trx
            .selectFrom('payments')
            .select('receipt_number')
            .where('id', '=', order.payment_id)
            .executeTakeFirst()
        : undefined;
      return { state: 'paid', paymentId: order.payment_id, receiptNumber: receipt?.receipt_number ?? null };
    }
    const paid =
      session.status === 'complete' &&
      (session.payment_status === 'paid' || session.payment_status === 'no_payment_required');
    if (!paid) {
      const state =
        session.status === 'complete' ? 'processing' : session.status === 'expired' ? 'expired' : 'open';
      return { state, paymentId: null, receiptNumber: null };
    }
    const job = await trx
      .selectFrom('jobs')
      .select(['id', 'title', 'status', 'expires_at'])
      .where('id', '=', order.job_id)
      .forUpdate()
      .executeTakeFirst();
    if (!job) throw new RetryLater(`job ${order.job_id} not found`);

    const currency = (session.currency ?? order.currency).toUpperCase();
    const amountMinor = session.amount_total ?? order.amount_minor;
    const description = `Job posting (${order.product}, ${order.duration_days} days${order.is_renewal ? ', renewal' : ''}): ${job.title}`;
    const payment = await trx
      .insertInto('payments')
      .values({
        user_id: order.user_id,
        kind: 'job_posting',
        status: 'paid',
        amount_minor: amountMinor,
        currency,
        description,
        job_id: order.job_id,
        stripe_checkout_session_id: session.id,
        stripe_payment_intent_id: idOf(session.payment_intent),
        paid_at: now,
      })
      .returning(['id', 'receipt_number'])
      .executeTakeFirstOrThrow();

    await flagAmountMismatch(trx, session, payment.id, {
      amountMinor: order.amount_minor,
      currency: order.currency,
    });

    if (order.is_renewal) {
      const from = job.expires_at && job.expires_at > now ? job.expires_at : now;
      await trx
        .updateTable('jobs')
        .set({
          expires_at: new Date(from.getTime() + order.duration_days * DAY_MS),
          product: order.product,
          // A renewed listing that had been marked expired (older data) is live again.
          status: job.status === 'expired' ? 'published' : job.status,
          updated_at: sql`now()`,
        })
        .where('id', '=', job.id)
        .execute();
    } else {
      await trx
        .updateTable('jobs')
        .set({ status: 'pending_review', product: order.product, updated_at: sql`now()` })
        .where('id', '=', job.id)
        .where('status', 'in', ['draft', 'pending_payment'])
        .execute();
    }
    await trx
      .updateTable('job_orders')
      .set({ status: 'completed', payment_id: payment.id, updated_at: sql`now()` })
      .where('id', '=', order.id)
      .execute();
    await sendJobReceipt(trx, services, order.employer_id, payment, { amountMinor, currency, description });
    return { state: 'paid', paymentId: payment.id, receiptNumber: payment.receipt_number };
  });
}

async function sendJobReceipt(
  trx: Executor,
  services: BillingServices,
  employerId: string,
  payment: { id: string; receipt_number: string },
  p: { amountMinor: number; currency: string; description: string },
) {
  const employer = await trx
    .selectFrom('employers')
    .select(['name', 'billing_email'])
    .where('id', '=', employerId)
    .executeTakeFirst();
  if (!employer) return;
  const { env } = services;
  await queueMail(
    trx,
    employer.billing_email,
    'job_receipt',
    {
      subject: `Receipt ${payment.receipt_number} from ${env.SOCIETY_NAME}`,
      text: `Hello ${employer.name},\n\nThank you for your payment.\n\nReceipt: ${payment.receipt_number}\n${p.description}\nAmount: ${formatMoney(p.amountMinor, p.currency)}\n\nYour listings and receipts:\n\n${env.PUBLIC_URL}/employer\n\n${env.SOCIETY_NAME}`,
    },
    { dedupeKey: `receipt:${payment.id}` },
  );
}
