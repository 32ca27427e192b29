import { z } from './zod.js';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export const outboxMessageSchema = z.object({
  id: z.number().int(),
  toAddress: z.string(),
  subject: z.string(),
  textBody: z.string(),
  kind: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const devMailboxStatusSchema = z.object({ available: z.boolean(), smtpConfigured: z.boolean() });
