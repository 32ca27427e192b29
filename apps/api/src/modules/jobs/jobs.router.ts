import {
  alertIdInput,
  approveJobResultSchema,
  employerDashboardSchema,
  employerListingDetailSchema,
  employerProfileInput,
  jobAlertSchema,
  jobCheckoutSessionSchema,
  jobCheckoutStatusInput,
  jobCheckoutStatusSchema,
  jobIdInput,
  jobPageSchema,
  jobQuoteSchema,
  jobSearchInput,
  jobSearchOutput,
  jobStatusResultSchema,
  moderationQueueSchema,
  okSchema,
  rejectJobInput,
  reportJobInput,
  resolveJobReportsInput,
  saveAlertInput,
  savedIdSchema,
  saveListingInput,
  startJobCheckoutInput,
  trackJobInput,
  unsubscribeAlertInput,
  unsubscribeAlertResultSchema,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, memberProcedure, publicProcedure, router } from '../../trpc/init.js';
import { employerProcedure } from '../../trpc/roles.js';
import { deleteAlert, listAlerts, saveAlert, unsubscribeAlert } from './alerts.service.js';
import { jobCheckoutStatus, jobQuote, startJobCheckout } from './checkout.service.js';
import {
  closeListing,
  deleteDraftListing,
  employerDashboard,
  getEmployerListing,
  saveEmployerProfile,
  saveListing,
} from './employer.service.js';
import {
  approveJob,
  moderationQueue,
  rejectJob,
  resolveReports,
  restoreTakenDown,
} from './moderation.service.js';
import { getJobPage, reportJob, trackJob } from './public.service.js';
import { searchJobs } from './search/search.service.js';

/** Job seekers: search, job pages, counters, reports, saved searches. */
export const jobsRouter = router({
  search: publicProcedure
    .input(jobSearchInput)
    .output(jobSearchOutput)
    .query(({ ctx, input }) => searchJobs({ ...requestContext(ctx), jobSearch: ctx.jobSearch }, input)),
  get: publicProcedure
    .input(jobIdInput)
    .output(jobPageSchema)
    .query(({ ctx, input }) => getJobPage(requestContext(ctx), input.id)),
  track: publicProcedure
    .input(trackJobInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await trackJob(requestContext(ctx), ctx.ip, input.id, input.kind);
      return { ok: true as const };
    }),
  report: publicProcedure
    .input(reportJobInput)
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await reportJob(requestContext(ctx), ctx.ip, input);
      return { ok: true as const };
    }),
  alerts: memberProcedure.output(z.array(jobAlertSchema)).query(({ ctx }) => listAlerts(requestContext(ctx))),
  saveAlert: memberProcedure
    .input(saveAlertInput)
    .output(savedIdSchema)
    .mutation(({ ctx, input }) => saveAlert(requestContext(ctx), input)),
  deleteAlert: memberProcedure
    .input(alertIdInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => deleteAlert(requestContext(ctx), input.id)),
  /** From the link in a digest: no sign-in, the signed token is the authority. */
  unsubscribeAlert: publicProcedure
    .input(unsubscribeAlertInput)
    .output(unsubscribeAlertResultSchema)
    .mutation(({ ctx, input }) => unsubscribeAlert(requestContext(ctx), input.alertId, input.token)),
});

/** Employers: profile, listings, checkout, dashboard. Services check every listing is the actor's. */
export const employerRouter = router({
  /** Any signed-in user: their employer dashboard, or `employer: null` before they have a profile. */
  dashboard: memberProcedure
    .output(employerDashboardSchema)
    .query(({ ctx }) => employerDashboard(requestContext(ctx))),
  /** Creates the organisation on first save (the user becomes its employer account), then edits it. */
  saveProfile: memberProcedure
    .input(employerProfileInput)
    .output(savedIdSchema)
    .mutation(({ ctx, input }) => saveEmployerProfile(requestContext(ctx), input)),
  listing: employerProcedure
    .input(jobIdInput)
    .output(employerListingDetailSchema)
    .query(({ ctx, input }) => getEmployerListing(requestContext(ctx), input.id)),
  saveListing: employerProcedure
    .input(saveListingInput)
    .output(jobStatusResultSchema)
    .mutation(({ ctx, input }) => saveListing(requestContext(ctx), input)),
  /** A draft only (never one that was paid for or published). */
  deleteDraft: employerProcedure
    .input(jobIdInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => deleteDraftListing(requestContext(ctx), input.id)),
  close: employerProcedure
    .input(jobIdInput)
    .output(jobStatusResultSchema)
    .mutation(({ ctx, input }) => closeListing(requestContext(ctx), input.id, 'closed')),
  markFilled: employerProcedure
    .input(jobIdInput)
    .output(jobStatusResultSchema)
    .mutation(({ ctx, input }) => closeListing(requestContext(ctx), input.id, 'filled')),
  quote: employerProcedure.output(jobQuoteSchema).query(({ ctx }) => jobQuote(requestContext(ctx))),
  startCheckout: employerProcedure
    .input(startJobCheckoutInput)
    .output(jobCheckoutSessionSchema)
    .mutation(({ ctx, input }) => startJobCheckout(requestContext(ctx), input)),
  checkoutStatus: memberProcedure
    .input(jobCheckoutStatusInput)
    .output(jobCheckoutStatusSchema)
    .query(({ ctx, input }) => jobCheckoutStatus(requestContext(ctx), input.sessionId)),
});

/** Admins: the moderation queue. */
export const jobsAdminRouter = router({
  queue: adminProcedure
    .output(moderationQueueSchema)
    .query(({ ctx }) => moderationQueue(requestContext(ctx))),
  approve: adminProcedure
    .input(jobIdInput)
    .output(approveJobResultSchema)
    .mutation(({ ctx, input }) => approveJob(requestContext(ctx), input.id)),
  reject: adminProcedure
    .input(rejectJobInput)
    .output(jobStatusResultSchema)
    .mutation(({ ctx, input }) => rejectJob(requestContext(ctx), input)),
  /** Take down or dismiss, with a reason (audited; a takedown mails the employer). */
  resolveReports: adminProcedure
    .input(resolveJobReportsInput)
    .output(okSchema)
    .mutation(({ ctx, input }) => resolveReports(requestContext(ctx), input)),
  /** Undo a takedown. */
  restore: adminProcedure
    .input(jobIdInput)
    .output(jobStatusResultSchema)
    .mutation(({ ctx, input }) => restoreTakenDown(requestContext(ctx), input.id)),
});
