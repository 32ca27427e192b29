import type { Executor } from '@societas/db';
import { loadMembership } from './membership.service.js';

/** A person's membership in the three words other modules (directory, committees) need. */
export type MembershipStanding = 'active' | 'lapsed' | 'none';

/**
 * A person's membership today as the membership module derives it from the ledger:
 * `active` while they have benefits (renewal window and grace included), `lapsed` once they had a
 * membership and no longer do, `none` if they never had one. Access checks and roster warnings use
 * this; only the directory's list filter uses the ledger summary kept by migration 310 (directory_membership).
 */
export async function membershipStateOf(
  db: Executor,
  userId: string,
  now = new Date(),
): Promise<MembershipStanding> {
  const { derived } = await loadMembership(db, userId, now);
  if (derived.status === 'none') return 'none';
  return derived.hasBenefits ? 'active' : 'lapsed';
}

export async function membershipStatesOf(
  db: Executor,
  userIds: string[],
  now = new Date(),
): Promise<Map<string, MembershipStanding>> {
  const unique = [...new Set(userIds)];
  const states = await Promise.all(unique.map((id) => membershipStateOf(db, id, now)));
  return new Map(unique.map((id, i) => [id, states[i]!]));
}
