import { formatMoney } from '@societas/contracts';
import { type Executor, sql } from '@societas/db';
import { type Fulfiller, type ProductOrder, RetryLater } from '../billing/index.js';
import { receiptIssuerLines, societySettings } from '../settings/index.js';
import { findOrder, type OrderRow } from './jobs.repository.js';

/** Job-posting sessions carry our order id in metadata (membership ones carry an attempt id). */
export const JOB_ORDER_KEY = 'societas_job_order_id';

const DAY_MS = 86_400_000;

/** A job order as billing sees it, with the listing it pays for. */
export interface JobPostingOrder extends ProductOrder {
  row: OrderRow;
}

function orderOf(row: OrderRow): JobPostingOrder {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status as JobPostingOrder['status'],
    paymentId: row.payment_id,
    stripeSessionId: row.stripe_session_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    row,
  };
}

/** The listing, locked with its order (both change together). */
async function lockJob(trx: Executor, jobId: string) {
  const job = await trx
    .selectFrom('jobs')
    .select(['id', 'title', 'status', 'expires_at'])
    .where('id', '=', jobId)
    .forUpdate()
    .executeTakeFirst();
  if (!job) throw new RetryLater(`job ${jobId} not found`);
  return job;
}

/**
 * Job postings as a billing product. A first purchase sends the listing to review; a renewal
 * extends the run from max(now, current expiry) by the product's days. Billing does the rest (dedup
 * mark, order lock, payment row, amount check, receipt once) in the same transaction.
 */
export const jobPostingFulfiller: Fulfiller<JobPostingOrder> = {
  kind: 'job_posting',
  orderKey: JOB_ORDER_KEY,

  async lockOrder(ctx, orderId) {
    const row = await findOrder(ctx.db, orderId, { forUpdate: true });
    return row ? orderOf(row) : undefined;
  },

  async purpose(ctx, order) {
    const { row } = order;
    const job = await lockJob(ctx.db, row.job_id);
    return {
      description: `Job posting (${row.product}, ${row.duration_days} days${row.is_renewal ? ', renewal' : ''}): ${job.title}`,
      jobId: row.job_id,
    };
  },

  async grant(ctx, order, payment) {
    const { row } = order;
    const job = await lockJob(ctx.db, row.job_id);
    if (row.is_renewal) {
      const from = job.expires_at && job.expires_at > ctx.now ? job.expires_at : ctx.now;
      await ctx.db
        .updateTable('jobs')
        .set({
          expires_at: new Date(from.getTime() + row.duration_days * DAY_MS),
          product: row.product,
          // A renewed listing that had been marked expired (older data) is live again.
          status: job.status === 'expired' ? 'published' : job.status,
          updated_at: sql`now()`,
        })
        .where('id', '=', job.id)
        .execute();
    } else {
      await ctx.db
        .updateTable('jobs')
        .set({ status: 'pending_review', product: row.product, updated_at: sql`now()` })
        .where('id', '=', job.id)
        .where('status', 'in', ['draft', 'pending_payment'])
        .execute();
    }
    const employer = await ctx.db
      .selectFrom('employers')
      .select(['name', 'billing_email'])
      .where('id', '=', row.employer_id)
      .executeTakeFirst();
    if (!employer) return null;
    const { env } = ctx;
    const settings = await societySettings(ctx);
    return {
      to: employer.billing_email,
      kind: 'job_receipt',
      content: {
        subject: `Receipt ${payment.receiptNumber} from ${settings.name}`,
        text: `Hello ${employer.name},\n\nThank you for your payment.\n\nReceipt: ${payment.receiptNumber}\n${payment.description}\nAmount: ${formatMoney(payment.amountMinor, payment.currency)}\n\nYour listings and receipts:\n\n${env.PUBLIC_URL}/employer\n\n${settings.name}\n\n${receiptIssuerLines(settings)}`,
      },
    };
  },

  async setOrderStatus(ctx, order, status, paymentId) {
    await ctx.db
      .updateTable('job_orders')
      .set({ status, ...(paymentId ? { payment_id: paymentId } : {}), updated_at: sql`now()` })
      .where('id', '=', order.id)
      .execute();
  },
};
