import {
  type EmployerDashboard,
  type employerProfileInput,
  JOB_CURRENCY,
  JOB_PRODUCTS,
  type JobPage,
  type JobProduct,
  type jobFieldsInput,
} from '@societas/contracts';
import { type DB, type Executor, type JobStatus, sql } from '@societas/db';
import type Stripe from 'stripe';
import type { z } from 'zod';
import { hitRateLimits } from '../../auth/rate-limit.js';
import type { Env } from '../../env.js';
import { AppError, notFound } from '../../errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import type { SessionUser } from '../../trpc/context.js';
import { recordAudit } from '../audit/audit.repository.js';
import { type BillingServices, fulfilCheckoutSession } from '../billing/fulfilment.service.js';
import { getGateway } from '../billing/gateway.js';
import { queueMail } from '../mail/mail.service.js';
import { getMembershipState } from '../membership/membership.service.js';
import { jobPostingJsonLd } from './jobs.jsonld.js';
import {
  findEmployer,
  findJob,
  findOrder,
  findOrderBySession,
  hasPaidFor,
  type JobRow,
  setJobStatus,
} from './jobs.repository.js';
import { plainSnippet } from './search/snippet.js';

const DAY_MS = 86_400_000;

/** What a listing shows as: a published listing past its expiry is expired (derived, not stored). */
export function effectiveStatus(j: { status: JobStatus; expires_at: Date | null }, now: Date): JobStatus {
  if (j.status === 'published' && (!j.expires_at || j.expires_at <= now)) return 'expired';
  return j.status;
}
export const isVisible = (j: { status: JobStatus; expires_at: Date | null }, now: Date) =>
  effectiveStatus(j, now) === 'published';

// ---------------------------------------------------------------------------------------------
// Job page

function canManage(job: { employer_id: string }, user: SessionUser | null, employerIds: string[]) {
  return Boolean(user && (user.role === 'admin' || employerIds.includes(job.employer_id)));
}

export function toJobPage(env: Env, j: JobRow, now: Date): JobPage {
  const descriptionHtml = renderMarkdown(j.description_md);
  const shareUrl = `${env.PUBLIC_URL}/jobs/${j.id}`;
  const summary = {
    id: j.id,
    title: j.title,
    employerName: j.employer_name,
    logoUrl: j.logo_url,
    positionType: j.position_type,
    sector: j.sector,
    countryCode: j.country_code,
    city: j.city,
    workplace: j.workplace,
    careerStage: j.career_stage,
    salaryMin: j.salary_min,
    salaryMax: j.salary_max,
    salaryCurrency: j.salary_currency,
    featured: j.product === 'featured',
    publishedAt: j.published_at,
    expiresAt: j.expires_at,
    closingOn: j.closing_on,
    snippet: plainSnippet(j.description_md),
  };
  return {
    ...summary,
    status: effectiveStatus(j, now),
    descriptionHtml,
    applyUrl: j.apply_url,
    applyEmail: j.apply_email,
    shareUrl,
    visible: isVisible(j, now),
    jsonLd: jobPostingJsonLd(
      {
        id: j.id,
        title: j.title,
        descriptionHtml,
        employerName: j.employer_name,
        logoUrl: j.logo_url,
        positionType: j.position_type,
        countryCode: j.country_code,
        city: j.city,
        workplace: j.workplace,
        salaryMin: j.salary_min,
        salaryMax: j.salary_max,
        salaryCurrency: j.salary_currency,
        publishedAt: j.published_at,
        expiresAt: j.expires_at,
        closingOn: j.closing_on,
        applyUrl: j.apply_url,
      },
      shareUrl,
    ),
  };
}

/**
 * The public job page: visible listings for everyone; the employer's own (and admins) see any
 * status, as a preview. Anything else is "not found" (no hint whether a draft exists).
 */
export async function getJobPage(
  db: Executor,
  env: Env,
  id: string,
  viewer: { user: SessionUser | null; employerIds: string[] },
  now = new Date(),
): Promise<JobPage> {
  const job = await findJob(db, id);
  if (!job) throw notFound('This listing');
  if (!isVisible(job, now) && !canManage(job, viewer.user, viewer.employerIds)) {
    throw new AppError('NOT_FOUND', 'This listing is not open (it may have expired or been closed).');
  }
  return toJobPage(env, job, now);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the served HTML of /jobs/:id carries for crawlers (which run no JavaScript): Open Graph /
 * Twitter tags and the schema.org JobPosting. Only for a visible listing; anything else gets none.
 */
export async function jobSocialMeta(db: Executor, env: Env, id: string, now = new Date()) {
  if (!UUID_RE.test(id)) return null;
  const job = await findJob(db, id);
  if (!job || !isVisible(job, now)) return null;
  const page = toJobPage(env, job, now);
  return {
    title: `${job.title} — ${job.employer_name}`,
    description: plainSnippet(job.description_md, 300),
    image: job.logo_url,
    jsonLd: page.jsonLd,
  };
}

/** View and apply-click counts per address: enough for anyone browsing, even behind a shared one. */
export const TRACK_LIMIT = { limit: 120, windowSeconds: 3600 };

/**
 * View and apply-click counters, only for visible listings. Limited per IP address (a script
 * cannot inflate an employer's numbers); over the limit nothing is counted (RATE_LIMITED).
 */
export async function trackJob(
  db: Executor,
  ip: string,
  id: string,
  kind: 'view' | 'apply',
  now = new Date(),
) {
  const exceeded = await hitRateLimits(db, [{ key: `job-track:ip:${ip}`, ...TRACK_LIMIT }]);
  if (exceeded.length)
    throw new AppError('RATE_LIMITED', 'Too many requests from here. Please try again later.');
  const col = kind === 'view' ? 'views' : 'apply_clicks';
  await db
    .updateTable('jobs')
    .set({ [col]: sql`${sql.ref(col)} + 1` })
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('expires_at', '>', now)
    .execute();
}

export async function reportJob(
  db: Executor,
  user: SessionUser | null,
  ip: string,
  input: { id: string; reason: string },
  now = new Date(),
) {
  const job = await findJob(db, input.id);
  if (!job || !isVisible(job, now)) throw notFound('This listing');
  const exceeded = await hitRateLimits(db, [{ key: `job-report:ip:${ip}`, limit: 10, windowSeconds: 3600 }]);
  if (exceeded.length)
    throw new AppError('RATE_LIMITED', 'Too many reports from here. Please try again later.');
  await db
    .insertInto('job_reports')
    .values({ job_id: input.id, reason: input.reason, reporter_user_id: user?.id ?? null })
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Employers

async function primaryEmployerId(user: SessionUser, employerIds: string[]) {
  const id = employerIds[0];
  if (!id) {
    throw new AppError(
      'FORBIDDEN',
      user.role === 'admin'
        ? 'Administrators post listings from an employer account.'
        : 'Create your employer profile first.',
    );
  }
  return id;
}

export async function saveEmployerProfile(
  db: DB,
  user: SessionUser,
  employerIds: string[],
  input: z.output<typeof employerProfileInput>,
) {
  return db.transaction().execute(async (trx) => {
    const existing = employerIds[0];
    if (existing) {
      await trx
        .updateTable('employers')
        .set({
          name: input.name,
          logo_url: input.logoUrl,
          billing_email: input.billingEmail,
          updated_at: sql`now()`,
        })
        .where('id', '=', existing)
        .execute();
      // Listings carry the name (shown, and weighted in the generated search tsvector, which
      // Postgres recomputes on this update): a rename reaches all of them, in the same transaction.
      await trx
        .updateTable('jobs')
        .set({ employer_name: input.name })
        .where('employer_id', '=', existing)
        .where('employer_name', 'is distinct from', input.name)
        .execute();
      return existing;
    }
    const created = await trx
      .insertInto('employers')
      .values({ name: input.name, logo_url: input.logoUrl, billing_email: input.billingEmail })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('employer_users').values({ employer_id: created.id, user_id: user.id }).execute();
    return created.id;
  });
}

async function ownJob(db: Executor, user: SessionUser, employerIds: string[], id: string, forUpdate = false) {
  const job = await findJob(db, id, { forUpdate });
  // Another employer's listing is "not found", exactly like one that does not exist.
  if (!job || !canManage(job, user, employerIds)) throw notFound('This listing');
  return job;
}

const EDITABLE: JobStatus[] = ['draft', 'pending_payment', 'pending_review', 'published', 'rejected'];

/**
 * Creates a draft or edits a listing. Editing a published listing sends it back to review; a
 * rejected one that was paid for goes back to review too (no second payment).
 */
export async function saveListing(
  db: DB,
  user: SessionUser,
  employerIds: string[],
  input: { id: string | null; fields: z.output<typeof jobFieldsInput> },
  now = new Date(),
) {
  const f = input.fields;
  const values = {
    title: f.title,
    description_md: f.descriptionMd,
    position_type: f.positionType,
    sector: f.sector,
    country_code: f.countryCode,
    city: f.city,
    workplace: f.workplace,
    career_stage: f.careerStage,
    salary_min: f.salaryMin,
    salary_max: f.salaryMax,
    salary_currency: f.salaryCurrency,
    closing_on: f.closingOn,
    apply_url: f.applyUrl,
    apply_email: f.applyEmail,
  };
  const exceeded = await hitRateLimits(db, [
    { key: `job-post:user:${user.id}`, limit: 30, windowSeconds: 3600 },
  ]);
  if (exceeded.length)
    throw new AppError(
      'RATE_LIMITED',
      'You have saved many listings in the last hour. Please wait a little.',
    );
  if (!input.id) {
    const employerId = await primaryEmployerId(user, employerIds);
    const employer = await findEmployer(db, employerId);
    const row = await db
      .insertInto('jobs')
      .values({ ...values, employer_id: employerId, employer_name: employer?.name ?? '', status: 'draft' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, status: 'draft' as JobStatus };
  }
  return db.transaction().execute(async (trx) => {
    const job = await ownJob(trx, user, employerIds, input.id!, true);
    const status = effectiveStatus(job, now);
    if (!EDITABLE.includes(status)) {
      throw new AppError(
        'CONFLICT',
        `A listing that is ${status.replace('_', ' ')} can no longer be edited.`,
      );
    }
    let next: JobStatus = job.status;
    if (status === 'published') next = 'pending_review';
    if (status === 'rejected' && (await hasPaidFor(trx, job.id))) next = 'pending_review';
    await trx
      .updateTable('jobs')
      .set({
        ...values,
        status: next,
        updated_at: sql`now()`,
        ...(next === 'pending_review' ? { rejection_reason: null } : {}),
      })
      .where('id', '=', job.id)
      .execute();
    return { id: job.id, status: next };
  });
}

export async function closeListing(
  db: DB,
  user: SessionUser,
  employerIds: string[],
  id: string,
  to: 'closed' | 'filled',
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const job = await ownJob(trx, user, employerIds, id, true);
    const status = effectiveStatus(job, now);
    const allowed: JobStatus[] =
      to === 'filled'
        ? ['published', 'expired', 'closed', 'pending_review']
        : // Closing an expired listing is allowed (harmless: it is off the board already; it just
          // stops the renewal offer on the dashboard).
          ['published', 'expired', 'pending_review', 'draft', 'pending_payment'];
    if (!allowed.includes(status)) {
      throw new AppError('CONFLICT', `A listing that is ${status.replace('_', ' ')} cannot be marked ${to}.`);
    }
    await setJobStatus(trx, id, to);
    return { id, status: to };
  });
}

export async function getEmployerListing(
  db: Executor,
  env: Env,
  user: SessionUser,
  employerIds: string[],
  id: string,
  now = new Date(),
) {
  const job = await ownJob(db, user, employerIds, id);
  return {
    page: toJobPage(env, job, now),
    rejectionReason: job.rejection_reason,
    fields: {
      title: job.title,
      descriptionMd: job.description_md,
      positionType: job.position_type,
      sector: job.sector,
      countryCode: job.country_code,
      city: job.city,
      workplace: job.workplace,
      careerStage: job.career_stage,
      salaryMin: job.salary_min,
      salaryMax: job.salary_max,
      salaryCurrency: job.salary_currency,
      closingOn: job.closing_on,
      applyUrl: job.apply_url,
      applyEmail: job.apply_email,
    },
  };
}

export async function employerDashboard(
  db: Executor,
  employerIds: string[],
  now = new Date(),
): Promise<EmployerDashboard> {
  const employerId = employerIds[0];
  if (!employerId) return { employer: null, listings: [], receipts: [] };
  const employer = await findEmployer(db, employerId);
  const listings = await db
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
  const receipts = await db
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
  return {
    employer: employer
      ? {
          id: employer.id,
          name: employer.name,
          logoUrl: employer.logo_url,
          billingEmail: employer.billing_email,
        }
      : null,
    listings: listings.map((l) => {
      const status = effectiveStatus(l, now);
      return {
        id: l.id,
        title: l.title,
        status,
        product: l.product,
        views: l.views,
        applyClicks: l.apply_clicks,
        publishedAt: l.published_at,
        expiresAt: l.expires_at,
        rejectionReason: l.rejection_reason,
        createdAt: l.created_at,
        canRenew: status === 'published' || status === 'expired',
      };
    }),
    receipts: receipts.map((r) => ({
      paymentId: r.id,
      receiptNumber: r.receipt_number,
      description: r.description,
      amountMinor: r.amount_minor,
      currency: r.currency,
      paidAt: r.paid_at,
      refundedMinor: r.refunded_minor,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Prices and checkout

export async function jobQuote(db: Executor, userId: string, now = new Date()) {
  const membership = await getMembershipState(db, userId, now);
  const memberPrice = membership.hasBenefits;
  return {
    memberPrice,
    currency: JOB_CURRENCY,
    products: (Object.keys(JOB_PRODUCTS) as JobProduct[]).map((product) => {
      const p = JOB_PRODUCTS[product];
      return {
        product,
        label: p.label,
        days: p.days,
        amountMinor: memberPrice ? p.memberPriceMinor : p.priceMinor,
        listAmountMinor: p.priceMinor,
      };
    }),
  };
}

const REUSE_ORDER_MS = 30 * 60 * 1000;

export function jobReturnUrl(publicUrl: string) {
  return `${publicUrl}/employer/checkout/return?session_id={CHECKOUT_SESSION_ID}`;
}

/**
 * Starts (or resumes) the checkout for a listing: a first purchase for a draft, or a renewal for a
 * published or expired one. The order id is the idempotency key, so a double click returns the
 * same session; the session is fulfilled by the shared webhook / return-page path.
 */
export async function startJobCheckout(
  services: BillingServices,
  user: SessionUser,
  employerIds: string[],
  input: { jobId: string; product: JobProduct },
  now = new Date(),
  retried = false,
): Promise<{ url: string; sessionId: string; testMode: boolean }> {
  const { db, env } = services;
  const gateway = getGateway(services);
  const job = await ownJob(db, user, employerIds, input.jobId);
  const status = effectiveStatus(job, now);
  const isRenewal = status === 'published' || status === 'expired';
  if (!isRenewal && status !== 'draft' && status !== 'pending_payment') {
    throw new AppError('CONFLICT', 'This listing is already paid for.');
  }
  const quote = await jobQuote(db, user.id, now);
  const line = quote.products.find((p) => p.product === input.product)!;
  const order = await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`job-order:${job.id}`}))`.execute(trx);
    const reusable = await trx
      .selectFrom('job_orders')
      .select('id')
      .where('job_id', '=', job.id)
      .where('user_id', '=', user.id)
      .where('product', '=', input.product)
      .where('is_renewal', '=', isRenewal)
      .where('amount_minor', '=', line.amountMinor)
      .where('status', '=', 'open')
      .where('created_at', '>', new Date(now.getTime() - REUSE_ORDER_MS))
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (reusable) return (await findOrder(trx, reusable.id))!;
    const row = await trx
      .insertInto('job_orders')
      .values({
        job_id: job.id,
        employer_id: job.employer_id,
        user_id: user.id,
        product: input.product,
        duration_days: line.days,
        is_renewal: isRenewal,
        member_price: quote.memberPrice,
        amount_minor: line.amountMinor,
        currency: quote.currency,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (status === 'draft') await setJobStatus(trx, job.id, 'pending_payment');
    return (await findOrder(trx, row.id))!;
  });
  if (order.stripe_session_id && order.session_url) {
    // Reuse only a session that can still be paid: a declined or expired one is retired and the
    // next click starts a fresh order; a completed one is being fulfilled, so no second charge.
    const existing = await gateway.retrieveCheckoutSession(order.stripe_session_id);
    if (existing.status === 'open') {
      return {
        url: order.session_url,
        sessionId: order.stripe_session_id,
        testMode: gateway.mode === 'local',
      };
    }
    if (existing.status === 'complete') {
      throw new AppError('CONFLICT', 'This listing is paid; the payment is being confirmed.');
    }
    await db
      .updateTable('job_orders')
      .set({ status: 'expired', updated_at: sql`now()` })
      .where('id', '=', order.id)
      .where('status', '=', 'open')
      .execute();
    if (retried) throw new AppError('UNAVAILABLE', 'The payment page could not be opened. Please try again.');
    return startJobCheckout(services, user, employerIds, input, now, true);
  }
  const name = `${JOB_PRODUCTS[input.product].label}${isRenewal ? ' — renewal' : ''}, ${line.days} days: ${job.title}`;
  const metadata = { societas_job_order_id: order.id, societas_user_id: user.id, societas_job_id: job.id };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    client_reference_id: user.id,
    customer_email: job.billing_email,
    metadata,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: order.currency.toLowerCase(),
          unit_amount: order.amount_minor,
          product_data: { name: name.slice(0, 250), metadata: { societas: 'job_posting' } },
        },
      },
    ],
    success_url: jobReturnUrl(env.PUBLIC_URL),
    cancel_url: `${env.PUBLIC_URL}/employer/listings/${job.id}?cancelled=1`,
    payment_intent_data: { metadata },
  };
  const session = await gateway.createCheckoutSession(params, `job-checkout:${order.id}`);
  await db
    .updateTable('job_orders')
    .set({ stripe_session_id: session.id, session_url: session.url, updated_at: sql`now()` })
    .where('id', '=', order.id)
    .execute();
  return {
    url: session.url ?? `${env.PUBLIC_URL}/employer`,
    sessionId: session.id,
    testMode: gateway.mode === 'local',
  };
}

/** The return page: retrieves the session and runs the one fulfilment function (a no-op if done). */
export async function jobCheckoutStatus(
  services: BillingServices,
  user: SessionUser,
  sessionId: string,
  now = new Date(),
) {
  const order = await findOrderBySession(services.db, sessionId);
  if (!order || order.user_id !== user.id) throw notFound('This checkout');
  const session = await getGateway(services).retrieveCheckoutSession(sessionId);
  const result = await fulfilCheckoutSession(services, session, undefined, now);
  const job = await findJob(services.db, order.job_id);
  const state = result.state === 'ignored' || result.state === 'duplicate' ? 'open' : result.state;
  return { state, jobId: order.job_id, jobStatus: job ? effectiveStatus(job, now) : null };
}

// ---------------------------------------------------------------------------------------------
// Moderation

export async function moderationQueue(db: Executor) {
  const pick = () =>
    db
      .selectFrom('jobs as j')
      .select(['j.id', 'j.title', 'j.employer_name', 'j.status', 'j.product', 'j.updated_at']);
  const pending = await pick()
    .where('j.status', '=', 'pending_review')
    .orderBy('j.updated_at', 'asc')
    .limit(200)
    .execute();
  const reported = await pick()
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
  const ids = [...new Set([...pending, ...reported].map((j) => j.id))];
  const reports = ids.length
    ? await db
        .selectFrom('job_reports')
        .select(['id', 'job_id', 'reason', 'created_at'])
        .where('job_id', 'in', ids)
        .where('resolved_at', 'is', null)
        .orderBy('created_at', 'asc')
        .execute()
    : [];
  const item = (j: (typeof pending)[number]) => ({
    id: j.id,
    title: j.title,
    employerName: j.employer_name,
    status: j.status,
    product: j.product,
    updatedAt: j.updated_at,
    openReports: reports
      .filter((r) => r.job_id === j.id)
      .map((r) => ({ id: r.id, reason: r.reason, createdAt: r.created_at })),
  });
  return { pending: pending.map(item), reported: reported.map(item) };
}

async function mailEmployer(
  trx: Executor,
  env: Env,
  job: JobRow,
  kind: string,
  subject: string,
  body: string,
  dedupeKey: string,
) {
  await queueMail(
    trx,
    job.billing_email,
    kind,
    { subject, text: `Hello ${job.org_name},\n\n${body}\n\n${env.SOCIETY_NAME}` },
    { dedupeKey },
  );
}

/**
 * Approve: pending_review -> published. A first approval starts the paid run now (expires after
 * the product's days); an approved edit keeps the running expiry.
 */
export async function approveJob(
  db: DB,
  env: Env,
  admin: SessionUser,
  id: string,
  requestId: string,
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const job = await findJob(trx, id, { forUpdate: true });
    if (!job) throw notFound('This listing');
    if (job.status !== 'pending_review') {
      throw new AppError(
        'CONFLICT',
        `Only listings in review can be approved (this one is ${effectiveStatus(job, now)}).`,
      );
    }
    const days = JOB_PRODUCTS[job.product].days;
    const expiresAt = job.expires_at ?? new Date(now.getTime() + days * DAY_MS);
    await setJobStatus(trx, id, 'published', {
      publishedAt: job.published_at ?? now,
      expiresAt,
      rejectionReason: null,
    });
    await recordAudit(trx, {
      actorUserId: admin.id,
      action: 'job.approve',
      entityType: 'job',
      entityId: id,
      before: { status: job.status },
      after: { status: 'published', expiresAt },
      requestId,
    });
    await mailEmployer(
      trx,
      env,
      job,
      'job_approved',
      `Your listing is live: ${job.title}`,
      `Your listing "${job.title}" was approved and is now published until ${expiresAt.toISOString().slice(0, 10)}.\n\n${env.PUBLIC_URL}/jobs/${id}`,
      `job-approved:${id}:${job.updated_at.toISOString()}`,
    );
    return { id, status: 'published' as const, expiresAt };
  });
}

export async function rejectJob(
  db: DB,
  env: Env,
  admin: SessionUser,
  input: { id: string; reason: string },
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const job = await findJob(trx, input.id, { forUpdate: true });
    if (!job) throw notFound('This listing');
    if (job.status !== 'pending_review') {
      throw new AppError('CONFLICT', 'Only listings in review can be rejected.');
    }
    await setJobStatus(trx, input.id, 'rejected', { rejectionReason: input.reason });
    await recordAudit(trx, {
      actorUserId: admin.id,
      action: 'job.reject',
      entityType: 'job',
      entityId: input.id,
      before: { status: job.status },
      after: { status: 'rejected', reason: input.reason },
      requestId,
    });
    await mailEmployer(
      trx,
      env,
      job,
      'job_rejected',
      `Your listing needs changes: ${job.title}`,
      `Your listing "${job.title}" was not approved. The reviewer wrote:\n\n${input.reason}\n\nYou can edit the listing and send it for review again:\n\n${env.PUBLIC_URL}/employer/listings/${input.id}`,
      `job-rejected:${input.id}:${job.updated_at.toISOString()}`,
    );
    return { id: input.id, status: 'rejected' as const };
  });
}

/** Admin takes a reported listing down (closed) or dismisses the reports. */
export async function resolveReports(
  db: DB,
  admin: SessionUser,
  input: { id: string; takeDown: boolean },
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const job = await findJob(trx, input.id, { forUpdate: true });
    if (!job) throw notFound('This listing');
    await trx
      .updateTable('job_reports')
      .set({ resolved_at: sql`now()`, resolved_by: admin.id })
      .where('job_id', '=', input.id)
      .where('resolved_at', 'is', null)
      .execute();
    if (input.takeDown && job.status === 'published') await setJobStatus(trx, input.id, 'closed');
    await recordAudit(trx, {
      actorUserId: admin.id,
      action: input.takeDown ? 'job.take_down' : 'job.dismiss_reports',
      entityType: 'job',
      entityId: input.id,
      requestId,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Scheduled: expiry notices

/**
 * Mails each employer once per listing run, 7 days before expiry, with a renew link. The dedupe
 * key names the expiry instant, so a renewed run gets its own notice. Safe to call on any schedule.
 */
export async function sendExpiryNotices(db: Executor, env: Env, now = new Date()) {
  const soon = await db
    .selectFrom('jobs as j')
    .innerJoin('employers as e', 'e.id', 'j.employer_id')
    .select(['j.id', 'j.title', 'j.expires_at', 'e.billing_email', 'e.name'])
    .where('j.status', '=', 'published')
    .where('j.expires_at', '>', now)
    .where('j.expires_at', '<=', new Date(now.getTime() + 7 * DAY_MS))
    .execute();
  let queued = 0;
  for (const j of soon) {
    const expires = j.expires_at!;
    const sent = await queueMail(
      db,
      j.billing_email,
      'job_expiry_notice',
      {
        subject: `Your listing expires on ${expires.toISOString().slice(0, 10)}: ${j.title}`,
        text: `Hello ${j.name},\n\nYour listing "${j.title}" expires on ${expires.toISOString().slice(0, 10)}. You can renew it before then to keep it online without a gap:\n\n${env.PUBLIC_URL}/employer/listings/${j.id}\n\n${env.SOCIETY_NAME}`,
      },
      { dedupeKey: `job-expiry:${j.id}:${expires.toISOString()}` },
    );
    if (sent) queued += 1;
  }
  return { queued };
}
