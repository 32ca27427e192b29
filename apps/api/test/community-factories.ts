import { sql } from '@societas/db';
import { makeUser, type TestApp } from './harness.js';

const DAY = 86_400_000;

/**
 * A user with a member profile and, unless `membership: 'none'`, a ledger row that makes them
 * active (joined a year ago, ends in a year) or lapsed (ended two years ago, past grace).
 */
export async function makeMember(
  app: TestApp,
  options: {
    name?: string;
    role?: 'user' | 'admin';
    membership?: 'active' | 'lapsed' | 'none';
    profile?: {
      institution?: string | null;
      countryCode?: string | null;
      careerStage?: string | null;
      researchAreas?: string[];
      orcid?: string | null;
      directoryOptOut?: boolean;
      visibility?: Record<string, string>;
    };
  } = {},
) {
  const user = await makeUser(app, {
    ...(options.name ? { name: options.name } : {}),
    ...(options.role ? { role: options.role } : {}),
  });
  const p = options.profile ?? {};
  await app.db
    .insertInto('member_profiles')
    .values({
      user_id: user.id,
      institution: p.institution ?? null,
      country_code: p.countryCode ?? null,
      career_stage: p.careerStage ?? null,
      research_areas: p.researchAreas ?? [],
      orcid: p.orcid ?? null,
      directory_opt_out: p.directoryOptOut ?? false,
      visibility: JSON.stringify(p.visibility ?? {}) as never,
    })
    .execute();
  const membership = options.membership ?? 'active';
  if (membership !== 'none') {
    const now = Date.now();
    const startsAt = new Date(membership === 'active' ? now - 365 * DAY : now - 3 * 365 * DAY);
    const endsAt = new Date(membership === 'active' ? now + 365 * DAY : now - 2 * 365 * DAY);
    await app.db
      .insertInto('membership_events')
      .values({
        user_id: user.id,
        kind: 'joined',
        term_years: 1,
        starts_at: startsAt,
        ends_at: endsAt,
        created_at: startsAt,
      })
      .execute();
  }
  return { ...user, name: options.name ?? (await nameOf(app, user.id)) };
}

async function nameOf(app: TestApp, userId: string) {
  const row = await app.db
    .selectFrom('users')
    .select('name')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.name;
}

let committeeSeq = 0;
export async function makeCommittee(
  app: TestApp,
  options: {
    name?: string;
    chargeMd?: string;
    maxConsecutiveTerms?: number | null;
    termLengthMonths?: number | null;
    archived?: boolean;
  } = {},
) {
  committeeSeq += 1;
  const slug = `committee-${Date.now().toString(36)}-${committeeSeq}`;
  const row = await app.db
    .insertInto('committees')
    .values({
      slug,
      name: options.name ?? `Committee ${committeeSeq}`,
      kind: 'standing',
      charge_md: options.chargeMd ?? 'Advises the board.',
      max_consecutive_terms: options.maxConsecutiveTerms ?? null,
      term_length_months: options.termLengthMonths ?? null,
      archived_at: options.archived ? sql<Date>`now()` : null,
    })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
  return row;
}

/** A term straight into the table (setup, not the behaviour under test). */
export async function makeTerm(
  app: TestApp,
  committeeId: string,
  userId: string,
  role: string,
  startsOn: string,
  endsOn: string | null,
) {
  const row = await app.db
    .insertInto('committee_terms')
    .values({
      committee_id: committeeId,
      user_id: userId,
      role: role as never,
      starts_on: startsOn,
      ends_on: endsOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** YYYY-MM-DD, `days` from today (UTC). */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}
export function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}
