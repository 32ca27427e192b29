import type { IncomeBand } from '@societas/contracts';
import type { CheckoutAction, Executor, IncomeBandColumn, MembershipEventKind } from '@societas/db';
import { sql } from '@societas/db';

const PLAN_COLUMNS = [
  'id',
  'code',
  'name',
  'description',
  'requires_proof',
  'is_trainee',
  'next_plan_code',
  'is_lifetime',
  'sort_order',
  'active',
  'min_membership_years',
  'career_stages',
] as const;

export type PlanRow = Awaited<ReturnType<typeof findPlanByCode>> & {};

export async function listPlans(db: Executor, options: { activeOnly: boolean }) {
  let q = db.selectFrom('plans').select(PLAN_COLUMNS).orderBy('sort_order').orderBy('name');
  if (options.activeOnly) q = q.where('active', '=', true);
  return q.execute();
}

export async function findPlanByCode(db: Executor, code: string) {
  return db.selectFrom('plans').select(PLAN_COLUMNS).where('code', '=', code).executeTakeFirst();
}

export async function findPlanById(db: Executor, id: string) {
  return db.selectFrom('plans').select(PLAN_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listPrices(db: Executor, options: { currency?: string } = {}) {
  let q = db
    .selectFrom('plan_prices')
    .select(['id', 'plan_id', 'income_band', 'term_years', 'currency', 'amount_minor'])
    .orderBy('plan_id')
    .orderBy('term_years');
  if (options.currency) q = q.where('currency', '=', options.currency);
  return q.execute();
}

export async function findPrice(
  db: Executor,
  planId: string,
  band: IncomeBand,
  termYears: number,
  currency: string,
) {
  return db
    .selectFrom('plan_prices')
    .select(['id', 'amount_minor', 'currency'])
    .where('plan_id', '=', planId)
    .where('income_band', '=', band)
    .where('term_years', '=', termYears)
    .where('currency', '=', currency)
    .executeTakeFirst();
}

export interface PlanFields {
  code: string;
  name: string;
  description: string;
  requiresProof: boolean;
  isTrainee: boolean;
  nextPlanCode: string | null;
  isLifetime: boolean;
  sortOrder: number;
  active: boolean;
  /** Undefined: left as it is (a new plan takes the column default). */
  minMembershipYears?: number;
  careerStages?: string[];
}

/** The eligibility columns an admin's save sets, only when given. */
function eligibilityColumns(f: PlanFields) {
  return {
    ...(f.minMembershipYears !== undefined ? { min_membership_years: f.minMembershipYears } : {}),
    ...(f.careerStages !== undefined ? { career_stages: f.careerStages } : {}),
  };
}

/** A plan's fields as its columns, for an insert and an update alike. */
function planColumns(f: PlanFields) {
  return {
    code: f.code,
    name: f.name,
    description: f.description,
    requires_proof: f.requiresProof,
    is_trainee: f.isTrainee,
    next_plan_code: f.nextPlanCode,
    is_lifetime: f.isLifetime,
    sort_order: f.sortOrder,
    active: f.active,
    ...eligibilityColumns(f),
  };
}

export async function insertPlan(db: Executor, f: PlanFields) {
  return db.insertInto('plans').values(planColumns(f)).returning(PLAN_COLUMNS).executeTakeFirstOrThrow();
}

export async function updatePlan(db: Executor, id: string, f: PlanFields) {
  return db
    .updateTable('plans')
    .set({ ...planColumns(f), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(PLAN_COLUMNS)
    .executeTakeFirst();
}

export async function upsertPrice(
  db: Executor,
  p: { planId: string; band: IncomeBand; termYears: number; currency: string; amountMinor: number },
) {
  await db
    .insertInto('plan_prices')
    .values({
      plan_id: p.planId,
      income_band: p.band,
      term_years: p.termYears,
      currency: p.currency,
      amount_minor: p.amountMinor,
    })
    .onConflict((oc) =>
      oc
        .columns(['plan_id', 'income_band', 'term_years', 'currency'])
        .doUpdateSet({ amount_minor: p.amountMinor, updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function deletePrice(
  db: Executor,
  p: { planId: string; band: IncomeBand; termYears: number; currency: string },
) {
  await db
    .deleteFrom('plan_prices')
    .where('plan_id', '=', p.planId)
    .where('income_band', '=', p.band)
    .where('term_years', '=', p.termYears)
    .where('currency', '=', p.currency)
    .execute();
}

export async function findCountryBand(db: Executor, countryCode: string): Promise<IncomeBand | undefined> {
  const row = await db
    .selectFrom('country_income_bands')
    .select('band')
    .where('country_code', '=', countryCode)
    .executeTakeFirst();
  return row?.band;
}

export async function listCountryBands(db: Executor) {
  return db.selectFrom('country_income_bands').select(['country_code', 'band']).execute();
}

export async function upsertCountryBand(db: Executor, countryCode: string, band: IncomeBand) {
  await db
    .insertInto('country_income_bands')
    .values({ country_code: countryCode, band })
    .onConflict((oc) => oc.column('country_code').doUpdateSet({ band, updated_at: sql<Date>`now()` }))
    .execute();
}

/** Name, email, member number and country of work of one user. */
export async function findMemberBasics(db: Executor, userId: string) {
  const row = await db
    .selectFrom('users')
    .leftJoin('member_profiles as p', 'p.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.email', 'p.member_number', 'p.country_code', 'p.career_stage'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    memberNumber: row.member_number ?? null,
    countryCode: row.country_code?.trim() ?? null,
    careerStage: row.career_stage ?? null,
  };
}

/** A member number is given on joining: make sure the profile row (which carries it) exists. */
export async function ensureMemberProfile(db: Executor, userId: string) {
  await db
    .insertInto('member_profiles')
    .values({ user_id: userId })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

/**
 * Serialises membership changes of one member (webhook, return page, admin) inside the caller's
 * transaction: two payments landing at once both extend, one after the other, never from the same end.
 */
export async function lockMember(trx: Executor, userId: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`membership:${userId}`}))`.execute(trx);
}

export async function listLedger(db: Executor, userId: string) {
  const rows = await db
    .selectFrom('membership_events as e')
    .leftJoin('plans as pl', 'pl.id', 'e.plan_id')
    .leftJoin('payments as pay', 'pay.id', 'e.payment_id')
    .leftJoin('users as actor', 'actor.id', 'e.actor_user_id')
    .select([
      'e.id',
      'e.kind',
      'e.plan_id',
      'e.term_years',
      'e.starts_at',
      'e.ends_at',
      'e.payment_id',
      'e.reason',
      'e.created_at',
      'pl.code as plan_code',
      'pl.name as plan_name',
      'pay.receipt_number',
      'actor.name as actor_name',
    ])
    .where('e.user_id', '=', userId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    planId: r.plan_id,
    planCode: r.plan_code ?? null,
    planName: r.plan_name ?? null,
    termYears: r.term_years,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    paymentId: r.payment_id,
    receiptNumber: r.receipt_number ?? null,
    actorName: r.actor_name ?? null,
    reason: r.reason,
    createdAt: r.created_at,
  }));
}

/** Every member's ledger facts, for jobs that look at all members (reminders). */
export async function listAllLedgerFacts(db: Executor) {
  return db
    .selectFrom('membership_events')
    .select(['id', 'user_id', 'kind', 'plan_id', 'term_years', 'starts_at', 'ends_at', 'created_at'])
    .where('kind', 'in', ['joined', 'renewed', 'upgraded', 'comped', 'refunded', 'ended'])
    .orderBy('user_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertMembershipEvent(
  db: Executor,
  e: {
    userId: string;
    kind: MembershipEventKind;
    planId?: string | null;
    termYears?: number | null;
    startsAt?: Date | null;
    endsAt?: Date | null;
    paymentId?: string | null;
    actorUserId?: string | null;
    reason?: string | null;
  },
) {
  return db
    .insertInto('membership_events')
    .values({
      user_id: e.userId,
      kind: e.kind,
      plan_id: e.planId ?? null,
      term_years: e.termYears ?? null,
      starts_at: e.startsAt ?? null,
      ends_at: e.endsAt ?? null,
      payment_id: e.paymentId ?? null,
      actor_user_id: e.actorUserId ?? null,
      reason: e.reason ?? null,
      // The ledger is ordered by created_at. now() is when the transaction began: a fulfilment that
      // waited for the member's lock would sort before the grant it waited for, and the state would
      // end at the earlier term. The time of the insert sorts grants in the order they were made.
      created_at: sql`clock_timestamp()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Terms the member paid for, with what each was worth (cash net of refunds plus credit applied),
 * for the upgrade credit.
 */
export async function listPaidGrants(db: Executor, userId: string) {
  const rows = await db
    .selectFrom('membership_events as e')
    .innerJoin('payments as p', 'p.id', 'e.payment_id')
    .leftJoin('checkout_attempts as a', 'a.payment_id', 'p.id')
    .select([
      'e.kind',
      'e.starts_at',
      'e.ends_at',
      'e.created_at',
      'e.id',
      'p.amount_minor',
      'p.refunded_minor',
      'p.currency',
      'a.credit_minor',
    ])
    .where('e.user_id', '=', userId)
    .where('e.kind', 'in', ['joined', 'renewed', 'upgraded'])
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows;
}

const PAYMENT_COLUMNS = [
  'pay.id',
  'pay.user_id',
  'pay.receipt_number',
  'pay.status',
  'pay.amount_minor',
  'pay.refunded_minor',
  'pay.currency',
  'pay.description',
  'pay.plan_id',
  'pay.term_years',
  'pay.paid_at',
  'pay.created_at',
  'pay.stripe_payment_intent_id',
  'pay.stripe_invoice_id',
  'pay.stripe_checkout_session_id',
  'pl.name as plan_name',
] as const;

export async function listPayments(db: Executor, userId: string, options: { includeFailed?: boolean } = {}) {
  let q = db
    .selectFrom('payments as pay')
    .leftJoin('plans as pl', 'pl.id', 'pay.plan_id')
    .select(PAYMENT_COLUMNS)
    .where('pay.user_id', '=', userId)
    .where('pay.kind', '=', 'membership');
  if (!options.includeFailed) q = q.where('pay.status', '<>', 'failed');
  return q.orderBy('pay.created_at', 'desc').execute();
}

export async function findPayment(db: Executor, paymentId: string) {
  return db
    .selectFrom('payments as pay')
    .leftJoin('plans as pl', 'pl.id', 'pay.plan_id')
    .select(PAYMENT_COLUMNS)
    .where('pay.id', '=', paymentId)
    .executeTakeFirst();
}

export async function listRefunds(db: Executor, paymentId: string) {
  return db
    .selectFrom('refunds')
    .select(['amount_minor', 'reason', 'created_at'])
    .where('payment_id', '=', paymentId)
    .orderBy('created_at')
    .execute();
}

/** The membership term a payment bought (the ledger row that points at it). */
export async function findTermOfPayment(db: Executor, paymentId: string) {
  return db
    .selectFrom('membership_events')
    .select(['starts_at', 'ends_at', 'user_id', 'plan_id', 'term_years'])
    .where('payment_id', '=', paymentId)
    .where('kind', 'in', ['joined', 'renewed', 'upgraded'])
    .orderBy('id')
    .executeTakeFirst();
}

/** Expected end of training from the latest approved proof (trainee plans). */
export async function findTraineeEnd(db: Executor, userId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('membership_proofs')
    .select('expected_end_on')
    .where('user_id', '=', userId)
    .where('status', '=', 'approved')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.expected_end_on ? new Date(`${row.expected_end_on}T00:00:00Z`) : null;
}

/** Users and their email, for jobs that mail members. */
export async function findUsersByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', ids).execute();
}

// ---------------------------------------------------------------------------------------------
// Proofs of eligibility

const PROOF_COLUMNS = [
  'pr.id',
  'pr.user_id',
  'pr.details',
  'pr.file_id',
  'pr.expected_end_on',
  'pr.status',
  'pr.reviewed_at',
  'pr.created_at',
  'pr.plan_id',
  'pl.code as plan_code',
  'pl.name as plan_name',
  'u.name as user_name',
  'u.email as user_email',
] as const;

function proofQuery(db: Executor) {
  return db
    .selectFrom('membership_proofs as pr')
    .innerJoin('plans as pl', 'pl.id', 'pr.plan_id')
    .innerJoin('users as u', 'u.id', 'pr.user_id')
    .select(PROOF_COLUMNS);
}

export async function insertProof(
  db: Executor,
  p: { userId: string; planId: string; details: string; fileId: string | null; expectedEndOn: string | null },
) {
  return db
    .insertInto('membership_proofs')
    .values({
      user_id: p.userId,
      plan_id: p.planId,
      details: p.details,
      file_id: p.fileId,
      expected_end_on: p.expectedEndOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function listProofsOf(db: Executor, userId: string) {
  return proofQuery(db).where('pr.user_id', '=', userId).orderBy('pr.created_at', 'desc').execute();
}

export async function listProofsByStatus(db: Executor, status: 'pending' | 'approved' | 'rejected') {
  return proofQuery(db).where('pr.status', '=', status).orderBy('pr.created_at').limit(500).execute();
}

export async function findProofForUpdate(db: Executor, id: string) {
  return db
    .selectFrom('membership_proofs')
    .select(['id', 'user_id', 'plan_id', 'status', 'expected_end_on'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function findProof(db: Executor, id: string) {
  return proofQuery(db).where('pr.id', '=', id).executeTakeFirst();
}

export async function setProofStatus(
  db: Executor,
  id: string,
  status: 'approved' | 'rejected',
  reviewerId: string,
) {
  await db
    .updateTable('membership_proofs')
    .set({ status, reviewed_by: reviewerId, reviewed_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Checkout attempts: the membership product's orders (one per plan, term and price started)

const ATTEMPT_COLUMNS = [
  'id',
  'user_id',
  'plan_id',
  'term_years',
  'action',
  'income_band',
  'currency',
  'list_amount_minor',
  'credit_minor',
  'amount_minor',
  'auto_renew',
  'stripe_session_id',
  'session_url',
  'status',
  'payment_id',
  'created_at',
] as const;
export type AttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>;

export async function insertAttempt(
  db: Executor,
  a: {
    userId: string;
    planId: string;
    termYears: number;
    action: CheckoutAction;
    band: IncomeBandColumn;
    currency: string;
    listAmountMinor: number;
    creditMinor: number;
    amountMinor: number;
    autoRenew: boolean;
  },
) {
  return db
    .insertInto('checkout_attempts')
    .values({
      user_id: a.userId,
      plan_id: a.planId,
      term_years: a.termYears,
      action: a.action,
      income_band: a.band,
      currency: a.currency,
      list_amount_minor: a.listAmountMinor,
      credit_minor: a.creditMinor,
      amount_minor: a.amountMinor,
      auto_renew: a.autoRenew,
    })
    .returning(ATTEMPT_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findAttempt(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('checkout_attempts').select(ATTEMPT_COLUMNS).where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findAttemptBySession(db: Executor, sessionId: string) {
  return db
    .selectFrom('checkout_attempts')
    .select(ATTEMPT_COLUMNS)
    .where('stripe_session_id', '=', sessionId)
    .executeTakeFirst();
}

/** A recent open attempt for the same purchase, reused so a double click makes one Checkout Session. */
export async function findReusableAttempt(
  db: Executor,
  a: {
    userId: string;
    planId: string;
    termYears: number;
    autoRenew: boolean;
    amountMinor: number;
    since: Date;
  },
) {
  return db
    .selectFrom('checkout_attempts')
    .select(ATTEMPT_COLUMNS)
    .where('user_id', '=', a.userId)
    .where('plan_id', '=', a.planId)
    .where('term_years', '=', a.termYears)
    .where('auto_renew', '=', a.autoRenew)
    .where('amount_minor', '=', a.amountMinor)
    .where('status', '=', 'open')
    .where('created_at', '>', a.since)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function setAttemptSession(db: Executor, id: string, sessionId: string, url: string | null) {
  await db
    .updateTable('checkout_attempts')
    .set({ stripe_session_id: sessionId, session_url: url, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setAttemptStatus(
  db: Executor,
  id: string,
  status: 'open' | 'completed' | 'failed' | 'expired',
  paymentId?: string,
) {
  await db
    .updateTable('checkout_attempts')
    .set({ status, ...(paymentId ? { payment_id: paymentId } : {}), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Attempts still open after Stripe's session lifetime, for reconciliation. */
export async function listOpenAttempts(db: Executor, olderThan: Date, newerThan: Date) {
  return db
    .selectFrom('checkout_attempts')
    .select(ATTEMPT_COLUMNS)
    .where('status', '=', 'open')
    .where('stripe_session_id', 'is not', null)
    .where('created_at', '<', olderThan)
    .where('created_at', '>', newerThan)
    .execute();
}

/** The member's latest auto-renew on/off ledger row: it changes with every completed switch. */
export async function latestAutoRenewEventId(db: Executor, userId: string) {
  const row = await db
    .selectFrom('membership_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('user_id', '=', userId)
    .where('kind', 'in', ['auto_renew_on', 'auto_renew_off'])
    .executeTakeFirst();
  return row?.id == null ? null : String(row.id);
}
