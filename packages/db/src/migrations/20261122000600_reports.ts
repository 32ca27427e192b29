import { type Kysely, sql } from 'kysely';

/**
 * Report summaries (issue 6). Membership status is derived from the ledger and the clock; doing that
 * for a million members on every dashboard request is too slow, so `refresh_report_summaries(now)`
 * derives it once (in SQL that mirrors membership.rules.ts: deriveMembership / statusAt) into:
 *
 * - report_member_segments: one row per ledger fact that changes a member's state, with the state
 *   after it (effective end, lifetime, ended early) valid from that fact until the next one;
 * - report_stock_monthly: members per status at each month start (UTC), by plan / country / band / stage;
 * - report_stock_now: the same at the refresh instant;
 * - report_flow_monthly: monthly counts and sums (new members, renewals, lapses, revenue, refunds,
 *   renewals due / done, trainee conversion, failed-payment recovery);
 * - report_cohorts: join-month cohorts and how many still had benefits 12 / 24 / 36 months later.
 *
 * Dimension columns are text, '' meaning unknown. All instants are UTC whatever the session time
 * zone: intervals are in hours (a "day" is 24 h, as DAY_MS), months are truncated with 'UTC'.
 * The worker refreshes hourly (task reports-refresh); admins can refresh on demand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE report_member_segments (
      user_id text NOT NULL,
      seq int NOT NULL,
      event_id bigint NOT NULL,
      event_kind text NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      next_kind text,
      next_plan_id text,
      plan_id text NOT NULL DEFAULT '',
      is_trainee boolean NOT NULL DEFAULT false,
      grant_ends_at timestamptz,
      ends_at timestamptz,
      lifetime boolean NOT NULL,
      ended_early boolean NOT NULL,
      run_start timestamptz NOT NULL,
      is_run_start boolean NOT NULL,
      prev_status text,
      first_joined_at timestamptz NOT NULL,
      country_code text NOT NULL DEFAULT '',
      income_band text NOT NULL DEFAULT '',
      career_stage text NOT NULL DEFAULT '',
      PRIMARY KEY (user_id, seq)
    );
    CREATE INDEX report_member_segments_current_ends_idx ON report_member_segments(ends_at, user_id)
      WHERE valid_to IS NULL;
    CREATE INDEX report_member_segments_current_user_idx ON report_member_segments(user_id)
      WHERE valid_to IS NULL;

    CREATE TABLE report_stock_monthly (
      at timestamptz NOT NULL,
      plan_id text NOT NULL,
      country_code text NOT NULL,
      income_band text NOT NULL,
      career_stage text NOT NULL,
      status text NOT NULL,
      n int NOT NULL
    );
    CREATE INDEX report_stock_monthly_at_idx ON report_stock_monthly(at);

    CREATE TABLE report_stock_now (
      plan_id text NOT NULL,
      country_code text NOT NULL,
      income_band text NOT NULL,
      career_stage text NOT NULL,
      status text NOT NULL,
      n int NOT NULL
    );

    CREATE TABLE report_flow_monthly (
      month timestamptz NOT NULL,
      metric text NOT NULL,
      plan_id text NOT NULL,
      country_code text NOT NULL,
      income_band text NOT NULL,
      career_stage text NOT NULL,
      n bigint NOT NULL,
      amount_minor bigint NOT NULL DEFAULT 0,
      currency text NOT NULL DEFAULT ''
    );
    CREATE INDEX report_flow_monthly_metric_idx ON report_flow_monthly(metric, month);

    CREATE TABLE report_cohorts (
      cohort_month timestamptz NOT NULL,
      plan_id text NOT NULL,
      country_code text NOT NULL,
      income_band text NOT NULL,
      career_stage text NOT NULL,
      members int NOT NULL,
      due_12 int NOT NULL, kept_12 int NOT NULL,
      due_24 int NOT NULL, kept_24 int NOT NULL,
      due_36 int NOT NULL, kept_36 int NOT NULL
    );

    CREATE TABLE report_refreshes (
      id int PRIMARY KEY CHECK (id = 1),
      refreshed_at timestamptz NOT NULL,
      took_ms int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE INDEX IF NOT EXISTS payments_status_created_idx ON payments(status, created_at);
    CREATE INDEX IF NOT EXISTS refunds_created_idx ON refunds(created_at);
    CREATE INDEX IF NOT EXISTS jobs_status_expires_idx ON jobs(status, expires_at);
    -- Payments ledger list and export order (keyset on the payment date, then id).
    CREATE INDEX IF NOT EXISTS payments_report_order_idx ON payments((coalesce(paid_at, created_at)), id);
    CREATE INDEX IF NOT EXISTS jobs_created_idx ON jobs(created_at, id);

    -- statusAt() of membership.rules.ts.
    CREATE FUNCTION report_status_at(p_ends timestamptz, p_lifetime boolean, p_early boolean, p_t timestamptz)
    RETURNS text LANGUAGE sql IMMUTABLE AS $f$
      SELECT CASE
        WHEN p_lifetime THEN 'active'
        WHEN p_ends IS NULL THEN 'none'
        WHEN p_early THEN CASE WHEN p_t < p_ends THEN 'active' ELSE 'lapsed' END
        WHEN p_t < p_ends - interval '1440 hours' THEN 'active'
        WHEN p_t < p_ends THEN 'renewal_window'
        WHEN p_t < p_ends + interval '720 hours' THEN 'grace'
        ELSE 'lapsed'
      END
    $f$;

    -- The first month start (UTC) at or after t: the first monthly snapshot that sees a change at t.
    CREATE FUNCTION report_month_ceil(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $f$
      SELECT CASE WHEN date_trunc('month', t, 'UTC') = t THEN t
        ELSE ((date_trunc('month', t AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC') END
    $f$;

    CREATE FUNCTION report_month(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $f$
      SELECT date_trunc('month', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    $f$;

    CREATE FUNCTION report_add_months(t timestamptz, n int) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $f$
      SELECT ((t AT TIME ZONE 'UTC') + make_interval(months => n)) AT TIME ZONE 'UTC'
    $f$;

    CREATE FUNCTION refresh_report_summaries(p_now timestamptz) RETURNS int LANGUAGE plpgsql
    SET timezone = 'UTC' SET work_mem = '128MB' AS $f$
    DECLARE
      started timestamptz := clock_timestamp();
      took int;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('refresh_report_summaries'));
      -- Everything is built aside (a new segments table, temporary summaries) and swapped in at the
      -- end, so dashboards keep reading the previous figures while a refresh runs.
      DROP TABLE IF EXISTS report_member_segments_build, report_tmp_stock_monthly, report_tmp_stock_now,
        report_tmp_flow_monthly, report_tmp_cohorts;
      CREATE TABLE report_member_segments_build (LIKE report_member_segments INCLUDING DEFAULTS);
      CREATE TEMP TABLE report_tmp_stock_monthly (LIKE report_stock_monthly) ON COMMIT DROP;
      CREATE TEMP TABLE report_tmp_stock_now (LIKE report_stock_now) ON COMMIT DROP;
      CREATE TEMP TABLE report_tmp_flow_monthly (LIKE report_flow_monthly INCLUDING DEFAULTS) ON COMMIT DROP;
      CREATE TEMP TABLE report_tmp_cohorts (LIKE report_cohorts) ON COMMIT DROP;

      -- 1. Segments: deriveMembership() replayed row by row with window functions.
      INSERT INTO report_member_segments_build
      WITH ev AS (
        SELECT e.id, e.user_id, e.kind::text AS kind, e.plan_id, e.term_years, e.starts_at, e.ends_at,
               e.created_at, e.kind IN ('joined', 'renewed', 'upgraded', 'comped') AS is_grant
        FROM membership_events e
        WHERE e.created_at <= p_now
          AND (e.kind IN ('joined', 'renewed', 'upgraded', 'comped')
               OR (e.kind IN ('refunded', 'ended') AND e.ends_at IS NOT NULL))
      ),
      g AS (
        SELECT ev.*, count(*) FILTER (WHERE is_grant)
                 OVER (PARTITION BY user_id ORDER BY created_at, id) AS grp
        FROM ev
      ),
      st AS (
        SELECT g.*,
          first_value(plan_id) OVER gw AS g_plan,
          first_value(ends_at) OVER gw AS g_ends,
          first_value(term_years = 0 AND ends_at IS NULL) OVER gw AS g_lifetime,
          min(ends_at) FILTER (WHERE NOT is_grant) OVER gw AS hard_min
        FROM g WHERE grp > 0
        WINDOW gw AS (PARTITION BY user_id, grp ORDER BY created_at, id ROWS UNBOUNDED PRECEDING)
      ),
      eff AS (
        SELECT st.*,
          CASE WHEN hard_min IS NULL THEN CASE WHEN g_lifetime THEN NULL ELSE g_ends END
               WHEN g_lifetime THEN hard_min ELSE least(g_ends, hard_min) END AS e_ends,
          g_lifetime AND hard_min IS NULL AS e_lifetime,
          hard_min IS NOT NULL AS e_early
        FROM st
      ),
      prev AS (
        SELECT eff.*,
          lag(e_ends) OVER uw AS p_ends, lag(e_lifetime) OVER uw AS p_lifetime,
          lag(e_early) OVER uw AS p_early, lag(id) OVER uw AS p_id,
          lead(created_at) OVER uw AS n_at, lead(kind) OVER uw AS n_kind, lead(plan_id) OVER uw AS n_plan,
          row_number() OVER uw AS seq
        FROM eff WINDOW uw AS (PARTITION BY user_id ORDER BY created_at, id)
      ),
      runs AS (
        SELECT prev.*,
          is_grant AND (p_id IS NULL OR p_early
            OR (NOT p_lifetime AND p_ends IS NOT NULL
                AND p_ends + interval '720 hours' <= coalesce(starts_at, created_at))) AS run_starts
        FROM prev
      ),
      runid AS (
        SELECT runs.*, count(*) FILTER (WHERE run_starts)
          OVER (PARTITION BY user_id ORDER BY created_at, id) AS run_no
        FROM runs
      )
      SELECT r.user_id, r.seq, r.id, r.kind, r.created_at, r.n_at, r.n_kind, coalesce(r.n_plan::text, ''),
        coalesce(r.g_plan::text, ''), coalesce(pl.is_trainee, false), r.g_ends, r.e_ends, r.e_lifetime,
        r.e_early,
        first_value(coalesce(r.starts_at, r.created_at)) OVER (PARTITION BY r.user_id, r.run_no ORDER BY r.created_at, r.id),
        r.run_starts,
        CASE WHEN r.p_id IS NULL THEN NULL ELSE report_status_at(r.p_ends, r.p_lifetime, r.p_early, r.created_at) END,
        min(coalesce(r.starts_at, r.created_at)) FILTER (WHERE r.is_grant) OVER (PARTITION BY r.user_id),
        coalesce(trim(mp.country_code), ''), coalesce(cb.band, ''), coalesce(mp.career_stage, '')
      FROM runid r
      LEFT JOIN plans pl ON pl.id = r.g_plan
      LEFT JOIN member_profiles mp ON mp.user_id = r.user_id
      LEFT JOIN country_income_bands cb ON cb.country_code = mp.country_code;

      RAISE DEBUG 'refresh_report_summaries: segments at % ms', (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      ALTER TABLE report_member_segments_build ADD PRIMARY KEY (user_id, seq);
      CREATE INDEX ON report_member_segments_build (ends_at, user_id) WHERE valid_to IS NULL;
      CREATE INDEX ON report_member_segments_build (user_id) WHERE valid_to IS NULL;
      ANALYZE report_member_segments_build;
      DROP TABLE IF EXISTS report_tmp_delta;
      -- 2. Status intervals of each segment, clipped to it; +1 where one starts, -1 where it ends.
      CREATE TEMP TABLE report_tmp_delta ON COMMIT DROP AS
      SELECT report_month_ceil(x.t) AS at, s.plan_id, s.country_code, s.income_band, s.career_stage,
             i.status, sum(x.delta)::int AS delta
      FROM report_member_segments_build s
      CROSS JOIN LATERAL (
        SELECT * FROM (VALUES
          ('active', '-infinity'::timestamptz,
             CASE WHEN s.lifetime THEN 'infinity'::timestamptz WHEN s.ended_early THEN s.ends_at
                  ELSE s.ends_at - interval '1440 hours' END),
          ('renewal_window', CASE WHEN s.lifetime OR s.ended_early THEN NULL ELSE s.ends_at - interval '1440 hours' END, s.ends_at),
          ('grace', CASE WHEN s.lifetime OR s.ended_early THEN NULL ELSE s.ends_at END, s.ends_at + interval '720 hours')
        ) v(status, lo, hi)
        WHERE s.lifetime OR s.ends_at IS NOT NULL
      ) i
      CROSS JOIN LATERAL (VALUES
        (greatest(i.lo, s.valid_from), 1),
        (least(i.hi, coalesce(s.valid_to, 'infinity')), -1)
      ) x(t, delta)
      WHERE i.lo IS NOT NULL
        AND greatest(i.lo, s.valid_from) < least(i.hi, coalesce(s.valid_to, 'infinity'))
        AND x.t <= p_now
      GROUP BY 1, 2, 3, 4, 5, 6;

      RAISE DEBUG 'refresh_report_summaries: deltas at % ms', (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      INSERT INTO report_tmp_stock_monthly
      SELECT * FROM (
        SELECT m.at, c.plan_id, c.country_code, c.income_band, c.career_stage, c.status,
          (sum(coalesce(d.delta, 0)) OVER (PARTITION BY c.plan_id, c.country_code, c.income_band,
             c.career_stage, c.status ORDER BY m.at))::int AS n
        FROM (SELECT generate_series(min(at) AT TIME ZONE 'UTC', report_month(p_now) AT TIME ZONE 'UTC',
                interval '1 month') AT TIME ZONE 'UTC' AS at
              FROM report_tmp_delta WHERE at <= p_now) m0
        CROSS JOIN LATERAL (SELECT report_month(m0.at) AS at) m
        CROSS JOIN (SELECT DISTINCT plan_id, country_code, income_band, career_stage, status FROM report_tmp_delta) c
        LEFT JOIN report_tmp_delta d ON d.at = m.at AND d.plan_id = c.plan_id AND d.country_code = c.country_code
          AND d.income_band = c.income_band AND d.career_stage = c.career_stage AND d.status = c.status
      ) q WHERE n <> 0;

      RAISE DEBUG 'refresh_report_summaries: stock_monthly at % ms', (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      INSERT INTO report_tmp_stock_now
      SELECT plan_id, country_code, income_band, career_stage,
             report_status_at(ends_at, lifetime, ended_early, p_now) AS status, count(*)::int
      FROM report_member_segments_build
      WHERE valid_from <= p_now AND (valid_to IS NULL OR valid_to > p_now)
      GROUP BY 1, 2, 3, 4, 5;

      RAISE DEBUG 'refresh_report_summaries: stock_now at % ms', (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      -- 3. Monthly flows.
      INSERT INTO report_tmp_flow_monthly (month, metric, plan_id, country_code, income_band, career_stage, n, amount_minor)
      SELECT report_month(valid_from), 'new_members', plan_id, country_code, income_band, career_stage, count(*), 0
      FROM report_member_segments_build WHERE is_run_start
      GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      SELECT report_month(valid_from), 'renewals', plan_id, country_code, income_band, career_stage, count(*), 0
      FROM report_member_segments_build WHERE event_kind = 'renewed' AND NOT is_run_start
      GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      -- A lapse: the moment a segment's status becomes lapsed (inside it, or at its start when the
      -- state before was not lapsed).
      SELECT report_month(l.at), 'lapsed', plan_id, country_code, income_band, career_stage, count(*), 0
      FROM (
        SELECT s.*, greatest(s.valid_from,
          CASE WHEN s.ended_early THEN s.ends_at ELSE s.ends_at + interval '720 hours' END) AS at
        FROM report_member_segments_build s WHERE NOT s.lifetime AND s.ends_at IS NOT NULL
      ) l
      WHERE l.at < coalesce(l.valid_to, 'infinity') AND l.at <= p_now
        AND (l.at > l.valid_from OR l.prev_status IS DISTINCT FROM 'lapsed')
      GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      -- Renewal rate: terms that came due (ended, not replaced by an upgrade or ended early), by the
      -- month they ended; renewed when the next grant came before the end of grace.
      SELECT report_month(s.ends_at), m.metric, plan_id, country_code, income_band, career_stage, count(*), 0
      FROM report_member_segments_build s
      CROSS JOIN LATERAL (
        SELECT 'renewal_due' AS metric
        UNION ALL SELECT 'renewal_done' WHERE s.next_kind IN ('joined', 'renewed', 'upgraded', 'comped')
          AND s.valid_to < s.ends_at + interval '720 hours'
      ) m
      WHERE s.event_kind IN ('joined', 'renewed', 'upgraded', 'comped') AND NOT s.lifetime AND NOT s.ended_early
        AND s.ends_at IS NOT NULL
        AND (s.next_kind IS NULL OR s.next_kind NOT IN ('refunded', 'ended'))
        AND NOT coalesce(s.next_kind = 'upgraded' AND s.valid_to < s.ends_at - interval '1440 hours', false)
        AND ((s.next_kind IN ('joined', 'renewed', 'upgraded', 'comped') AND s.valid_to < s.ends_at + interval '720 hours')
             OR s.ends_at + interval '720 hours' <= p_now)
      GROUP BY 1, 2, 3, 4, 5, 6
      UNION ALL
      -- Trainee to regular: trainee terms whose outcome is known, by the month it happened (the
      -- grant on a non-trainee plan, or the lapse).
      SELECT report_month(CASE WHEN s.next_kind IS NULL THEN s.ends_at + interval '720 hours' ELSE s.valid_to END),
        m.metric, s.plan_id, country_code, income_band, career_stage, count(*), 0
      FROM report_member_segments_build s
      LEFT JOIN plans np ON np.id::text = s.next_plan_id
      CROSS JOIN LATERAL (
        SELECT 'trainee_ended' AS metric
        UNION ALL SELECT 'trainee_converted' WHERE s.next_kind IN ('joined', 'renewed', 'upgraded', 'comped')
          AND np.is_trainee IS FALSE
      ) m
      WHERE s.is_trainee AND s.event_kind IN ('joined', 'renewed', 'upgraded', 'comped')
        AND NOT s.lifetime AND s.ends_at IS NOT NULL
        AND (s.next_kind IS NULL OR s.next_kind NOT IN ('refunded', 'ended'))
        AND NOT (np.is_trainee IS TRUE)
        AND ((s.next_kind IN ('joined', 'renewed', 'upgraded', 'comped')) OR s.ends_at + interval '720 hours' <= p_now)
      GROUP BY 1, 2, 3, 4, 5, 6;

      RAISE DEBUG 'refresh_report_summaries: member flows at % ms', (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      -- Money: payments by the month they were paid, refunds by the month they were made.
      INSERT INTO report_tmp_flow_monthly (month, metric, plan_id, country_code, income_band, career_stage, n, amount_minor, currency)
      SELECT report_month(p.paid_at), 'revenue_' || p.kind, coalesce(p.plan_id::text, ''),
        coalesce(trim(mp.country_code), ''), coalesce(cb.band, ''), coalesce(mp.career_stage, ''),
        count(*), sum(p.amount_minor), p.currency
      FROM payments p
      LEFT JOIN member_profiles mp ON mp.user_id = p.user_id
      LEFT JOIN country_income_bands cb ON cb.country_code = mp.country_code
      WHERE p.status IN ('paid', 'partially_refunded', 'refunded') AND p.paid_at IS NOT NULL AND p.paid_at <= p_now
      GROUP BY 1, 2, 3, 4, 5, 6, 9
      UNION ALL
      SELECT report_month(r.created_at), 'refunds_' || p.kind, coalesce(p.plan_id::text, ''),
        coalesce(trim(mp.country_code), ''), coalesce(cb.band, ''), coalesce(mp.career_stage, ''),
        count(*), sum(r.amount_minor), p.currency
      FROM refunds r JOIN payments p ON p.id = r.payment_id
      LEFT JOIN member_profiles mp ON mp.user_id = p.user_id
      LEFT JOIN country_income_bands cb ON cb.country_code = mp.country_code
      WHERE r.created_at <= p_now
      GROUP BY 1, 2, 3, 4, 5, 6, 9
      UNION ALL
      -- Failed membership payments, and those the member made good (a paid payment) within 30 days.
      SELECT report_month(f.created_at), m.metric, coalesce(f.plan_id::text, ''),
        coalesce(trim(mp.country_code), ''), coalesce(cb.band, ''), coalesce(mp.career_stage, ''),
        count(*), sum(f.amount_minor), f.currency
      FROM payments f
      LEFT JOIN member_profiles mp ON mp.user_id = f.user_id
      LEFT JOIN country_income_bands cb ON cb.country_code = mp.country_code
      CROSS JOIN LATERAL (
        SELECT 'payment_failed' AS metric
        UNION ALL SELECT 'payment_recovered' WHERE EXISTS (
          SELECT 1 FROM payments ok
          WHERE ok.user_id = f.user_id AND ok.kind = 'membership'
            AND ok.status IN ('paid', 'partially_refunded', 'refunded')
            AND ok.paid_at > f.created_at AND ok.paid_at <= f.created_at + interval '720 hours'
            AND ok.paid_at <= p_now)
      ) m
      WHERE f.status = 'failed' AND f.kind = 'membership' AND f.created_at <= p_now
      GROUP BY 1, 2, 3, 4, 5, 6, 9;

      RAISE DEBUG 'refresh_report_summaries: money flows at % ms', (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      -- 4. Cohorts: the month of the first join; kept = still had benefits N months later, looked at
      -- once the 30 days of grace to renew are over (at N months exactly every yearly member is in grace).
      INSERT INTO report_tmp_cohorts
      SELECT report_month(c.first_joined_at), c.plan_id, c.country_code, c.income_band, c.career_stage,
        count(*),
        count(*) FILTER (WHERE c.t12 <= p_now), count(*) FILTER (WHERE c.t12 <= p_now AND k12),
        count(*) FILTER (WHERE c.t24 <= p_now), count(*) FILTER (WHERE c.t24 <= p_now AND k24),
        count(*) FILTER (WHERE c.t36 <= p_now), count(*) FILTER (WHERE c.t36 <= p_now AND k36)
      FROM (
        SELECT s.*, t.t12, t.t24, t.t36,
          EXISTS (SELECT 1 FROM report_member_segments_build x WHERE x.user_id = s.user_id AND x.valid_from <= t.t12
            AND coalesce(x.valid_to, 'infinity') > t.t12
            AND report_status_at(x.ends_at, x.lifetime, x.ended_early, t.t12) IN ('active', 'renewal_window', 'grace')) AS k12,
          EXISTS (SELECT 1 FROM report_member_segments_build x WHERE x.user_id = s.user_id AND x.valid_from <= t.t24
            AND coalesce(x.valid_to, 'infinity') > t.t24
            AND report_status_at(x.ends_at, x.lifetime, x.ended_early, t.t24) IN ('active', 'renewal_window', 'grace')) AS k24,
          EXISTS (SELECT 1 FROM report_member_segments_build x WHERE x.user_id = s.user_id AND x.valid_from <= t.t36
            AND coalesce(x.valid_to, 'infinity') > t.t36
            AND report_status_at(x.ends_at, x.lifetime, x.ended_early, t.t36) IN ('active', 'renewal_window', 'grace')) AS k36
        FROM report_member_segments_build s
        CROSS JOIN LATERAL (SELECT report_add_months(s.first_joined_at, 12) + interval '720 hours' AS t12,
          report_add_months(s.first_joined_at, 24) + interval '720 hours' AS t24,
          report_add_months(s.first_joined_at, 36) + interval '720 hours' AS t36) t
        WHERE s.seq = 1
      ) c
      GROUP BY 1, 2, 3, 4, 5;

      RAISE DEBUG 'refresh_report_summaries: cohorts at % ms', (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      DROP TABLE report_tmp_delta;

      -- Swap in: short exclusive locks at the very end.
      TRUNCATE report_stock_monthly, report_stock_now, report_flow_monthly, report_cohorts;
      INSERT INTO report_stock_monthly SELECT * FROM report_tmp_stock_monthly;
      INSERT INTO report_stock_now SELECT * FROM report_tmp_stock_now;
      INSERT INTO report_flow_monthly SELECT * FROM report_tmp_flow_monthly;
      INSERT INTO report_cohorts SELECT * FROM report_tmp_cohorts;
      DROP TABLE report_tmp_stock_monthly, report_tmp_stock_now, report_tmp_flow_monthly, report_tmp_cohorts;
      DROP TABLE report_member_segments;
      ALTER TABLE report_member_segments_build RENAME TO report_member_segments;
      took := (extract(epoch FROM clock_timestamp() - started) * 1000)::int;
      INSERT INTO report_refreshes (id, refreshed_at, took_ms) VALUES (1, p_now, took)
        ON CONFLICT (id) DO UPDATE SET refreshed_at = excluded.refreshed_at, took_ms = excluded.took_ms;
      RETURN took;
    END
    $f$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP FUNCTION IF EXISTS refresh_report_summaries(timestamptz);
    DROP FUNCTION IF EXISTS report_add_months(timestamptz, int);
    DROP FUNCTION IF EXISTS report_month(timestamptz);
    DROP FUNCTION IF EXISTS report_month_ceil(timestamptz);
    DROP FUNCTION IF EXISTS report_status_at(timestamptz, boolean, boolean, timestamptz);
    DROP TABLE IF EXISTS report_member_segments_build, report_refreshes, report_cohorts, report_flow_monthly, report_stock_now,
      report_stock_monthly, report_member_segments;
    DROP INDEX IF EXISTS payments_status_created_idx;
    DROP INDEX IF EXISTS refunds_created_idx;
    DROP INDEX IF EXISTS jobs_status_expires_idx;
    DROP INDEX IF EXISTS payments_report_order_idx;
    DROP INDEX IF EXISTS jobs_created_idx;
  `.execute(db);
}
