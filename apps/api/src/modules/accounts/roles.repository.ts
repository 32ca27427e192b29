import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

const CHAIR_ROLES = ['chair', 'co_chair'] as const;

/** Committees whose roster this user manages today: a current chair or co-chair term. */
export async function chairedCommitteeIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('committee_terms')
    .select('committee_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('role', 'in', CHAIR_ROLES)
    .where('starts_on', '<=', sql<string>`current_date`)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>', sql<string>`current_date`)]))
    .execute();
  return rows.map((r) => r.committee_id);
}

export async function isCommitteeChair(db: Executor, userId: string, committeeId: string): Promise<boolean> {
  const ids = await chairedCommitteeIds(db, userId);
  return ids.includes(committeeId);
}

export async function employerIdsFor(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('employer_users')
    .select('employer_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.employer_id);
}
