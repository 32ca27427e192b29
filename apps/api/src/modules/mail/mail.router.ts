import { devMailboxStatusSchema, outboxMessageSchema, pageInput, pageOf } from '@societas/contracts';
import { AppError } from '../../errors.js';
import type { Context } from '../../trpc/context.js';
import { publicProcedure, router } from '../../trpc/init.js';
import { listOutbox } from './outbox.repository.js';

/**
 * Without SMTP outside production, anyone may read the dev mailbox so a new user can click their
 * own verification link; otherwise only admins (DESIGN.md, "Embedded default").
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
    .query(async ({ ctx, input }) => {
      const { items, total } = await listOutbox(ctx.db, input.page, input.pageSize);
      return {
        items: items.map((m) => ({
          id: m.id,
          toAddress: m.to_address,
          subject: m.subject,
          textBody: m.text_body,
          kind: m.kind,
          status: m.status,
          createdAt: m.created_at,
          sentAt: m.sent_at,
        })),
        total,
        page: input.page,
        pageSize: input.pageSize,
      };
    }),
});
