import { describe, expect, it } from 'vitest';
import { formatMajor, revenueChartData, toMajor } from './reportsChart';

const rows = [{ month: '2026-01', membership: 19500, jobs: 5000, refunds: 1200 }];

describe('revenue chart conversion', () => {
  it('divides by the currency exponent: 100 for USD, 1 for JPY', () => {
    expect(revenueChartData(rows, 'USD', (m) => m)).toEqual([
      { month: '2026-01', Membership: 195, Jobs: 50, Refunds: -12 },
    ]);
    expect(revenueChartData(rows, 'JPY', (m) => `M${m}`)).toEqual([
      { month: 'M2026-01', Membership: 19500, Jobs: 5000, Refunds: -1200 },
    ]);
    expect(toMajor(5000, 'krw')).toBe(5000);
  });

  it('labels chart values back in the currency', () => {
    expect(formatMajor(195, 'USD')).toBe('$195.00');
    expect(formatMajor(19500, 'JPY')).toBe('¥19,500');
  });
});
