import { describe, expect, it } from 'vitest';
import { addMonths, checkTerm, consecutiveRun, isConsecutive, termsOverlap } from './committees.rules.js';

const t = (startsOn: string, endsOn: string | null, role: 'member' | 'ex_officio' = 'member') => ({
  role,
  startsOn,
  endsOn,
});
/** "At most two consecutive 3-year terms". */
const committee = { name: 'Membership Committee', maxConsecutiveTerms: 2, termLengthMonths: 36 };

describe('roster rules', () => {
  it('terms touching at the boundary do not overlap; open-ended terms overlap everything after them', () => {
    expect(termsOverlap(t('2024-01-01', '2026-01-01'), t('2026-01-01', '2028-01-01'))).toBe(false);
    expect(termsOverlap(t('2024-01-01', '2026-01-02'), t('2026-01-01', '2028-01-01'))).toBe(true);
    expect(termsOverlap(t('2024-01-01', null), t('2030-01-01', '2031-01-01'))).toBe(true);
    expect(termsOverlap(t('2030-01-01', null), t('2024-01-01', '2026-01-01'))).toBe(false);
  });

  it('adds calendar months, clamping to the end of a short month', () => {
    expect(addMonths('2024-01-01', 36)).toBe('2027-01-01');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-11-15', 14)).toBe('2025-01-15');
  });

  it('a break shorter than the required break (one term length) keeps the run going', () => {
    expect(isConsecutive(t('2020-01-01', '2023-01-01'), t('2023-01-01', '2026-01-01'), 36)).toBe(true);
    // A year off is not a break on a committee of 3-year terms...
    expect(isConsecutive(t('2020-01-01', '2023-01-01'), t('2024-01-01', '2027-01-01'), 36)).toBe(true);
    // ...three years off is.
    expect(isConsecutive(t('2020-01-01', '2023-01-01'), t('2026-01-01', '2029-01-01'), 36)).toBe(false);
    const c = t('2026-06-01', '2029-06-01');
    expect(
      consecutiveRun([t('2020-01-01', '2023-01-01'), t('2023-03-01', '2026-01-01')], c, 36),
    ).toHaveLength(3);
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
        'Membership Committee allows at most 2 consecutive terms. With this change Ana Lopez would serve 3 in a row; a new term must start at least 3 years after the previous one ends.',
    });
  });

  it('a few months off do not reset the count; a full term off does; filling a gap counts the whole run', () => {
    const twoTerms = [t('2020-01-01', '2023-01-01'), t('2023-01-01', '2026-01-01')];
    expect(checkTerm(t('2026-07-01', '2029-07-01'), twoTerms, committee, 'A')?.kind).toBe('term_limit');
    expect(checkTerm(t('2029-01-01', '2032-01-01'), twoTerms, committee, 'A')).toBeNull();
    expect(
      checkTerm(
        t('2023-01-01', '2026-01-01'),
        [t('2020-01-01', '2023-01-01'), t('2026-01-01', '2029-01-01')],
        committee,
        'A',
      )?.kind,
    ).toBe('term_limit');
  });

  it('with no term length, a year off is the break', () => {
    const noLength = { ...committee, termLengthMonths: null };
    const twoTerms = [t('2020-01-01', '2022-01-01'), t('2022-01-01', '2024-01-01')];
    expect(checkTerm(t('2024-11-01', '2026-11-01'), twoTerms, noLength, 'A')?.message).toBe(
      'Membership Committee allows at most 2 consecutive terms. With this change A would serve 3 in a row; a new term must start at least 1 year after the previous one ends.',
    );
    expect(checkTerm(t('2025-01-01', '2027-01-01'), twoTerms, noLength, 'A')).toBeNull();
  });

  it('a term longer than the committee term length is refused, naming the latest end date', () => {
    expect(checkTerm(t('2024-01-01', '2034-01-01'), [], committee, 'Ana Lopez')).toEqual({
      kind: 'term_length',
      message:
        'Terms on Membership Committee last at most 3 years: a term starting 2024-01-01 must end on or before 2027-01-01.',
    });
    expect(checkTerm(t('2024-01-01', '2027-01-01'), [], committee, 'A')).toBeNull();
    expect(
      checkTerm(t('2024-01-01', '2025-07-01'), [], { ...committee, termLengthMonths: 18 }, 'A'),
    ).toBeNull();
    expect(
      checkTerm(t('2024-01-01', '2025-07-02'), [], { ...committee, termLengthMonths: 18 }, 'A')?.message,
    ).toBe(
      'Terms on Membership Committee last at most 18 months: a term starting 2024-01-01 must end on or before 2025-07-01.',
    );
  });

  it('an open-ended term is refused when the committee has a term length or a consecutive-terms limit', () => {
    expect(checkTerm(t('2024-01-01', null), [], committee, 'A')).toEqual({
      kind: 'term_length',
      message: 'Terms on Membership Committee last at most 3 years, so every term needs an end date.',
    });
    expect(checkTerm(t('2024-01-01', null), [], { ...committee, termLengthMonths: null }, 'A')?.message).toBe(
      'Membership Committee limits consecutive terms, so every term needs an end date.',
    );
    expect(
      checkTerm(
        t('2024-01-01', null),
        [],
        { name: 'Open', maxConsecutiveTerms: null, termLengthMonths: null },
        'A',
      ),
    ).toBeNull();
  });

  it('ex officio seats are exempt from the length and the limit, and do not count towards a run', () => {
    expect(checkTerm(t('2024-01-01', null, 'ex_officio'), [], committee, 'A')).toBeNull();
    expect(
      checkTerm(
        t('2026-01-01', '2029-01-01'),
        [t('2020-01-01', '2023-01-01', 'ex_officio'), t('2023-01-01', '2026-01-01')],
        committee,
        'A',
      ),
    ).toBeNull();
    expect(checkTerm(t('2024-01-01', '2034-01-01'), [], committee, 'A', { checkLength: false })).toBeNull();
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
