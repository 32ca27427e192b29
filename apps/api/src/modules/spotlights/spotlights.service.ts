import {
  type AdminSpotlight,
  SPOTLIGHT_STATUS_LABELS,
  SPOTLIGHT_TRANSITIONS,
  type SpotlightCard,
  type SpotlightDetail,
  type SpotlightStatus,
} from '@societas/contracts';
import type { Executor } from '@societas/db';
import { AppError, notFound } from '../../errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { type ServiceContext, withTransaction } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
import { hasPublicMemberPage } from '../directory/index.js';
import { markUrlsInUse } from '../files/index.js';
import { queueMail } from '../mail/index.js';
import { societySettings } from '../settings/index.js';
import { spotlightPreviewMail } from './spotlights.mails.js';
import {
  type AdminSpotlightRow,
  dbNow,
  findById,
  findBySlug,
  findPerson,
  insertSpotlight,
  listForAdmin,
  listPreviewsFor,
  listPublic,
  listPublicTags,
  lockById,
  recordSlugChange,
  type SpotlightFields,
  searchNominees,
  setStatus,
  slugTaken,
  updateSpotlight,
} from './spotlights.repository.js';

type CardRow = Awaited<ReturnType<typeof listPublic>>['items'][number];
function toCard(r: CardRow): SpotlightCard {
  return {
    slug: r.slug,
    title: r.title,
    standfirst: r.standfirst,
    photoUrl: r.photoUrl,
    tags: r.tags,
    publishAt: r.publishAt,
    memberName: r.memberName,
  };
}

export async function listPublished(ctx: ServiceContext, tag: string | null, page: number, pageSize: number) {
  const result = await listPublic(ctx.db, tag, page, pageSize);
  return { ...result, items: result.items.map(toCard) };
}

export async function latest(ctx: ServiceContext, n = 3): Promise<SpotlightCard[]> {
  return (await listPublic(ctx.db, null, 1, n)).items.map(toCard);
}

export async function tags(ctx: ServiceContext) {
  return listPublicTags(ctx.db);
}

function parseQa(qa: unknown): Array<{ question: string; answer: string }> {
  if (!Array.isArray(qa)) return [];
  return qa.filter(
    (item): item is { question: string; answer: string } =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as { question?: unknown }).question === 'string' &&
      typeof (item as { answer?: unknown }).answer === 'string',
  );
}

/**
 * The public page of a spotlight. Before publication (draft, review, scheduled for later) only
 * an admin and the featured member may see it, as a preview; everyone else gets NOT_FOUND.
 */
export async function detail(ctx: ServiceContext, slug: string): Promise<SpotlightDetail> {
  const viewer = ctx.actor;
  const row = await findBySlug(ctx.db, slug);
  if (!row) throw notFound('This spotlight');
  if (!row.isPublic) {
    const mayPreview =
      viewer !== null &&
      row.status !== 'nominated' &&
      row.status !== 'archived' &&
      (viewer.role === 'admin' || viewer.id === row.member_user_id);
    if (!mayPreview) throw notFound('This spotlight');
  }
  return {
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    photoUrl: row.photoUrl,
    tags: row.tags,
    publishAt: row.publishAt,
    memberName: row.memberName,
    bodyHtml: renderMarkdown(row.body_md),
    qa: parseQa(row.qa).map((item) => ({ question: item.question, answerHtml: renderMarkdown(item.answer) })),
    member:
      row.member_user_id && row.memberName
        ? {
            userId: row.member_user_id,
            name: row.memberName,
            hasProfilePage: await hasPublicMemberPage(ctx, row.member_user_id),
          }
        : null,
    status: row.status,
    preview: !row.isPublic,
  };
}

/** Meta tags for the server-rendered head of /spotlights/:slug: published spotlights only. */
export async function socialMeta(db: Executor, slug: string) {
  const row = await findBySlug(db, slug);
  if (!row?.isPublic) return null;
  return { slug: row.slug, title: row.title, description: row.standfirst, image: row.photoUrl };
}

/** The actor's own unpublished spotlights, to preview. */
export async function myPreviews(ctx: ServiceContext) {
  return ctx.actor ? listPreviewsFor(ctx.db, ctx.actor.id) : [];
}

export async function nominees(ctx: ServiceContext, q: string) {
  return searchNominees(ctx.db, q);
}

function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'member'
  );
}

/** Anyone signed in nominates a member; an admin turns the nomination into a draft later. */
export async function nominate(ctx: ServiceContext, memberUserId: string, reason: string) {
  return withTransaction(ctx, async ({ db: trx, actor, requestId }) => {
    const person = await findPerson(trx, memberUserId);
    if (!person)
      throw new AppError('NOT_FOUND', 'That member was not found.', { memberUserId: ['Choose a member'] });
    const base = `${slugify(person.name)}-${Date.now().toString(36)}`;
    let slug = base;
    for (let i = 2; await slugTaken(trx, slug); i++) slug = `${base}-${i}`;
    const id = await insertSpotlight(
      trx,
      {
        slug,
        title: `Spotlight on ${person.name}`,
        standfirst: '',
        bodyMd: '',
        photoUrl: null,
        memberUserId,
        qa: [],
        tags: [],
      },
      { status: 'nominated', nominatedBy: actor?.id ?? null, nominationReason: reason },
    );
    await recordAudit(trx, {
      actorUserId: actor?.id ?? null,
      action: 'spotlight.nominate',
      entityType: 'spotlight',
      entityId: id,
      before: null,
      after: { memberUserId, memberName: person.name, reason },
      requestId,
    });
    return { id };
  });
}

function toAdmin(r: AdminSpotlightRow): AdminSpotlight {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    standfirst: r.standfirst,
    bodyMd: r.body_md,
    photoUrl: r.photo_url,
    member: r.member_user_id && r.member_name ? { userId: r.member_user_id, name: r.member_name } : null,
    qa: parseQa(r.qa),
    tags: r.tags,
    status: r.status,
    publishAt: r.publish_at,
    nominatedByName: r.nominated_by_name,
    nominationReason: r.nomination_reason,
  };
}

function snapshot(r: AdminSpotlightRow) {
  const a = toAdmin(r);
  return {
    slug: a.slug,
    title: a.title,
    standfirst: a.standfirst,
    bodyMd: a.bodyMd,
    photoUrl: a.photoUrl,
    memberUserId: a.member?.userId ?? null,
    qa: a.qa,
    tags: a.tags,
    status: a.status,
    publishAt: a.publishAt,
  };
}

export async function adminList(
  ctx: ServiceContext,
  status: SpotlightStatus | null,
  page: number,
  pageSize: number,
) {
  return listForAdmin(ctx.db, status, page, pageSize);
}

export async function adminGet(ctx: ServiceContext, id: string): Promise<AdminSpotlight> {
  const row = await findById(ctx.db, id);
  if (!row) throw notFound('This spotlight');
  return toAdmin(row);
}

async function assertFields(trx: Executor, f: SpotlightFields, exceptId?: string) {
  if (await slugTaken(trx, f.slug, exceptId)) {
    throw new AppError('CONFLICT', 'Another spotlight already uses this address.', {
      slug: ['Another spotlight already uses this address'],
    });
  }
  if (f.memberUserId && !(await findPerson(trx, f.memberUserId))) {
    throw new AppError('NOT_FOUND', 'That member was not found.', { memberUserId: ['Choose a member'] });
  }
}

export async function create(ctx: ServiceContext, f: SpotlightFields) {
  return withTransaction(ctx, async (tx) => {
    const { db: trx, actor, requestId } = tx;
    await assertFields(trx, f);
    await markUrlsInUse(tx, [f.photoUrl]);
    const id = await insertSpotlight(trx, f, { status: 'draft' });
    const after = (await findById(trx, id))!;
    await recordAudit(trx, {
      actorUserId: actor?.id ?? null,
      action: 'spotlight.create',
      entityType: 'spotlight',
      entityId: id,
      before: null,
      after: snapshot(after),
      requestId,
    });
    return toAdmin(after);
  });
}

export async function update(ctx: ServiceContext, id: string, f: SpotlightFields) {
  return withTransaction(ctx, async (tx) => {
    const { db: trx, actor, requestId } = tx;
    const before = await lockById(trx, id);
    if (!before) throw notFound('This spotlight');
    await assertFields(trx, f, id);
    await markUrlsInUse(tx, [f.photoUrl]);
    await updateSpotlight(trx, id, f);
    if (before.slug !== f.slug) await recordSlugChange(trx, id, before.slug, f.slug);
    const after = (await findById(trx, id))!;
    await recordAudit(trx, {
      actorUserId: actor?.id ?? null,
      action: 'spotlight.update',
      entityType: 'spotlight',
      entityId: id,
      before: snapshot(before),
      after: snapshot(after),
      requestId,
    });
    return toAdmin(after);
  });
}

/**
 * Workflow moves. Scheduling needs a time in the future; the spotlight becomes public when that
 * time comes (no job flips it: "public" is computed from status and publish time on every read).
 * Going to review tells the featured member where to preview the story (once per spotlight and
 * member, through the mail outbox in the same transaction).
 */
export async function transition(
  ctx: ServiceContext,
  id: string,
  to: Exclude<SpotlightStatus, 'nominated'>,
  publishAt: Date | null,
) {
  return withTransaction(ctx, async ({ db: trx, env, actor, requestId }) => {
    const before = await lockById(trx, id);
    if (!before) throw notFound('This spotlight');
    const allowed = SPOTLIGHT_TRANSITIONS[before.status];
    if (!allowed.includes(to)) {
      throw new AppError(
        'CONFLICT',
        `A spotlight that is ${SPOTLIGHT_STATUS_LABELS[before.status].toLowerCase()} cannot be moved to ${SPOTLIGHT_STATUS_LABELS[to].toLowerCase()}.`,
      );
    }
    if ((to === 'scheduled' || to === 'published') && (!before.standfirst.trim() || !before.body_md.trim())) {
      throw new AppError('BAD_INPUT', 'Write the standfirst and the story before publishing or scheduling.');
    }
    const now = await dbNow(trx);
    let when: Date | null = before.publish_at;
    if (to === 'scheduled') {
      if (!publishAt) {
        throw new AppError('BAD_INPUT', 'Choose when to publish.', { publishAt: ['Choose a date and time'] });
      }
      if (publishAt.getTime() <= now.getTime()) {
        throw new AppError('BAD_INPUT', 'The publication time must be in the future.', {
          publishAt: ['Choose a time in the future'],
        });
      }
      when = publishAt;
    } else if (to === 'published') {
      when = now;
    } else if (to === 'draft' || to === 'in_review') {
      when = null;
    }
    await setStatus(trx, id, to, when);
    const after = (await findById(trx, id))!;
    if (to === 'in_review' && after.member_user_id) {
      const member = await findPerson(trx, after.member_user_id);
      if (member) {
        const next = `/spotlights/${encodeURIComponent(after.slug)}`;
        const url = `${env.PUBLIC_URL}/sign-in?next=${encodeURIComponent(next)}`;
        await queueMail(
          trx,
          member.email,
          'spotlight_preview',
          spotlightPreviewMail((await societySettings({ db: trx, env })).name, member.name, after.title, url),
          { dedupeKey: `spotlight-preview:${id}:${member.id}` },
        );
      }
    }
    await recordAudit(trx, {
      actorUserId: actor?.id ?? null,
      action: `spotlight.${to}`,
      entityType: 'spotlight',
      entityId: id,
      before: { status: before.status, publishAt: before.publish_at },
      after: { status: after.status, publishAt: after.publish_at },
      requestId,
    });
    return toAdmin(after);
  });
}
