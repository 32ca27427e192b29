import type { OutboxMessage } from '@societas/contracts';
import type { ServiceContext } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
import { listOutbox } from './outbox.repository.js';

/**
 * A page of the outbox, newest first, for the dev mailbox. Outside development only admins read it
 * (see mail.router.ts); an admin reading other people's mail is audited like any admin read of
 * personal data (docs/reliability.md, A9).
 */
export async function devMailboxPage(ctx: ServiceContext, page: number, pageSize: number) {
  const { items, total } = await listOutbox(ctx.db, page, pageSize);
  if (ctx.actor?.role === 'admin') {
    await recordAudit(ctx.db, {
      actorUserId: ctx.actor.id,
      action: 'mail.dev_mailbox_viewed',
      entityType: 'outbox',
      entityId: null,
      after: { page, rows: items.length },
      requestId: ctx.requestId,
    });
  }
  return {
    items: items.map(
      (m): OutboxMessage => ({
        id: m.id,
        toAddress: m.to_address,
        subject: m.subject,
        textBody: m.text_body,
        kind: m.kind,
        status: m.status,
        createdAt: m.created_at,
        sentAt: m.sent_at,
      }),
    ),
    total,
    page,
    pageSize,
  };
}
