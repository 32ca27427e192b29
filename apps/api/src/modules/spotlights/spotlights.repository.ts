import type { SpotlightStatus } from '@societas/contracts';
import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

/** Public means: published or scheduled, and the publish time has come. No job flips the status. */
export const isPublicSql = sql<boolean>`(s.status IN ('published', 'scheduled') AND s.publish_at <= now())`;

const CARD_COLUMNS = [
  's.slug',
  's.title',
  's.standfirst',
  's.photo_url as photoUrl',
  's.tags',
  's.publish_at as publishAt',
  'm.name as memberName',
] as const;

export async function listPublic(db: Executor, tag: string | null, page: number, pageSize: number) {
  let base = db
    .selectFrom('spotlights as s')
    .leftJoin('users as m', 'm.id', 's.member_user_id')
    .where(isPublicSql);
  if (tag) base = base.where(sql<boolean>`s.tags @> ARRAY[${tag}]::text[]`);
  const [items, count] = await Promise.all([
    base
      .select(CARD_COLUMNS)
      .orderBy('s.publish_at', 'desc')
      .orderBy('s.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n), page, pageSize };
}

export async function listPublicTags(db: Executor) {
  const rows = await sql<{ tag: string; n: string }>`
    SELECT tag, count(*) AS n FROM spotlights s, unnest(s.tags) AS tag
    WHERE ${isPublicSql} GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 30`.execute(db);
  return rows.rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}

function detailQuery(db: Executor) {
  return db
    .selectFrom('spotlights as s')
    .leftJoin('users as m', 'm.id', 's.member_user_id')
    .select([
      ...CARD_COLUMNS,
      's.id',
      's.body_md',
      's.qa',
      's.status',
      's.member_user_id',
      isPublicSql.as('isPublic'),
    ]);
}

/** The spotlight at this address: its current slug, else one it had before (migration 320). */
export async function findBySlug(db: Executor, slug: string) {
  const current = await detailQuery(db).where('s.slug', '=', slug).executeTakeFirst();
  if (current) return current;
  return detailQuery(db)
    .innerJoin('spotlight_slug_history as h', 'h.spotlight_id', 's.id')
    .where('h.slug', '=', slug)
    .executeTakeFirst();
}

export async function listPreviewsFor(db: Executor, userId: string) {
  return db
    .selectFrom('spotlights as s')
    .select(['s.slug', 's.title', 's.status', 's.publish_at as publishAt'])
    .where('s.member_user_id', '=', userId)
    .where('s.status', 'in', ['draft', 'in_review', 'scheduled'])
    .where((eb) => eb.or([eb('s.status', '<>', 'scheduled'), eb('s.publish_at', '>', sql<Date>`now()`)]))
    .orderBy('s.updated_at', 'desc')
    .execute();
}

export async function searchNominees(db: Executor, q: string) {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('users as u')
    .innerJoin('member_profiles as p', 'p.user_id', 'u.id')
    .select(['u.id as userId', 'u.name'])
    .where('p.directory_opt_out', '=', false)
    .where(sql<boolean>`lower(u.name) LIKE ${pattern}`)
    .orderBy(sql`lower(u.name)`)
    .limit(10)
    .execute();
}

const ADMIN_COLUMNS = [
  's.id',
  's.slug',
  's.title',
  's.standfirst',
  's.body_md',
  's.photo_url',
  's.member_user_id',
  'm.name as member_name',
  's.qa',
  's.tags',
  's.status',
  's.publish_at',
  'n.name as nominated_by_name',
  's.nomination_reason',
  's.updated_at',
] as const;

export type AdminSpotlightRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

function adminQuery(db: Executor) {
  return db
    .selectFrom('spotlights as s')
    .leftJoin('users as m', 'm.id', 's.member_user_id')
    .leftJoin('users as n', 'n.id', 's.nominated_by');
}

export async function findById(db: Executor, id: string) {
  return adminQuery(db).select(ADMIN_COLUMNS).where('s.id', '=', id).executeTakeFirst();
}

export async function lockById(db: Executor, id: string) {
  return adminQuery(db).select(ADMIN_COLUMNS).where('s.id', '=', id).forUpdate('s').executeTakeFirst();
}

export async function listForAdmin(
  db: Executor,
  status: SpotlightStatus | null,
  page: number,
  pageSize: number,
) {
  let base = adminQuery(db);
  if (status) base = base.where('s.status', '=', status);
  const [items, count] = await Promise.all([
    base
      .select([
        's.id',
        's.slug',
        's.title',
        's.status',
        's.publish_at as publishAt',
        'm.name as memberName',
        'n.name as nominatedByName',
        's.updated_at as updatedAt',
      ])
      .orderBy('s.updated_at', 'desc')
      .orderBy('s.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n), page, pageSize };
}

export interface SpotlightFields {
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  photoUrl: string | null;
  memberUserId: string | null;
  qa: Array<{ question: string; answer: string }>;
  tags: string[];
}

function values(f: SpotlightFields) {
  return {
    slug: f.slug,
    title: f.title,
    standfirst: f.standfirst,
    body_md: f.bodyMd,
    photo_url: f.photoUrl,
    member_user_id: f.memberUserId,
    qa: JSON.stringify(f.qa) as unknown as Array<{ question: string; answer: string }>,
    tags: f.tags,
  };
}

export async function insertSpotlight(
  db: Executor,
  f: SpotlightFields,
  extra: { status: SpotlightStatus; nominatedBy?: string | null; nominationReason?: string | null },
): Promise<string> {
  const row = await db
    .insertInto('spotlights')
    .values({
      ...values(f),
      status: extra.status,
      nominated_by: extra.nominatedBy ?? null,
      nomination_reason: extra.nominationReason ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSpotlight(db: Executor, id: string, f: SpotlightFields) {
  await db
    .updateTable('spotlights')
    .set({ ...values(f), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setStatus(db: Executor, id: string, status: SpotlightStatus, publishAt: Date | null) {
  await db
    .updateTable('spotlights')
    .set({ status, publish_at: publishAt, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Remembers a spotlight's old slug and forgets the one it now uses. */
export async function recordSlugChange(db: Executor, spotlightId: string, oldSlug: string, newSlug: string) {
  await db.deleteFrom('spotlight_slug_history').where('slug', '=', newSlug).execute();
  await db
    .insertInto('spotlight_slug_history')
    .values({ slug: oldSlug, spotlight_id: spotlightId })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ spotlight_id: spotlightId }))
    .execute();
}

/** In use by another spotlight, now or before (old addresses keep pointing where they pointed). */
export async function slugTaken(db: Executor, slug: string, exceptId?: string) {
  let h = db.selectFrom('spotlight_slug_history').select('spotlight_id').where('slug', '=', slug);
  if (exceptId) h = h.where('spotlight_id', '<>', exceptId);
  if (await h.executeTakeFirst()) return true;
  let q = db.selectFrom('spotlights').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function findPerson(db: Executor, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirst();
}

export async function dbNow(db: Executor): Promise<Date> {
  const r = await sql<{ now: Date }>`SELECT now() AS now`.execute(db);
  return r.rows[0]!.now;
}
