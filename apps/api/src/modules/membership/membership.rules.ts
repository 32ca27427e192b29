import { UTCDate } from '@date-fns/utc';
import { GRACE_DAYS, type MembershipStatus, RENEWAL_WINDOW_DAYS } from '@societas/contracts';
import { addYears } from 'date-fns';

/**
 * The membership rules as pure functions of (ledger, clock): no database, no Stripe. Status is never
 * stored; it is derived here whenever it is read, so a late or missing job cannot leave a member
 * "expired but active" and reports agree with the member's own page.
 */

export const DAY_MS = 86_400_000;

/** Ledger kinds that grant a term. */
const GRANTS = new Set(['joined', 'renewed', 'upgraded', 'comped']);
/** Ledger kinds that end a membership early (a refund that ends it, an admin ending it). */
const HARD_ENDS = new Set(['refunded', 'ended']);

export interface LedgerFact {
  id: number;
  kind: string;
  planId: string | null;
  termYears: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
}

export interface DerivedMembership {
  status: MembershipStatus;
  planId: string | null;
  isLifetime: boolean;
  /** Start of the current run of membership (reset by a join after a lapse or an early end). */
  memberSince: Date | null;
  endsAt: Date | null;
  renewalOpensAt: Date | null;
  graceEndsAt: Date | null;
  endedEarly: boolean;
  hasBenefits: boolean;
  /** The ledger row that started the current run (grants before it belong to an earlier run). */
  runStartEventId: number | null;
}

/**
 * Exact calendar years in UTC (date-fns, ADR 014): 2025-03-10T12:00Z + 1 = 2026-03-10T12:00Z, the
 * time of day kept. 29 February becomes 28 February in a year without one (never 1 March, which
 * would give a day for free).
 */
export function addYearsUtc(date: Date, years: number): Date {
  return new Date(addYears(new UTCDate(date), years).getTime());
}

/** Ledger order: by creation time (the insert's, see insertMembershipEvent), then id. */
export function sortLedger<T extends LedgerFact>(events: T[]): T[] {
  return [...events].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
}

export function deriveMembership(events: LedgerFact[], now: Date): DerivedMembership {
  let planId: string | null = null;
  let endsAt: Date | null = null;
  let isLifetime = false;
  let memberSince: Date | null = null;
  let endedEarly = false;
  let granted = false;
  let runStartEventId: number | null = null;

  for (const e of sortLedger(events)) {
    if (GRANTS.has(e.kind)) {
      const lapsedBefore =
        granted &&
        (endedEarly || (!isLifetime && endsAt !== null && graceEnd(endsAt) <= (e.startsAt ?? e.createdAt)));
      if (!granted || lapsedBefore) {
        memberSince = e.startsAt ?? e.createdAt;
        runStartEventId = e.id;
      }
      granted = true;
      endedEarly = false;
      planId = e.planId ?? planId;
      isLifetime = e.termYears === 0 && e.endsAt === null;
      endsAt = isLifetime ? null : e.endsAt;
    } else if (HARD_ENDS.has(e.kind) && e.endsAt && granted) {
      // A refund without ends_at is a partial refund that leaves the membership as it was.
      if (isLifetime || endsAt === null || e.endsAt < endsAt) endsAt = e.endsAt;
      isLifetime = false;
      endedEarly = true;
    }
  }

  if (!granted) {
    return {
      status: 'none',
      planId: null,
      isLifetime: false,
      memberSince: null,
      endsAt: null,
      renewalOpensAt: null,
      graceEndsAt: null,
      endedEarly: false,
      hasBenefits: false,
      runStartEventId: null,
    };
  }
  const status = statusAt(endsAt, isLifetime, endedEarly, now);
  return {
    status,
    planId,
    isLifetime,
    memberSince,
    endsAt,
    renewalOpensAt: endsAt && !endedEarly ? new Date(endsAt.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS) : null,
    graceEndsAt: endsAt && !endedEarly ? graceEnd(endsAt) : null,
    endedEarly,
    hasBenefits: status === 'active' || status === 'renewal_window' || status === 'grace',
    runStartEventId,
  };
}

function graceEnd(endsAt: Date): Date {
  return new Date(endsAt.getTime() + GRACE_DAYS * DAY_MS);
}

/**
 * The end instant itself belongs to grace: a term ending at 12:00:00 is active at 11:59:59 and in
 * grace at 12:00:00. An early end (refund, admin) has no grace. Days are 24 hours (DAY_MS), never
 * local calendar days.
 *
 * Status is also derived in SQL (directory_benefits_until, migrations 310 and 20261203001400) and in
 * PL/pgSQL (refresh_report_summaries, the reports migration). The one boundary table all three are
 * tested against is apps/api/test/membership/status-boundaries.ts: change a rule here, change the
 * table and the other two with it.
 */
export function statusAt(
  endsAt: Date | null,
  isLifetime: boolean,
  endedEarly: boolean,
  now: Date,
): MembershipStatus {
  if (isLifetime) return 'active';
  if (!endsAt) return 'none';
  const t = now.getTime();
  const end = endsAt.getTime();
  if (endedEarly) return t < end ? 'active' : 'lapsed';
  if (t < end - RENEWAL_WINDOW_DAYS * DAY_MS) return 'active';
  if (t < end) return 'renewal_window';
  if (t < end + GRACE_DAYS * DAY_MS) return 'grace';
  return 'lapsed';
}

/**
 * Whole years of membership held by `now`, over every run: the union of the granted terms (a
 * lifetime grant runs to now), each cut short where a refund or an administrator ended it. Days
 * covered twice (a renewal paid early) count once. Plan eligibility reads it (Emeritus: 10 years).
 */
export function membershipYearsHeld(events: LedgerFact[], now: Date): number {
  const spans: Array<{ start: number; end: number }> = [];
  for (const e of sortLedger(events)) {
    if (GRANTS.has(e.kind)) {
      const start = (e.startsAt ?? e.createdAt).getTime();
      const end = Math.min(e.endsAt ? e.endsAt.getTime() : now.getTime(), now.getTime());
      if (end > start) spans.push({ start, end });
    } else if (HARD_ENDS.has(e.kind) && e.endsAt) {
      const cut = e.endsAt.getTime();
      for (const span of spans) if (span.end > cut) span.end = Math.max(span.start, cut);
    }
  }
  spans.sort((a, b) => a.start - b.start);
  let held = 0;
  let reached = -Infinity;
  for (const span of spans) {
    const from = Math.max(span.start, reached);
    if (span.end > from) held += span.end - from;
    reached = Math.max(reached, span.end);
  }
  return Math.floor(held / (365.2425 * DAY_MS));
}

export type PurchaseAction = 'join' | 'renew' | 'upgrade';

export interface PlannedTerm {
  action: PurchaseAction;
  startsAt: Date;
  endsAt: Date | null;
}

/**
 * What buying `termYears` (0 = lifetime) of `planId` now does:
 * - not a member, lapsed, or ended early: a new membership from the payment date;
 * - same plan, or a plan change in the renewal window or grace: renewal from max(now, current end),
 *   so renewing early never loses days and renewing in grace starts today;
 * - another plan mid-term (or lifetime while a member): an upgrade starting now, the unused part of
 *   the current term credited (see unusedCredit).
 */
export function planTerm(
  current: DerivedMembership,
  planId: string,
  termYears: number,
  now: Date,
): PlannedTerm {
  const lifetime = termYears === 0;
  if (!current.hasBenefits) {
    return { action: 'join', startsAt: now, endsAt: lifetime ? null : addYearsUtc(now, termYears) };
  }
  const samePlan = current.planId === planId;
  if (lifetime || (!samePlan && current.status === 'active')) {
    return { action: 'upgrade', startsAt: now, endsAt: lifetime ? null : addYearsUtc(now, termYears) };
  }
  const from = current.endsAt && current.endsAt > now ? current.endsAt : now;
  return { action: 'renew', startsAt: from, endsAt: addYearsUtc(from, termYears) };
}

/**
 * An automatic renewal: one more term of the subscribed plan from max(now, current end), never an
 * upgrade starting now (which would shorten the membership when the plans differ).
 */
export function renewalTerm(current: DerivedMembership, termYears: number, now: Date): PlannedTerm {
  const running = current.hasBenefits && !current.endedEarly;
  const from = running && current.endsAt && current.endsAt > now ? current.endsAt : now;
  return { action: running ? 'renew' : 'join', startsAt: from, endsAt: addYearsUtc(from, termYears) };
}

export interface PaidGrant {
  startsAt: Date;
  endsAt: Date | null;
  /** What the term was worth: cash paid (net of refunds) plus any credit applied to it. */
  valueMinor: number;
  currency: string;
}

/**
 * The unused value of paid terms at `now`, pro rata by whole days left (rounded down, so the
 * society never credits more than was paid). Only grants in `currency` count; comps are worth 0.
 */
export function unusedCredit(grants: PaidGrant[], now: Date, currency: string): number {
  let credit = 0;
  for (const g of grants) {
    if (!g.endsAt || g.currency !== currency || g.valueMinor <= 0) continue;
    if (g.endsAt.getTime() <= now.getTime()) continue;
    const totalDays = Math.round((g.endsAt.getTime() - g.startsAt.getTime()) / DAY_MS);
    if (totalDays <= 0) continue;
    const from = Math.max(g.startsAt.getTime(), now.getTime());
    const unusedDays = Math.min(totalDays, Math.floor((g.endsAt.getTime() - from) / DAY_MS));
    credit += Math.floor((g.valueMinor * unusedDays) / totalDays);
  }
  return credit;
}

export interface TraineePlan {
  isTrainee: boolean;
  nextPlanCode: string | null;
}

/**
 * A trainee plan (student, postdoc) carries an end date, the expected end of training from the
 * approved proof. Once that date falls before the renewal would start, renewal offers the next plan.
 */
export function suggestedNextPlan(
  plan: TraineePlan | null,
  traineeEndsOn: Date | null,
  current: Pick<DerivedMembership, 'endsAt'>,
  now: Date,
): string | null {
  if (!plan?.isTrainee || !plan.nextPlanCode || !traineeEndsOn) return null;
  const renewalStarts = current.endsAt && current.endsAt > now ? current.endsAt : now;
  return traineeEndsOn.getTime() <= renewalStarts.getTime() ? plan.nextPlanCode : null;
}

/** The renewal reminders: days before the end (positive) and the lapse (end of grace). */
export const REMINDERS = [
  { kind: 'renewal_60', at: (end: Date) => new Date(end.getTime() - 60 * DAY_MS) },
  { kind: 'renewal_30', at: (end: Date) => new Date(end.getTime() - 30 * DAY_MS) },
  { kind: 'renewal_7', at: (end: Date) => new Date(end.getTime() - 7 * DAY_MS) },
  { kind: 'lapsed', at: (end: Date) => new Date(end.getTime() + GRACE_DAYS * DAY_MS) },
] as const;
export type ReminderKind = (typeof REMINDERS)[number]['kind'];

/**
 * The one reminder due at `now` for a term ending at `end`: the latest whose time has come, and only
 * until the next one is due (a scheduler that was down for a month sends the current reminder, not
 * a stale 60-day one). The lapse notice is sent up to 30 days after the lapse, never for old lapses.
 */
export function dueReminder(end: Date, now: Date): ReminderKind | null {
  let due: ReminderKind | null = null;
  for (const r of REMINDERS) if (r.at(end).getTime() <= now.getTime()) due = r.kind;
  if (due === 'lapsed' && now.getTime() - REMINDERS[3].at(end).getTime() > 30 * DAY_MS) return null;
  return due;
}
