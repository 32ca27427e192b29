import type { Executor } from '@societas/db';

const COLUMNS = [
  'name',
  'short_name',
  'logo_url',
  'brand_colour',
  'contact_email',
  'contact_phone',
  'postal_address',
  'legal_name',
  'tax_id',
  'social_links',
  'default_time_zone',
  'default_language',
  'membership_currency',
  'updated_at',
] as const;

/** The one settings row, or undefined before anyone saved it. */
export async function findSettingsRow(db: Executor) {
  return db.selectFrom('society_settings').select(COLUMNS).where('id', '=', 1).executeTakeFirst();
}

export interface SettingsRowValues {
  name: string;
  short_name: string;
  logo_url: string | null;
  brand_colour: string;
  contact_email: string;
  contact_phone: string | null;
  postal_address: string | null;
  legal_name: string;
  tax_id: string | null;
  social_links: Record<string, string | null>;
  default_time_zone: string;
  default_language: string;
  membership_currency: string;
}

/** Writes the row (inserting it the first time); returns what was stored. */
export async function saveSettingsRow(
  db: Executor,
  values: SettingsRowValues,
  updatedBy: string | null,
  now: Date,
) {
  const row = { ...values, social_links: JSON.stringify(values.social_links), updated_by: updatedBy };
  return db
    .insertInto('society_settings')
    .values({ id: 1, ...row, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, updated_at: now }))
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}
