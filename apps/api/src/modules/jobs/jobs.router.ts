import {
  alertIdInput,
  employerDashboardSchema,
  employerProfileInput,
  jobAlertSchema,
  jobCheckoutStatusInput,
  jobCheckoutStatusSchema,
  jobIdInput,
  jobPageSchema,
  jobQuoteSchema,
  jobSearchInput,
  jobSearchOutput,
  moderationQueueSchema,
  rejectJobInput,
  reportJobInput,
  resolveJobReportsInput,
  saveAlertInput,
  saveListingInput,
  startJobCheckoutInput,
  trackJobInput,
  unsubscribeAlertInput,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, memberProcedure, publicProcedure, router } from '../../trpc/init.js';
import { employerProcedure } from '../../trpc/roles.js';
import { employerIdsFor } from '../accounts/roles.repository.js';
import { deleteAlert, listAlerts, saveAlert, unsubscribeAlert } from './alerts.service.js';
import {
  approveJob,
  closeListing,
  employerDashboard,
  getEmployerListing,
  getJobPage,
  jobCheckoutStatus,
  jobQuote,
  moderationQueue,
  rejectJob,
  reportJob,
  resolveReports,
  saveEmployerProfile,
  saveListing,
  startJobCheckout,
  trackJob,
} from './jobs.service.js';
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
    .query(async ({ ctx, input }) => {
      const employerIds = ctx.user ? await employerIdsFor(ctx.db, ctx.user.id) : [];
      return getJobPage(ctx.db, ctx.env, input.id, { user: ctx.user, employerIds });
    }),
  track: publicProcedure.input(trackJobInput).mutation(async ({ ctx, input }) => {
    await trackJob(ctx.db, ctx.ip, input.id, input.kind);
    return { ok: true };
  }),
  report: publicProcedure.input(reportJobInput).mutation(async ({ ctx, input }) => {
    await reportJob(ctx.db, ctx.user, ctx.ip, input);
    return { ok: true };
  }),
  alerts: memberProcedure.output(z.array(jobAlertSchema)).query(({ ctx }) => listAlerts(ctx.db, ctx.user.id)),
  saveAlert: memberProcedure
    .input(saveAlertInput)
    .mutation(({ ctx, input }) => saveAlert(ctx.db, ctx.user, input)),
  deleteAlert: memberProcedure.input(alertIdInput).mutation(async ({ ctx, input }) => {
    await deleteAlert(ctx.db, ctx.user, input.id);
    return { ok: true };
  }),
  /** From the link in a digest: no sign-in, the signed token is the authority. */
  unsubscribeAlert: publicProcedure
    .input(unsubscribeAlertInput)
    .mutation(({ ctx, input }) => unsubscribeAlert(ctx.db, ctx.env, input.alertId, input.token)),
});

/** Employers: profile, listings, checkout, dashboard. Every listing is checked against ctx.employerIds. */
export const employerRouter = router({
  /** Any signed-in user: their employer dashboard, or `employer: null` before they have a profile. */
  dashboard: memberProcedure.output(employerDashboardSchema).query(async ({ ctx }) => {
    const employerIds = await employerIdsFor(ctx.db, ctx.user.id);
    return employerDashboard(ctx.db, employerIds);
  }),
  /** Creates the organisation on first save (the user becomes its employer account), then edits it. */
  saveProfile: memberProcedure.input(employerProfileInput).mutation(async ({ ctx, input }) => {
    const employerIds = await employerIdsFor(ctx.db, ctx.user.id);
    return { id: await saveEmployerProfile(ctx.db, ctx.user, employerIds, input) };
  }),
  listing: employerProcedure
    .input(jobIdInput)
    .output(
      z.object({
        page: jobPageSchema,
        rejectionReason: z.string().nullable(),
        fields: z.record(z.string(), z.unknown()),
      }),
    )
    .query(({ ctx, input }) => getEmployerListing(ctx.db, ctx.env, ctx.user, ctx.employerIds, input.id)),
  saveListing: employerProcedure
    .input(saveListingInput)
    .mutation(({ ctx, input }) => saveListing(ctx.db, ctx.user, ctx.employerIds, input)),
  close: employerProcedure
    .input(jobIdInput)
    .mutation(({ ctx, input }) => closeListing(ctx.db, ctx.user, ctx.employerIds, input.id, 'closed')),
  markFilled: employerProcedure
    .input(jobIdInput)
    .mutation(({ ctx, input }) => closeListing(ctx.db, ctx.user, ctx.employerIds, input.id, 'filled')),
  quote: employerProcedure.output(jobQuoteSchema).query(({ ctx }) => jobQuote(ctx.db, ctx.user.id)),
  startCheckout: employerProcedure
    .input(startJobCheckoutInput)
    .output(z.object({ url: z.string(), sessionId: z.string(), testMode: z.boolean() }))
    .mutation(({ ctx, input }) => startJobCheckout(ctx, ctx.user, ctx.employerIds, input)),
  checkoutStatus: memberProcedure
    .input(jobCheckoutStatusInput)
    .output(jobCheckoutStatusSchema)
    .query(({ ctx, input }) => jobCheckoutStatus(ctx, ctx.user, input.sessionId)),
});

/** Admins: the moderation queue. */
export const jobsAdminRouter = router({
  queue: adminProcedure.output(moderationQueueSchema).query(({ ctx }) => moderationQueue(ctx.db)),
  approve: adminProcedure
    .input(jobIdInput)
    .mutation(({ ctx, input }) => approveJob(ctx.db, ctx.env, ctx.user, input.id, ctx.requestId)),
  reject: adminProcedure
    .input(rejectJobInput)
    .mutation(({ ctx, input }) => rejectJob(ctx.db, ctx.env, ctx.user, input, ctx.requestId)),
  resolveReports: adminProcedure.input(resolveJobReportsInput).mutation(async ({ ctx, input }) => {
    await resolveReports(ctx.db, ctx.user, input, ctx.requestId);
    return { ok: true };
  }),
});
