import { type Kysely, sql } from 'kysely';

/**
 * Job board (issue 5).
 * - job_orders: one checkout for one listing and product (the job-posting twin of checkout_attempts);
 *   its id is the Stripe idempotency key and travels in the session metadata.
 * - job_reports: "report this listing" flags for admins.
 * - job_alerts + job_alert_sends: saved searches and the (alert, job) pairs already mailed, so a
 *   listing is sent at most once per alert whatever the scheduler does.
 * - Search indexes: listing order with featured pinned, and facet columns limited to visible rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE job_orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      employer_id uuid NOT NULL REFERENCES employers(id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      product text NOT NULL CHECK (product IN ('standard', 'featured')),
      duration_days integer NOT NULL CHECK (duration_days > 0),
      is_renewal boolean NOT NULL DEFAULT false,
      member_price boolean NOT NULL DEFAULT false,
      amount_minor integer NOT NULL CHECK (amount_minor >= 0),
      currency char(3) NOT NULL DEFAULT 'USD',
      stripe_session_id text UNIQUE,
      session_url text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'failed', 'expired')),
      payment_id uuid REFERENCES payments(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX job_orders_job_idx ON job_orders(job_id, created_at DESC);

    CREATE TABLE job_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      reason text NOT NULL,
      reporter_user_id text REFERENCES users(id) ON DELETE SET NULL,
      resolved_at timestamptz,
      resolved_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX job_reports_open_idx ON job_reports(job_id) WHERE resolved_at IS NULL;

    CREATE TABLE job_alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      query jsonb NOT NULL,
      frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly')),
      last_sent_at timestamptz,
      unsubscribed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX job_alerts_user_idx ON job_alerts(user_id);

    CREATE TABLE job_alert_sends (
      alert_id uuid NOT NULL REFERENCES job_alerts(id) ON DELETE CASCADE,
      job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (alert_id, job_id)
    );

    -- Visible listings in display order: featured pinned, then newest.
    CREATE INDEX jobs_visible_order_idx
      ON jobs ((product = 'featured') DESC, published_at DESC, id DESC) WHERE status = 'published';
    -- Facet counting reads every visible row: a narrow covering index lets it scan the index
    -- alone (index-only scan) instead of the wide heap rows (descriptions, tsvector).
    CREATE INDEX jobs_visible_facets_idx ON jobs (expires_at)
      INCLUDE (position_type, sector, country_code, workplace, career_stage, salary_min, salary_max, published_at)
      WHERE status = 'published';
    -- The facet columns are correlated (sector follows employer, country too): without n-distinct
    -- statistics the planner overestimates the groups and sorts (spilling to disk) instead of hashing.
    CREATE STATISTICS jobs_facets_ndistinct (ndistinct)
      ON position_type, sector, country_code, workplace, career_stage, (salary_min IS NOT NULL OR salary_max IS NOT NULL)
      FROM jobs;
    CREATE INDEX jobs_status_idx ON jobs (status, updated_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP STATISTICS IF EXISTS jobs_facets_ndistinct;
    DROP INDEX IF EXISTS jobs_visible_order_idx, jobs_visible_facets_idx, jobs_status_idx;
    DROP TABLE IF EXISTS job_alert_sends, job_alerts, job_reports, job_orders;
  `.execute(db);
}
