import { pageInput } from './common.js';
import { z } from './zod.js';

export const adminUsersInput = pageInput.extend({
  search: z.string().trim().max(200, 'Use at most 200 characters').optional(),
});

export const adminUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['user', 'admin']),
  emailVerified: z.boolean(),
  createdAt: z.date(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** A payment whose charged amount differed from our price (found by fulfilment or reconciliation). */
export const paymentFlagSchema = z.object({
  paymentId: z.string(),
  receiptNumber: z.string().nullable(),
  userId: z.string().nullable(),
  memberName: z.string().nullable(),
  expectedMinor: z.number().int(),
  chargedMinor: z.number().int(),
  currency: z.string(),
  flaggedAt: z.date(),
});
export type PaymentFlag = z.infer<typeof paymentFlagSchema>;

export const adminOverviewSchema = z.object({
  users: z.number(),
  verifiedUsers: z.number(),
  admins: z.number(),
  pendingMail: z.number(),
  /** Newest first, at most 20. */
  paymentFlags: z.array(paymentFlagSchema),
});
