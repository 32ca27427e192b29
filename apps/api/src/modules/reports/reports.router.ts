import {
  chartsSchema,
  dashboardSchema,
  reportFiltersSchema,
  reportListInput,
  reportListSchema,
} from '@societas/contracts';
import { z } from 'zod';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, router } from '../../trpc/init.js';
import { charts, dashboard, queueRefresh, viewList } from './reports.service.js';

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
    .query(({ ctx, input }) => viewList(requestContext(ctx), { ...input, filters: input.filters ?? {} })),
  refresh: adminProcedure
    .output(z.object({ status: z.enum(['queued', 'already-queued']) }))
    .mutation(({ ctx }) => queueRefresh(requestContext(ctx))),
});
