/**
 * The jobs module's front door: what other modules, the server, the worker and the tRPC root may
 * use. Everything else in modules/jobs is internal.
 */
export { sendAlertDigests } from './alerts.service.js';
export { startJobCheckout } from './checkout.service.js';
export { sendExpiryNotices } from './employer.service.js';
export { jobFeedRoutes } from './feed.routes.js';
export { jobPostingFulfiller } from './jobs.fulfilment.js';
export { employerRouter, jobsAdminRouter, jobsRouter } from './jobs.router.js';
export { jobSocialMeta } from './public.service.js';
export { createJobSearch } from './search/create.js';
export type { JobSearch } from './search/job-search.js';
