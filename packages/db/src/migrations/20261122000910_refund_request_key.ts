import { type Kysely, sql } from 'kysely';

/**
 * The admin's refund request id: a repeated submission (double click, retry after a timeout) finds
 * the refund it already made instead of making another.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE refunds ADD COLUMN request_key text UNIQUE`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE refunds DROP COLUMN IF EXISTS request_key`.execute(db);
}
