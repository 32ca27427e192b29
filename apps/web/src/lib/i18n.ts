import { i18n, type Messages } from '@lingui/core';
import type { Locale } from '@societas/contracts';
import { storeLocale } from './locale';

type Catalogue = { messages: Messages };

// One catalogue per feature and one for the shell (lingui.config.ts); a language is all of them.
// English is in the first load; the other languages are loaded when chosen (ADR 017's budget).
const english = import.meta.glob<Catalogue>('../locales/en/*.po', { eager: true });
const others = {
  es: import.meta.glob<Catalogue>('../locales/es/*.po'),
  ja: import.meta.glob<Catalogue>('../locales/ja/*.po'),
} satisfies Record<Exclude<Locale, 'en'>, Record<string, () => Promise<Catalogue>>>;

function merge(catalogues: Catalogue[]): Messages {
  return Object.assign({}, ...catalogues.map((catalogue) => catalogue.messages));
}

async function messagesOf(locale: Locale): Promise<Messages> {
  if (locale === 'en') return merge(Object.values(english));
  return merge(await Promise.all(Object.values(others[locale]).map((load) => load())));
}

/** Loads the language's catalogues if needed, makes it the active one, and sets `<html lang>`. */
export async function activateLocale(locale: Locale): Promise<void> {
  i18n.loadAndActivate({ locale, messages: await messagesOf(locale) });
  document.documentElement.lang = locale;
}

/** The reader chose a language: it is kept in this browser for the next visit. */
export async function chooseLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  await activateLocale(locale);
}
