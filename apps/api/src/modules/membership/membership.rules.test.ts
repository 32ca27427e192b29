import { describe, expect, it, vi } from 'vitest';
import {
  addYearsUtc,
  DAY_MS,
  deriveMembership,
  dueReminder,
  type LedgerFact,
  planTerm,
  renewalTerm,
  statusAt,
  suggestedNextPlan,
  unusedCredit,
} from './membership.rules.js';

const at = (iso: string) => new Date(iso);
const sec = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
const days = (d: Date, n: number) => new Date(d.getTime() + n * DAY_MS);

let nextId = 1;
function fact(
  kind: string,
  startsAt: string | null,
  endsAt: string | null,
  extra: Partial<LedgerFact> = {},
): LedgerFact {
  return {
    id: nextId++,
    kind,
    planId: 'regular',
    termYears: endsAt ? 1 : 0,
    startsAt: startsAt ? at(startsAt) : null,
    endsAt: endsAt ? at(endsAt) : null,
    createdAt: at(startsAt ?? '2025-01-01T00:00:00Z'),
    ...extra,
  };
}

describe('status derived from the ledger and the clock', () => {
  const end = at('2026-06-30T12:00:00Z');
  const ledger = [fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')];

  it('no ledger: none', () => {
    expect(deriveMembership([], end).status).toBe('none');
  });

  it('active until 60 days before the end, then the renewal window (boundary at -1 s / 0 s)', () => {
    const windowStart = days(end, -60);
    expect(deriveMembership(ledger, sec(windowStart, -1)).status).toBe('active');
    expect(deriveMembership(ledger, windowStart).status).toBe('renewal_window');
  });

  it('renewal window until the end; grace from the end instant (end -1 s / +1 s UTC)', () => {
    expect(deriveMembership(ledger, sec(end, -1)).status).toBe('renewal_window');
    expect(deriveMembership(ledger, end).status).toBe('grace');
    expect(deriveMembership(ledger, sec(end, 1)).status).toBe('grace');
  });

  it('grace lasts 30 days after the end, then lapsed (-1 s / +1 s)', () => {
    const graceEnd = days(end, 30);
    const before = deriveMembership(ledger, sec(graceEnd, -1));
    expect(before.status).toBe('grace');
    expect(before.hasBenefits).toBe(true);
    const after = deriveMembership(ledger, sec(graceEnd, 1));
    expect(after.status).toBe('lapsed');
    expect(after.hasBenefits).toBe(false);
    expect(after.graceEndsAt).toEqual(graceEnd);
  });

  it('lifetime is always active', () => {
    const m = deriveMembership([fact('joined', '2020-01-01T00:00:00Z', null)], at('2090-01-01T00:00:00Z'));
    expect(m).toMatchObject({ status: 'active', isLifetime: true, endsAt: null });
  });

  it('a refund that ends the membership ends it at once, without grace', () => {
    const refundAt = '2025-09-01T00:00:00Z';
    const m = deriveMembership(
      [...ledger, fact('refunded', null, refundAt, { createdAt: at(refundAt) })],
      sec(at(refundAt), 1),
    );
    expect(m).toMatchObject({ status: 'lapsed', endedEarly: true, hasBenefits: false });
    expect(
      deriveMembership(
        [...ledger, fact('refunded', null, refundAt, { createdAt: at(refundAt) })],
        sec(at(refundAt), -1),
      ).status,
    ).toBe('active');
  });

  it('a partial refund (no end date) leaves the membership as it was', () => {
    const m = deriveMembership(
      [...ledger, fact('refunded', null, null, { createdAt: at('2025-08-01T00:00:00Z') })],
      at('2025-09-01T00:00:00Z'),
    );
    expect(m.status).toBe('active');
  });

  it('the latest grant decides the end; a rejoin after a lapse starts a new run', () => {
    const rejoin = fact('joined', '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');
    const m = deriveMembership([...ledger, rejoin], at('2027-02-01T00:00:00Z'));
    expect(m.endsAt).toEqual(at('2028-01-01T00:00:00Z'));
    expect(m.memberSince).toEqual(at('2027-01-01T00:00:00Z'));
    expect(m.runStartEventId).toBe(rejoin.id);
  });

  it('statusAt agrees at the exact end', () => {
    expect(statusAt(end, false, false, end)).toBe('grace');
    expect(statusAt(end, false, true, end)).toBe('lapsed');
  });
});

describe('term arithmetic', () => {
  it('adds exact calendar years in UTC', () => {
    expect(addYearsUtc(at('2025-03-10T12:34:56.789Z'), 1)).toEqual(at('2026-03-10T12:34:56.789Z'));
    expect(addYearsUtc(at('2025-12-31T23:59:59Z'), 3)).toEqual(at('2028-12-31T23:59:59Z'));
  });

  it('29 February + 1 year is 28 February, never 1 March', () => {
    expect(addYearsUtc(at('2028-02-29T10:00:00Z'), 1)).toEqual(at('2029-02-28T10:00:00Z'));
    expect(addYearsUtc(at('2028-02-29T10:00:00Z'), 4)).toEqual(at('2032-02-29T10:00:00Z'));
  });

  it('counts years in UTC whatever the process time zone', () => {
    try {
      // 29 Feb 23:30 UTC is already 1 March in Kiritimati and 29 Feb in New York (DST starts in March).
      for (const zone of ['Pacific/Kiritimati', 'America/New_York']) {
        vi.stubEnv('TZ', zone);
        expect(addYearsUtc(at('2028-02-29T23:30:00Z'), 1), zone).toEqual(at('2029-02-28T23:30:00Z'));
        expect(addYearsUtc(at('2027-03-01T02:30:00Z'), 1), zone).toEqual(at('2028-03-01T02:30:00Z'));
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });

  const end = at('2026-06-30T12:00:00Z');
  const member = deriveMembership(
    [fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')],
    days(end, -10),
  );

  it('an automatic renewal extends from max(now, end) even when the plan differs (never an upgrade from now)', () => {
    const now = days(end, -200);
    const m = deriveMembership([fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')], now);
    expect(planTerm(m, 'student', 1, now).action).toBe('upgrade');
    expect(renewalTerm(m, 1, now)).toEqual({
      action: 'renew',
      startsAt: end,
      endsAt: at('2027-06-30T12:00:00Z'),
    });
    const late = sec(end, 1); // in grace: from now
    const g = deriveMembership([fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')], late);
    expect(renewalTerm(g, 1, late)).toEqual({
      action: 'renew',
      startsAt: late,
      endsAt: addYearsUtc(late, 1),
    });
  });

  it('renewing early extends from the current end (1 s before the end)', () => {
    const now = sec(end, -1);
    const m = deriveMembership([fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')], now);
    expect(planTerm(m, 'regular', 1, now)).toEqual({
      action: 'renew',
      startsAt: end,
      endsAt: at('2027-06-30T12:00:00Z'),
    });
  });

  it('renewing 1 s after the end (grace) starts from the payment date', () => {
    const now = sec(end, 1);
    const m = deriveMembership([fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')], now);
    expect(planTerm(m, 'regular', 2, now)).toEqual({
      action: 'renew',
      startsAt: now,
      endsAt: addYearsUtc(now, 2),
    });
  });

  it('after a lapse it is a new membership from the payment date', () => {
    const now = days(end, 45);
    const m = deriveMembership([fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')], now);
    expect(planTerm(m, 'regular', 1, now)).toEqual({
      action: 'join',
      startsAt: now,
      endsAt: addYearsUtc(now, 1),
    });
  });

  it('another plan mid-term is an upgrade from now; in the renewal window it is a renewal into the new plan', () => {
    const mid = days(end, -200);
    const active = deriveMembership([fact('joined', '2025-06-30T12:00:00Z', '2026-06-30T12:00:00Z')], mid);
    expect(planTerm(active, 'industry', 1, mid).action).toBe('upgrade');
    expect(planTerm(member, 'industry', 1, days(end, -10))).toMatchObject({ action: 'renew', startsAt: end });
  });

  it('lifetime while a member is an upgrade with no end', () => {
    expect(planTerm(member, 'lifetime', 0, days(end, -10))).toMatchObject({
      action: 'upgrade',
      endsAt: null,
    });
  });
});

describe('upgrade credit', () => {
  const start = at('2025-01-01T00:00:00Z');
  const end = at('2026-01-01T00:00:00Z'); // 365 days
  it('credits the unused days pro rata, rounded down', () => {
    const now = days(start, 100); // 265 days left
    expect(
      unusedCredit([{ startsAt: start, endsAt: end, valueMinor: 19500, currency: 'USD' }], now, 'USD'),
    ).toBe(Math.floor((19500 * 265) / 365));
  });
  it('a renewal not yet started counts in full; other currencies and expired terms count nothing', () => {
    const now = days(start, 300);
    const next = { startsAt: end, endsAt: addYearsUtc(end, 1), valueMinor: 10000, currency: 'USD' };
    expect(unusedCredit([next], now, 'USD')).toBe(10000);
    expect(unusedCredit([{ ...next, currency: 'EUR' }], now, 'USD')).toBe(0);
    expect(
      unusedCredit(
        [{ startsAt: start, endsAt: end, valueMinor: 5000, currency: 'USD' }],
        days(end, 1),
        'USD',
      ),
    ).toBe(0);
  });
});

describe('trainee plan end date', () => {
  const plan = { isTrainee: true, nextPlanCode: 'postdoc' };
  const now = at('2026-05-01T00:00:00Z');
  const current = { endsAt: at('2026-06-01T00:00:00Z') };
  it('offers the next plan once training ends before the renewal would start', () => {
    expect(suggestedNextPlan(plan, at('2026-05-15T00:00:00Z'), current, now)).toBe('postdoc');
    expect(suggestedNextPlan(plan, at('2027-09-01T00:00:00Z'), current, now)).toBeNull();
    expect(
      suggestedNextPlan({ isTrainee: false, nextPlanCode: null }, at('2020-01-01T00:00:00Z'), current, now),
    ).toBeNull();
    expect(suggestedNextPlan(plan, null, current, now)).toBeNull();
  });
});

describe('reminder schedule', () => {
  const end = at('2026-06-30T12:00:00Z');
  it('60, 30, 7 days before and on lapse, each only until the next is due', () => {
    expect(dueReminder(end, sec(days(end, -60), -1))).toBeNull();
    expect(dueReminder(end, days(end, -60))).toBe('renewal_60');
    expect(dueReminder(end, days(end, -31))).toBe('renewal_60');
    expect(dueReminder(end, days(end, -30))).toBe('renewal_30');
    expect(dueReminder(end, days(end, -7))).toBe('renewal_7');
    expect(dueReminder(end, days(end, 29))).toBe('renewal_7');
    expect(dueReminder(end, days(end, 30))).toBe('lapsed');
    expect(dueReminder(end, days(end, 61))).toBeNull();
  });
});
