/**
 * Dates, times and numbers as the reader writes them: their browser's locale and time zone, one
 * date style across the app ("Mar 1, 2027" in the US, "1 Mar 2027" in the UK). Every page formats
 * through these helpers, never with its own Intl.DateTimeFormat or toLocaleDateString.
 */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
// A calendar day (YYYY-MM-DD) has no time zone: format it at UTC midnight, in UTC, so it is never
// shown as the day before west of Greenwich.
const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const number = new Intl.NumberFormat();

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return DAY_PATTERN.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
}

/** A moment, with the time: "Mar 1, 2027, 2:30 PM". */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

/**
 * The day of a moment in the reader's time zone ("Mar 1, 2027"); a YYYY-MM-DD string is a
 * calendar day and keeps its day whatever the zone.
 */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && DAY_PATTERN.test(value)) return formatCalendarDay(value);
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : dateOnly.format(date);
}

/** A calendar day given as YYYY-MM-DD ("2027-03-01" -> "Mar 1, 2027"), in the same style. */
export function formatCalendarDay(day: string | null | undefined): string {
  if (!day) return '';
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : calendarDay.format(date);
}

/**
 * The UTC day of a moment, in the same style ("2027-03-10T23:30Z" -> "Mar 10, 2027" everywhere).
 * For membership terms: the society counts them in UTC and its emails name the UTC day, so the
 * member's page and the reminder mail never disagree by a day.
 */
export function formatUtcDay(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? '' : calendarDay.format(date);
}

/** A report month given as YYYY-MM ("2026-11" -> "Nov 2026"). */
export function formatMonth(month: string): string {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : monthYear.format(date);
}

export function formatNumber(value: number): string {
  return number.format(value);
}

/** Number of pages for `total` items, at least 1. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}
