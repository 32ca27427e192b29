import { type Kysely, sql } from 'kysely';

/**
 * Who a plan is for, as data the checkout enforces and the join page explains:
 * - `min_membership_years`: years of membership a member must have held before choosing the plan
 *   (Emeritus: "retired members who have held membership for at least ten years"); 0 = no rule.
 * - `career_stages`: the profile career stages the plan suits, so the join page can suggest it.
 * The shipped plans get the values their descriptions promise; plans an admin made keep none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE plans
      ADD COLUMN min_membership_years integer NOT NULL DEFAULT 0
        CHECK (min_membership_years BETWEEN 0 AND 100),
      ADD COLUMN career_stages text[] NOT NULL DEFAULT '{}';
    UPDATE plans SET min_membership_years = 10 WHERE code = 'emeritus';
    UPDATE plans SET career_stages = CASE code
      WHEN 'student' THEN ARRAY['student']
      WHEN 'postdoc' THEN ARRAY['postdoc']
      WHEN 'regular' THEN ARRAY['early_career', 'mid_career', 'senior']
      WHEN 'industry' THEN ARRAY['industry']
      WHEN 'emeritus' THEN ARRAY['emeritus']
      WHEN 'associate' THEN ARRAY['non_scientist']
      ELSE career_stages END;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE plans DROP COLUMN min_membership_years, DROP COLUMN career_stages;`.execute(db);
}
