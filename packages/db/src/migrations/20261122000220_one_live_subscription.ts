import { type Kysely, sql } from 'kysely';

/**
 * One live subscription per member (docs/reliability.md P13), enforced by the database as well as by
 * checkout and fulfilment: two live rows for one member can never be written, whatever the order
 * of webhooks. The statuses are the ones billing treats as live (LIVE_SUBSCRIPTION_STATUSES).
 * A database that already holds two live rows for a member fails here on purpose: an administrator
 * must cancel one in Stripe first (the next subscription event then records it as canceled).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNIQUE INDEX stripe_subscriptions_one_live_per_member
    ON stripe_subscriptions (user_id)
    WHERE status IN ('active', 'past_due', 'trialing', 'unpaid', 'incomplete')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS stripe_subscriptions_one_live_per_member`.execute(db);
}
