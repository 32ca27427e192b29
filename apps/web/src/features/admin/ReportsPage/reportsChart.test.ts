import { describe, expect, it } from 'vitest';
import { formatMajor, renewalRateChartData, revenueChartData, toMajor } from './reportsChart';

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

describe('renewal rate chart', () => {
  it('labels each group with its rate and the counts behind it', () => {
    expect(
      renewalRateChartData([
        { key: 'Postdoc', due: 20, renewed: 12 },
        { key: 'Student', due: 1200, renewed: 1000 },
        { key: 'Emeritus', due: 0, renewed: 0 },
      ]),
    ).toEqual([
      { key: 'Postdoc', 'Renewal rate': 60, counts: '60% · 12 of 20' },
      { key: 'Student', 'Renewal rate': 83.3, counts: '83.3% · 1,000 of 1,200' },
      { key: 'Emeritus', 'Renewal rate': 0, counts: '0% · 0 of 0' },
    ]);
  });
});
