import { type Kysely, sql } from 'kysely';

/**
 * The language a person chose for the portal and their mails (ADR 019). Null until they choose:
 * then the browser's languages decide on the web and the society's default in mails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN locale text
      CONSTRAINT users_locale_supported CHECK (locale IN ('en', 'es', 'ja'))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN locale`.execute(db);
}
