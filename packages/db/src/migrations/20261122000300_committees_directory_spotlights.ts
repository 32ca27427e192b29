import { type Kysely, sql } from 'kysely';

/**
 * Committees, member directory and spotlights (issue 4).
 * - Roster lookups by (committee, person) for the overlap and term-limit rules.
 * - Directory search at 1M members: trigram GIN indexes for substring search on name and
 *   institution, a GIN index on research areas, and admin field locks.
 * - Spotlight tags for the by-tag listing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE INDEX committee_terms_committee_user_idx ON committee_terms(committee_id, user_id, starts_on);

    CREATE INDEX users_name_trgm_idx ON users USING gin (lower(name) gin_trgm_ops);
    -- Directory order (by name) without sorting every member.
    CREATE INDEX users_name_order_idx ON users (lower(name), id);
    CREATE INDEX member_profiles_institution_trgm_idx
      ON member_profiles USING gin (lower(institution) gin_trgm_ops);
    CREATE INDEX member_profiles_research_areas_idx ON member_profiles USING gin (research_areas);

    CREATE TABLE directory_field_locks (
      field text PRIMARY KEY CHECK (field IN ('institution', 'country', 'careerStage', 'researchAreas', 'orcid')),
      visibility text NOT NULL CHECK (visibility IN ('public', 'members', 'hidden')),
      locked_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE INDEX spotlights_tags_idx ON spotlights USING gin (tags);
    CREATE INDEX spotlights_member_idx ON spotlights(member_user_id);
    CREATE INDEX spotlights_status_idx ON spotlights(status, updated_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS spotlights_status_idx, spotlights_member_idx, spotlights_tags_idx,
      member_profiles_research_areas_idx,
      member_profiles_institution_trgm_idx, users_name_order_idx, users_name_trgm_idx, committee_terms_committee_user_idx;
    DROP TABLE IF EXISTS directory_field_locks;
  `.execute(db);
}
