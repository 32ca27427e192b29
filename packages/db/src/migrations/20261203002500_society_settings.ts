import { type Kysely, sql } from 'kysely';

/**
 * The society's settings, edited by admins in the portal (issue 15): one row, `id = 1`. Until an
 * admin saves (or the demo seed writes it) there is no row and the API answers defaults built from
 * the environment (SOCIETY_NAME, MAIL_FROM), so an existing installation keeps its name.
 * The API validates every field (packages/contracts settings.ts); the checks here only keep the row
 * single and the colour and codes well-formed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE society_settings (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      name text NOT NULL,
      short_name text NOT NULL,
      logo_url text,
      brand_colour text NOT NULL CHECK (brand_colour ~ '^#[0-9a-f]{6}$'),
      contact_email text NOT NULL,
      contact_phone text,
      postal_address text,
      legal_name text NOT NULL,
      tax_id text,
      social_links jsonb NOT NULL DEFAULT '{}'::jsonb,
      default_time_zone text NOT NULL,
      default_language text NOT NULL CHECK (default_language IN ('en', 'es', 'ja')),
      membership_currency text NOT NULL CHECK (membership_currency ~ '^[A-Z]{3}$'),
      updated_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE society_settings;`.execute(db);
}
