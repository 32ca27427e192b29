import type { SocietyLanguage, SocietySettings, SocietySettingsUpdate } from '@societas/contracts';
import { SOCIAL_LINKS } from '@societas/contracts';
import type { Executor } from '@societas/db';
import type { Env } from '../../env.js';
import { type ServiceContext, withTransaction } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
import { markUrlsInUse } from '../files/index.js';
import { findSettingsRow, saveSettingsRow } from './settings.repository.js';

/** Mantine's indigo.6, the portal's colour before societies chose their own. */
export const DEFAULT_BRAND_COLOUR = '#4c6ef5';

/** The address part of MAIL_FROM ("Name <a@b>" or "a@b"). */
export function mailFromAddress(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1]?.trim() ?? mailFrom.trim();
}

/**
 * What an installation shows before an admin saves settings: the environment's SOCIETY_NAME and MEMBERSHIP_CURRENCY (their
 * only use now) and MAIL_FROM's address, so upgrading keeps the name people already see.
 */
export function defaultSettings(
  env: Pick<Env, 'SOCIETY_NAME' | 'MAIL_FROM' | 'MEMBERSHIP_CURRENCY'>,
): SocietySettings {
  return {
    name: env.SOCIETY_NAME,
    shortName: env.SOCIETY_NAME.slice(0, 30),
    logoUrl: null,
    faviconUrl: null,
    brandColour: DEFAULT_BRAND_COLOUR,
    contactEmail: mailFromAddress(env.MAIL_FROM),
    contactPhone: null,
    postalAddress: null,
    legalName: env.SOCIETY_NAME,
    taxId: null,
    socialLinks: Object.fromEntries(SOCIAL_LINKS.map((k) => [k, null])),
    defaultTimeZone: 'UTC',
    defaultLanguage: 'en',
    membershipCurrency: env.MEMBERSHIP_CURRENCY,
    updatedAt: null,
  };
}

function fromRow(row: NonNullable<Awaited<ReturnType<typeof findSettingsRow>>>): SocietySettings {
  return {
    name: row.name,
    shortName: row.short_name,
    logoUrl: row.logo_url,
    faviconUrl: row.favicon_url,
    brandColour: row.brand_colour,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    postalAddress: row.postal_address,
    legalName: row.legal_name,
    taxId: row.tax_id,
    socialLinks: Object.fromEntries(SOCIAL_LINKS.map((k) => [k, row.social_links[k] ?? null])),
    defaultTimeZone: row.default_time_zone,
    defaultLanguage: row.default_language as SocietyLanguage,
    membershipCurrency: row.membership_currency,
    updatedAt: row.updated_at,
  };
}

/**
 * Every page and mail reads the settings, so each process keeps them for a few seconds per
 * database. A save clears this process's copy at once; another replica's copy is at most
 * CACHE_MS old. Reads inside a transaction bypass the cache (they see the transaction's own view).
 * `generation` stops a read that started before a save from caching the value it read.
 */
const CACHE_MS = 10_000;
const cache = new WeakMap<object, { value: SocietySettings; until: number }>();
let generation = 0;

type SettingsReader = { db: Executor; env: Pick<Env, 'SOCIETY_NAME' | 'MAIL_FROM' | 'MEMBERSHIP_CURRENCY'> };

/** The society's settings (the environment's defaults until an admin saves). */
export async function societySettings(ctx: SettingsReader): Promise<SocietySettings> {
  const cached = ctx.db.isTransaction ? undefined : cache.get(ctx.db);
  if (cached && cached.until > Date.now()) return cached.value;
  const started = generation;
  const row = await findSettingsRow(ctx.db);
  const value = row ? fromRow(row) : defaultSettings(ctx.env);
  if (!ctx.db.isTransaction && started === generation)
    cache.set(ctx.db, { value, until: Date.now() + CACHE_MS });
  return value;
}

/** Forgets this process's copy (after a save, or a test writing the row directly). */
export function forgetSocietySettings(db: Executor): void {
  generation += 1;
  cache.delete(db);
}

/** The display name and address mail is sent from: the society's name, the deployment's address. */
export async function mailSender(ctx: SettingsReader): Promise<{ name: string; address: string }> {
  const settings = await societySettings(ctx);
  return { name: settings.name, address: mailFromAddress(ctx.env.MAIL_FROM) };
}

/** The lines of a receipt naming who issued it: the legal name, postal address and tax id. */
export function receiptIssuerLines(issuer: Pick<SocietySettings, 'legalName' | 'postalAddress' | 'taxId'>) {
  return [issuer.legalName, issuer.postalAddress, issuer.taxId ? `Tax ID: ${issuer.taxId}` : null]
    .filter(Boolean)
    .join('\n');
}

/** Saves the settings (admins only, checked by the procedure) and audits before and after. */
export async function updateSocietySettings(
  ctx: ServiceContext,
  input: SocietySettingsUpdate,
): Promise<SocietySettings> {
  const root = ctx.db;
  const saved = await withTransaction(ctx, async (tx) => {
    const before = await findSettingsRow(tx.db);
    await markUrlsInUse(tx, [input.logoUrl, input.faviconUrl]);
    const row = await saveSettingsRow(
      tx.db,
      {
        name: input.name,
        short_name: input.shortName,
        logo_url: input.logoUrl,
        favicon_url: input.faviconUrl,
        brand_colour: input.brandColour,
        contact_email: input.contactEmail,
        contact_phone: input.contactPhone,
        postal_address: input.postalAddress,
        legal_name: input.legalName,
        tax_id: input.taxId,
        social_links: input.socialLinks,
        default_time_zone: input.defaultTimeZone,
        default_language: input.defaultLanguage,
        membership_currency: input.membershipCurrency,
      },
      tx.actor?.id ?? null,
      tx.now,
    );
    const after = fromRow(row);
    await recordAudit(tx.db, {
      actorUserId: tx.actor?.id ?? null,
      action: 'society_settings.update',
      entityType: 'society_settings',
      entityId: '1',
      before: before ? fromRow(before) : null,
      after,
      requestId: tx.requestId,
    });
    return after;
  });
  forgetSocietySettings(root);
  return saved;
}
