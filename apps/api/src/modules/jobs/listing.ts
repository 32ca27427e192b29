import { UTCDate } from '@date-fns/utc';
import type { JobPage } from '@societas/contracts';
import type { JobStatus } from '@societas/db';
import { addDays } from 'date-fns';
import type { Env } from '../../env.js';
import { AppError, notFound } from '../../errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import type { ServiceContext } from '../../lib/service-context.js';
import type { SessionUser } from '../../trpc/context.js';
import { employerIdsFor } from '../accounts/index.js';
import { jobPostingJsonLd } from './jobs.jsonld.js';
import { findJob, type JobRow } from './jobs.repository.js';
import { plainSnippet } from './search/snippet.js';

/** What a listing shows as: a published listing past its expiry is expired (derived, not stored). */
export function effectiveStatus(j: { status: JobStatus; expires_at: Date | null }, now: Date): JobStatus {
  if (j.status === 'published' && (!j.expires_at || j.expires_at <= now)) return 'expired';
  return j.status;
}
export const isVisible = (j: { status: JobStatus; expires_at: Date | null }, now: Date) =>
  effectiveStatus(j, now) === 'published';

/**
 * The instant applications close: the end of the closing day in UTC. The database cuts a listing's
 * expiry to it (migration 20261202000200); this is the same rule for messages and checks.
 */
export const closingEnd = (closingOn: string): Date => addDays(new UTCDate(`${closingOn}T00:00:00Z`), 1);

/** Whether the listing's run ends because applications close (renewing would buy nothing). */
export const endsAtClosing = (j: { closing_on: string | null; expires_at: Date | null }) =>
  Boolean(j.closing_on && j.expires_at && j.expires_at.getTime() >= closingEnd(j.closing_on).getTime());

/** The signed-in person acting (procedures that need one are member procedures: this is a guard). */
export function signedInActor(ctx: ServiceContext) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  return ctx.actor;
}

/** The employer organisations the acting person belongs to (none when nobody is signed in). */
export async function actorEmployerIds(ctx: ServiceContext): Promise<string[]> {
  return ctx.actor ? employerIdsFor(ctx.db, ctx.actor.id) : [];
}

export function canManage(job: { employer_id: string }, user: SessionUser | null, employerIds: string[]) {
  return Boolean(user && (user.role === 'admin' || employerIds.includes(job.employer_id)));
}

/** The acting employer's (or an admin's) listing; another employer's is "not found", like none. */
export async function ownJob(ctx: ServiceContext, id: string, forUpdate = false) {
  const job = await findJob(ctx.db, id, { forUpdate });
  if (!job || !canManage(job, ctx.actor, await actorEmployerIds(ctx))) throw notFound('This listing');
  return job;
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
