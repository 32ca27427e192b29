import type { JobPage, JobSearchQuery } from '@societas/contracts';
import { hitRateLimits } from '../../auth/rate-limit.js';
import { AppError, notFound } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import { countVisit, findJob, insertReport } from './jobs.repository.js';
import { actorEmployerIds, canManage, isVisible, toJobPage } from './listing.js';
import { searchResults } from './search.repository.js';

/** What job seekers and visitors do: search, read a listing, count views, report one. */

/**
 * The public job page: visible listings for everyone; the employer's own (and admins) see any
 * status, as a preview. A filled listing that was once live stays readable, marked filled and
 * without a way to apply, so a saved link says what happened. Anything else is "not found" (no
 * hint whether a draft exists).
 */
export async function getJobPage(ctx: ServiceContext, id: string): Promise<JobPage> {
  const job = await findJob(ctx.db, id);
  if (!job) throw notFound('This listing');
  if (isVisible(job, ctx.now) || canManage(job, ctx.actor, await actorEmployerIds(ctx))) {
    return toJobPage(ctx.env, job, ctx.now);
  }
  if (job.status === 'filled' && job.published_at) {
    return { ...toJobPage(ctx.env, job, ctx.now), applyUrl: null, applyEmail: null, jsonLd: {} };
  }
  throw new AppError('NOT_FOUND', 'This listing is not open (it may have expired or been closed).');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the served HTML of /jobs/:id carries for crawlers (which run no JavaScript): Open Graph /
 * Twitter tags, the canonical address and the schema.org JobPosting. Only for a visible listing;
 * anything else gets none.
 */
export async function jobSocialMeta(ctx: ServiceContext, id: string) {
  if (!UUID_RE.test(id)) return null;
  const job = await findJob(ctx.db, id);
  if (!job || !isVisible(job, ctx.now)) return null;
  const page = toJobPage(ctx.env, job, ctx.now);
  return {
    title: `${job.title} — ${job.employer_name}`,
    // The snippet the page itself shows, so the served HTML and the running page agree.
    description: page.snippet,
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
export async function trackJob(ctx: ServiceContext, ip: string, id: string, kind: 'view' | 'apply') {
  const exceeded = await hitRateLimits(ctx.db, [{ key: `job-track:ip:${ip}`, ...TRACK_LIMIT }]);
  if (exceeded.length)
    throw new AppError('RATE_LIMITED', 'Too many requests from here. Please try again later.');
  await countVisit(ctx.db, id, kind, ctx.now);
}

export async function reportJob(ctx: ServiceContext, ip: string, input: { id: string; reason: string }) {
  const job = await findJob(ctx.db, input.id);
  if (!job || !isVisible(job, ctx.now)) throw notFound('This listing');
  const exceeded = await hitRateLimits(ctx.db, [
    { key: `job-report:ip:${ip}`, limit: 10, windowSeconds: 3600 },
  ]);
  if (exceeded.length)
    throw new AppError('RATE_LIMITED', 'Too many reports from here. Please try again later.');
  await insertReport(ctx.db, {
    jobId: input.id,
    reason: input.reason,
    reporterUserId: ctx.actor?.id ?? null,
  });
}

/** How many listings the Atom feed carries: the newest, for any search. */
export const FEED_SIZE = 50;

/** The newest visible listings matching a search, for the Atom feed. */
export async function feedListings(ctx: ServiceContext, query: JobSearchQuery) {
  const { items } = await searchResults(ctx.db, query, 'newest', null, FEED_SIZE, ctx.now);
  return items;
}
