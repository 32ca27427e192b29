import type { Executor } from '@societas/db';
import type { MailContent } from './mail.templates.js';
import { insertOutboxMessage } from './outbox.repository.js';

/**
 * Queues mail in the outbox (inside the caller's transaction when given one). Delivery is
 * separate: the SMTP deliverer when SMTP_URL is set, otherwise the dev mailbox shows it.
 */
export async function queueMail(
  db: Executor,
  to: string,
  kind: string,
  content: MailContent,
  options: { dedupeKey?: string; sendAfter?: Date } = {},
): Promise<boolean> {
  return insertOutboxMessage(db, {
    toAddress: to,
    subject: content.subject,
    textBody: content.text,
    kind,
    dedupeKey: options.dedupeKey ?? null,
    ...(options.sendAfter ? { sendAfter: options.sendAfter } : {}),
  });
}
