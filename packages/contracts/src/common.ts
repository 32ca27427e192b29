import { z } from './zod.js';

/** Offset pagination for admin lists; keyset pagination lives with the lists that need it. */
export const pageInput = z.object({
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type PageInput = z.infer<typeof pageInput>;

/** A page of results: `pageOf(itemSchema)` is the output schema of every paginated list. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const idSchema = z.string().trim().min(1).max(64);
export const uuidSchema = z.uuid('Not a valid id');
