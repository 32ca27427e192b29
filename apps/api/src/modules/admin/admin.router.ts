import { adminOverviewSchema, adminUserSchema, adminUsersInput, pageOf } from '@societas/contracts';
import { adminProcedure, router } from '../../trpc/init.js';
import { AMOUNT_MISMATCH_ACTION } from '../billing/index.js';
import { countPending } from '../mail/outbox.repository.js';
import { listUsers, paymentFlags, userCounts } from './admin.repository.js';

export const adminRouter = router({
  overview: adminProcedure.output(adminOverviewSchema).query(async ({ ctx }) => ({
    ...(await userCounts(ctx.db)),
    pendingMail: await countPending(ctx.db),
    paymentFlags: await paymentFlags(ctx.db, AMOUNT_MISMATCH_ACTION),
  })),
  users: adminProcedure
    .input(adminUsersInput)
    .output(pageOf(adminUserSchema))
    .query(async ({ ctx, input }) => {
      const { items, total } = await listUsers(ctx.db, input);
      return {
        items: items.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          role: u.role,
          emailVerified: u.email_verified,
          createdAt: u.created_at,
        })),
        total,
        page: input.page,
        pageSize: input.pageSize,
      };
    }),
});
