import { describe, expect, it, vi } from 'vitest';
import { addMonthsToDay, monthKeyUtc, monthStartUtc, todayUtc } from './calendar.js';

describe('calendar (UTC, date-fns)', () => {
  it('adds months to a calendar day, clamping to the last day of a shorter month', () => {
    expect(addMonthsToDay('2026-11-22', 24)).toBe('2028-11-22');
    expect(addMonthsToDay('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsToDay('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDay('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonthsToDay('2026-08-31', 1)).toBe('2026-09-30');
    // 29 February + 1 year is 28 February, never 1 March; + 4 years is 29 February again.
    expect(addMonthsToDay('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonthsToDay('2028-02-29', 48)).toBe('2032-02-29');
    expect(addMonthsToDay('2023-11-15', 14)).toBe('2025-01-15');
  });

  it('refuses what is not a calendar day', () => {
    expect(addMonthsToDay('not a date', 12)).toBe('');
    expect(addMonthsToDay('2026-13-01', 1)).toBe('');
    expect(addMonthsToDay('2026-01-01T00:00:00Z', 1)).toBe('');
  });

  it('works in UTC whatever the process time zone', () => {
    try {
      for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        vi.stubEnv('TZ', zone);
        // 23:30 UTC on 31 December is still that day and month in UTC.
        const lateOnNewYearsEve = new Date('2026-12-31T23:30:00Z');
        expect(todayUtc(lateOnNewYearsEve)).toBe('2026-12-31');
        expect(monthKeyUtc(lateOnNewYearsEve)).toBe('2026-12');
        expect(monthStartUtc(lateOnNewYearsEve)).toEqual(new Date('2026-12-01T00:00:00Z'));
        expect(monthStartUtc(lateOnNewYearsEve, 2)).toEqual(new Date('2027-02-01T00:00:00Z'));
        expect(monthStartUtc(lateOnNewYearsEve, -12)).toEqual(new Date('2025-12-01T00:00:00Z'));
        expect(addMonthsToDay('2026-03-08', 1)).toBe('2026-04-08');
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
