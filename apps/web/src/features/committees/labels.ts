import { COMMITTEE_ROLE_LABELS, type CommitteeRole } from '@societas/contracts';

export function roleLabel(role: CommitteeRole): string {
  return COMMITTEE_ROLE_LABELS[role];
}

/** "1 Jan 2026 – 31 Dec 2027", "from 1 Jan 2026" for open-ended terms. Dates are YYYY-MM-DD. */
const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
export function formatDay(day: string | null): string {
  if (!day) return '';
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : fmt.format(d);
}
export function termRange(startsOn: string, endsOn: string | null): string {
  return endsOn ? `${formatDay(startsOn)} – ${formatDay(endsOn)}` : `from ${formatDay(startsOn)}`;
}

/** Today as YYYY-MM-DD (UTC, like the server). */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addMonthsIso(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  const dayOfMonth = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(dayOfMonth, last));
  return d.toISOString().slice(0, 10);
}

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
