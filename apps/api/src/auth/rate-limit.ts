import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

export interface RateLimitRule {
  /** Bucket name, e.g. `sign-in:ip:203.0.113.9`. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Postgres, so every API replica shares them. One atomic upsert per rule:
 * increments the counter, or restarts it when its window has passed.
 *
 * Rules are taken in order and counting stops at the first one exceeded: a request refused by the
 * per-IP bucket does not also count against the per-account buckets after it, so an address that
 * is already being turned away cannot keep filling an account's bucket. Returns the exceeded rule
 * (at most one) and the rules that were counted. (See docs/decisions/004-rate-limiting.md.)
 */
export async function hitRateLimits(db: Executor, rules: RateLimitRule[]): Promise<RateLimitRule[]> {
  for (const rule of rules) {
    const row = await sql<{ count: number }>`
      INSERT INTO rate_limits AS r (key, count, window_started_at)
      VALUES (${rule.key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN r.window_started_at < now() - make_interval(secs => ${rule.windowSeconds})
                     THEN 1 ELSE r.count + 1 END,
        window_started_at = CASE WHEN r.window_started_at < now() - make_interval(secs => ${rule.windowSeconds})
                     THEN now() ELSE r.window_started_at END
      RETURNING count
    `.execute(db);
    if ((row.rows[0]?.count ?? 0) > rule.limit) return [rule];
  }
  return [];
}

/**
 * Gives back the slot a request took in each bucket (never below zero). Sign-in counts an attempt
 * up front, so concurrent guesses cannot all slip through, and gives it back when it succeeds, so
 * only failures stay counted.
 */
export async function releaseRateLimits(db: Executor, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ count: sql<number>`GREATEST(${eb.ref('count')} - 1, 0)` }))
    .where('key', 'in', keys)
    .execute();
}

/** Clears an account's counters after a successful sign-in, so its owner is never kept out for long. */
export async function clearRateLimit(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
