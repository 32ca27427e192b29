import { type Kysely, sql } from 'kysely';

/**
 * Uploads in use (issue 15): the society's favicon is a kind of upload and a setting; a file
 * records when a saved form first used it (`attached_at`), so the housekeeping task can remove
 * uploads nobody saved (chosen in a form that was then abandoned) without asking every module
 * what it refers to. Files uploaded before this migration count as used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE files DROP CONSTRAINT files_purpose_check;
    ALTER TABLE files ADD CONSTRAINT files_purpose_check
      CHECK (purpose IN ('proof', 'employer_logo', 'spotlight_photo', 'society_logo', 'society_favicon'));
    ALTER TABLE files ADD COLUMN attached_at timestamptz;
    UPDATE files SET attached_at = created_at;
    CREATE INDEX files_unattached_idx ON files(created_at) WHERE attached_at IS NULL;
    ALTER TABLE society_settings ADD COLUMN favicon_url text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE society_settings DROP COLUMN IF EXISTS favicon_url;
    DROP INDEX IF EXISTS files_unattached_idx;
    ALTER TABLE files DROP COLUMN IF EXISTS attached_at;
    DELETE FROM files WHERE purpose = 'society_favicon';
    ALTER TABLE files DROP CONSTRAINT files_purpose_check;
    ALTER TABLE files ADD CONSTRAINT files_purpose_check
      CHECK (purpose IN ('proof', 'employer_logo', 'spotlight_photo', 'society_logo'));
  `.execute(db);
}
