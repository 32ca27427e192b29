import type { MembershipState } from '@societas/contracts';
import { describe, expect, it } from 'vitest';
import { formatCalendarDay } from '../../lib/format';
import {
  autoRenewSetupFrom,
  describeStatus,
  formatDay,
  joinPath,
  minorToInput,
  parseMoneyInput,
  periodText,
  planWorthMoreText,
  priceExplanation,
  refundAmount,
  shortenedTermText,
  termLabel,
  worthMoreText,
} from './membershipText';

/** A day as the app writes it for the reader (lib/format): the sentences below use the one style. */
const day = formatCalendarDay;

const base: Parameters<typeof describeStatus>[0] = {
  status: 'active',
  planName: 'Regular',
  isLifetime: false,
  endsAt: new Date('2027-03-10T12:00:00Z'),
  graceEndsAt: new Date('2027-04-09T12:00:00Z'),
  endedEarly: false,
  autoRenew: { enabled: false, subscriptionStatus: null, paymentFailed: false, nextChargeAt: null },
} satisfies Partial<MembershipState>;

describe('describeStatus', () => {
  it('says who is not a member', () => {
    expect(describeStatus({ ...base, status: 'none', planName: null, endsAt: null })).toMatchObject({
      label: 'Not a member',
      sentence: 'You are not a member yet.',
    });
  });

  it('gives the end date of an active membership, and the charge date with auto-renew', () => {
    expect(describeStatus(base).sentence).toBe(
      `Your Regular membership is active until ${day('2027-03-10')}.`,
    );
    const auto = describeStatus({
      ...base,
      autoRenew: { ...base.autoRenew, enabled: true, nextChargeAt: new Date('2027-03-10T12:00:00Z') },
    });
    expect(auto.sentence).toBe(
      `Your Regular membership is active until ${day('2027-03-10')}. It renews automatically on ${day('2027-03-10')}.`,
    );
  });

  it('invites renewal in the window without suggesting anything is lost', () => {
    const s = describeStatus({ ...base, status: 'renewal_window' });
    expect(s.label).toBe('Time to renew');
    expect(s.sentence).toContain(`ends on ${day('2027-03-10')}`);
    expect(s.sentence).toContain('you lose nothing by renewing early');
  });

  it('states the grace period plainly: ended on X, benefits until Y', () => {
    const s = describeStatus({ ...base, status: 'grace' });
    expect(s.label).toBe('Grace period');
    expect(s.sentence).toBe(
      `Your Regular membership ended on ${day('2027-03-10')}; benefits continue until ${day('2027-04-09')}. Renew before then to keep them.`,
    );
  });

  it('tells a lapsed member when it ended, and distinguishes an early end', () => {
    expect(describeStatus({ ...base, status: 'lapsed' }).sentence).toContain(
      `ended on ${day('2027-03-10')} and the grace period ended on ${day('2027-04-09')}`,
    );
    expect(describeStatus({ ...base, status: 'lapsed', endedEarly: true, graceEndsAt: null }).sentence).toBe(
      `Your Regular membership was ended on ${day('2027-03-10')}. You can join again at any time.`,
    );
  });

  it('asks for a new card when the automatic payment failed', () => {
    const s = describeStatus({
      ...base,
      status: 'grace',
      autoRenew: { enabled: true, subscriptionStatus: 'past_due', paymentFailed: true, nextChargeAt: null },
    });
    expect(s.sentence).toContain('please update your card');
  });

  it('has nothing to renew for a lifetime member', () => {
    expect(describeStatus({ ...base, isLifetime: true, planName: 'Lifetime', endsAt: null }).sentence).toBe(
      'Your Lifetime membership is for life: nothing to renew.',
    );
  });
});

describe('dates and terms', () => {
  it('formats membership days as their UTC day, in the one date style', () => {
    // 23:30 UTC on 31 Dec is still 31 December, whatever the machine's time zone.
    expect(formatDay(new Date('2026-12-31T23:30:00Z'))).toBe(day('2026-12-31'));
    expect(formatDay('2026-12-31T23:30:00Z')).toMatch(/31/);
    expect(formatDay(null)).toBe('');
  });

  it('names terms', () => {
    expect(termLabel(1)).toBe('1 year');
    expect(termLabel(3)).toBe('3 years');
    expect(termLabel('lifetime')).toBe('Lifetime');
    expect(termLabel(0)).toBe('Lifetime');
  });

  it('writes a period', () => {
    expect(periodText(new Date('2026-03-01T00:00:00Z'), new Date('2027-03-01T00:00:00Z'))).toBe(
      `${day('2026-03-01')} to ${day('2027-03-01')}`,
    );
    expect(periodText(new Date('2026-03-01T00:00:00Z'), null)).toBe(`from ${day('2026-03-01')} (lifetime)`);
  });
});

describe('priceExplanation', () => {
  it('is the band reason when there is no credit', () => {
    expect(
      priceExplanation({
        reason: 'Lower-middle income country: 60% off',
        creditMinor: 0,
        amountMinor: 4000,
        dueMinor: 4000,
        currency: 'USD',
      }),
    ).toBe('Lower-middle income country: 60% off');
  });

  it('shows the upgrade credit and what is left to pay', () => {
    expect(
      priceExplanation({
        reason: 'High income country: standard price',
        creditMinor: 2550,
        amountMinor: 15000,
        dueMinor: 12450,
        currency: 'USD',
      }),
    ).toBe(
      'High income country: standard price. $150.00 less $25.50 credit for the unused part of your current term: $124.50 to pay now',
    );
  });
});

describe('money inputs', () => {
  it('parses amounts into minor units', () => {
    expect(parseMoneyInput('12.5', 2)).toBe(1250);
    expect(parseMoneyInput('12.50', 2)).toBe(1250);
    expect(parseMoneyInput('1,200', 2)).toBe(120000);
    expect(parseMoneyInput('0', 2)).toBe(0);
    expect(parseMoneyInput('5000', 0)).toBe(5000);
  });

  it('refuses what is not an amount', () => {
    expect(parseMoneyInput('', 2)).toBeNull();
    expect(parseMoneyInput('-1', 2)).toBeNull();
    expect(parseMoneyInput('1.234', 2)).toBeNull();
    expect(parseMoneyInput('12.5', 0)).toBeNull();
    expect(parseMoneyInput('abc', 2)).toBeNull();
  });

  it('round-trips for inputs', () => {
    expect(minorToInput(1250, 2)).toBe('12.50');
    expect(minorToInput(5, 2)).toBe('0.05');
    expect(minorToInput(5000, 0)).toBe('5000');
  });
});

describe('refundAmount', () => {
  it('is a full refund when the amount is everything left', () => {
    expect(refundAmount('195.00', 19500, 'USD', 2)).toEqual({ amountMinor: 19500, full: true, error: null });
  });

  it('is a partial refund below that', () => {
    expect(refundAmount('50', 19500, 'USD', 2)).toEqual({ amountMinor: 5000, full: false, error: null });
  });

  it('refuses more than is left, zero, and non-amounts', () => {
    expect(refundAmount('200', 19500, 'USD', 2).error).toBe('At most $195.00 is left to refund');
    expect(refundAmount('0', 19500, 'USD', 2).error).toBe('Refund a positive amount');
    expect(refundAmount('ten', 19500, 'USD', 2).error).toBe('Enter an amount like 195.00');
  });

  it('counts yen in whole units', () => {
    expect(refundAmount('5000', 5000, 'JPY', 0)).toEqual({ amountMinor: 5000, full: true, error: null });
  });
});

describe('plans and terms (issue 19)', () => {
  it('says before payment when a plan change ends the membership sooner', () => {
    expect(
      shortenedTermText({
        endsAt: new Date('2027-12-03T09:00:00Z'),
        shortensEndFrom: new Date('2028-12-03T09:00:00Z'),
      }),
    ).toBe('Your membership will end on Dec 3, 2027 instead of Dec 3, 2028.');
    expect(shortenedTermText({ endsAt: new Date('2029-12-03T09:00:00Z'), shortensEndFrom: null })).toBeNull();
  });

  it('explains a cheaper plan mid-term instead of offering it for $0.00', () => {
    expect(worthMoreText({ worthMore: { switchFrom: new Date('2029-10-04T09:00:00Z') } })).toBe(
      'Your current term is worth more than this plan — switch at renewal. Your renewal opens on Oct 4, 2029.',
    );
    expect(worthMoreText({ worthMore: null })).toBeNull();
  });

  it("notes 'worth more' on a plan card only when none of the plan's terms can be bought now", () => {
    const worthMore = { switchFrom: new Date('2029-10-04T09:00:00Z') };
    expect(planWorthMoreText([{ worthMore }, { worthMore }, { worthMore }])).toBe(
      'Your current term is worth more than this plan — switch at renewal. Your renewal opens on Oct 4, 2029.',
    );
    // The 1-year price is covered by the credit but 2 and 3 years are paid upgrades.
    expect(planWorthMoreText([{ worthMore }, { worthMore: null }, { worthMore: null }])).toBeNull();
    expect(planWorthMoreText([])).toBeNull();
  });

  it('keeps the chosen plan and term in the join link', () => {
    expect(joinPath('postdoc', 2)).toBe('/membership/join?plan=postdoc&term=2');
  });

  it('offers automatic renewal now when the term ends within 730 days, else from the day it can', () => {
    const now = new Date('2026-12-03T00:00:00Z');
    expect(autoRenewSetupFrom(new Date('2028-11-30T00:00:00Z'), now)).toBeNull();
    expect(autoRenewSetupFrom(new Date('2029-12-03T00:00:00Z'), now)).toEqual(
      new Date('2027-12-04T00:00:00Z'),
    );
  });
});
