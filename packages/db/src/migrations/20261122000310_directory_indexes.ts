import { type Kysely, sql } from 'kysely';

/**
 * Directory search at 1M members (issue 4), measured with apps/api/bench/directory.bench.ts.
 *
 * "Is this member's membership active?" was a correlated subquery over the ledger for every
 * candidate row; a broad search had to walk hundreds of thousands of them. The ledger now keeps a
 * per-member summary, `directory_membership.benefits_until`: the instant the member's benefits end
 * according to their latest grant or early end (lifetime = 'infinity'). It is a pure function of the
 * ledger, kept current by statement-level triggers on membership_events, and compared with the clock
 * at read time (`benefits_until > now()`), so status is still derived when read, never flipped by a
 * job. It mirrors deriveMembership() in the membership module: latest grant (joined/renewed/upgraded/
 * comped) -> its end + 30 days of grace, lifetime grant -> no end, latest early end (refunded/ended
 * with ends_at) -> that instant. Access checks still call the membership module itself.
 *
 * Research areas are matched case-insensitively through an index on their lower-cased array.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE directory_membership (
      user_id text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      benefits_until timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX directory_membership_until_idx ON directory_membership (benefits_until, user_id);

    CREATE FUNCTION directory_benefits_until(p_user text) RETURNS timestamptz
    LANGUAGE sql STABLE AS $fn$
      SELECT CASE
        WHEN l.kind IN ('refunded', 'ended') THEN l.ends_at
        WHEN l.term_years = 0 AND l.ends_at IS NULL THEN 'infinity'::timestamptz
        ELSE l.ends_at + interval '30 days'
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

    -- Recompute the summary of these members (skips users that no longer exist).
    CREATE FUNCTION directory_membership_refresh(ids text[]) RETURNS void
    LANGUAGE sql VOLATILE AS $fn$
      WITH computed AS (
        SELECT u.id AS user_id, directory_benefits_until(u.id) AS until
        FROM users u WHERE u.id = ANY(ids)
      ), removed AS (
        DELETE FROM directory_membership d USING computed c
        WHERE d.user_id = c.user_id AND c.until IS NULL
      )
      INSERT INTO directory_membership (user_id, benefits_until)
      SELECT user_id, until FROM computed WHERE until IS NOT NULL
      ON CONFLICT (user_id) DO UPDATE SET benefits_until = EXCLUDED.benefits_until, updated_at = now()
    $fn$;

    CREATE FUNCTION directory_membership_on_ledger() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM directory_membership_refresh(ARRAY(SELECT DISTINCT user_id FROM new_rows));
      ELSIF TG_OP = 'UPDATE' THEN
        PERFORM directory_membership_refresh(ARRAY(
          SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows));
      ELSE
        PERFORM directory_membership_refresh(ARRAY(SELECT DISTINCT user_id FROM old_rows));
      END IF;
      RETURN NULL;
    END
    $fn$;

    CREATE TRIGGER membership_events_directory_insert AFTER INSERT ON membership_events
      REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION directory_membership_on_ledger();
    CREATE TRIGGER membership_events_directory_update AFTER UPDATE ON membership_events
      REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION directory_membership_on_ledger();
    CREATE TRIGGER membership_events_directory_delete AFTER DELETE ON membership_events
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION directory_membership_on_ledger();

    INSERT INTO directory_membership (user_id, benefits_until)
    SELECT user_id, until FROM (
      SELECT DISTINCT e.user_id, directory_benefits_until(e.user_id) AS until FROM membership_events e
    ) s WHERE until IS NOT NULL;

    CREATE FUNCTION directory_lower_areas(areas text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
      SELECT coalesce(array_agg(lower(a)), '{}') FROM unnest(areas) AS a
    $fn$;
    CREATE INDEX member_profiles_research_areas_lower_idx
      ON member_profiles USING gin (directory_lower_areas(research_areas));
    DROP INDEX IF EXISTS member_profiles_research_areas_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS member_profiles_research_areas_idx ON member_profiles USING gin (research_areas);
    DROP INDEX IF EXISTS member_profiles_research_areas_lower_idx;
    DROP FUNCTION IF EXISTS directory_lower_areas(text[]);
    DROP TRIGGER IF EXISTS membership_events_directory_insert ON membership_events;
    DROP TRIGGER IF EXISTS membership_events_directory_update ON membership_events;
    DROP TRIGGER IF EXISTS membership_events_directory_delete ON membership_events;
    DROP FUNCTION IF EXISTS directory_membership_on_ledger();
    DROP FUNCTION IF EXISTS directory_membership_refresh(text[]);
    DROP FUNCTION IF EXISTS directory_benefits_until(text);
    DROP TABLE IF EXISTS directory_membership;
  `.execute(db);
}
