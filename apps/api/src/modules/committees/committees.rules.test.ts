import { describe, expect, it } from 'vitest';
import { checkTerm, consecutiveRun, isConsecutive, termsOverlap } from './committees.rules.js';

const t = (startsOn: string, endsOn: string | null) => ({ role: 'member' as const, startsOn, endsOn });
const committee = { name: 'Membership Committee', maxConsecutiveTerms: 2 };

describe('roster rules', () => {
  it('terms touching at the boundary do not overlap; open-ended terms overlap everything after them', () => {
    expect(termsOverlap(t('2024-01-01', '2026-01-01'), t('2026-01-01', '2028-01-01'))).toBe(false);
    expect(termsOverlap(t('2024-01-01', '2026-01-02'), t('2026-01-01', '2028-01-01'))).toBe(true);
    expect(termsOverlap(t('2024-01-01', null), t('2030-01-01', '2031-01-01'))).toBe(true);
    expect(termsOverlap(t('2030-01-01', null), t('2024-01-01', '2026-01-01'))).toBe(false);
  });

  it('a term starting on or the day after the previous end is consecutive; a longer gap breaks the run', () => {
    expect(isConsecutive(t('2020-01-01', '2023-01-01'), t('2023-01-01', '2026-01-01'))).toBe(true);
    expect(isConsecutive(t('2020-01-01', '2022-12-31'), t('2023-01-01', '2026-01-01'))).toBe(true);
    expect(isConsecutive(t('2020-01-01', '2022-12-30'), t('2023-01-01', '2026-01-01'))).toBe(false);
    const c = t('2026-01-01', '2029-01-01');
    expect(consecutiveRun([t('2020-01-01', '2023-01-01'), t('2023-01-01', '2026-01-01')], c)).toHaveLength(3);
  });

  it('the third consecutive term breaks a two-term limit with a clear message', () => {
    const violation = checkTerm(
      t('2026-01-01', '2029-01-01'),
      [t('2020-01-01', '2023-01-01'), t('2023-01-01', '2026-01-01')],
      committee,
      'Ana Lopez',
    );
    expect(violation).toEqual({
      kind: 'term_limit',
      message:
        'Membership Committee allows at most 2 consecutive terms. With this change Ana Lopez would serve 3 in a row; leave a break before a new term.',
    });
  });

  it('a break resets the count; filling a gap between two terms counts the whole run', () => {
    expect(
      checkTerm(
        t('2027-01-01', '2030-01-01'),
        [t('2020-01-01', '2023-01-01'), t('2023-01-01', '2026-01-01')],
        committee,
        'A',
      ),
    ).toBeNull();
    expect(
      checkTerm(
        t('2023-01-01', '2026-01-01'),
        [t('2020-01-01', '2023-01-01'), t('2026-01-01', '2029-01-01')],
        committee,
        'A',
      )?.kind,
    ).toBe('term_limit');
  });

  it('overlap is reported before the term limit, naming the clashing term', () => {
    expect(
      checkTerm(t('2025-06-01', '2027-06-01'), [t('2024-01-01', '2026-01-01')], committee, 'Ana Lopez'),
    ).toEqual({
      kind: 'overlap',
      message:
        'Ana Lopez already has a term on this committee (Member, 2024-01-01 to 2026-01-01) that overlaps these dates.',
    });
  });
});
