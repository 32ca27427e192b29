import { addMonthsToDay, COMMITTEE_ROLE_LABELS, type CommitteeRole, todayUtc } from '@societas/contracts';
import { formatCalendarDay } from '../../lib/format';

export function roleLabel(role: CommitteeRole): string {
  return COMMITTEE_ROLE_LABELS[role];
}

/** A term's calendar day (YYYY-MM-DD) in the app's one date style (lib/format). */
export function formatDay(day: string | null): string {
  return formatCalendarDay(day);
}
/** "1 Jan 2026 – 31 Dec 2027", "from 1 Jan 2026" for open-ended terms. Dates are YYYY-MM-DD. */
export function termRange(startsOn: string, endsOn: string | null): string {
  return endsOn ? `${formatDay(startsOn)} – ${formatDay(endsOn)}` : `from ${formatDay(startsOn)}`;
}

/** Today as YYYY-MM-DD (UTC, like the server). */
export const todayIso = (): string => todayUtc();

/** The server's term-length rule (committees.rules.ts uses the same helper): months added, clamped. */
export const addMonthsIso = addMonthsToDay;

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'committee_term.add': 'Added to the roster',
  'committee_term.update': 'Term edited',
  'committee_term.end': 'Term ended early',
  'committee_term.remove': 'Entry removed (made in error)',
  'committee.create': 'Committee created',
  'committee.update': 'Committee details edited',
  'committee.archive': 'Committee archived',
  'committee.unarchive': 'Committee restored',
};
