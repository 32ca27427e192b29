import {
  chartsSchema,
  dashboardSchema,
  reportFiltersSchema,
  reportListInput,
  reportListSchema,
} from '@societas/contracts';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { adminProcedure, router } from '../../trpc/init.js';
import { QUEUES, sendJob } from '../../worker/queue.js';
import { recordAudit } from '../audit/audit.repository.js';
import { charts, dashboard, listPage } from './reports.service.js';

const filtersInput = z.object({ filters: reportFiltersSchema.default({}) });

export const reportsRouter = router({
  dashboard: adminProcedure
    .input(filtersInput)
    .output(dashboardSchema)
    .query(({ ctx, input }) => dashboard(ctx.db, input.filters)),
  charts: adminProcedure
    .input(filtersInput)
    .output(chartsSchema)
    .query(({ ctx, input }) => charts(ctx.db, input.filters)),
  list: adminProcedure
    .input(reportListInput)
    .output(reportListSchema)
    .query(async ({ ctx, input }) => {
      const page = await listPage(ctx.db, { ...input, filters: input.filters ?? {} });
      // Admin reads of member data are audited (RELIABILITY: accounts 9).
      if (input.list !== 'jobs') {
        await recordAudit(ctx.db, {
          actorUserId: ctx.user.id,
          action: 'reports.list_viewed',
          entityType: 'report',
          entityId: input.list,
          after: { filters: input.filters ?? {}, days: input.days, page: input.page, rows: page.rows.length },
          requestId: ctx.requestId,
        });
      }
      return page;
    }),
  /**
   * "Refresh now": queues the worker's reports-refresh job and returns at once (the rebuild takes
   * minutes on a large society). The queue is stately, so a double click queues one refresh.
   */
  refresh: adminProcedure
    .output(z.object({ status: z.enum(['queued', 'already-queued']) }))
    .mutation(async ({ ctx }) => {
      const status = await sendJob(ctx.db, QUEUES.reportsRefresh);
      if (status === 'no-queue') {
        throw new AppError(
          'UNAVAILABLE',
          'No background worker has started on this database yet, so the refresh cannot be queued. Start the worker (npm run worker) and try again.',
        );
      }
      await recordAudit(ctx.db, {
        actorUserId: ctx.user.id,
        action: 'reports.refresh_queued',
        entityType: 'report',
        entityId: null,
        after: { status },
        requestId: ctx.requestId,
      });
      return { status };
    }),
});
