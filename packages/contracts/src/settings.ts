import { httpUrlSchema, isCurrencyCode } from './jobs.js';
import { z } from './zod.js';

/**
 * The society's own settings, one row edited by admins in the portal: its name and look, how to
 * reach it, what receipts say, and the defaults new members start from. The deployment (URLs,
 * secrets, SMTP) stays in the environment.
 */

const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToNull, schema.nullable());

export const SOCIETY_LANGUAGES = ['en', 'es', 'ja'] as const;
export const societyLanguageSchema = z.enum(SOCIETY_LANGUAGES, {
  message: 'Choose English, Spanish or Japanese',
});
export type SocietyLanguage = z.infer<typeof societyLanguageSchema>;
export const SOCIETY_LANGUAGE_LABELS: Record<SocietyLanguage, string> = {
  en: 'English',
  es: 'Español',
  ja: '日本語',
};

export const SOCIAL_LINKS = ['website', 'bluesky', 'mastodon', 'linkedin', 'x', 'youtube'] as const;
export type SocialLink = (typeof SOCIAL_LINKS)[number];
export const SOCIAL_LINK_LABELS: Record<SocialLink, string> = {
  website: 'Website',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  linkedin: 'LinkedIn',
  x: 'X',
  youtube: 'YouTube',
};

/** Whether `zone` is an IANA time zone this runtime knows (e.g. Europe/Madrid). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const hexColourSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1c7ed6')
  .transform((v) => v.toLowerCase());

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, 'Choose a time zone')
  .refine(isTimeZone, 'Use a time zone name like Europe/Madrid');

export const currencyCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, 'Use an ISO 4217 currency code, such as EUR or USD');

export const socialLinksSchema = z.object(
  Object.fromEntries(SOCIAL_LINKS.map((k) => [k, optional(httpUrlSchema)])) as Record<
    SocialLink,
    ReturnType<typeof optional<typeof httpUrlSchema>>
  >,
);

export const updateSocietySettingsInput = z.object({
  name: z.string().trim().min(2, 'Enter the society’s name').max(120),
  shortName: z.string().trim().min(1, 'Enter a short name, e.g. its initials').max(30),
  logoUrl: optional(httpUrlSchema),
  faviconUrl: optional(httpUrlSchema),
  brandColour: hexColourSchema,
  contactEmail: z.email('Enter a valid email address').max(254),
  contactPhone: optional(
    z
      .string()
      .trim()
      .max(40)
      .regex(/^\+?[0-9 ()./-]{5,}$/, 'Use digits, spaces and + ( ) - only, like +34 912 345 678'),
  ),
  postalAddress: optional(z.string().trim().max(500)),
  legalName: z.string().trim().min(2, 'Enter the legal name shown on receipts').max(200),
  taxId: optional(z.string().trim().max(60)),
  socialLinks: socialLinksSchema,
  defaultTimeZone: timeZoneSchema,
  defaultLanguage: societyLanguageSchema,
  membershipCurrency: currencyCodeSchema,
});
export type UpdateSocietySettingsInput = z.input<typeof updateSocietySettingsInput>;
export type SocietySettingsUpdate = z.output<typeof updateSocietySettingsInput>;

export const societySettingsSchema = z.object({
  name: z.string(),
  shortName: z.string(),
  logoUrl: z.string().nullable(),
  faviconUrl: z.string().nullable(),
  brandColour: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string().nullable(),
  postalAddress: z.string().nullable(),
  legalName: z.string(),
  taxId: z.string().nullable(),
  socialLinks: z.record(z.string(), z.string().nullable()),
  defaultTimeZone: z.string(),
  defaultLanguage: societyLanguageSchema,
  membershipCurrency: z.string(),
  updatedAt: z.date().nullable(),
});
export type SocietySettings = z.infer<typeof societySettingsSchema>;
