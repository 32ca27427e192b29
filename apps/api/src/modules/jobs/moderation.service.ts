import { JOB_PRODUCTS } from '@societas/contracts';
import type { Executor } from '@societas/db';
import type { Env } from '../../env.js';
import { AppError, notFound } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { societySettings } from '../settings/index.js';
import {
  findJob,
  type JobRow,
  moderationListings,
  openReportsFor,
  resolveOpenReports,
  setJobStatus,
} from './jobs.repository.js';
import { effectiveStatus } from './listing.js';

/** What admins do with listings: review, reject, act on reports, undo a takedown. */

const DAY_MS = 86_400_000;

function admin(ctx: ServiceContext) {
  if (ctx.actor?.role !== 'admin') throw new AppError('FORBIDDEN', 'This is for administrators.');
  return ctx.actor;
}

export async function moderationQueue(ctx: ServiceContext) {
  admin(ctx);
  const { pending, reported, takenDown } = await moderationListings(ctx.db);
  const reports = await openReportsFor(ctx.db, [...new Set([...pending, ...reported].map((j) => j.id))]);
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
  return {
    pending: pending.map(item),
    reported: reported.map(item),
    takenDown: takenDown.map((j) => ({
      ...item(j),
      takenDownAt: j.taken_down_at!,
      takedownReason: j.takedown_reason ?? '',
    })),
  };
}

/** A mail to the employer's billing address, queued in the caller's transaction (the outbox). */
async function mailEmployer(
  trx: Executor,
  env: Env,
  job: JobRow,
  mail: { kind: string; subject: string; body: string; dedupeKey: string },
) {
  await queueMail(
    trx,
    job.billing_email,
    mail.kind,
    {
      subject: mail.subject,
      text: `Hello ${job.org_name},\n\n${mail.body}\n\n${(await societySettings({ db: trx, env })).name}`,
    },
    { dedupeKey: mail.dedupeKey },
  );
}

/**
 * Approve: pending_review -> published. A first approval starts the paid run now (expires after
 * the product's days, or at the end of the closing day if that comes first); an approved edit
 * keeps the running expiry.
 */
export async function approveJob(ctx: ServiceContext, id: string) {
  const by = admin(ctx);
  const { env, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const job = await findJob(trx, id, { forUpdate: true });
    if (!job) throw notFound('This listing');
    if (job.status !== 'pending_review') {
      throw new AppError(
        'CONFLICT',
        `Only listings in review can be approved (this one is ${effectiveStatus(job, now)}).`,
      );
    }
    const days = JOB_PRODUCTS[job.product].days;
    const stored = await setJobStatus(trx, id, 'published', {
      publishedAt: job.published_at ?? now,
      expiresAt: job.expires_at ?? new Date(now.getTime() + days * DAY_MS),
      rejectionReason: null,
    });
    const expiresAt = stored.expiresAt!;
    await recordAudit(trx, {
      actorUserId: by.id,
      action: 'job.approve',
      entityType: 'job',
      entityId: id,
      before: { status: job.status },
      after: { status: 'published', expiresAt },
      requestId: ctx.requestId,
    });
    await mailEmployer(trx, env, job, {
      kind: 'job_approved',
      subject: `Your listing is live: ${job.title}`,
      body: `Your listing "${job.title}" was approved and is now published until ${expiresAt.toISOString().slice(0, 10)}.\n\n${env.PUBLIC_URL}/jobs/${id}`,
      dedupeKey: `job-approved:${id}:${job.updated_at.toISOString()}`,
    });
    return { id, status: 'published' as const, expiresAt };
  });
}

export async function rejectJob(ctx: ServiceContext, input: { id: string; reason: string }) {
  const by = admin(ctx);
  const { env } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const job = await findJob(trx, input.id, { forUpdate: true });
    if (!job) throw notFound('This listing');
    if (job.status !== 'pending_review') {
      throw new AppError('CONFLICT', 'Only listings in review can be rejected.');
    }
    await setJobStatus(trx, input.id, 'rejected', { rejectionReason: input.reason });
    await recordAudit(trx, {
      actorUserId: by.id,
      action: 'job.reject',
      entityType: 'job',
      entityId: input.id,
      before: { status: job.status },
      after: { status: 'rejected', reason: input.reason },
      requestId: ctx.requestId,
    });
    await mailEmployer(trx, env, job, {
      kind: 'job_rejected',
      subject: `Your listing needs changes: ${job.title}`,
      body: `Your listing "${job.title}" was not approved. The reviewer wrote:\n\n${input.reason}\n\nYou can edit the listing and send it for review again:\n\n${env.PUBLIC_URL}/employer/listings/${input.id}`,
      dedupeKey: `job-rejected:${input.id}:${job.updated_at.toISOString()}`,
    });
    return { id: input.id, status: 'rejected' as const };
  });
}

/**
 * Closes the open reports on a listing, with the admin's reason. Taking it down closes a published
 * listing, records when and why (so it can be restored) and mails the employer the reason.
 */
export async function resolveReports(
  ctx: ServiceContext,
  input: { id: string; takeDown: boolean; reason: string },
) {
  const by = admin(ctx);
  const { env, now } = ctx;
  await ctx.db.transaction().execute(async (trx) => {
    const job = await findJob(trx, input.id, { forUpdate: true });
    if (!job) throw notFound('This listing');
    await resolveOpenReports(trx, input.id, by.id);
    const takenDown = input.takeDown && job.status === 'published';
    if (takenDown) {
      await setJobStatus(trx, input.id, 'closed', { takedown: { at: now, reason: input.reason } });
      await mailEmployer(trx, env, job, {
        kind: 'job_taken_down',
        subject: `Your listing was taken down: ${job.title}`,
        body: `Your listing "${job.title}" was reported and an administrator took it down. The reason given:\n\n${input.reason}\n\nIf you think this is a mistake, reply to this email.\n\n${env.PUBLIC_URL}/employer/listings/${input.id}`,
        dedupeKey: `job-taken-down:${input.id}:${now.toISOString()}`,
      });
    }
    await recordAudit(trx, {
      actorUserId: by.id,
      action: input.takeDown ? 'job.take_down' : 'job.dismiss_reports',
      entityType: 'job',
      entityId: input.id,
      before: { status: job.status },
      after: { status: takenDown ? 'closed' : job.status, reason: input.reason },
      requestId: ctx.requestId,
    });
  });
  return { ok: true as const };
}

/** Undoes a takedown: the listing is published again for the rest of its run, and the employer told. */
export async function restoreTakenDown(ctx: ServiceContext, id: string) {
  const by = admin(ctx);
  const { env, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const job = await findJob(trx, id, { forUpdate: true });
    if (!job) throw notFound('This listing');
    if (job.status !== 'closed' || !job.taken_down_at) {
      throw new AppError('CONFLICT', 'Only a listing an administrator took down can be restored.');
    }
    await setJobStatus(trx, id, 'published', { takedown: null });
    const status = effectiveStatus({ status: 'published', expires_at: job.expires_at }, now);
    await recordAudit(trx, {
      actorUserId: by.id,
      action: 'job.restore',
      entityType: 'job',
      entityId: id,
      before: { status: job.status, takenDownAt: job.taken_down_at, reason: job.takedown_reason },
      after: { status },
      requestId: ctx.requestId,
    });
    await mailEmployer(trx, env, job, {
      kind: 'job_restored',
      subject: `Your listing is back online: ${job.title}`,
      body: `An administrator reviewed the takedown of your listing "${job.title}" and restored it.\n\n${env.PUBLIC_URL}/jobs/${id}`,
      dedupeKey: `job-restored:${id}:${now.toISOString()}`,
    });
    return { id, status };
  });
}
