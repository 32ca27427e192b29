import { addMonthsToDay, COMMITTEE_ROLE_LABELS, type CommitteeRole } from '@societas/contracts';

/**
 * Roster rules as pure functions of dates (YYYY-MM-DD strings compare correctly as text).
 * A term covers [startsOn, endsOn): it ends at the start of its end date, so a term ending
 * 2026-01-01 and the next starting 2026-01-01 do not overlap; open-ended terms run forever.
 */
export interface TermDates {
  termId?: string;
  role: CommitteeRole;
  startsOn: string;
  endsOn: string | null;
}

export function termsOverlap(a: TermDates, b: TermDates): boolean {
  const aBeforeBEnds = b.endsOn === null || a.startsOn < b.endsOn;
  const bBeforeAEnds = a.endsOn === null || b.startsOn < a.endsOn;
  return aBeforeBEnds && bBeforeAEnds;
}

/**
 * `date` plus whole calendar months, clamped to the month's last day (2024-01-31 + 1 = 2024-02-29):
 * the shared calendar rule of @societas/contracts, which the roster form's suggested end date uses too.
 */
export const addMonths = addMonthsToDay;

/** "3 years", "18 months". */
export function describeMonths(months: number): string {
  if (months % 12 === 0) return months === 12 ? '1 year' : `${months / 12} years`;
  return months === 1 ? '1 month' : `${months} months`;
}

/**
 * Roles that hold a seat by office rather than by election (an ex officio officer, a staff
 * liaison): they are not bound by the term length or the consecutive-terms limit.
 */
export const UNLIMITED_ROLES: ReadonlySet<CommitteeRole> = new Set(['ex_officio', 'staff_liaison']);

/**
 * The break that ends a run of consecutive service: one full term length, or a year when the
 * committee has no term length. "At most two consecutive terms" means that after two terms a member
 * steps off for at least a term before serving again; a few weeks or months off does not reset it.
 */
export function requiredBreakMonths(termLengthMonths: number | null): number {
  return termLengthMonths ?? 12;
}

/** `next` follows `previous` without a real break: it starts before `breakMonths` after the previous end. */
export function isConsecutive(previous: TermDates, next: TermDates, breakMonths: number): boolean {
  return (
    previous.endsOn !== null &&
    next.startsOn >= previous.startsOn &&
    next.startsOn < addMonths(previous.endsOn, breakMonths)
  );
}

/** The run of consecutive terms that contains `candidate` (sorted, candidate included). */
export function consecutiveRun(others: TermDates[], candidate: TermDates, breakMonths: number): TermDates[] {
  const all = [...others, candidate].sort((a, b) =>
    a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0,
  );
  const index = all.indexOf(candidate);
  let first = index;
  while (first > 0 && isConsecutive(all[first - 1]!, all[first]!, breakMonths)) first -= 1;
  let last = index;
  while (last < all.length - 1 && isConsecutive(all[last]!, all[last + 1]!, breakMonths)) last += 1;
  return all.slice(first, last + 1);
}

export function describeTerm(t: TermDates): string {
  return `${COMMITTEE_ROLE_LABELS[t.role]}, ${t.startsOn} to ${t.endsOn ?? 'open-ended'}`;
}

export function overlapMessage(personName: string, existing: TermDates): string {
  return `${personName} already has a term on this committee (${describeTerm(existing)}) that overlaps these dates.`;
}

export function termLimitMessage(
  committeeName: string,
  max: number,
  personName: string,
  run: number,

  breakMonths: number,
): string {
  const terms = max === 1 ? 'term' : 'terms';
  return `${committeeName} allows at most ${max} consecutive ${terms}. With this change ${personName} would serve ${run} in a row; a new term must start at least ${describeMonths(breakMonths)} after the previous one ends.`;
}

export function openEndedMessage(committeeName: string, termLengthMonths: number | null): string {
  return termLengthMonths === null
    ? `${committeeName} limits consecutive terms, so every term needs an end date.`
    : `Terms on ${committeeName} last at most ${describeMonths(termLengthMonths)}, so every term needs an end date.`;
}

export function termTooLongMessage(
  committeeName: string,
  termLengthMonths: number,
  startsOn: string,
): string {
  return `Terms on ${committeeName} last at most ${describeMonths(termLengthMonths)}: a term starting ${startsOn} must end on or before ${addMonths(startsOn, termLengthMonths)}.`;
}

export type RuleViolation =
  | { kind: 'overlap'; message: string }
  | { kind: 'term_length'; message: string }
  | { kind: 'term_limit'; message: string };

export interface CommitteeLimits {
  name: string;
  maxConsecutiveTerms: number | null;
  termLengthMonths: number | null;
}

/**
 * Checks a new or edited term against the committee's rules and the person's other terms on it:
 * no overlap; when the committee has a term length, no term longer than it (nor open-ended); when it
 * limits consecutive terms, no open-ended term and no run longer than the limit. Ex officio and
 * staff-liaison seats are exempt from length and limit (they still may not overlap). Pass
 * `checkLength: false` when an edit leaves the dates as they were (old terms stay editable).
 */
export function checkTerm(
  candidate: TermDates,
  otherTermsOfPerson: TermDates[],
  committee: CommitteeLimits,
  personName: string,
  options: { checkLength?: boolean } = {},
): RuleViolation | null {
  const clash = otherTermsOfPerson.find((t) => termsOverlap(t, candidate));
  if (clash) return { kind: 'overlap', message: overlapMessage(personName, clash) };
  if (UNLIMITED_ROLES.has(candidate.role)) return null;
  const { termLengthMonths: length, maxConsecutiveTerms: max } = committee;
  if (options.checkLength !== false && (length !== null || max !== null)) {
    if (candidate.endsOn === null)
      return { kind: 'term_length', message: openEndedMessage(committee.name, length) };
    if (length !== null && candidate.endsOn > addMonths(candidate.startsOn, length)) {
      return { kind: 'term_length', message: termTooLongMessage(committee.name, length, candidate.startsOn) };
    }
  }
  if (max !== null) {
    const breakMonths = requiredBreakMonths(length);
    const counted = otherTermsOfPerson.filter((t) => !UNLIMITED_ROLES.has(t.role));
    const run = consecutiveRun(counted, candidate, breakMonths).length;
    if (run > max)
      return {
        kind: 'term_limit',
        message: termLimitMessage(committee.name, max, personName, run, breakMonths),
      };
  }
  return null;
}
