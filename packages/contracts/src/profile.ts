import { COUNTRY_CODES } from './countries.js';
import { CAREER_STAGES } from './labels.js';
import { LOCALES } from './locales.js';
import { z } from './zod.js';

export const careerStageSchema = z.enum(CAREER_STAGES);

export const VISIBILITIES = ['public', 'members', 'hidden'] as const;
export const visibilitySchema = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof visibilitySchema>;
export const VISIBILITY_LABELS: Record<Visibility, string> = {
  public: 'Everyone',
  members: 'Members only',
  hidden: 'Hidden',
};

/** Profile fields a member can show or hide in the directory. */
export const DIRECTORY_FIELDS = ['institution', 'country', 'careerStage', 'researchAreas', 'orcid'] as const;
export type DirectoryField = (typeof DIRECTORY_FIELDS)[number];
export const directoryVisibilitySchema = z.object({
  institution: visibilitySchema,
  country: visibilitySchema,
  careerStage: visibilitySchema,
  researchAreas: visibilitySchema,
  orcid: visibilitySchema,
});
export type DirectoryVisibility = z.infer<typeof directoryVisibilitySchema>;
export const DEFAULT_DIRECTORY_VISIBILITY: DirectoryVisibility = {
  institution: 'members',
  country: 'members',
  careerStage: 'members',
  researchAreas: 'members',
  orcid: 'members',
};

export const nameSchema = z.string().trim().min(1, 'Enter your name').max(120, 'Use at most 120 characters');

const ORCID_PATTERN = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;

/** ISO 7064 mod 11-2 checksum used by ORCID iDs. */
export function isValidOrcid(value: string): boolean {
  if (!ORCID_PATTERN.test(value)) return false;
  const digits = value.replaceAll('-', '');
  let total = 0;
  for (const ch of digits.slice(0, 15)) total = (total + Number(ch)) * 2;
  const check = (12 - (total % 11)) % 11;
  const expected = check === 10 ? 'X' : String(check);
  return digits[15] === expected;
}

/**
 * An iD as people paste it: bare, or as the link ORCID shows on every profile
 * (`https://orcid.org/0000-...`, with or without the scheme or `www.`). Only the bare iD is kept.
 */
const ORCID_LINK_PREFIX = /^(?:https?:\/\/)?(?:www\.)?orcid\.org\//i;

export const orcidSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(ORCID_LINK_PREFIX, '').replace(/\/+$/, '').toUpperCase())
  .refine(isValidOrcid, 'Enter an ORCID iD like 0000-0002-1825-0097');

export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => COUNTRY_CODES.has(code), 'Choose a country from the list');

export const researchAreaSchema = z
  .string()
  .trim()
  .min(1)
  .max(60, 'Keep each research area under 60 characters');

export const profileSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  role: z.enum(['user', 'admin']),
  memberNumber: z.number().int().nullable(),
  institution: z.string().nullable(),
  countryCode: z.string().nullable(),
  careerStage: careerStageSchema.nullable(),
  researchAreas: z.array(z.string()),
  orcid: z.string().nullable(),
  directoryOptOut: z.boolean(),
  visibility: directoryVisibilitySchema,
});
export type Profile = z.infer<typeof profileSchema>;

const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

export const updateProfileInput = z.object({
  name: nameSchema,
  institution: z.preprocess(emptyToNull, z.string().trim().max(200, 'Use at most 200 characters').nullable()),
  countryCode: z.preprocess(emptyToNull, countryCodeSchema.nullable()),
  careerStage: z.preprocess(emptyToNull, careerStageSchema.nullable()),
  researchAreas: z.array(researchAreaSchema).max(12, 'List at most 12 research areas'),
  orcid: z.preprocess(emptyToNull, orcidSchema.nullable()),
  directoryOptOut: z.boolean(),
  visibility: directoryVisibilitySchema,
});
export type UpdateProfileInput = z.input<typeof updateProfileInput>;

export const localeSchema = z.enum(LOCALES, { message: 'Choose English, Spanish or Japanese' });
export const setLocaleInput = z.object({ locale: localeSchema });
export type SetLocaleInput = z.input<typeof setLocaleInput>;
