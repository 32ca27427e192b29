import { UTCDate } from '@date-fns/utc';
import { addMonths, format, isValid, startOfMonth } from 'date-fns';

/**
 * Calendar arithmetic shared by the API and the web app, on date-fns in UTC (ADR 014). A calendar
 * day is a 'YYYY-MM-DD' string and a report month a 'YYYY-MM' string: neither has a time zone, so
 * both are worked on as UTC dates and no reader's zone can move them by a day.
 *
 * Month arithmetic keeps the day of the month and clamps it to the last day of a shorter month:
 * 2024-01-31 + 1 month = 2024-02-29, 2026-01-31 + 1 month = 2026-02-28, 2028-02-29 + 12 months =
 * 2029-02-28 (never 1 March, which would add a day).
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A plain Date of the same instant (UTCDate is a Date, but callers store and compare plain ones). */
const plain = (d: Date) => new Date(d.getTime());

/** 'YYYY-MM-DD' plus whole calendar months, clamped to the month's last day; '' if `day` is not a day. */
export function addMonthsToDay(day: string, months: number): string {
  const date = new UTCDate(`${day}T00:00:00Z`);
  if (!DAY.test(day) || !isValid(date)) return '';
  return format(addMonths(date, months), 'yyyy-MM-dd');
}

/** Today's calendar day in UTC ('YYYY-MM-DD'): the day the server counts in (a job's closing date is compared with it). */
export function todayUtc(now: Date = new Date()): string {
  return format(new UTCDate(now), 'yyyy-MM-dd');
}

/** The start (UTC) of the month `months` after the month containing `instant` (0: its own month). */
export function monthStartUtc(instant: Date, months = 0): Date {
  return plain(addMonths(startOfMonth(new UTCDate(instant)), months));
}

/** The UTC month of an instant as 'YYYY-MM'. */
export function monthKeyUtc(instant: Date): string {
  return format(new UTCDate(instant), 'yyyy-MM');
}
