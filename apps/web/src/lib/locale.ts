import { i18n } from '@lingui/core';
import { LOCALES, type Locale } from '@societas/contracts';

/**
 * Which language the reader gets (ADR 019): their saved choice, else the first of their browser's
 * languages (Accept-Language, as navigator.languages) the portal is written in, else English.
 * No catalogue is imported here, so formatting and tests use it without loading any.
 */

const STORAGE_KEY = 'societas.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language of a tag ("es-MX" -> "es", "ja_JP" -> "ja"), lower-cased. */
function languageOf(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** The first of the reader's languages the portal has, by language ("es-MX" gets Spanish). */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const language = languageOf(tag);
    if (isLocale(language)) return language;
  }
  return 'en';
}

/** The browser's languages, most preferred first (none outside a browser). */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

export function storedLocale(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    // Storage blocked (privacy mode, sandboxed frame): the choice lasts for this page only.
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // See storedLocale.
  }
}

/** The language to start in, before any account is known. */
export function initialLocale(): Locale {
  return storedLocale() ?? pickLocale(browserLanguages());
}

/** The active language (English before any is activated). */
export function activeLocale(): Locale {
  return isLocale(i18n.locale) ? i18n.locale : 'en';
}

/**
 * The locale dates, numbers and money are written in: the reader's own variant of the active
 * language when their browser names one (en-GB writes "1 Mar 2027", en-US "Mar 1, 2027"), else the
 * language itself, with English as in the United States.
 */
export function formatLocale(locale: Locale = activeLocale(), languages = browserLanguages()): string {
  const own = languages.find((tag) => languageOf(tag) === locale);
  if (own) {
    try {
      return Intl.getCanonicalLocales(own.replace('_', '-'))[0] ?? locale;
    } catch {
      // Not a well-formed tag: fall through to the language itself.
    }
  }
  return locale === 'en' ? 'en-US' : locale;
}
