import { type Kysely, sql } from 'kysely';

/**
 * The directory's "benefits until" (migration 310) added grace as `interval '30 days'`. On a
 * timestamptz that is 30 *local* days in the session's time zone, so where the server's (or a
 * session's) zone has daylight saving, a grace period spanning the change ended an hour early or
 * late: in America/New_York a term ending 1 March 12:00 UTC left the directory at 31 March 11:00
 * UTC, an hour before the member's own page said grace ended. The membership rules count a day as
 * 24 hours (DAY_MS), as the reports do; so does this now. The trigger runs in the writer's session,
 * so stored summaries are recomputed here.
 *
 * The boundary table apps/api/test/membership/status-boundaries.ts pins this rule for all three
 * implementations (membership.rules.ts, this function, refresh_report_summaries).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await benefitsUntil(db, '720 hours');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await benefitsUntil(db, '30 days');
}

async function benefitsUntil(db: Kysely<unknown>, grace: '720 hours' | '30 days'): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION directory_benefits_until(p_user text) RETURNS timestamptz
    LANGUAGE sql STABLE AS $fn$
      SELECT CASE
        WHEN l.kind IN ('refunded', 'ended') THEN l.ends_at
        WHEN l.term_years = 0 AND l.ends_at IS NULL THEN 'infinity'::timestamptz
        ELSE l.ends_at + interval '${sql.raw(grace)}'
      END
      FROM (
        SELECT e.kind, e.term_years, e.ends_at
        FROM membership_events e
        WHERE e.user_id = p_user
          AND (e.kind IN ('joined', 'renewed', 'upgraded', 'comped')
               OR (e.kind IN ('refunded', 'ended') AND e.ends_at IS NOT NULL))
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT 1
      ) l
    $fn$;
    SELECT directory_membership_refresh(ARRAY(SELECT DISTINCT user_id FROM membership_events));
  `.execute(db);
}
