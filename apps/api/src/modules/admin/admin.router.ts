import { adminOverviewSchema, adminUserSchema, adminUsersInput, pageOf } from '@societas/contracts';
import { requestContext } from '../../lib/service-context.js';
import { adminProcedure, router } from '../../trpc/init.js';
import { overview, users } from './admin.service.js';

export const adminRouter = router({
  overview: adminProcedure.output(adminOverviewSchema).query(({ ctx }) => overview(requestContext(ctx))),
  users: adminProcedure
    .input(adminUsersInput)
    .output(pageOf(adminUserSchema))
    .query(({ ctx, input }) => users(requestContext(ctx), input)),
});
