import {
  chartsSchema,
  dashboardSchema,
  reportFiltersSchema,
  reportListInput,
  reportListSchema,
} from '@societas/contracts';
import { z } from 'zod';
import { adminProcedure, router } from '../../trpc/init.js';
import { recordAudit } from '../audit/audit.repository.js';
import { charts, dashboard, listPage, refresh } from './reports.service.js';

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
  refresh: adminProcedure
    .output(z.object({ refreshedAt: z.date(), tookMs: z.number() }))
    .mutation(async ({ ctx }) => {
      const result = await refresh(ctx.db, new Date());
      await recordAudit(ctx.db, {
        actorUserId: ctx.user.id,
        action: 'reports.refreshed',
        entityType: 'report',
        entityId: null,
        after: result,
        requestId: ctx.requestId,
      });
      return result;
    }),
});
