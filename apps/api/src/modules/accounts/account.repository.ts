import {
  DEFAULT_DIRECTORY_VISIBILITY,
  type DirectoryVisibility,
  type Locale,
  type Profile,
} from '@societas/contracts';
import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

export async function findProfile(db: Executor, userId: string): Promise<Profile | undefined> {
  const row = await db
    .selectFrom('users')
    .leftJoin('member_profiles as p', 'p.user_id', 'users.id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.email_verified',
      'users.role',
      'p.member_number',
      'p.institution',
      'p.country_code',
      'p.career_stage',
      'p.research_areas',
      'p.orcid',
      'p.directory_opt_out',
      'p.visibility',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    emailVerified: row.email_verified,
    role: row.role,
    memberNumber: row.member_number ?? null,
    institution: row.institution ?? null,
    countryCode: row.country_code?.trim() ?? null,
    careerStage: (row.career_stage ?? null) as Profile['careerStage'],
    researchAreas: row.research_areas ?? [],
    orcid: row.orcid ?? null,
    directoryOptOut: row.directory_opt_out ?? false,
    visibility: {
      ...DEFAULT_DIRECTORY_VISIBILITY,
      ...((row.visibility ?? {}) as Partial<DirectoryVisibility>),
    },
  };
}

export interface ProfileFields {
  institution: string | null;
  countryCode: string | null;
  careerStage: string | null;
  researchAreas: string[];
  orcid: string | null;
  directoryOptOut: boolean;
  visibility: DirectoryVisibility;
}

export async function upsertProfile(db: Executor, userId: string, fields: ProfileFields): Promise<void> {
  const values = {
    institution: fields.institution,
    country_code: fields.countryCode,
    career_stage: fields.careerStage,
    research_areas: fields.researchAreas,
    orcid: fields.orcid,
    directory_opt_out: fields.directoryOptOut,
    visibility: JSON.stringify(fields.visibility) as unknown as Record<string, string>,
  };
  await db
    .insertInto('member_profiles')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}

/** The account's own fields a person edits: their name (the profile form), their language. */
export async function updateUser(
  db: Executor,
  userId: string,
  fields: { name: string } | { locale: Locale },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...fields, updated_at: sql<Date>`now()` })
    .where('id', '=', userId)
    .execute();
}

/** The language the person chose (ADR 019), or null while they have not chosen one. */
export async function findUserLocale(db: Executor, userId: string): Promise<Locale | null> {
  const row = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  return row?.locale ?? null;
}
