import { type Kysely, sql } from 'kysely';

/**
 * Indexes for report lists filtered by member attributes (ADR 009: 0.6–1 s for the expiring and
 * lapsed lists, 1–8 s for the payments ledger at 1M members; target under 300 ms).
 *
 * - Member lists read the current segments (valid_to IS NULL) by a term-end range. Filtered by
 *   band and stage (or plan, country, stage alone) they walked the whole range (a quarter of all
 *   members for "expiring in 90 days") to keep 2%. Partial indexes per dimension, ending in ends_at,
 *   read only the matching members. The segments table is rebuilt by every refresh, so
 *   refresh_report_summaries() must create them on the table it builds: this migration adds them to
 *   the function (after the indexes it already creates, before its ANALYZE) and to the current table.
 * - The payments ledger filtered by member attributes goes from the matching members to their
 *   payments. It probed member_profiles once per country of the band through the whole career-stage
 *   index (BitmapAnd); (country_code, career_stage) INCLUDE (user_id) makes that an index-only
 *   lookup, and (user_id, payment date) turns each member's payments in the period into an index
 *   range instead of a filter.
 */
const MARKER = 'CREATE INDEX ON report_member_segments_build (user_id) WHERE valid_to IS NULL;';
const SEGMENT_INDEXES = [
  '(income_band, career_stage, ends_at)',
  '(career_stage, ends_at)',
  '(country_code, ends_at)',
  '(plan_id, ends_at)',
];
const ADDED = SEGMENT_INDEXES.map(
  (cols) => `\n      CREATE INDEX ON report_member_segments_build ${cols} WHERE valid_to IS NULL;`,
).join('');

/** Rewrites refresh_report_summaries() from its current definition, replacing `from` by `to` once. */
async function patchRefresh(db: Kysely<unknown>, from: string, to: string) {
  await sql`
    DO $do$
    DECLARE
      def text := pg_get_functiondef('refresh_report_summaries(timestamptz)'::regprocedure);
    BEGIN
      IF position(${sql.lit(from)} IN def) = 0 THEN
        RAISE EXCEPTION 'refresh_report_summaries() does not contain the expected index statements';
      END IF;
      EXECUTE replace(def, ${sql.lit(from)}, ${sql.lit(to)});
    END
    $do$`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await patchRefresh(db, MARKER, MARKER + ADDED);
  await sql`
    CREATE INDEX IF NOT EXISTS report_member_segments_current_band_stage_idx
      ON report_member_segments (income_band, career_stage, ends_at) WHERE valid_to IS NULL;
    CREATE INDEX IF NOT EXISTS report_member_segments_current_stage_idx
      ON report_member_segments (career_stage, ends_at) WHERE valid_to IS NULL;
    CREATE INDEX IF NOT EXISTS report_member_segments_current_country_idx
      ON report_member_segments (country_code, ends_at) WHERE valid_to IS NULL;
    CREATE INDEX IF NOT EXISTS report_member_segments_current_plan_idx
      ON report_member_segments (plan_id, ends_at) WHERE valid_to IS NULL;
    CREATE INDEX IF NOT EXISTS member_profiles_country_stage_idx
      ON member_profiles (country_code, career_stage) INCLUDE (user_id);
    CREATE INDEX IF NOT EXISTS payments_user_paid_idx ON payments (user_id, (coalesce(paid_at, created_at)));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await patchRefresh(db, MARKER + ADDED, MARKER);
  await sql`
    DROP INDEX IF EXISTS report_member_segments_current_band_stage_idx;
    DROP INDEX IF EXISTS report_member_segments_current_stage_idx;
    DROP INDEX IF EXISTS report_member_segments_current_country_idx;
    DROP INDEX IF EXISTS report_member_segments_current_plan_idx;
    DROP INDEX IF EXISTS member_profiles_country_stage_idx;
    DROP INDEX IF EXISTS payments_user_paid_idx;
  `.execute(db);
}
