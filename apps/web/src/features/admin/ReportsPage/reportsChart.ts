import { currencyExponent } from '@societas/contracts';
import { formatMoney, formatNumber } from '../../../lib/format';

export interface RevenueMonth {
  month: string;
  membership: number;
  jobs: number;
  refunds: number;
}

/** Minor units to major units in the currency's own exponent: 1950 USD -> 19.5, 5000 JPY -> 5000. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

/** Back from a chart value (major units) to the money label, e.g. for axis and tooltip values. */
export function formatMajor(major: number, currency: string): string {
  return formatMoney(Math.round(major * 10 ** currencyExponent(currency)), currency);
}

/** Revenue by month as the stacked chart wants it: major units, refunds below zero. */
export function revenueChartData(rows: RevenueMonth[], currency: string, label: (month: string) => string) {
  return rows.map((r) => ({
    month: label(r.month),
    Membership: toMajor(r.membership, currency),
    Jobs: toMajor(r.jobs, currency),
    Refunds: -toMajor(r.refunds, currency),
  }));
}

/** n of d as a percentage with one decimal (62.5), or null when nothing was due. */
export function pct(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 1000) / 10;
}

export interface RenewalRateRow {
  key: string;
  due: number;
  renewed: number;
}

/** Renewal rate per group, with the counts as the bar's label: "60% · 12 of 20". */
export function renewalRateChartData(rows: RenewalRateRow[]) {
  return rows.map((r) => {
    const rate = pct(r.renewed, r.due) ?? 0;
    return {
      key: r.key,
      'Renewal rate': rate,
      counts: `${formatNumber(rate)}% · ${formatNumber(r.renewed)} of ${formatNumber(r.due)}`,
    };
  });
}
