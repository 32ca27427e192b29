import { devMailboxStatusSchema, outboxMessageSchema, pageInput, pageOf } from '@societas/contracts';
import { AppError } from '../../errors.js';
import { requestContext } from '../../lib/service-context.js';
import type { Context } from '../../trpc/context.js';
import { publicProcedure, router } from '../../trpc/init.js';
import { devMailboxPage } from './dev-mailbox.service.js';

/**
 * Without SMTP outside production, anyone may read the dev mailbox so a new user can click their
 * own verification link; otherwise only admins (ADR 002, "Mail without a mail server").
 */
export function canReadDevMailbox(ctx: Pick<Context, 'env' | 'user'>): boolean {
  if (ctx.user?.role === 'admin') return true;
  return ctx.env.devMailbox && !ctx.env.isProduction;
}

const devMailboxProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!canReadDevMailbox(ctx)) {
    throw new AppError(ctx.user ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'The dev mailbox is for administrators.');
  }
  return next();
});

export const mailRouter = router({
  devMailboxStatus: publicProcedure
    .output(devMailboxStatusSchema)
    .query(({ ctx }) => ({ available: canReadDevMailbox(ctx), smtpConfigured: !ctx.env.devMailbox })),
  devMailbox: devMailboxProcedure
    .input(pageInput)
    .output(pageOf(outboxMessageSchema))
    .query(({ ctx, input }) => devMailboxPage(requestContext(ctx), input.page, input.pageSize)),
});
