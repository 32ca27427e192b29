import type { DB } from '@societas/db';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { claimDueMessages, markFailedAttempt, markSent } from './outbox.repository.js';

const MAX_ATTEMPTS = 8;

/**
 * Sends due outbox messages through SMTP. Each batch is one transaction holding row locks, so
 * concurrent deliverers (several replicas) never send the same message twice.
 */
export function createMailDeliverer(options: { db: DB; smtpUrl: string; from: string; log: Logger }) {
  const transport = nodemailer.createTransport(options.smtpUrl);

  async function deliverBatch(limit = 20): Promise<number> {
    return options.db.transaction().execute(async (trx) => {
      const due = await claimDueMessages(trx, limit);
      for (const message of due) {
        const id = Number(message.id);
        try {
          await transport.sendMail({
            from: options.from,
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

  return {
    deliverBatch,
    close: () => transport.close(),
  };
}
