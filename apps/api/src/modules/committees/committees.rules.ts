import { COMMITTEE_ROLE_LABELS, type CommitteeRole } from '@societas/contracts';

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

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `next` follows `previous` without a break: it starts on or the day after the previous end. */
export function isConsecutive(previous: TermDates, next: TermDates): boolean {
  return (
    previous.endsOn !== null &&
    next.startsOn >= previous.startsOn &&
    next.startsOn <= addDays(previous.endsOn, 1)
  );
}

/** The run of back-to-back terms that contains `candidate` (sorted, candidate included). */
export function consecutiveRun(others: TermDates[], candidate: TermDates): TermDates[] {
  const all = [...others, candidate].sort((a, b) =>
    a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0,
  );
  const index = all.indexOf(candidate);
  let first = index;
  while (first > 0 && isConsecutive(all[first - 1]!, all[first]!)) first -= 1;
  let last = index;
  while (last < all.length - 1 && isConsecutive(all[last]!, all[last + 1]!)) last += 1;
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
): string {
  const terms = max === 1 ? 'term' : 'terms';
  return `${committeeName} allows at most ${max} consecutive ${terms}. With this change ${personName} would serve ${run} in a row; leave a break before a new term.`;
}

export type RuleViolation = { kind: 'overlap'; message: string } | { kind: 'term_limit'; message: string };

/** Checks a new or edited term against the person's other terms on the same committee. */
export function checkTerm(
  candidate: TermDates,
  otherTermsOfPerson: TermDates[],
  committee: { name: string; maxConsecutiveTerms: number | null },
  personName: string,
): RuleViolation | null {
  const clash = otherTermsOfPerson.find((t) => termsOverlap(t, candidate));
  if (clash) return { kind: 'overlap', message: overlapMessage(personName, clash) };
  const max = committee.maxConsecutiveTerms;
  if (max !== null) {
    const run = consecutiveRun(otherTermsOfPerson, candidate).length;
    if (run > max)
      return { kind: 'term_limit', message: termLimitMessage(committee.name, max, personName, run) };
  }
  return null;
}
