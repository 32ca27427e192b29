import type { MembershipStatus } from '@societas/contracts';

/**
 * THE membership status boundary table. Status (active, renewal window, grace, lapsed) is written
 * three times: in TypeScript (membership.rules.ts: deriveMembership / statusAt), in SQL
 * (directory_benefits_until, the directory's "has benefits" summary) and in PL/pgSQL
 * (refresh_report_summaries / report_status_at, the reports). status-boundaries.int.test.ts checks
 * all three against every row below, in several session and process time zones. Change a rule in
 * one place and this table (and the other two) must change with it.
 *
 * Each row is a member's whole ledger as it stands at `at` (no event is created after `at`: the
 * reports only see facts created by their refresh instant) and the status at `at`. The directory
 * only knows "has benefits" (active, renewal window or grace).
 *
 * Rules the rows pin down (60-day renewal window, 30-day grace, days of 24 hours):
 * - a term is active until 60 days before its end, then in the renewal window until the end;
 * - the end instant itself is the first instant of grace; the instant 30 days later is lapsed;
 * - a lifetime grant (term_years 0, no end) is active for ever, until a refund ends it;
 * - a refund (or admin end) with an end instant ends the membership then, with no grace; a refund
 *   without one (partial) changes nothing; a new grant starts again;
 * - comps are grants like any other.
 */

export interface BoundaryEvent {
  kind: 'joined' | 'renewed' | 'upgraded' | 'comped' | 'refunded' | 'ended';
  /** term_years: 0 with no endsAt is lifetime. */
  termYears: number | null;
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
}

export interface BoundaryRow {
  name: string;
  ledger: BoundaryEvent[];
  at: string;
  status: MembershipStatus;
}

/** A yearly term: joined 2026-03-01 12:00 UTC, ends 2027-03-01 12:00 UTC. */
const JOIN = '2026-03-01T12:00:00.000Z';
const END = '2027-03-01T12:00:00.000Z';
/** END - 60 days. */
const WINDOW_OPENS = '2026-12-31T12:00:00.000Z';
/** END + 30 days (crosses the DST change in America/New_York and Europe: 720 hours, not "30 local days"). */
const GRACE_ENDS = '2027-03-31T12:00:00.000Z';

const joined = (createdAt: string, endsAt: string | null, termYears = 1): BoundaryEvent => ({
  kind: 'joined',
  termYears: endsAt === null ? 0 : termYears,
  startsAt: createdAt,
  endsAt,
  createdAt,
});
const grant = (
  kind: 'renewed' | 'upgraded' | 'comped',
  createdAt: string,
  startsAt: string,
  endsAt: string | null,
): BoundaryEvent => ({ kind, termYears: endsAt === null ? 0 : 1, startsAt, endsAt, createdAt });
/** A refund that ends access when it is made (what billing writes), or a partial refund (no end). */
const refunded = (createdAt: string, endsAccess = true): BoundaryEvent => ({
  kind: 'refunded',
  termYears: 1,
  startsAt: null,
  endsAt: endsAccess ? createdAt : null,
  createdAt,
});

const shift = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

const yearly = [joined(JOIN, END)];

export const STATUS_BOUNDARIES: BoundaryRow[] = [
  { name: 'no ledger', ledger: [], at: JOIN, status: 'none' },
  { name: 'yearly: the join instant', ledger: yearly, at: JOIN, status: 'active' },
  {
    name: 'yearly: renewal window opens -1 s',
    ledger: yearly,
    at: shift(WINDOW_OPENS, -1),
    status: 'active',
  },
  { name: 'yearly: renewal window opens', ledger: yearly, at: WINDOW_OPENS, status: 'renewal_window' },
  { name: 'yearly: expiry -1 s', ledger: yearly, at: shift(END, -1), status: 'renewal_window' },
  { name: 'yearly: expiry', ledger: yearly, at: END, status: 'grace' },
  { name: 'yearly: expiry +1 s', ledger: yearly, at: shift(END, 1), status: 'grace' },
  { name: 'yearly: grace ends -1 s', ledger: yearly, at: shift(GRACE_ENDS, -1), status: 'grace' },
  { name: 'yearly: grace ends', ledger: yearly, at: GRACE_ENDS, status: 'lapsed' },
  { name: 'yearly: grace ends +1 s', ledger: yearly, at: shift(GRACE_ENDS, 1), status: 'lapsed' },
  {
    name: 'three-year term: expiry -1 s',
    ledger: [joined(JOIN, '2029-03-01T12:00:00.000Z', 3)],
    at: '2029-03-01T11:59:59.000Z',
    status: 'renewal_window',
  },
  // Grace periods across the other DST changes: Sydney's start (4 Oct 2026) and New York's end (1 Nov 2026).
  {
    name: 'term ending 20 Sep: grace ends -1 s (Sydney DST starts)',
    ledger: [joined('2025-09-20T00:00:00.000Z', '2026-09-20T00:00:00.000Z')],
    at: '2026-10-19T23:59:59.000Z',
    status: 'grace',
  },
  {
    name: 'term ending 15 Oct: grace ends (New York DST ends)',
    ledger: [joined('2025-10-15T00:00:00.000Z', '2026-10-15T00:00:00.000Z')],
    at: '2026-11-14T00:00:00.000Z',
    status: 'lapsed',
  },
  {
    name: 'renewed in the window: at the old expiry',
    ledger: [...yearly, grant('renewed', '2027-01-15T09:00:00.000Z', END, '2028-03-01T12:00:00.000Z')],
    at: END,
    status: 'active',
  },
  {
    name: 'renewed in grace: the renewal instant',
    ledger: [
      ...yearly,
      grant('renewed', '2027-03-10T00:00:00.000Z', '2027-03-10T00:00:00.000Z', '2028-03-10T00:00:00.000Z'),
    ],
    at: '2027-03-10T00:00:00.000Z',
    status: 'active',
  },
  {
    name: 'lapsed, then joined again',
    ledger: [...yearly, joined('2027-05-01T00:00:00.000Z', '2028-05-01T00:00:00.000Z')],
    at: '2027-05-01T00:00:00.000Z',
    status: 'active',
  },
  {
    name: 'lifetime: decades later',
    ledger: [joined(JOIN, null)],
    at: '2090-01-01T00:00:00.000Z',
    status: 'active',
  },
  {
    name: 'lifetime, refunded: the refund instant',
    ledger: [joined(JOIN, null), refunded('2026-06-01T00:00:00.000Z')],
    at: '2026-06-01T00:00:00.000Z',
    status: 'lapsed',
  },
  {
    name: 'upgraded to lifetime mid-term: past the old grace',
    ledger: [...yearly, grant('upgraded', '2026-09-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z', null)],
    at: '2030-01-01T00:00:00.000Z',
    status: 'active',
  },
  {
    name: 'yearly, refunded mid-term: the refund instant (no grace)',
    ledger: [...yearly, refunded('2026-06-01T00:00:00.000Z')],
    at: '2026-06-01T00:00:00.000Z',
    status: 'lapsed',
  },
  {
    name: 'yearly, refunded mid-term: 1 s before the old expiry',
    ledger: [...yearly, refunded('2026-06-01T00:00:00.000Z')],
    at: shift(END, -1),
    status: 'lapsed',
  },
  {
    name: 'yearly, refunded in grace: the refund instant',
    ledger: [...yearly, refunded('2027-03-05T00:00:00.000Z')],
    at: '2027-03-05T00:00:00.000Z',
    status: 'lapsed',
  },
  {
    name: 'yearly, partly refunded (access kept): expiry +1 s',
    ledger: [...yearly, refunded('2026-06-01T00:00:00.000Z', false)],
    at: shift(END, 1),
    status: 'grace',
  },
  {
    name: 'refunded, then joined again',
    ledger: [
      ...yearly,
      refunded('2026-06-01T00:00:00.000Z'),
      joined('2026-07-01T00:00:00.000Z', '2027-07-01T00:00:00.000Z'),
    ],
    at: '2026-07-01T00:00:00.000Z',
    status: 'active',
  },
  {
    name: 'a refund row with no grant before it',
    ledger: [refunded('2026-06-01T00:00:00.000Z')],
    at: '2026-06-01T00:00:00.000Z',
    status: 'none',
  },
  {
    name: 'comped year: expiry -1 s',
    ledger: [grant('comped', JOIN, JOIN, END)],
    at: shift(END, -1),
    status: 'renewal_window',
  },
  {
    name: 'comped year: grace ends -1 s',
    ledger: [grant('comped', JOIN, JOIN, END)],
    at: shift(GRACE_ENDS, -1),
    status: 'grace',
  },
  {
    name: 'comped year: grace ends',
    ledger: [grant('comped', JOIN, JOIN, END)],
    at: GRACE_ENDS,
    status: 'lapsed',
  },
  {
    name: 'comped for life',
    ledger: [grant('comped', JOIN, JOIN, null)],
    at: '2090-01-01T00:00:00.000Z',
    status: 'active',
  },
  {
    name: 'comped after a lapse',
    ledger: [
      joined('2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
      grant('comped', JOIN, JOIN, END),
    ],
    at: JOIN,
    status: 'active',
  },
];

/** The statuses in which a member has benefits (the directory lists them). */
export const WITH_BENEFITS: ReadonlySet<MembershipStatus> = new Set(['active', 'renewal_window', 'grace']);
