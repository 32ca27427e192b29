import { type Kysely, sql } from 'kysely';

/**
 * The chairs' roster typeahead (committees.searchMembers) matches `lower(email) LIKE '%q%'` as well
 * as the name; names had a trigram index (migration 300), emails none, so at 1M users every
 * keystroke scanned the users table. A trigram GIN index on lower(email) lets the planner combine
 * both (BitmapOr). pg_trgm is created by migration 300.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX users_email_trgm_idx ON users USING gin (lower(email) gin_trgm_ops);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS users_email_trgm_idx;`.execute(db);
}
