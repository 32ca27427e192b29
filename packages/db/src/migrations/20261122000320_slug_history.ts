import { type Kysely, sql } from 'kysely';

/**
 * Stable URLs for committees and spotlights (issue 4): when an admin changes a slug, the old one is
 * kept here so /committees/<old> and /spotlights/<old> still resolve (the API answers with the
 * canonical slug and the web app redirects). A current slug always wins over a remembered one; when
 * another page takes a remembered slug, its row here is dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE committee_slug_history (
      slug text PRIMARY KEY,
      committee_id uuid NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX committee_slug_history_committee_idx ON committee_slug_history(committee_id);

    CREATE TABLE spotlight_slug_history (
      slug text PRIMARY KEY,
      spotlight_id uuid NOT NULL REFERENCES spotlights(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX spotlight_slug_history_spotlight_idx ON spotlight_slug_history(spotlight_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS spotlight_slug_history, committee_slug_history;`.execute(db);
}
