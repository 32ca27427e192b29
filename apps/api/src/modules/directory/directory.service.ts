import {
  type CareerStage,
  DIRECTORY_COUNT_CAP,
  type DirectoryField,
  type MemberCard,
  type Visibility,
} from '@societas/contracts';
import { AppError, notFound } from '../../errors.js';
import { type ServiceContext, withTransaction } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
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
export async function assertDirectoryAccess(ctx: ServiceContext): Promise<void> {
  const viewer = ctx.actor;
  if (viewer?.role === 'admin') return;
  if (!viewer || (await membershipStateOf(ctx.db, viewer.id, ctx.now)) !== 'active') {
    throw new AppError('FORBIDDEN', DIRECTORY_FORBIDDEN_MESSAGE);
  }
}

export async function search(
  ctx: ServiceContext,
  filters: DirectoryFilters,
  page: { page: number; pageSize: number },
) {
  await assertDirectoryAccess(ctx);
  // Counting stops at the cap, so pages past it are never offered; don't let OFFSET scan there either.
  if ((page.page - 1) * page.pageSize >= DIRECTORY_COUNT_CAP) {
    throw new AppError('BAD_INPUT', 'Narrow your search to see more results.');
  }
  const result = await searchDirectory(ctx.db, filters, page, {
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

/** Does the page show its viewer anything besides the name? */
function sharesAField(card: MemberCard): boolean {
  return (
    card.institution !== null ||
    card.countryCode !== null ||
    card.careerStage !== null ||
    card.orcid !== null ||
    (card.researchAreas?.length ?? 0) > 0
  );
}

/**
 * A member's page as the context's actor may see it, or null when they have none (ADR 007,
 * "Member pages"). For a viewer who is neither the person nor an admin:
 * - a listed member (not opted out) whose membership is active: the fields this viewer may see
 *   (public fields for anyone, members-only fields too for an active member). A viewer below the
 *   members' level (a visitor, a lapsed member) gets the page only when it shows them at least one
 *   field or the person has served on a committee: a page of a bare name would tell the public
 *   who is a member although the member chose to share nothing with the public;
 * - someone who is not opted out, not an active member, but has served on a committee: their name
 *   and no directory fields (committee service is public on committee pages anyway);
 * - anyone else (opted out, lapsed or never a member without service, no such user): null.
 * The person themself and admins always see the page, fields at the members' level.
 */
export async function memberPageFor(ctx: ServiceContext, userId: string): Promise<MemberCard | null> {
  const { db, actor: viewer } = ctx;
  const privileged = viewer !== null && (viewer.id === userId || viewer.role === 'admin');
  const level =
    privileged || (viewer && (await membershipStateOf(db, viewer.id, ctx.now)) === 'active')
      ? 'members'
      : 'public';
  const card = await findMemberCard(db, userId, level);
  if (!card) return null;
  const optedOut = card.hasProfile && !card.listed;
  const active = card.hasProfile && (await membershipStateOf(db, userId, ctx.now)) === 'active';
  const served = !privileged && !optedOut && (await hasCommitteeService(db, userId));
  if (!privileged) {
    if (optedOut) return null;
    if (!active && !served) return null;
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
  const page: MemberCard = {
    ...fields,
    listed: active,
    countryCode: card.countryCode?.trim() ?? null,
    careerStage: card.careerStage as CareerStage | null,
  };
  if (!privileged && level === 'public' && !served && !sharesAField(page)) return null;
  return page;
}

/**
 * A member's page (see memberPageFor); NOT_FOUND, as for an unknown id, when the viewer has none.
 * An admin sees anyone's page, opted-out and lapsed members' too, so an admin's read of someone
 * else's page is audited (docs/reliability.md A9).
 */
export async function memberCard(ctx: ServiceContext, userId: string): Promise<MemberCard> {
  const page = await memberPageFor(ctx, userId);
  if (!page) throw notFound('This member');
  if (ctx.actor?.role === 'admin' && ctx.actor.id !== userId) {
    await recordAudit(ctx.db, {
      actorUserId: ctx.actor.id,
      action: 'directory.member_viewed',
      entityType: 'user',
      entityId: userId,
      requestId: ctx.requestId,
    });
  }
  return page;
}

/** Does this person have a member page for everyone, visitors included? For links from public pages. */
export async function hasPublicMemberPage(ctx: ServiceContext, userId: string): Promise<boolean> {
  return (await memberPageFor({ ...ctx, actor: null }, userId)) !== null;
}

export async function locks(ctx: ServiceContext) {
  return listLocks(ctx.db);
}

export async function setLock(ctx: ServiceContext, field: DirectoryField, visibility: Visibility | null) {
  return withTransaction(ctx, async ({ db: trx, actor, requestId }) => {
    const before = (await listLocks(trx)).find((l) => l.field === field) ?? null;
    if (visibility === null) await deleteLock(trx, field);
    else await upsertLock(trx, field, visibility, actor!.id);
    await recordAudit(trx, {
      actorUserId: actor?.id ?? null,
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
