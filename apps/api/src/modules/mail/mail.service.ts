import type { Executor } from '@societas/db';
import type { MailContent } from './mail.templates.js';
import { countPending, insertOutboxMessage } from './outbox.repository.js';

let mailQueuedListener: (() => void) | undefined;

/**
 * How this process wakes the mail deliverer when mail is queued (the runtime sends a pg-boss job,
 * debounced). Unset, mail still goes out: the worker's every-minute delivery run finds it.
 */
export function onMailQueued(listener: (() => void) | undefined): void {
  mailQueuedListener = listener;
}

/**
 * Queues mail in the outbox (inside the caller's transaction when given one). Delivery is
 * separate: the worker's mail-delivery job when SMTP_URL is set, otherwise the dev mailbox shows it.
 */
export async function queueMail(
  db: Executor,
  to: string,
  kind: string,
  content: MailContent,
  options: { dedupeKey?: string; sendAfter?: Date } = {},
): Promise<boolean> {
  const queued = await insertOutboxMessage(db, {
    toAddress: to,
    subject: content.subject,
    textBody: content.text,
    kind,
    dedupeKey: options.dedupeKey ?? null,
    ...(options.sendAfter ? { sendAfter: options.sendAfter } : {}),
  });
  if (queued && !options.sendAfter) mailQueuedListener?.();
  return queued;
}

/** Messages waiting in the outbox (the admin dashboard's "mail pending"). */
export function pendingMailCount(db: Executor): Promise<number> {
  return countPending(db);
}
