import {
  type CareerStage,
  DEFAULT_DIRECTORY_VISIBILITY,
  type DirectoryField,
  type DirectoryLock,
  type Visibility,
} from '@societas/contracts';
import type { Executor } from '@societas/db';
import { sql } from '@societas/db';
import type { RawBuilder } from 'kysely';

export type MembershipState = 'active' | 'lapsed' | 'none';

// ---------------------------------------------------------------------------------------------
// Field locks

export async function listLocks(db: Executor): Promise<DirectoryLock[]> {
  const rows = await db
    .selectFrom('directory_field_locks')
    .select(['field', 'visibility', 'updated_at'])
    .orderBy('field')
    .execute();
  return rows.map((r) => ({ field: r.field, visibility: r.visibility, lockedAt: r.updated_at }));
}

export async function upsertLock(
  db: Executor,
  field: DirectoryField,
  visibility: Visibility,
  actorId: string,
) {
  await db
    .insertInto('directory_field_locks')
    .values({ field, visibility, locked_by: actorId })
    .onConflict((oc) =>
      oc.column('field').doUpdateSet({ visibility, locked_by: actorId, updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export async function deleteLock(db: Executor, field: DirectoryField) {
  await db.deleteFrom('directory_field_locks').where('field', '=', field).execute();
}

// ---------------------------------------------------------------------------------------------
// Visibility

/** Who is looking: anyone (public), or a member whose membership is active. */
export type ViewerLevel = 'public' | 'members';

/** SQL for a field's effective visibility: an admin lock wins, else the member's choice, else the default. */
function effectiveVisibility(
  field: DirectoryField,
  locks: Map<DirectoryField, Visibility>,
): RawBuilder<string> {
  const locked = locks.get(field);
  if (locked) return sql<string>`${locked}::text`;
  return sql<string>`coalesce(p.visibility ->> ${field}, ${DEFAULT_DIRECTORY_VISIBILITY[field]}::text)`;
}

/** SQL: may this viewer see `field` of the row aliased `p`? */
function visibleSql(field: DirectoryField, locks: Map<DirectoryField, Visibility>, viewer: ViewerLevel) {
  const allowed = viewer === 'members' ? ['public', 'members'] : ['public'];
  return sql<boolean>`(${effectiveVisibility(field, locks)} = ANY(${allowed}::text[]))`;
}

/** A column, or NULL when the viewer may not see it. */
function maskedColumn<T>(
  field: DirectoryField,
  column: string,
  locks: Map<DirectoryField, Visibility>,
  viewer: ViewerLevel,
) {
  return sql<T | null>`CASE WHEN ${visibleSql(field, locks, viewer)} THEN ${sql.ref(column)} END`;
}

function likePattern(value: string): string {
  return `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface DirectoryFilters {
  name?: string | undefined;
  institution?: string | undefined;
  countryCode?: string | undefined;
  researchArea?: string | undefined;
  careerStage?: CareerStage | undefined;
}

export interface DirectoryRow {
  userId: string;
  name: string;
  institution: string | null;
  countryCode: string | null;
  careerStage: string | null;
  researchAreas: string[] | null;
  orcid: string | null;
}

function locksMap(locks: DirectoryLock[]): Map<DirectoryField, Visibility> {
  return new Map(locks.map((l) => [l.field, l.visibility]));
}

/**
 * The two statements of a directory search (a page of rows, and the capped count), built for the
 * given admin locks. Exported so the benchmark can time the same SQL straight through `pg`.
 */
export function directorySearchQueries(
  db: Executor,
  filters: DirectoryFilters,
  page: { page: number; pageSize: number },
  options: { viewer: ViewerLevel; countCap: number },
  lockList: DirectoryLock[],
) {
  const locks = locksMap(lockList);
  const v = (field: DirectoryField) => visibleSql(field, locks, options.viewer);

  // Active members only: directory_membership summarises the ledger (migration 310; grace in hours
  // since 20261203001400), compared with the clock here, so this filter is an index range scan rather
  // than a ledger walk per row. Checked against the membership rules by
  // test/membership/status-boundaries.ts.
  let base = db
    .selectFrom('member_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .innerJoin('directory_membership as dm', 'dm.user_id', 'p.user_id')
    .where('p.directory_opt_out', '=', false)
    .where('dm.benefits_until', '>', sql<Date>`now()`);
  if (filters.name) base = base.where(sql<boolean>`lower(u.name) LIKE ${likePattern(filters.name)}`);
  if (filters.institution) {
    base = base
      .where(v('institution'))
      .where(sql<boolean>`lower(p.institution) LIKE ${likePattern(filters.institution)}`);
  }
  if (filters.countryCode) base = base.where(v('country')).where('p.country_code', '=', filters.countryCode);
  if (filters.careerStage)
    base = base.where(v('careerStage')).where('p.career_stage', '=', filters.careerStage);
  if (filters.researchArea) {
    const area = filters.researchArea.trim().toLowerCase();
    base = base
      .where(v('researchAreas'))
      .where(sql<boolean>`directory_lower_areas(p.research_areas) && ARRAY[${area}]::text[]`);
  }

  const rows = base
    .select([
      'u.id as userId',
      'u.name',
      maskedColumn<string>('institution', 'p.institution', locks, options.viewer).as('institution'),
      maskedColumn<string>('country', 'p.country_code', locks, options.viewer).as('countryCode'),
      maskedColumn<string>('careerStage', 'p.career_stage', locks, options.viewer).as('careerStage'),
      maskedColumn<string[]>('researchAreas', 'p.research_areas', locks, options.viewer).as('researchAreas'),
      maskedColumn<string>('orcid', 'p.orcid', locks, options.viewer).as('orcid'),
    ])
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const count = db
    .selectFrom(
      base
        .select(sql`1`.as('one'))
        .limit(options.countCap + 1)
        .as('capped'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
  return { rows, count };
}

/**
 * Listed members (profile, not opted out, membership active now) matching the filters. A filter
 * on a field only matches members who let this viewer see that field, so searching cannot reveal
 * a hidden value. Counting stops at `countCap`.
 */
export async function searchDirectory(
  db: Executor,
  filters: DirectoryFilters,
  page: { page: number; pageSize: number },
  options: { viewer: ViewerLevel; countCap: number },
): Promise<{ items: DirectoryRow[]; total: number; totalCapped: boolean }> {
  const q = directorySearchQueries(db, filters, page, options, await listLocks(db));
  const [rows, count] = await Promise.all([q.rows.execute(), q.count.executeTakeFirstOrThrow()]);
  const n = Number(count.n);
  return {
    items: rows.map((r) => ({ ...r, countryCode: r.countryCode?.trim() ?? null })),
    total: Math.min(n, options.countCap),
    totalCapped: n > options.countCap,
  };
}

/** One member's card as this viewer may see it; undefined when there is no such user. */
export async function findMemberCard(db: Executor, userId: string, viewer: ViewerLevel) {
  const locks = locksMap(await listLocks(db));
  return db
    .selectFrom('users as u')
    .leftJoin('member_profiles as p', 'p.user_id', 'u.id')
    .select([
      'u.id as userId',
      'u.name',
      sql<boolean>`p.user_id IS NOT NULL`.as('hasProfile'),
      sql<boolean>`coalesce(NOT p.directory_opt_out, false)`.as('listed'),
      maskedColumn<string>('institution', 'p.institution', locks, viewer).as('institution'),
      maskedColumn<string>('country', 'p.country_code', locks, viewer).as('countryCode'),
      maskedColumn<string>('careerStage', 'p.career_stage', locks, viewer).as('careerStage'),
      maskedColumn<string[]>('researchAreas', 'p.research_areas', locks, viewer).as('researchAreas'),
      maskedColumn<string>('orcid', 'p.orcid', locks, viewer).as('orcid'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** Has this person ever held (or been appointed to) a committee seat? Committee service is public. */
export async function hasCommitteeService(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('committee_terms')
    .select('id')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
