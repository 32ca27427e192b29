import type { DB } from '@societas/db';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { claimDueMessages, markFailedAttempt, markSent } from './outbox.repository.js';

type MailSender = string | { name: string; address: string };

/** After this many failed attempts a message is marked `failed` (listed in the admin's mailbox). */
export const MAX_ATTEMPTS = 8;

/**
 * Sends due outbox messages through SMTP; the worker's `mail-delivery` job runs it. Each batch is
 * one transaction holding row locks (FOR UPDATE SKIP LOCKED), so concurrent deliverers (several
 * workers) never send the same message twice. A failed send is retried with back-off
 * (attempts² minutes) until MAX_ATTEMPTS.
 */
export function createMailDeliverer(options: {
  db: DB;
  smtpUrl: string;
  /** The sender, or how to look it up per batch (the society's name from its settings). */
  from: MailSender | (() => Promise<MailSender>);
  log: Logger;
}) {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const configured = options.from;
  const sender = typeof configured === 'function' ? configured : async () => configured;

  async function deliverBatch(limit = 20): Promise<number> {
    return options.db.transaction().execute(async (trx) => {
      const due = await claimDueMessages(trx, limit);
      // Looked up once a batch, and only when there is something to send.
      const from = due.length > 0 ? await sender() : '';
      for (const message of due) {
        const id = Number(message.id);
        try {
          await transport.sendMail({
            from,
            to: message.to_address,
            subject: message.subject,
            text: message.text_body,
            ...(message.html_body ? { html: message.html_body } : {}),
          });
          await markSent(trx, id);
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          options.log.warn({ err: text, outboxId: id }, 'mail delivery failed');
          await markFailedAttempt(trx, id, text, message.attempts + 1 >= MAX_ATTEMPTS);
        }
      }
      return due.length;
    });
  }

  /**
   * Delivers batches until nothing is due, `shouldStop()` says so (the worker is shutting down), or
   * `maxMs` has passed (the next run carries on). Returns how many messages were tried.
   */
  async function drain(options: { shouldStop?: () => boolean; maxMs?: number } = {}): Promise<number> {
    const until = Date.now() + (options.maxMs ?? 120_000);
    let total = 0;
    while (!options.shouldStop?.() && Date.now() < until) {
      const n = await deliverBatch();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  return {
    deliverBatch,
    drain,
    close: () => transport.close(),
  };
}
