import { type Executor, sql } from '@societas/db';

/**
 * How long a rate-limit counter is kept after its window started. Must stay longer than the longest
 * rate-limit window in use (one hour today), so only counters that no longer count are removed.
 */
export const RATE_LIMIT_RETENTION_HOURS = 24;

export interface HousekeepingResult {
  sessions: number;
  verifications: number;
  rateLimits: number;
}

/**
 * Removes rows that can no longer be used: expired sessions, expired verification tokens (email
 * verification, password reset) and rate-limit counters whose window is long over.
 */
export async function deleteExpiredRows(db: Executor, now: Date): Promise<HousekeepingResult> {
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  const verifications = await db.deleteFrom('verifications').where('expires_at', '<', now).executeTakeFirst();
  const rateLimits = await db
    .deleteFrom('rate_limits')
    .where(
      'window_started_at',
      '<',
      sql<Date>`${now}::timestamptz - make_interval(hours => ${RATE_LIMIT_RETENTION_HOURS})`,
    )
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    verifications: Number(verifications.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
  };
}
