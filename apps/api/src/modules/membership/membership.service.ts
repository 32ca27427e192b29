import {
  bandReason,
  COUNTRIES,
  type compInput,
  countryName,
  defaultIncomeBand,
  discountPercentOf,
  eligibilityRule,
  type IncomeBand,
  type LedgerEntry,
  type MemberBillingDetail,
  type MembershipCard,
  type MembershipState,
  type PaymentSummary,
  type PlanWithPrices,
  type PriceQuote,
  type QuotesOutput,
  type Receipt,
  type setCountryBandInput,
  type setPriceInput,
  termToYears,
  type upsertPlanInput,
  yearsToTerm,
} from '@societas/contracts';
import type { Executor, MembershipEventKind } from '@societas/db';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import type { SessionUser } from '../../trpc/context.js';
import { recordAudit } from '../audit/index.js';
import { findLiveSubscription } from '../billing/index.js';
import { societySettings } from '../settings/index.js';
import {
  deletePrice,
  ensureMemberProfile,
  findCountryBand,
  findMemberBasics,
  findPayment,
  findPlanByCode,
  findPlanById,
  findPrice,
  findTermOfPayment,
  findTraineeEnd,
  insertMembershipEvent,
  insertPlan,
  listCountryBands,
  listLedger,
  listPaidGrants,
  listPayments,
  listPlans,
  listPrices,
  listRefunds,
  lockMember,
  type PlanRow,
  updatePlan,
  upsertCountryBand,
  upsertPrice,
} from './membership.repository.js';
import {
  type DerivedMembership,
  deriveMembership,
  membershipYearsHeld,
  planTerm,
  renewalTerm,
  suggestedNextPlan,
  unusedCredit,
} from './membership.rules.js';

export const NO_COUNTRY_NOTICE =
  'Add your country of work to your profile to see the price for your country. Until then we show the standard (high-income) price.';

function planOut(p: PlanRow) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    description: p.description,
    requiresProof: p.requires_proof,
    isTrainee: p.is_trainee,
    nextPlanCode: p.next_plan_code,
    isLifetime: p.is_lifetime,
    sortOrder: p.sort_order,
    active: p.active,
    minMembershipYears: p.min_membership_years,
    careerStages: p.career_stages,
  };
}

/** The member's derived state plus what the membership page needs to show about it. */
export async function loadMembership(db: Executor, userId: string, now: Date) {
  const ledger = await listLedger(db, userId);
  const derived = deriveMembership(ledger, now);
  return { ledger, derived };
}

export async function getMembershipState(
  db: Executor,
  userId: string,
  now = new Date(),
): Promise<MembershipState> {
  const { derived } = await loadMembership(db, userId, now);
  return describeState(db, userId, derived, now);
}

async function describeState(
  db: Executor,
  userId: string,
  derived: DerivedMembership,
  now: Date,
): Promise<MembershipState> {
  const plan = derived.planId ? await findPlanById(db, derived.planId) : undefined;
  const sub = await findLiveSubscription(db, userId);
  const traineeEnd = plan?.is_trainee ? await findTraineeEnd(db, userId) : null;
  const autoRenewOn = Boolean(sub && !sub.cancel_at_period_end && sub.status !== 'canceled');
  return {
    status: derived.status,
    planCode: plan?.code ?? null,
    planName: plan?.name ?? null,
    isLifetime: derived.isLifetime,
    memberSince: derived.memberSince,
    endsAt: derived.endsAt,
    renewalOpensAt: derived.renewalOpensAt,
    graceEndsAt: derived.graceEndsAt,
    endedEarly: derived.endedEarly,
    hasBenefits: derived.hasBenefits,
    autoRenew: {
      enabled: autoRenewOn,
      subscriptionStatus: sub?.status ?? null,
      paymentFailed: sub?.status === 'past_due' || sub?.status === 'unpaid',
      nextChargeAt: autoRenewOn ? (sub?.current_period_end ?? null) : null,
    },
    suggestedPlanCode: plan
      ? suggestedNextPlan(
          { isTrainee: plan.is_trainee, nextPlanCode: plan.next_plan_code },
          traineeEnd,
          derived,
          now,
        )
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Prices

/**
 * The member's income band from their country of work (the admin-editable table, then the shipped
 * World Bank default). No country: the high band, with a notice asking them to set it.
 */
export async function bandFor(
  db: Executor,
  userId: string,
): Promise<{ band: IncomeBand; countryCode: string | null; notice: string | null }> {
  const member = await findMemberBasics(db, userId);
  const countryCode = member?.countryCode ?? null;
  if (!countryCode) return { band: 'high', countryCode: null, notice: NO_COUNTRY_NOTICE };
  const band = (await findCountryBand(db, countryCode)) ?? defaultIncomeBand(countryCode) ?? 'high';
  return { band, countryCode, notice: null };
}

/** Value of the unused part of the current run's paid terms (since the last upgrade). */
export async function creditFor(
  db: Executor,
  userId: string,
  derived: DerivedMembership,
  currency: string,
  now: Date,
) {
  if (!derived.hasBenefits || derived.endedEarly || derived.status !== 'active') return 0;
  const grants = await listPaidGrants(db, userId);
  let from = grants.findIndex((g) => g.id === derived.runStartEventId);
  grants.forEach((g, i) => {
    if (g.kind === 'upgraded') from = Math.max(from, i);
  });
  const current = from >= 0 ? grants.slice(from) : grants;
  return unusedCredit(
    current.map((g) => ({
      startsAt: g.starts_at ?? g.created_at,
      endsAt: g.ends_at,
      valueMinor: g.amount_minor - g.refunded_minor + (g.credit_minor ?? 0),
      currency: g.currency.trim(),
    })),
    now,
    currency,
  );
}

export interface QuoteContext {
  band: IncomeBand;
  currency: string;
  derived: DerivedMembership;
  credit: number;
  /** Whole years of membership held, over every run (plan eligibility). */
  yearsHeld: number;
  now: Date;
}

export async function quoteContext(ctx: ServiceContext, userId: string) {
  const { db, now } = ctx;
  const { band, countryCode, notice } = await bandFor(db, userId);
  const { ledger, derived } = await loadMembership(db, userId, now);
  const currency = (await societySettings(ctx)).membershipCurrency;
  const credit = await creditFor(db, userId, derived, currency, now);
  const yearsHeld = membershipYearsHeld(ledger, now);
  return { band, countryCode, notice, currency, derived, credit, yearsHeld, now };
}

/**
 * Whether the member may choose `plan`: its rule on years of membership held (Emeritus: 10). A
 * member already on the plan renews it whatever the rule says (they were admitted to it).
 */
export function planEligibility(
  plan: Pick<PlanRow, 'id' | 'min_membership_years'>,
  q: Pick<QuoteContext, 'derived' | 'yearsHeld'>,
): { eligible: boolean; reason: string | null } {
  const min = plan.min_membership_years;
  const onIt = q.derived.hasBenefits && q.derived.planId === plan.id;
  if (min <= 0 || onIt || q.yearsHeld >= min) return { eligible: true, reason: null };
  const held =
    q.yearsHeld === 0
      ? 'Your membership so far is less than a year.'
      : `You have held membership for ${q.yearsHeld} year${q.yearsHeld === 1 ? '' : 's'}.`;
  return { eligible: false, reason: `${eligibilityRule(min)} ${held}` };
}

/** Refuses a plan the member may not choose, at the plan field. */
export function assertPlanEligible(
  plan: Pick<PlanRow, 'id' | 'min_membership_years'>,
  q: Pick<QuoteContext, 'derived' | 'yearsHeld'>,
) {
  const { eligible, reason } = planEligibility(plan, q);
  if (!eligible) {
    throw new AppError('BAD_INPUT', reason ?? 'You cannot choose this plan.', {
      planCode: [`Needs at least ${plan.min_membership_years} years of membership`],
    });
  }
}

export function buildQuote(
  plan: Pick<PlanRow, 'id' | 'code' | 'name'>,
  termYears: number,
  amountMinor: number,
  highAmountMinor: number | undefined,
  ctx: QuoteContext,
): PriceQuote {
  const discountPercent = ctx.band === 'high' ? 0 : discountPercentOf(amountMinor, highAmountMinor);
  const term = planTerm(ctx.derived, plan.id, termYears, ctx.now);
  const upgrade = term.action === 'upgrade';
  const creditMinor = upgrade ? Math.min(ctx.credit, amountMinor) : 0;
  const currentEnd = ctx.derived.isLifetime ? null : ctx.derived.endsAt;
  return {
    planCode: plan.code,
    planName: plan.name,
    term: yearsToTerm(termYears),
    amountMinor,
    currency: ctx.currency,
    band: ctx.band,
    discountPercent,
    reason: bandReason(ctx.band, discountPercent),
    creditMinor,
    dueMinor: amountMinor - creditMinor,
    action: term.action,
    startsAt: term.startsAt,
    endsAt: term.endsAt,
    shortensEndFrom: upgrade && currentEnd && term.endsAt && term.endsAt < currentEnd ? currentEnd : null,
    worthMore:
      upgrade && termYears !== 0 && ctx.credit >= amountMinor
        ? { switchFrom: ctx.derived.renewalOpensAt ?? ctx.now }
        : null,
  };
}

/** One plan and term for this member; throws when the plan is not offered at that term. */
export async function quoteFor(ctx: ServiceContext, userId: string, planCode: string, termYears: number) {
  const { db } = ctx;
  const plan = await findPlanByCode(db, planCode);
  if (!plan?.active) {
    throw new AppError('NOT_FOUND', 'That plan is not available.', {
      planCode: ['Choose one of the plans shown'],
    });
  }
  if (plan.is_lifetime !== (termYears === 0)) {
    throw new AppError(
      'BAD_INPUT',
      plan.is_lifetime ? 'Lifetime membership has no term.' : 'Choose 1, 2 or 3 years.',
      {
        term: [plan.is_lifetime ? 'Lifetime membership is paid once' : 'Choose 1, 2 or 3 years'],
      },
    );
  }
  const q = await quoteContext(ctx, userId);
  const price = await findPrice(db, plan.id, q.band, termYears, q.currency);
  if (!price) {
    throw new AppError('NOT_FOUND', 'This plan is not offered for that term.', {
      term: ['Not offered for this term'],
    });
  }
  const high = q.band === 'high' ? price : await findPrice(db, plan.id, 'high', termYears, q.currency);
  return { plan, ctx: q, quote: buildQuote(plan, termYears, price.amount_minor, high?.amount_minor, q) };
}

export async function getQuotes(ctx: ServiceContext, userId: string): Promise<QuotesOutput> {
  const { db } = ctx;
  const q = await quoteContext(ctx, userId);
  const plans = await listPlans(db, { activeOnly: true });
  const prices = await listPrices(db, { currency: q.currency });
  const state = await describeState(db, userId, q.derived, ctx.now);
  // Someone without a membership is offered the plan for their career stage (when they may choose it).
  const careerStage = q.derived.hasBenefits ? null : (await findMemberBasics(db, userId))?.careerStage;
  const forStage = careerStage
    ? plans.find((p) => p.career_stages.includes(careerStage) && planEligibility(p, q).eligible)
    : undefined;
  return {
    band: q.band,
    countryCode: q.countryCode,
    notice: q.notice,
    currency: q.currency,
    suggestedPlanCode: state.suggestedPlanCode ?? forStage?.code ?? null,
    plans: plans.map((plan) => {
      const mine = prices.filter((p) => p.plan_id === plan.id);
      const quotes = mine
        .filter((p) => p.income_band === q.band && (plan.is_lifetime ? p.term_years === 0 : p.term_years > 0))
        .map((p) => {
          const high = mine.find((h) => h.income_band === 'high' && h.term_years === p.term_years);
          return buildQuote(plan, p.term_years, p.amount_minor, high?.amount_minor, q);
        });
      return { ...planOut(plan), quotes, eligibility: planEligibility(plan, q) };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Ledger, payments, receipts, card

export async function getLedger(ctx: Pick<ServiceContext, 'db'>, userId: string): Promise<LedgerEntry[]> {
  const rows = await listLedger(ctx.db, userId);
  return rows.map(({ planId: _planId, ...r }) => r);
}

function paymentOut(p: NonNullable<Awaited<ReturnType<typeof findPayment>>>): PaymentSummary {
  return {
    id: p.id,
    receiptNumber: p.receipt_number,
    status: p.status,
    amountMinor: p.amount_minor,
    refundedMinor: p.refunded_minor,
    currency: p.currency.trim(),
    description: p.description,
    planName: p.plan_name ?? null,
    termYears: p.term_years,
    paidAt: p.paid_at,
    createdAt: p.created_at,
  };
}

/**
 * A member's payments. Failed automatic charges (rows for the failed-payment recovery report) are
 * left out of the member's own history: the member is told about a failed charge by the grace flag
 * and our email, as before; administrators see them (`includeFailed`).
 */
export async function getPayments(
  ctx: Pick<ServiceContext, 'db'>,
  userId: string,
  options: { includeFailed?: boolean } = {},
): Promise<PaymentSummary[]> {
  return (await listPayments(ctx.db, userId, options)).map(paymentOut);
}

/**
 * A receipt is readable by the member who paid and by admins; to anyone else it does not exist.
 * An admin reading someone else's receipt is audited.
 */
export async function getReceipt(ctx: ServiceContext, paymentId: string): Promise<Receipt> {
  const { db, env, actor: viewer, requestId } = ctx;
  const payment = await findPayment(db, paymentId);
  if (!viewer || !payment?.user_id || (payment.user_id !== viewer.id && viewer.role !== 'admin')) {
    throw notFound('That receipt');
  }
  if (payment.user_id !== viewer.id) {
    await recordAudit(db, {
      actorUserId: viewer.id,
      action: 'membership.receipt_viewed',
      entityType: 'payment',
      entityId: payment.id,
      after: { memberUserId: payment.user_id },
      requestId,
    });
  }
  const payer = await findMemberBasics(db, payment.user_id);
  const settings = await societySettings(ctx);
  const term = await findTermOfPayment(db, payment.id);
  const refunds = await listRefunds(db, payment.id);
  return {
    ...paymentOut(payment),
    payerName: payer?.name ?? '',
    payerEmail: payer?.email ?? '',
    memberNumber: payer?.memberNumber ?? null,
    periodStartsAt: term?.starts_at ?? null,
    periodEndsAt: term?.ends_at ?? null,
    society: {
      name: settings.name,
      url: env.PUBLIC_URL,
      legalName: settings.legalName,
      postalAddress: settings.postalAddress,
      taxId: settings.taxId,
      contactEmail: settings.contactEmail,
    },
    refunds: refunds.map((r) => ({ amountMinor: r.amount_minor, reason: r.reason, createdAt: r.created_at })),
  };
}

export async function getMemberCard(ctx: ServiceContext, userId: string): Promise<MembershipCard> {
  const { db, now } = ctx;
  const member = await findMemberBasics(db, userId);
  if (!member) throw notFound('Your account');
  const state = await getMembershipState(db, userId, now);
  return {
    name: member.name,
    memberNumber: state.status === 'none' ? null : member.memberNumber,
    planName: state.planName,
    status: state.status,
    validUntil: state.endsAt,
    isLifetime: state.isLifetime,
    society: (await societySettings(ctx)).name,
  };
}

// ---------------------------------------------------------------------------------------------
// Granting terms (shared by payments, renewals and comps)

const KIND_OF_ACTION: Record<'join' | 'renew' | 'upgrade', MembershipEventKind> = {
  join: 'joined',
  renew: 'renewed',
  upgrade: 'upgraded',
};

/**
 * The member's lock (see lockMember) and one read of their ledger: what a fulfilment needs before
 * it decides and grants, inside the caller's transaction.
 */
export async function lockAndLoad(trx: Executor, userId: string, now: Date) {
  await lockMember(trx, userId);
  return loadMembership(trx, userId, now);
}

export interface TermGrant {
  userId: string;
  planId: string;
  termYears: number;
  now: Date;
  paymentId?: string | null;
  kind?: MembershipEventKind;
  actorUserId?: string | null;
  reason?: string | null;
  /** 'renewal': an automatic renewal, always extending from max(now, end) (see renewalTerm). */
  mode?: 'purchase' | 'renewal';
}

/**
 * Adds one term to the ledger, computed from the member's state as `lockAndLoad` read it (the
 * caller holds the lock, so it is still true): renewals extend from max(now, end), a new
 * membership starts now.
 */
export async function grantTermFrom(trx: Executor, derived: DerivedMembership, p: TermGrant) {
  const term =
    p.mode === 'renewal'
      ? renewalTerm(derived, p.termYears, p.now)
      : planTerm(derived, p.planId, p.termYears, p.now);
  await insertMembershipEvent(trx, {
    userId: p.userId,
    kind: p.kind ?? KIND_OF_ACTION[term.action],
    planId: p.planId,
    termYears: p.termYears,
    startsAt: term.startsAt,
    endsAt: term.endsAt,
    paymentId: p.paymentId ?? null,
    actorUserId: p.actorUserId ?? null,
    reason: p.reason ?? null,
  });
  await ensureMemberProfile(trx, p.userId);
  return term;
}

/** Locks, reads and grants in one go, inside the caller's transaction. */
export async function grantTerm(trx: Executor, p: TermGrant) {
  const { derived } = await lockAndLoad(trx, p.userId, p.now);
  return grantTermFrom(trx, derived, p);
}

export async function compMembership(
  ctx: ServiceContext,
  input: z.output<typeof compInput>,
): Promise<MembershipState> {
  const { db, now, requestId } = ctx;
  const actor = adminOf(ctx);
  const plan = await findPlanByCode(db, input.planCode);
  if (!plan) throw new AppError('NOT_FOUND', 'That plan does not exist.', { planCode: ['Choose a plan'] });
  const years = termToYears(input.term);
  if (plan.is_lifetime !== (years === 0)) {
    throw new AppError('BAD_INPUT', 'That term does not fit the plan.', { term: ['Does not fit the plan'] });
  }
  const member = await findMemberBasics(db, input.userId);
  if (!member) throw notFound('That member');
  return db.transaction().execute(async (trx) => {
    const before = await getMembershipState(trx, input.userId, now);
    const term = await grantTerm(trx, {
      userId: input.userId,
      planId: plan.id,
      termYears: years,
      now,
      kind: 'comped',
      actorUserId: actor.id,
      reason: input.reason,
    });
    const after = await getMembershipState(trx, input.userId, now);
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'membership.comp',
      entityType: 'membership',
      entityId: input.userId,
      before,
      after: {
        ...after,
        plan: plan.code,
        startsAt: term.startsAt,
        endsAt: term.endsAt,
        reason: input.reason,
      },
      requestId,
    });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Admin: plans, prices, bands, member detail

/** The signed-in actor of an admin service (the router's adminProcedure has checked the role). */
function adminOf(ctx: ServiceContext): SessionUser {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return ctx.actor;
}

export async function listPlansWithPrices(ctx: Pick<ServiceContext, 'db'>): Promise<PlanWithPrices[]> {
  const { db } = ctx;
  const plans = await listPlans(db, { activeOnly: false });
  const prices = await listPrices(db);
  return plans.map((plan) => ({
    ...planOut(plan),
    prices: prices
      .filter((p) => p.plan_id === plan.id)
      .map((p) => ({
        id: p.id,
        planId: p.plan_id,
        band: p.income_band,
        termYears: p.term_years,
        currency: p.currency.trim(),
        amountMinor: p.amount_minor,
      })),
  }));
}

export async function savePlan(ctx: ServiceContext, input: z.output<typeof upsertPlanInput>) {
  const { db, requestId } = ctx;
  const actor = adminOf(ctx);
  const fields = {
    code: input.code,
    name: input.name,
    description: input.description,
    requiresProof: input.requiresProof,
    isTrainee: input.isTrainee,
    nextPlanCode: input.nextPlanCode,
    isLifetime: input.isLifetime,
    sortOrder: input.sortOrder,
    active: input.active,
    minMembershipYears: input.minMembershipYears,
    careerStages: input.careerStages,
  };
  return db.transaction().execute(async (trx) => {
    const clash = await findPlanByCode(trx, input.code);
    if (clash && clash.id !== input.id) {
      throw new AppError('CONFLICT', 'Another plan uses that code.', {
        code: ['Already used by another plan'],
      });
    }
    if (input.nextPlanCode && !(await findPlanByCode(trx, input.nextPlanCode))) {
      throw new AppError('BAD_INPUT', 'The next plan does not exist.', {
        nextPlanCode: ['No plan has this code'],
      });
    }
    const before = input.id ? await findPlanById(trx, input.id) : undefined;
    if (input.id && !before) throw notFound('That plan');
    const saved = input.id ? await updatePlan(trx, input.id, fields) : await insertPlan(trx, fields);
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: input.id ? 'plan.update' : 'plan.create',
      entityType: 'plan',
      entityId: saved!.id,
      before: before ?? null,
      after: saved,
      requestId,
    });
    return planOut(saved!);
  });
}

export async function savePrice(ctx: ServiceContext, input: z.output<typeof setPriceInput>) {
  const { db, requestId } = ctx;
  const actor = adminOf(ctx);
  const plan = await findPlanById(db, input.planId);
  if (!plan) throw notFound('That plan');
  const termYears = termToYears(input.term);
  if (plan.is_lifetime !== (termYears === 0)) {
    throw new AppError('BAD_INPUT', 'That term does not fit the plan.', { term: ['Does not fit the plan'] });
  }
  await db.transaction().execute(async (trx) => {
    const before = await findPrice(trx, plan.id, input.band, termYears, input.currency);
    const key = { planId: plan.id, band: input.band, termYears, currency: input.currency };
    if (input.amountMinor === null) await deletePrice(trx, key);
    else await upsertPrice(trx, { ...key, amountMinor: input.amountMinor });
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'plan_price.set',
      entityType: 'plan',
      entityId: plan.id,
      before: before ? { ...key, amountMinor: before.amount_minor } : null,
      after: { ...key, amountMinor: input.amountMinor },
      requestId,
    });
  });
  return listPlansWithPrices(ctx);
}

export async function getCountryBands(ctx: Pick<ServiceContext, 'db'>) {
  const rows = new Map((await listCountryBands(ctx.db)).map((r) => [r.country_code.trim(), r.band]));
  return COUNTRIES.map((c) => {
    const band = rows.get(c.code) ?? c.defaultBand;
    return { countryCode: c.code, name: c.name, band, edited: band !== c.defaultBand };
  });
}

export async function saveCountryBand(ctx: ServiceContext, input: z.output<typeof setCountryBandInput>) {
  const { db, requestId } = ctx;
  const actor = adminOf(ctx);
  await db.transaction().execute(async (trx) => {
    const before =
      (await findCountryBand(trx, input.countryCode)) ?? defaultIncomeBand(input.countryCode) ?? null;
    await upsertCountryBand(trx, input.countryCode, input.band);
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'country_band.set',
      entityType: 'country_income_band',
      entityId: input.countryCode,
      before: { band: before },
      after: { band: input.band },
      requestId,
    });
  });
  return { countryCode: input.countryCode, name: countryName(input.countryCode), band: input.band };
}

/** An admin reading a member's payments is audited (ASVS: every admin read of member data). */
export async function getMemberBillingDetail(
  ctx: ServiceContext,
  userId: string,
): Promise<MemberBillingDetail> {
  const { db, requestId, now } = ctx;
  const actor = adminOf(ctx);
  const member = await findMemberBasics(db, userId);
  if (!member) throw notFound('That member');
  const detail = {
    user: member,
    membership: await getMembershipState(db, userId, now),
    ledger: await getLedger(ctx, userId),
    payments: await getPayments(ctx, userId, { includeFailed: true }),
  };
  await recordAudit(db, {
    actorUserId: actor.id,
    action: 'membership.view',
    entityType: 'membership',
    entityId: userId,
    requestId,
  });
  return detail;
}
