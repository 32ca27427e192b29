import { i18n, type Messages } from '@lingui/core';
import type { Locale } from '@societas/contracts';
import { messages as en } from '../locales/en/messages.po';
import { storeLocale } from './locale';

// English is in the first load; the other catalogues are loaded when chosen (ADR 017's budget).
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ messages: Messages }>> = {
  es: () => import('../locales/es/messages.po'),
  ja: () => import('../locales/ja/messages.po'),
};

/** Loads the language's catalogue if needed, makes it the active one, and sets `<html lang>`. */
export async function activateLocale(locale: Locale): Promise<void> {
  const messages = locale === 'en' ? en : (await loaders[locale]()).messages;
  i18n.loadAndActivate({ locale, messages });
  document.documentElement.lang = locale;
}

/** The reader chose a language: it is kept in this browser for the next visit. */
export async function chooseLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  await activateLocale(locale);
}
