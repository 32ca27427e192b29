import { formatMoney as formatMoneyIn } from '@societas/contracts';
import { activeLocale, formatLocale } from './locale';

/**
 * Dates, times, numbers and money as the reader writes them: in the active language (ADR 019), in
 * their own variant of it when the browser names one ("Mar 1, 2027" in the US, "1 Mar 2027" in the
 * UK, "2027/03/01" in Japanese), in their time zone. Every page formats through these helpers, never
 * with its own Intl.DateTimeFormat or toLocaleDateString. Each helper takes an optional locale
 * (BCP 47) for the cases that must not follow the reader (tests, a mail in the member's language).
 */

const DATE_STYLES = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  // A calendar day (YYYY-MM-DD) has no time zone: format it at UTC midnight, in UTC, so it is never
  // shown as the day before west of Greenwich.
  calendarDay: { dateStyle: 'medium', timeZone: 'UTC' },
  monthYear: { month: 'short', year: 'numeric', timeZone: 'UTC' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

// Building an Intl formatter is slow next to using one: one per locale and style.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(style: keyof typeof DATE_STYLES, locale: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, DATE_STYLES[style]);
    dateFormats.set(key, format);
  }
  return format;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return DAY_PATTERN.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
}

/** A moment, with the time: "Mar 1, 2027, 2:30 PM". */
export function formatDateTime(value: Date | string | null | undefined, locale = formatLocale()): string {
  if (!value) return '';
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : dateFormat('dateTime', locale).format(date);
}

/**
 * The day of a moment in the reader's time zone ("Mar 1, 2027"); a YYYY-MM-DD string is a
 * calendar day and keeps its day whatever the zone.
 */
export function formatDate(value: Date | string | null | undefined, locale = formatLocale()): string {
  if (!value) return '';
  if (typeof value === 'string' && DAY_PATTERN.test(value)) return formatCalendarDay(value, locale);
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : dateFormat('date', locale).format(date);
}

/** A calendar day given as YYYY-MM-DD ("2027-03-01" -> "Mar 1, 2027"), in the same style. */
export function formatCalendarDay(day: string | null | undefined, locale = formatLocale()): string {
  if (!day) return '';
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dateFormat('calendarDay', locale).format(date);
}

/**
 * The UTC day of a moment, in the same style ("2027-03-10T23:30Z" -> "Mar 10, 2027" everywhere).
 * For membership terms: the society counts them in UTC and its emails name the UTC day, so the
 * member's page and the reminder mail never disagree by a day.
 */
export function formatUtcDay(value: Date | string | null | undefined, locale = formatLocale()): string {
  if (!value) return '';
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : dateFormat('calendarDay', locale).format(date);
}

/** A report month given as YYYY-MM ("2026-11" -> "Nov 2026"). */
export function formatMonth(month: string, locale = formatLocale()): string {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : dateFormat('monthYear', locale).format(date);
}

export function formatNumber(value: number, locale = formatLocale()): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/**
 * An amount in minor units (cents, yen) in its currency ("$50.00"; "￥5,000" in Japanese). English
 * amounts are written as in the United States whatever the reader's variant, as the receipts and
 * mails write them (en-GB would say "US$50.00").
 */
export function formatMoney(amountMinor: number, currency: string, locale = moneyLocale()): string {
  return formatMoneyIn(amountMinor, currency, locale);
}

function moneyLocale(): string {
  const locale = activeLocale();
  return locale === 'en' ? 'en-US' : formatLocale(locale);
}

/** Number of pages for `total` items, at least 1. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}
