import { type Kysely, sql } from 'kysely';

/**
 * A failed automatic renewal charge is a `payments` row (status failed, never money: reports count
 * only paid / refunded rows as revenue) keyed by its Stripe invoice, so the failed-payment recovery
 * report sees real failures. Stripe retries the same invoice, so the invoice that failed is later the
 * invoice that is paid: one failed row and one payment per invoice, instead of one row of any status.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE payments DROP CONSTRAINT payments_stripe_invoice_id_key;
    CREATE UNIQUE INDEX payments_stripe_invoice_id_key ON payments(stripe_invoice_id)
      WHERE status <> 'failed';
    CREATE UNIQUE INDEX payments_failed_invoice_key ON payments(stripe_invoice_id)
      WHERE status = 'failed';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS payments_failed_invoice_key;
    DROP INDEX IF EXISTS payments_stripe_invoice_id_key;
    UPDATE payments SET stripe_invoice_id = NULL WHERE status = 'failed' AND stripe_invoice_id IS NOT NULL;
    ALTER TABLE payments ADD CONSTRAINT payments_stripe_invoice_id_key UNIQUE (stripe_invoice_id);
  `.execute(db);
}
