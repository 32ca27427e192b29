import {
  type CareerStage,
  DIRECTORY_COUNT_CAP,
  type DirectoryField,
  type MemberCard,
  type Visibility,
} from '@societas/contracts';
import type { DB } from '@societas/db';
import { AppError, notFound } from '../../errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { membershipStateOf } from '../membership/index.js';
import {
  type DirectoryFilters,
  deleteLock,
  findMemberCard,
  hasCommitteeService,
  listLocks,
  searchDirectory,
  upsertLock,
} from './directory.repository.js';

export const DIRECTORY_FORBIDDEN_MESSAGE =
  'The member directory is for members with an active membership. Join or renew to search it.';

/**
 * The directory is open to signed-in members whose membership is active (grace included), and to
 * administrators (staff, who also set the directory's field rules).
 */
export async function assertDirectoryAccess(db: DB, viewer: { id: string; role: string }): Promise<void> {
  if (viewer.role === 'admin') return;
  if ((await membershipStateOf(db, viewer.id)) !== 'active') {
    throw new AppError('FORBIDDEN', DIRECTORY_FORBIDDEN_MESSAGE);
  }
}

export async function search(
  db: DB,
  viewer: { id: string; role: string },
  filters: DirectoryFilters,
  page: { page: number; pageSize: number },
) {
  await assertDirectoryAccess(db, viewer);
  // Counting stops at the cap, so pages past it are never offered; don't let OFFSET scan there either.
  if ((page.page - 1) * page.pageSize >= DIRECTORY_COUNT_CAP) {
    throw new AppError('BAD_INPUT', 'Narrow your search to see more results.');
  }
  const result = await searchDirectory(db, filters, page, {
    viewer: 'members',
    countCap: DIRECTORY_COUNT_CAP,
  });
  return {
    items: result.items.map((r) => ({ ...r, careerStage: r.careerStage as CareerStage | null })),
    total: result.total,
    totalCapped: result.totalCapped,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/**
 * A member's page. Who has one, for a viewer who is neither the person nor an admin:
 * - a listed member (not opted out) whose membership is active: the fields this viewer may see
 *   (public fields for anyone, members-only fields too for an active member);
 * - someone who is not opted out, not an active member, but has served on a committee: their name
 *   and no directory fields (committee service is public on committee pages anyway);
 * - anyone else (opted out, lapsed or never a member without service, no such user): NOT_FOUND, the
 *   same answer as for an unknown id, so the page does not reveal that the account exists.
 * The person themself and admins always see the page, fields at the members' level.
 */
export async function memberCard(
  db: DB,
  viewer: { id: string; role: string } | null,
  userId: string,
): Promise<MemberCard> {
  const privileged = viewer !== null && (viewer.id === userId || viewer.role === 'admin');
  const level =
    privileged || (viewer && (await membershipStateOf(db, viewer.id)) === 'active') ? 'members' : 'public';
  const card = await findMemberCard(db, userId, level);
  if (!card) throw notFound('This member');
  const optedOut = card.hasProfile && !card.listed;
  const active = card.hasProfile && (await membershipStateOf(db, userId)) === 'active';
  if (!privileged) {
    if (optedOut) throw notFound('This member');
    if (!active && !(await hasCommitteeService(db, userId))) throw notFound('This member');
  }
  const { hasProfile: _, ...fields } = card;
  if (!card.listed || (!active && !privileged)) {
    return {
      ...fields,
      listed: card.listed && active,
      institution: null,
      countryCode: null,
      careerStage: null,
      researchAreas: null,
      orcid: null,
    };
  }
  return {
    ...fields,
    listed: active,
    countryCode: card.countryCode?.trim() ?? null,
    careerStage: card.careerStage as CareerStage | null,
  };
}

/** Does this person have a member page for everyone (see memberCard)? For links from other pages. */
export async function hasPublicMemberPage(db: DB, userId: string): Promise<boolean> {
  const card = await findMemberCard(db, userId, 'public');
  if (!card?.hasProfile || !card.listed) return false;
  return (await membershipStateOf(db, userId)) === 'active' || (await hasCommitteeService(db, userId));
}

export async function locks(db: DB) {
  return listLocks(db);
}

export async function setLock(
  db: DB,
  actorId: string,
  field: DirectoryField,
  visibility: Visibility | null,
  requestId: string,
) {
  return db.transaction().execute(async (trx) => {
    const before = (await listLocks(trx)).find((l) => l.field === field) ?? null;
    if (visibility === null) await deleteLock(trx, field);
    else await upsertLock(trx, field, visibility, actorId);
    await recordAudit(trx, {
      actorUserId: actorId,
      action: visibility === null ? 'directory.unlock_field' : 'directory.lock_field',
      entityType: 'directory_field',
      entityId: field,
      before: before && { field, visibility: before.visibility },
      after: visibility === null ? null : { field, visibility },
      requestId,
    });
    return listLocks(trx);
  });
}
