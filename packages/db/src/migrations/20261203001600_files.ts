import { type Kysely, sql } from 'kysely';

/**
 * Uploaded files (issue 15; ADR 018). The bytes live in the file store (local disk under DATA_DIR,
 * or an S3-compatible bucket); this row says whose they are, what they are for and who may read
 * them. `content_type` is what the bytes were found to be, never what the upload claimed.
 * A proof of eligibility may point at one uploaded file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('proof', 'employer_logo', 'spotlight_photo', 'society_logo')),
      visibility text NOT NULL CHECK (visibility IN ('public', 'private')),
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      storage_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX files_owner_idx ON files(owner_user_id, created_at DESC);
    ALTER TABLE membership_proofs ADD COLUMN file_id uuid REFERENCES files(id) ON DELETE SET NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE membership_proofs DROP COLUMN IF EXISTS file_id;
    DROP TABLE IF EXISTS files;
  `.execute(db);
}
