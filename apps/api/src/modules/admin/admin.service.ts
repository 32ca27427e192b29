import type { AdminUser, adminOverviewSchema } from '@societas/contracts';
import type { z } from 'zod';
import type { ServiceContext } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
import { AMOUNT_MISMATCH_ACTION } from '../billing/index.js';
import { pendingMailCount } from '../mail/index.js';
import { listUsers, paymentFlags, userCounts } from './admin.repository.js';

/**
 * The admin home: account counts, mail waiting, payments whose amount did not match the price.
 * Flagged payments name their members and amounts (personal data), so showing any is audited;
 * the counts alone are not.
 */
export async function overview(ctx: ServiceContext): Promise<z.infer<typeof adminOverviewSchema>> {
  const flags = await paymentFlags(ctx.db, AMOUNT_MISMATCH_ACTION);
  if (flags.length > 0) {
    await recordAudit(ctx.db, {
      actorUserId: ctx.actor?.id ?? null,
      action: 'admin.payment_flags_viewed',
      entityType: 'payment',
      entityId: null,
      after: { rows: flags.length },
      requestId: ctx.requestId,
    });
  }
  return {
    ...(await userCounts(ctx.db)),
    pendingMail: await pendingMailCount(ctx.db),
    paymentFlags: flags,
  };
}

/** Accounts by name or email (names, emails: personal data, so the read is audited). */
export async function users(
  ctx: ServiceContext,
  query: { page: number; pageSize: number; search?: string | undefined },
): Promise<{ items: AdminUser[]; total: number; page: number; pageSize: number }> {
  const { items, total } = await listUsers(ctx.db, query);
  await recordAudit(ctx.db, {
    actorUserId: ctx.actor?.id ?? null,
    action: 'admin.users_viewed',
    entityType: 'user',
    entityId: null,
    after: { search: query.search ?? null, page: query.page, rows: items.length },
    requestId: ctx.requestId,
  });
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
    page: query.page,
    pageSize: query.pageSize,
  };
}
