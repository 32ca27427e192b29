import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

/** better-auth keeps each reset token as a `verifications` row `reset-password:<token>` -> user id. */
const RESET_IDENTIFIER_PREFIX = 'reset-password:';

/** The account a reset token belongs to while it is still usable (unexpired, not used); else null. */
export async function usableResetToken(
  db: Executor,
  token: string,
): Promise<{ userId: string; email: string } | null> {
  const row = await db
    .selectFrom('verifications as v')
    .innerJoin('users as u', 'u.id', 'v.value')
    .select(['u.id', 'u.email'])
    .where('v.identifier', '=', `${RESET_IDENTIFIER_PREFIX}${token}`)
    .where('v.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { userId: row.id, email: row.email } : null;
}

/**
 * Ends every outstanding reset link of a user: called when their password changes (by a reset or
 * on the account page), so an older link in the mailbox cannot set it again.
 */
export async function deleteResetTokensOf(db: Executor, userId: string): Promise<void> {
  await db
    .deleteFrom('verifications')
    .where('identifier', 'like', `${RESET_IDENTIFIER_PREFIX}%`)
    .where('value', '=', userId)
    .execute();
}
