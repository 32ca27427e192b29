import {
  AUTO_RENEW_MAX_FIRST_CHARGE_DAYS,
  type MembershipState,
  type MembershipStatus,
  type PaymentSummary,
  type PriceQuote,
  type Term,
} from '@societas/contracts';
import { formatMoney, formatUtcDay } from '../../lib/format';

/**
 * Plain-words text for the membership screens: pure functions (no React), unit-tested.
 * Membership dates are shown as their UTC day, the day the emails name, so the page and the
 * reminder mail never disagree by a day; in the app's one date style (lib/format).
 */

/** "Mar 10, 2027" / "10 Mar 2027" as the reader writes dates: the UTC day of the moment. */
export const formatDay = formatUtcDay;

export function termLabel(term: Term | number): string {
  if (term === 'lifetime' || term === 0) return 'Lifetime';
  return term === 1 ? '1 year' : `${term} years`;
}

export type StatusTone = 'teal' | 'yellow' | 'orange' | 'red' | 'gray';

export interface StatusSummary {
  /** Short badge text. */
  label: string;
  tone: StatusTone;
  /** One or two plain sentences about what the member has and until when. */
  sentence: string;
}

/** What the member's membership is, in plain words. */
export function describeStatus(
  state: Pick<
    MembershipState,
    'status' | 'planName' | 'isLifetime' | 'endsAt' | 'graceEndsAt' | 'endedEarly' | 'autoRenew'
  >,
): StatusSummary {
  const plan = state.planName ? `${state.planName} membership` : 'membership';
  const ends = formatDay(state.endsAt);
  const graceEnds = formatDay(state.graceEndsAt);
  const auto = state.autoRenew;
  const renewsBySelf =
    auto.enabled && !auto.paymentFailed && auto.nextChargeAt
      ? ` It renews automatically on ${formatDay(auto.nextChargeAt)}.`
      : '';
  const failed = auto.paymentFailed
    ? ' The automatic renewal payment did not go through: please update your card.'
    : '';
  switch (state.status) {
    case 'none':
      return { label: 'Not a member', tone: 'gray', sentence: 'You are not a member yet.' };
    case 'active':
      if (state.isLifetime) {
        return { label: 'Active', tone: 'teal', sentence: `Your ${plan} is for life: nothing to renew.` };
      }
      if (state.endedEarly) {
        return { label: 'Active', tone: 'teal', sentence: `Your ${plan} has been ended early, on ${ends}.` };
      }
      return {
        label: 'Active',
        tone: 'teal',
        sentence: `Your ${plan} is active until ${ends}.${renewsBySelf}${failed}`,
      };
    case 'renewal_window':
      return {
        label: 'Time to renew',
        tone: 'yellow',
        sentence: renewsBySelf
          ? `Your ${plan} is active until ${ends}.${renewsBySelf}`
          : `Your ${plan} ends on ${ends}. Renew now: the new term starts from that date, so you lose nothing by renewing early.${failed}`,
      };
    case 'grace':
      return {
        label: 'Grace period',
        tone: 'orange',
        sentence: `Your ${plan} ended on ${ends}; benefits continue until ${graceEnds}. Renew before then to keep them.${failed}`,
      };
    case 'lapsed':
      return {
        label: 'Lapsed',
        tone: 'red',
        sentence: state.endedEarly
          ? `Your ${plan} was ended on ${ends}. You can join again at any time.`
          : `Your ${plan} ended on ${ends} and the grace period ended on ${graceEnds}. You can rejoin at any time.`,
      };
  }
}

export const ACTION_LABELS: Record<PriceQuote['action'], string> = {
  join: 'Join',
  renew: 'Renew',
  upgrade: 'Change plan now',
};

/** The join page with a plan and term chosen: kept through sign-up and a cancelled checkout. */
export function joinPath(planCode: string, term: Term | number | string): string {
  return `/membership/join?${new URLSearchParams({ plan: planCode, term: String(term) })}`;
}

/** Said before payment when a plan change moves the end of the membership earlier. */
export function shortenedTermText(quote: Pick<PriceQuote, 'shortensEndFrom' | 'endsAt'>): string | null {
  if (!quote.shortensEndFrom || !quote.endsAt) return null;
  return `Your membership will end on ${formatDay(quote.endsAt)} instead of ${formatDay(quote.shortensEndFrom)}.`;
}

/** Why a cheaper plan is not offered now (the rest of the current term is worth more). */
export function worthMoreText(quote: Pick<PriceQuote, 'worthMore'>): string | null {
  if (!quote.worthMore) return null;
  return `Your current term is worth more than this plan — switch at renewal. Your renewal opens on ${formatDay(quote.worthMore.switchFrom)}.`;
}

/**
 * The plan card's "worth more" note: only when no term of the plan can be bought now. A dearer
 * plan whose 1-year price the credit covers is still a paid upgrade at 2 or 3 years.
 */
export function planWorthMoreText(quotes: ReadonlyArray<Pick<PriceQuote, 'worthMore'>>): string | null {
  const [first] = quotes;
  if (!first || !quotes.every((q) => q.worthMore)) return null;
  return worthMoreText(first);
}

/**
 * From when automatic renewal can be set up for a term ending at `endsAt` (its first charge is at
 * the end, at most AUTO_RENEW_MAX_FIRST_CHARGE_DAYS ahead); null when it can be set up now.
 */
export function autoRenewSetupFrom(endsAt: Date | null, now = new Date()): Date | null {
  if (!endsAt) return null;
  const from = new Date(endsAt.getTime() - AUTO_RENEW_MAX_FIRST_CHARGE_DAYS * 86_400_000);
  return from.getTime() > now.getTime() ? from : null;
}

/** Why this is the member's price: the band reason, plus the upgrade credit when there is one. */
export function priceExplanation(
  quote: Pick<PriceQuote, 'reason' | 'creditMinor' | 'amountMinor' | 'dueMinor' | 'currency'>,
): string {
  if (quote.creditMinor <= 0) return quote.reason;
  return `${quote.reason}. ${formatMoney(quote.amountMinor, quote.currency)} less ${formatMoney(quote.creditMinor, quote.currency)} credit for the unused part of your current term: ${formatMoney(quote.dueMinor, quote.currency)} to pay now`;
}

/** "1 March 2026 to 1 March 2027", "from 1 March 2026 (lifetime)". */
export function periodText(startsAt: Date | null, endsAt: Date | null): string {
  if (!startsAt) return endsAt ? `until ${formatDay(endsAt)}` : '';
  return endsAt ? `${formatDay(startsAt)} to ${formatDay(endsAt)}` : `from ${formatDay(startsAt)} (lifetime)`;
}

export const PAYMENT_STATUS_LABELS: Record<PaymentSummary['status'], string> = {
  pending: 'Pending',
  paid: 'Paid',
  failed: 'Failed',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export const PAYMENT_STATUS_COLORS: Record<PaymentSummary['status'], string> = {
  pending: 'gray',
  paid: 'teal',
  failed: 'red',
  refunded: 'orange',
  partially_refunded: 'yellow',
};

/** Statuses that let the member buy (join, renew, upgrade); lifetime members have nothing to buy. */
export function canBuy(state: Pick<MembershipState, 'status' | 'isLifetime'>): boolean {
  return !(state.isLifetime && state.status === 'active');
}

export function statusIs(state: { status: MembershipStatus }, ...statuses: MembershipStatus[]): boolean {
  return statuses.includes(state.status);
}

/**
 * Minor units from what an admin types ("12.50" -> 1250 for USD, "5000" -> 5000 for JPY).
 * Returns null for anything that is not a non-negative amount with at most the currency's decimals.
 */
export function parseMoneyInput(text: string, exponent: number): number | null {
  const t = text.trim().replace(/,/g, '');
  const pattern = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${exponent}})?$`);
  if (!pattern.test(t)) return null;
  const [whole, fraction = ''] = t.split('.');
  const value = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(value) ? value : null;
}

/** The inverse of parseMoneyInput, for prefilling an input: 1250 -> "12.50". */
export function minorToInput(amountMinor: number, exponent: number): string {
  if (exponent === 0) return String(amountMinor);
  const s = String(amountMinor).padStart(exponent + 1, '0');
  return `${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}

/**
 * What the admin's refund form asks for: a full refund (no amount: "what is left", which stays right
 * even if a partial refund lands meanwhile) when the typed amount is everything left, else a partial one.
 */
export function refundAmount(
  text: string,
  remainingMinor: number,
  currency: string,
  exponent: number,
): { amountMinor: number | null; full: boolean; error: string | null } {
  const amountMinor = parseMoneyInput(text, exponent);
  if (amountMinor === null) {
    return {
      amountMinor,
      full: false,
      error: `Enter an amount like ${minorToInput(remainingMinor, exponent)}`,
    };
  }
  if (amountMinor <= 0) return { amountMinor, full: false, error: 'Refund a positive amount' };
  if (amountMinor > remainingMinor) {
    return {
      amountMinor,
      full: false,
      error: `At most ${formatMoney(remainingMinor, currency)} is left to refund`,
    };
  }
  return { amountMinor, full: amountMinor === remainingMinor, error: null };
}
