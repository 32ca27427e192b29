import type { JobProduct } from '@societas/contracts';
import type { Executor, JobOrdersTable, JobStatus, JobsTable } from '@societas/db';
import { sql } from '@societas/db';
import type { Insertable } from 'kysely';

export const JOB_COLUMNS = [
  'j.id',
  'j.employer_id',
  'j.title',
  'j.employer_name',
  'j.description_md',
  'j.position_type',
  'j.sector',
  'j.country_code',
  'j.city',
  'j.workplace',
  'j.career_stage',
  'j.salary_min',
  'j.salary_max',
  'j.salary_currency',
  'j.closing_on',
  'j.apply_url',
  'j.apply_email',
  'j.product',
  'j.status',
  'j.rejection_reason',
  'j.published_at',
  'j.expires_at',
  'j.taken_down_at',
  'j.takedown_reason',
  'j.views',
  'j.apply_clicks',
  'j.created_at',
  'j.updated_at',
] as const;

export async function findJob(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('jobs as j')
    .innerJoin('employers as e', 'e.id', 'j.employer_id')
    .select([...JOB_COLUMNS, 'e.logo_url', 'e.billing_email', 'e.name as org_name'])
    .where('j.id', '=', id);
  if (options.forUpdate) q = q.forUpdate('j');
  return q.executeTakeFirst();
}
export type JobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

/**
 * Moves a listing to a status. Answers the stored expiry, which the database may have cut to the
 * end of the closing day (migration 20261202000200).
 */
export async function setJobStatus(
  db: Executor,
  id: string,
  status: JobStatus,
  extra: {
    rejectionReason?: string | null;
    publishedAt?: Date;
    expiresAt?: Date | null;
    takedown?: { at: Date; reason: string } | null;
  } = {},
) {
  const row = await db
    .updateTable('jobs')
    .set({
      status,
      updated_at: sql`now()`,
      ...(extra.rejectionReason !== undefined ? { rejection_reason: extra.rejectionReason } : {}),
      ...(extra.publishedAt ? { published_at: extra.publishedAt } : {}),
      ...(extra.expiresAt !== undefined ? { expires_at: extra.expiresAt } : {}),
      ...(extra.takedown !== undefined
        ? { taken_down_at: extra.takedown?.at ?? null, takedown_reason: extra.takedown?.reason ?? null }
        : {}),
    })
    .where('id', '=', id)
    .returning('expires_at')
    .executeTakeFirst();
  return { expiresAt: row?.expires_at ?? null };
}

/** The columns an employer writes through the listing form. */
export type ListingValues = Pick<
  Insertable<JobsTable>,
  | 'title'
  | 'description_md'
  | 'position_type'
  | 'sector'
  | 'country_code'
  | 'city'
  | 'workplace'
  | 'career_stage'
  | 'salary_min'
  | 'salary_max'
  | 'salary_currency'
  | 'closing_on'
  | 'apply_url'
  | 'apply_email'
>;

export async function insertDraft(
  db: Executor,
  values: ListingValues & { employer_id: string; employer_name: string },
) {
  const row = await db
    .insertInto('jobs')
    .values({ ...values, status: 'draft' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateListing(
  db: Executor,
  id: string,
  values: ListingValues,
  status: JobStatus,
  options: { clearRejection: boolean },
) {
  await db
    .updateTable('jobs')
    .set({
      ...values,
      status,
      updated_at: sql`now()`,
      ...(options.clearRejection ? { rejection_reason: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Deletes a listing that is still a draft (checked in the same statement); true when it did. */
export async function deleteDraft(db: Executor, id: string) {
  const result = await db
    .deleteFrom('jobs')
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('payments as p').select('p.id').whereRef('p.job_id', '=', 'jobs.id'))),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Adds one to a visible listing's view or apply-click counter. */
export async function countVisit(db: Executor, id: string, kind: 'view' | 'apply', now: Date) {
  const col = kind === 'view' ? 'views' : 'apply_clicks';
  await db
    .updateTable('jobs')
    .set({ [col]: sql`${sql.ref(col)} + 1` })
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('expires_at', '>', now)
    .execute();
}

export async function insertReport(
  db: Executor,
  report: { jobId: string; reason: string; reporterUserId: string | null },
) {
  await db
    .insertInto('job_reports')
    .values({ job_id: report.jobId, reason: report.reason, reporter_user_id: report.reporterUserId })
    .execute();
}

export async function resolveOpenReports(db: Executor, jobId: string, adminId: string) {
  await db
    .updateTable('job_reports')
    .set({ resolved_at: sql`now()`, resolved_by: adminId })
    .where('job_id', '=', jobId)
    .where('resolved_at', 'is', null)
    .execute();
}

export async function listEmployerListings(db: Executor, employerId: string) {
  return db
    .selectFrom('jobs')
    .select([
      'id',
      'title',
      'status',
      'product',
      'views',
      'apply_clicks',
      'published_at',
      'expires_at',
      'rejection_reason',
      'created_at',
    ])
    .where('employer_id', '=', employerId)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

export async function listEmployerReceipts(db: Executor, employerId: string) {
  return db
    .selectFrom('payments as p')
    .innerJoin('jobs as j', 'j.id', 'p.job_id')
    .select([
      'p.id',
      'p.receipt_number',
      'p.description',
      'p.amount_minor',
      'p.currency',
      'p.paid_at',
      'p.refunded_minor',
    ])
    .where('j.employer_id', '=', employerId)
    .where('p.kind', '=', 'job_posting')
    .where('p.status', '<>', 'pending')
    .orderBy('p.created_at', 'desc')
    .limit(200)
    .execute();
}

const moderationItems = (db: Executor) =>
  db
    .selectFrom('jobs as j')
    .select([
      'j.id',
      'j.title',
      'j.employer_name',
      'j.status',
      'j.product',
      'j.updated_at',
      'j.taken_down_at',
      'j.takedown_reason',
    ]);

/** The moderation queue: listings in review, listings with open reports, recent takedowns. */
export async function moderationListings(db: Executor) {
  const pending = await moderationItems(db)
    .where('j.status', '=', 'pending_review')
    .orderBy('j.updated_at', 'asc')
    .limit(200)
    .execute();
  const reported = await moderationItems(db)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('job_reports as r')
          .select('r.id')
          .whereRef('r.job_id', '=', 'j.id')
          .where('r.resolved_at', 'is', null),
      ),
    )
    .orderBy('j.updated_at', 'desc')
    .limit(200)
    .execute();
  const takenDown = await moderationItems(db)
    .where('j.status', '=', 'closed')
    .where('j.taken_down_at', 'is not', null)
    .orderBy('j.taken_down_at', 'desc')
    .limit(50)
    .execute();
  return { pending, reported, takenDown };
}

export async function openReportsFor(db: Executor, jobIds: string[]) {
  if (!jobIds.length) return [];
  return db
    .selectFrom('job_reports')
    .select(['id', 'job_id', 'reason', 'created_at'])
    .where('job_id', 'in', jobIds)
    .where('resolved_at', 'is', null)
    .orderBy('created_at', 'asc')
    .execute();
}

/** Published listings whose run ends within the window, with the employer's billing address. */
export async function listingsExpiringBetween(db: Executor, from: Date, to: Date) {
  return db
    .selectFrom('jobs as j')
    .innerJoin('employers as e', 'e.id', 'j.employer_id')
    .select(['j.id', 'j.title', 'j.expires_at', 'j.closing_on', 'e.billing_email', 'e.name'])
    .where('j.status', '=', 'published')
    .where('j.expires_at', '>', from)
    .where('j.expires_at', '<=', to)
    .execute();
}

export async function findEmployer(db: Executor, id: string) {
  return db
    .selectFrom('employers')
    .select(['id', 'name', 'logo_url', 'billing_email'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function hasPaidFor(db: Executor, jobId: string) {
  const row = await db
    .selectFrom('payments')
    .select('id')
    .where('job_id', '=', jobId)
    .where('kind', '=', 'job_posting')
    .where('status', 'in', ['paid', 'partially_refunded'])
    .executeTakeFirst();
  return Boolean(row);
}

export async function findOrder(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('job_orders')
    .select([
      'id',
      'job_id',
      'employer_id',
      'user_id',
      'product',
      'duration_days',
      'is_renewal',
      'member_price',
      'amount_minor',
      'currency',
      'stripe_session_id',
      'session_url',
      'status',
      'payment_id',
      'created_at',
    ])
    .where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}
export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

export async function findOrderBySession(db: Executor, sessionId: string) {
  return db
    .selectFrom('job_orders')
    .select(['id', 'job_id', 'user_id', 'employer_id'])
    .where('stripe_session_id', '=', sessionId)
    .executeTakeFirst();
}

/** An open order for this listing and product at this price, started recently (a double click). */
export async function findReusableOrder(
  db: Executor,
  key: { jobId: string; userId: string; product: JobProduct; isRenewal: boolean; amountMinor: number },
  createdAfter: Date,
) {
  const row = await db
    .selectFrom('job_orders')
    .select('id')
    .where('job_id', '=', key.jobId)
    .where('user_id', '=', key.userId)
    .where('product', '=', key.product)
    .where('is_renewal', '=', key.isRenewal)
    .where('amount_minor', '=', key.amountMinor)
    .where('status', '=', 'open')
    .where('created_at', '>', createdAfter)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? findOrder(db, row.id) : undefined;
}

export async function insertOrder(db: Executor, order: Insertable<JobOrdersTable>) {
  const row = await db.insertInto('job_orders').values(order).returning('id').executeTakeFirstOrThrow();
  return (await findOrder(db, row.id))!;
}

/** Serialises order creation per listing (two tabs, a double click), until the transaction ends. */
export async function lockListingOrders(db: Executor, jobId: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`job-order:${jobId}`}))`.execute(db);
}

export async function attachCheckoutSession(
  db: Executor,
  orderId: string,
  session: { id: string; url: string | null },
) {
  await db
    .updateTable('job_orders')
    .set({ stripe_session_id: session.id, session_url: session.url, updated_at: sql`now()` })
    .where('id', '=', orderId)
    .execute();
}

export async function expireOpenOrder(db: Executor, orderId: string) {
  await db
    .updateTable('job_orders')
    .set({ status: 'expired', updated_at: sql`now()` })
    .where('id', '=', orderId)
    .where('status', '=', 'open')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Employers

export async function insertEmployer(
  db: Executor,
  profile: { name: string; logoUrl: string | null; billingEmail: string },
  userId: string,
) {
  const created = await db
    .insertInto('employers')
    .values({ name: profile.name, logo_url: profile.logoUrl, billing_email: profile.billingEmail })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('employer_users').values({ employer_id: created.id, user_id: userId }).execute();
  return created.id;
}

/**
 * Saves the employer's profile. Listings carry the name (shown, and weighted in the generated
 * search tsvector, which Postgres recomputes on this update): a rename reaches all of them, in the
 * caller's transaction.
 */
export async function updateEmployer(
  db: Executor,
  id: string,
  profile: { name: string; logoUrl: string | null; billingEmail: string },
) {
  await db
    .updateTable('employers')
    .set({
      name: profile.name,
      logo_url: profile.logoUrl,
      billing_email: profile.billingEmail,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('jobs')
    .set({ employer_name: profile.name })
    .where('employer_id', '=', id)
    .where('employer_name', 'is distinct from', profile.name)
    .execute();
}
