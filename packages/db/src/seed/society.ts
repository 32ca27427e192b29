import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The demo society's settings (issue 15): what an admin would enter in Society settings. A real
 * installation has no row until its admins save one; the API then shows the environment's
 * SOCIETY_NAME.
 */
export const DEMO_SOCIETY_SETTINGS = {
  name: 'Societas',
  short_name: 'Societas',
  logo_url: null,
  brand_colour: '#4c6ef5',
  contact_email: 'office@societas.test',
  contact_phone: '+44 20 7946 0000',
  postal_address: '1 Example Row\nCambridge CB2 1TN\nUnited Kingdom',
  legal_name: 'Societas Demo Society Ltd',
  tax_id: 'GB 123 4567 89',
  social_links: {
    website: 'https://societas.test',
    bluesky: 'https://bsky.app/profile/societas.test',
    mastodon: null,
    linkedin: null,
    x: null,
    youtube: null,
  },
  default_time_zone: 'Europe/London',
  default_language: 'en',
  membership_currency: 'USD',
} as const;

/** Writes the demo settings (left alone when a row exists). */
export async function seedSocietySettings(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .insertInto('society_settings')
    .values({
      id: 1,
      ...DEMO_SOCIETY_SETTINGS,
      social_links: JSON.stringify(DEMO_SOCIETY_SETTINGS.social_links),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
