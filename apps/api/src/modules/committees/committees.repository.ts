import type { CommitteeKind, CommitteeRole } from '@societas/contracts';
import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

const COMMITTEE_COLUMNS = [
  'c.id',
  'c.slug',
  'c.name',
  'c.kind',
  'c.charge_md',
  'c.max_consecutive_terms',
  'c.term_length_months',
  'c.sort_order',
  'c.archived_at',
] as const;

export type CommitteeRow = NonNullable<Awaited<ReturnType<typeof findCommitteeById>>>;

export async function findCommitteeById(db: Executor, id: string) {
  return db.selectFrom('committees as c').select(COMMITTEE_COLUMNS).where('c.id', '=', id).executeTakeFirst();
}

/** The committee at this address: its current slug, else one it had before (migration 320). */
export async function findCommitteeBySlug(db: Executor, slug: string) {
  const current = await db
    .selectFrom('committees as c')
    .select(COMMITTEE_COLUMNS)
    .where('c.slug', '=', slug)
    .executeTakeFirst();
  if (current) return current;
  return db
    .selectFrom('committee_slug_history as h')
    .innerJoin('committees as c', 'c.id', 'h.committee_id')
    .select(COMMITTEE_COLUMNS)
    .where('h.slug', '=', slug)
    .executeTakeFirst();
}

/** Remembers a committee's old slug and forgets the one it now uses (so it never shadows itself). */
export async function recordSlugChange(db: Executor, committeeId: string, oldSlug: string, newSlug: string) {
  await db.deleteFrom('committee_slug_history').where('slug', '=', newSlug).execute();
  await db
    .insertInto('committee_slug_history')
    .values({ slug: oldSlug, committee_id: committeeId })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ committee_id: committeeId }))
    .execute();
}

/** Locks the committee row so concurrent roster changes on one committee are checked one at a time. */
export async function lockCommittee(db: Executor, id: string) {
  return db
    .selectFrom('committees as c')
    .select(COMMITTEE_COLUMNS)
    .where('c.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

const today = sql<string>`current_date`;

export async function listCommittees(db: Executor, includeArchived: boolean) {
  let q = db
    .selectFrom('committees as c')
    .select([
      'c.id',
      'c.slug',
      'c.name',
      'c.kind',
      'c.archived_at',
      (eb) =>
        eb
          .selectFrom('committee_terms as t')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('t.committee_id', '=', 'c.id')
          .where('t.starts_on', '<=', today)
          .where((w) => w.or([w('t.ends_on', 'is', null), w('t.ends_on', '>', today)]))
          .as('member_count'),
    ])
    .orderBy('c.sort_order')
    .orderBy('c.name');
  if (!includeArchived) q = q.where('c.archived_at', 'is', null);
  const committees = await q.execute();
  const chairs =
    committees.length === 0
      ? []
      : await db
          .selectFrom('committee_terms as t')
          .innerJoin('users as u', 'u.id', 't.user_id')
          .select(['t.committee_id', 't.user_id', 'u.name', 't.role'])
          .where(
            't.committee_id',
            'in',
            committees.map((c) => c.id),
          )
          .where('t.role', 'in', ['chair', 'co_chair'])
          .where('t.starts_on', '<=', today)
          .where((w) => w.or([w('t.ends_on', 'is', null), w('t.ends_on', '>', today)]))
          .orderBy('t.role')
          .orderBy('u.name')
          .execute();
  return committees.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    kind: c.kind as CommitteeKind,
    archived: c.archived_at !== null,
    memberCount: Number(c.member_count ?? 0),
    chairs: chairs
      .filter((ch) => ch.committee_id === c.id)
      .map((ch) => ({ userId: ch.user_id, name: ch.name, role: ch.role })),
  }));
}

export interface TermRow {
  termId: string;
  committeeId: string;
  userId: string;
  name: string;
  email: string;
  role: CommitteeRole;
  startsOn: string;
  endsOn: string | null;
  notes: string | null;
  /** Opted out of the member directory (no member page for others). */
  optedOut: boolean;
}

function termQuery(db: Executor) {
  return db
    .selectFrom('committee_terms as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('member_profiles as mp', 'mp.user_id', 't.user_id')
    .select([
      't.id as termId',
      't.committee_id as committeeId',
      't.user_id as userId',
      'u.name',
      'u.email',
      't.role',
      sql<string>`to_char(t.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string | null>`to_char(t.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
      't.notes',
      sql<boolean>`coalesce(mp.directory_opt_out, false)`.as('optedOut'),
    ]);
}

export async function listTerms(db: Executor, committeeId: string): Promise<TermRow[]> {
  return termQuery(db)
    .where('t.committee_id', '=', committeeId)
    .orderBy('t.starts_on', 'desc')
    .orderBy('u.name')
    .execute();
}

export async function listTermsOfPerson(
  db: Executor,
  committeeId: string,
  userId: string,
): Promise<TermRow[]> {
  return termQuery(db)
    .where('t.committee_id', '=', committeeId)
    .where('t.user_id', '=', userId)
    .orderBy('t.starts_on')
    .execute();
}

/** A term of this committee (object-level check: a term id from another committee is not found). */
export async function findTerm(
  db: Executor,
  committeeId: string,
  termId: string,
): Promise<TermRow | undefined> {
  return termQuery(db)
    .where('t.id', '=', termId)
    .where('t.committee_id', '=', committeeId)
    .executeTakeFirst();
}

export interface TermFields {
  role: CommitteeRole;
  startsOn: string;
  endsOn: string | null;
  notes: string | null;
}

export async function insertTerm(
  db: Executor,
  committeeId: string,
  userId: string,
  f: TermFields,
): Promise<string> {
  const row = await db
    .insertInto('committee_terms')
    .values({
      committee_id: committeeId,
      user_id: userId,
      role: f.role,
      starts_on: f.startsOn,
      ends_on: f.endsOn,
      notes: f.notes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateTerm(db: Executor, termId: string, f: TermFields): Promise<void> {
  await db
    .updateTable('committee_terms')
    .set({
      role: f.role,
      starts_on: f.startsOn,
      ends_on: f.endsOn,
      notes: f.notes,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', termId)
    .execute();
}

export async function deleteTerm(db: Executor, termId: string): Promise<void> {
  await db.deleteFrom('committee_terms').where('id', '=', termId).execute();
}

export async function findUserName(db: Executor, userId: string) {
  return db.selectFrom('users').select(['id', 'name']).where('id', '=', userId).executeTakeFirst();
}

function likePattern(value: string): string {
  return `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Typeahead for chairs: people with a member profile, by name or email. */
/**
 * Accounts for the roster's "Add member" typeahead, by name or email. Any account: a verified
 * account that never saved its profile (no member_profiles row) is found too, institution empty.
 */
export async function searchMembers(db: Executor, q: string, limit = 10) {
  const pattern = likePattern(q);
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('member_profiles as p', 'p.user_id', 'u.id')
    .select(['u.id as userId', 'u.name', 'u.email', 'p.institution'])
    .where((eb) => eb.or([eb(sql`lower(u.name)`, 'like', pattern), eb(sql`lower(u.email)`, 'like', pattern)]))
    .orderBy(sql`lower(u.name)`)
    .limit(limit)
    .execute();
  return rows;
}

export async function listCommitteeAudit(db: Executor, committeeId: string, page: number, pageSize: number) {
  const base = db
    .selectFrom('audit_log as a')
    .where('a.entity_type', '=', 'committee')
    .where('a.entity_id', '=', committeeId);
  const [items, count] = await Promise.all([
    base
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .select(['a.id', 'a.action', 'u.name as actorName', 'a.created_at', 'a.before', 'a.after'])
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((r) => ({
      id: Number(r.id),
      action: r.action,
      actorName: r.actorName,
      createdAt: r.created_at,
      before: r.before,
      after: r.after,
    })),
    total: Number(count.n),
    page,
    pageSize,
  };
}

export interface CommitteeFields {
  slug: string;
  name: string;
  kind: CommitteeKind;
  chargeMd: string;
  maxConsecutiveTerms: number | null;
  termLengthMonths: number | null;
  sortOrder: number;
}

function committeeValues(f: CommitteeFields) {
  return {
    slug: f.slug,
    name: f.name,
    kind: f.kind,
    charge_md: f.chargeMd,
    max_consecutive_terms: f.maxConsecutiveTerms,
    term_length_months: f.termLengthMonths,
    sort_order: f.sortOrder,
  };
}

export async function insertCommittee(db: Executor, f: CommitteeFields): Promise<string> {
  const row = await db
    .insertInto('committees')
    .values(committeeValues(f))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCommittee(db: Executor, id: string, f: CommitteeFields): Promise<void> {
  await db
    .updateTable('committees')
    .set({ ...committeeValues(f), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function setCommitteeArchived(db: Executor, id: string, archived: boolean): Promise<void> {
  await db
    .updateTable('committees')
    .set({ archived_at: archived ? sql<Date>`now()` : null, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** In use by another committee, now or before (old addresses keep pointing where they pointed). */
export async function slugTaken(db: Executor, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('committees').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  let h = db.selectFrom('committee_slug_history').select('committee_id as id').where('slug', '=', slug);
  if (exceptId) h = h.where('committee_id', '<>', exceptId);
  return (await q.unionAll(h).executeTakeFirst()) !== undefined;
}

/** Every term a person has served, archived committees included (their pages stay readable). */
export async function listServiceOf(db: Executor, userId: string) {
  return db
    .selectFrom('committee_terms as t')
    .innerJoin('committees as c', 'c.id', 't.committee_id')
    .select([
      't.id as termId',
      'c.slug as committeeSlug',
      'c.name as committeeName',
      't.role',
      sql<string>`to_char(t.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string | null>`to_char(t.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
    ])
    .where('t.user_id', '=', userId)
    .orderBy('t.starts_on', 'desc')
    .execute();
}

/** Today's date in the database's calendar (UTC on our servers), as YYYY-MM-DD. */
export async function currentDate(db: Executor): Promise<string> {
  const r = await sql<{ d: string }>`SELECT to_char(current_date, 'YYYY-MM-DD') AS d`.execute(db);
  return r.rows[0]!.d;
}
