import { z } from 'zod';
import { pageInput } from './common.js';

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

export const adminOverviewSchema = z.object({
  users: z.number(),
  verifiedUsers: z.number(),
  admins: z.number(),
  pendingMail: z.number(),
});
