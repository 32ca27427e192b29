import { describe, expect, it } from 'vitest';
import { addMonthsIso, formatDay } from './labels';

describe('addMonthsIso', () => {
  it('adds calendar months, keeping the day when it exists', () => {
    expect(addMonthsIso('2026-11-22', 24)).toBe('2028-11-22');
    expect(addMonthsIso('2026-01-15', 1)).toBe('2026-02-15');
  });
  it('clamps to the last day of a shorter month', () => {
    expect(addMonthsIso('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsIso('2027-02-28', 12)).toBe('2028-02-28');
    expect(addMonthsIso('2028-02-29', 12)).toBe('2029-02-28');
  });
  it('returns empty for a date it cannot read', () => {
    expect(addMonthsIso('not a date', 12)).toBe('');
  });
});

describe('formatDay', () => {
  it('formats a calendar date without shifting it by the time zone', () => {
    expect(formatDay('2026-01-01')).toMatch(/2026/);
    expect(formatDay('2026-01-01')).not.toMatch(/2025/);
    expect(formatDay(null)).toBe('');
  });
});
