import type { Executor, SocietySettingsTable } from '@societas/db';
import type { Selectable } from 'kysely';

const COLUMNS = [
  'name',
  'short_name',
  'logo_url',
  'favicon_url',
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

/** The row's editable values (what an admin saves). */
export type SettingsRowValues = Omit<
  Selectable<SocietySettingsTable>,
  'id' | 'updated_by' | 'created_at' | 'updated_at'
>;

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
