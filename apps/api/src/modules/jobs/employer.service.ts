import type { EmployerDashboard, employerProfileInput, jobFieldsInput } from '@societas/contracts';
import type { JobStatus } from '@societas/db';
import type { z } from 'zod';
import { hitRateLimits } from '../../auth/rate-limit.js';
import { AppError } from '../../errors.js';
import { inTransaction, type ServiceContext } from '../../lib/service-context.js';
import { markUrlsInUse } from '../files/index.js';
import { queueMail } from '../mail/index.js';
import { societySettings } from '../settings/index.js';
import {
  deleteDraft,
  findEmployer,
  hasPaidFor,
  insertDraft,
  insertEmployer,
  type ListingValues,
  listEmployerListings,
  listEmployerReceipts,
  listingsExpiringBetween,
  setJobStatus,
  updateEmployer,
  updateListing,
} from './jobs.repository.js';
import {
  actorEmployerIds,
  effectiveStatus,
  endsAtClosing,
  ownJob,
  signedInActor,
  toJobPage,
} from './listing.js';
import { editNeedsReview } from './listing-edits.js';

/** What employers do: their profile, listings and dashboard, and the notices they are sent. */

const DAY_MS = 86_400_000;

async function primaryEmployerId(ctx: ServiceContext) {
  const id = (await actorEmployerIds(ctx))[0];
  if (!id) {
    throw new AppError(
      'FORBIDDEN',
      ctx.actor?.role === 'admin'
        ? 'Administrators post listings from an employer account.'
        : 'Create your employer profile first.',
    );
  }
  return id;
}

/** Creates the organisation on first save (the user becomes its employer account), then edits it. */
export async function saveEmployerProfile(ctx: ServiceContext, input: z.output<typeof employerProfileInput>) {
  const user = signedInActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const tx = inTransaction(ctx, trx);
    await markUrlsInUse(tx, [input.logoUrl]);
    const existing = (await actorEmployerIds(tx))[0];
    if (existing) {
      await updateEmployer(trx, existing, input);
      return { id: existing };
    }
    return { id: await insertEmployer(trx, input, user.id) };
  });
}

const EDITABLE: JobStatus[] = ['draft', 'pending_payment', 'pending_review', 'published', 'rejected'];

const listingValues = (f: z.output<typeof jobFieldsInput>): ListingValues => ({
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
});

/**
 * Creates a draft or edits a listing. A small edit to a published listing stays live; a larger one
 * (see editNeedsReview) sends it back to review. A rejected one that was paid for goes back to
 * review too (no second payment).
 */
export async function saveListing(
  ctx: ServiceContext,
  input: { id: string | null; fields: z.output<typeof jobFieldsInput> },
): Promise<{ id: string; status: JobStatus }> {
  const user = signedInActor(ctx);
  const values = listingValues(input.fields);
  const exceeded = await hitRateLimits(ctx.db, [
    { key: `job-post:user:${user.id}`, limit: 30, windowSeconds: 3600 },
  ]);
  if (exceeded.length)
    throw new AppError(
      'RATE_LIMITED',
      'You have saved many listings in the last hour. Please wait a little.',
    );
  if (!input.id) {
    const employerId = await primaryEmployerId(ctx);
    const employer = await findEmployer(ctx.db, employerId);
    const id = await insertDraft(ctx.db, {
      ...values,
      employer_id: employerId,
      employer_name: employer?.name ?? '',
    });
    return { id, status: 'draft' };
  }
  const id = input.id;
  return ctx.db.transaction().execute(async (trx) => {
    const job = await ownJob(inTransaction(ctx, trx), id, true);
    const status = effectiveStatus(job, ctx.now);
    if (!EDITABLE.includes(status)) {
      throw new AppError(
        'CONFLICT',
        `A listing that is ${status.replace('_', ' ')} can no longer be edited.`,
      );
    }
    let next: JobStatus = job.status;
    if (status === 'published' && editNeedsReview(job, values)) next = 'pending_review';
    if (status === 'rejected' && (await hasPaidFor(trx, job.id))) next = 'pending_review';
    await updateListing(trx, job.id, values, next, { clearRejection: next === 'pending_review' });
    return { id: job.id, status: next };
  });
}

/** Deletes a draft: nothing was paid or published, so nothing else refers to it. */
export async function deleteDraftListing(ctx: ServiceContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const job = await ownJob(inTransaction(ctx, trx), id, true);
    if (job.status !== 'draft' || !(await deleteDraft(trx, id))) {
      throw new AppError(
        'CONFLICT',
        'Only drafts can be deleted. Close a listing that was paid for or published instead.',
      );
    }
    return { ok: true as const };
  });
}

export async function closeListing(ctx: ServiceContext, id: string, to: 'closed' | 'filled') {
  return ctx.db.transaction().execute(async (trx) => {
    const job = await ownJob(inTransaction(ctx, trx), id, true);
    const status = effectiveStatus(job, ctx.now);
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

export async function getEmployerListing(ctx: ServiceContext, id: string) {
  const job = await ownJob(ctx, id);
  return {
    page: toJobPage(ctx.env, job, ctx.now),
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

/** The signed-in person's employer dashboard, or `employer: null` before they have a profile. */
export async function employerDashboard(ctx: ServiceContext): Promise<EmployerDashboard> {
  const employerId = (await actorEmployerIds(ctx))[0];
  if (!employerId) return { employer: null, listings: [], receipts: [] };
  const employer = await findEmployer(ctx.db, employerId);
  const listings = await listEmployerListings(ctx.db, employerId);
  const receipts = await listEmployerReceipts(ctx.db, employerId);
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
      const status = effectiveStatus(l, ctx.now);
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

/**
 * Scheduled: mails each employer once per listing run, 7 days before expiry, with a renew link.
 * The dedupe key names the expiry instant, so a renewed run gets its own notice. Safe to call on
 * any schedule.
 */
export async function sendExpiryNotices(ctx: ServiceContext) {
  const { env, now } = ctx;
  const soon = await listingsExpiringBetween(ctx.db, now, new Date(now.getTime() + 7 * DAY_MS));
  const society = (await societySettings(ctx)).name;
  let queued = 0;
  // A listing that ends because its closing date comes gets no renewal offer: renewing buys nothing.
  for (const j of soon.filter((l) => !endsAtClosing(l))) {
    const expires = j.expires_at!;
    const sent = await queueMail(
      ctx.db,
      j.billing_email,
      'job_expiry_notice',
      {
        subject: `Your listing expires on ${expires.toISOString().slice(0, 10)}: ${j.title}`,
        text: `Hello ${j.name},\n\nYour listing "${j.title}" expires on ${expires.toISOString().slice(0, 10)}. You can renew it before then to keep it online without a gap:\n\n${env.PUBLIC_URL}/employer/listings/${j.id}\n\n${society}`,
      },
      { dedupeKey: `job-expiry:${j.id}:${expires.toISOString()}` },
    );
    if (sent) queued += 1;
  }
  return { queued };
}
