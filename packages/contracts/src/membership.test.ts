import { describe, expect, it } from 'vitest';
import {
  bandReason,
  currencyExponent,
  formatMoney,
  startCheckoutInput,
  termToYears,
  yearsToTerm,
} from './membership.js';

describe('money in minor units', () => {
  it('knows zero-decimal currencies', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('usd')).toBe(2);
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000');
    expect(formatMoney(5000, 'USD')).toBe('$50.00');
  });
});

describe('terms and reasons', () => {
  it('maps lifetime to 0 years and back', () => {
    expect(termToYears('lifetime')).toBe(0);
    expect(yearsToTerm(0)).toBe('lifetime');
    expect(yearsToTerm(2)).toBe(2);
  });
  it('explains the band discount', () => {
    expect(bandReason('lower_middle', 60)).toBe('Lower-middle income country: 60% off');
    expect(bandReason('high', 0)).toBe('High income country: standard price');
  });
  it('auto-renew only with a 1-year term, reported on the autoRenew field', () => {
    expect(startCheckoutInput.safeParse({ planCode: 'regular', term: 1, autoRenew: true }).success).toBe(
      true,
    );
    const bad = startCheckoutInput.safeParse({ planCode: 'regular', term: 3, autoRenew: true });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['autoRenew']);
  });
});
