/**
 * The languages the portal is written in (ADR 019), English first: it is the source language. A
 * member's choice is kept on the account (users.locale) so their mails can use it too.
 */
export const LOCALES = ['en', 'es', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
/** Each language by its own name, as a language selector shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', ja: '日本語' };
