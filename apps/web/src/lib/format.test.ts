import { i18n } from '@lingui/core';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCalendarDay, formatMoney, formatMonth, formatNumber, formatUtcDay } from './format';

function activate(locale: string) {
  i18n.load(locale, {});
  i18n.activate(locale);
}

afterEach(() => activate('en'));

describe('formatting per locale', () => {
  it('writes a day in Japanese as Japanese readers do, and leaves English unchanged', () => {
    expect(formatCalendarDay('2027-03-01', 'ja')).toBe('2027/03/01');
    expect(formatUtcDay('2027-03-10T23:30:00Z', 'ja')).toBe('2027/03/10');
    expect(formatMonth('2026-11', 'ja')).toBe('2026年11月');
    expect(formatCalendarDay('2027-03-01', 'en-US')).toBe('Mar 1, 2027');
    expect(formatCalendarDay('2027-03-01', 'es')).toBe('1 mar 2027');
  });

  it('writes yen and dollars in Japanese', () => {
    expect(formatMoney(5000, 'JPY', 'ja')).toBe('￥5,000');
    expect(formatMoney(5000, 'USD', 'ja')).toBe('$50.00');
    expect(formatNumber(1234567, 'ja')).toBe('1,234,567');
  });

  it('follows the active language when no locale is given', () => {
    activate('en');
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000');
    expect(formatMoney(5000, 'USD')).toBe('$50.00');
    activate('ja');
    expect(formatMoney(5000, 'JPY')).toBe('￥5,000');
    expect(formatCalendarDay('2027-03-01')).toBe('2027/03/01');
  });
});
