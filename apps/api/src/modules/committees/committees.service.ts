import {
  COMMITTEE_ROLE_LABELS,
  type CommitteeDetail,
  type CommitteePageTerm,
  type CommitteeRole,
  type PublicTerm,
  ROSTER_MEMBERSHIP_LABELS,
  type RosterEntry,
  type ServiceHistory,
  TERM_STATUS_LABELS,
} from '@societas/contracts';
import type { Executor } from '@societas/db';
import { stringify } from 'csv-stringify/sync';
import { AppError, notFound } from '../../errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { type ServiceContext, withTransaction } from '../../lib/service-context.js';
import { spreadsheetCsvOptions } from '../../lib/spreadsheet-csv.js';
import { isCommitteeChair } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { memberPageFor } from '../directory/index.js';
import { membershipStatesOf } from '../membership/index.js';
import {
  type CommitteeFields,
  type CommitteeRow,
  currentDate,
  deleteTerm,
  findCommitteeById,
  findCommitteeBySlug,
  findTerm,
  findUserName,
  insertCommittee,
  insertTerm,
  listCommitteeAudit,
  listCommittees,
  listServiceOf,
  listTerms,
  listTermsOfPerson,
  lockCommittee,
  recordSlugChange,
  searchMembers,
  setCommitteeArchived,
  slugTaken,
  type TermFields,
  type TermRow,
  updateCommittee,
  updateTerm,
} from './committees.repository.js';
import { checkTerm, UNLIMITED_ROLES } from './committees.rules.js';

const ROLE_ORDER: Record<CommitteeRole, number> = {
  chair: 0,
  co_chair: 1,
  vice_chair: 2,
  member: 3,
  ex_officio: 4,
  staff_liaison: 5,
};

type TermPhase = 'current' | 'upcoming' | 'past';
function phaseOf(t: { startsOn: string; endsOn: string | null }, today: string): TermPhase {
  if (t.startsOn > today) return 'upcoming';
  if (t.endsOn !== null && t.endsOn <= today) return 'past';
  return 'current';
}

/** A term as the public page and the audit history show it (no ids a reader cannot use). */
function toPublic(t: TermFields & { termId: string; userId: string; name: string }): PublicTerm {
  return {
    termId: t.termId,
    userId: t.userId,
    name: t.name,
    role: t.role,
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    notes: t.notes,
  };
}

function toPage(t: TermRow): CommitteePageTerm {
  return { ...toPublic(t), hasProfilePage: !t.optedOut };
}

const byRoleThenName = (a: TermRow, b: TermRow) =>
  ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name);

export async function list(ctx: ServiceContext, includeArchived: boolean) {
  return listCommittees(ctx.db, includeArchived && ctx.actor?.role === 'admin');
}

async function canManage(ctx: ServiceContext, committeeId: string) {
  const user = ctx.actor;
  if (!user) return false;
  return user.role === 'admin' || (await isCommitteeChair(ctx.db, user.id, committeeId));
}

export async function detail(ctx: ServiceContext, slug: string): Promise<CommitteeDetail> {
  const { db } = ctx;
  // A former slug finds the committee too; `slug` in the answer is the current one (the web app
  // redirects to it). Archived committees stay readable at their URL (history matters).
  const committee = await findCommitteeBySlug(db, slug);
  if (!committee) throw notFound('This committee');
  const [terms, today, manage] = await Promise.all([
    listTerms(db, committee.id),
    currentDate(db),
    canManage(ctx, committee.id),
  ]);
  const current = terms.filter((t) => phaseOf(t, today) === 'current').sort(byRoleThenName);
  const upcoming = terms
    .filter((t) => phaseOf(t, today) === 'upcoming')
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || byRoleThenName(a, b));
  const past = terms
    .filter((t) => phaseOf(t, today) === 'past')
    .sort((a, b) => (b.endsOn ?? '').localeCompare(a.endsOn ?? '') || byRoleThenName(a, b));
  return {
    id: committee.id,
    slug: committee.slug,
    name: committee.name,
    kind: committee.kind,
    chargeMd: committee.charge_md,
    chargeHtml: renderMarkdown(committee.charge_md),
    maxConsecutiveTerms: committee.max_consecutive_terms,
    termLengthMonths: committee.term_length_months,
    sortOrder: committee.sort_order,
    archived: committee.archived_at !== null,
    current: current.map(toPage),
    upcoming: upcoming.map(toPage),
    past: past.map(toPage),
    canManage: manage,
  };
}

/** Who served and serves, with emails and membership states: a chair's or admin's read, audited. */
export async function roster(ctx: ServiceContext, committeeId: string): Promise<RosterEntry[]> {
  const entries = await rosterEntries(ctx, committeeId);
  await auditRead(ctx, 'committees.roster_viewed', committeeId, { rows: entries.length });
  return entries;
}

/**
 * An audit row for a chair's or admin's read of other people's personal data (docs/reliability.md A9).
 * Kept apart from the committee's public history (entity type `committee`).
 */
async function auditRead(ctx: ServiceContext, action: string, committeeId: string, after: unknown) {
  await recordAudit(ctx.db, {
    actorUserId: ctx.actor?.id ?? null,
    action,
    entityType: 'committee_roster',
    entityId: committeeId,
    after,
    requestId: ctx.requestId,
  });
}

async function rosterEntries(ctx: ServiceContext, committeeId: string): Promise<RosterEntry[]> {
  const { db } = ctx;
  const committee = await findCommitteeById(db, committeeId);
  if (!committee) throw notFound('This committee');
  const [terms, today] = await Promise.all([listTerms(db, committeeId), currentDate(db)]);
  const states = await membershipStatesOf(
    db,
    terms.map((t) => t.userId),
    ctx.now,
  );
  const order: Record<TermPhase, number> = { current: 0, upcoming: 1, past: 2 };
  return terms
    .map((t) => ({
      ...toPublic(t),
      email: t.email,
      status: phaseOf(t, today),
      membership: states.get(t.userId) ?? 'none',
    }))
    .sort(
      (a, b) =>
        order[a.status] - order[b.status] ||
        (a.status === 'past' ? (b.endsOn ?? '').localeCompare(a.endsOn ?? '') : 0) ||
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        a.name.localeCompare(b.name),
    );
}

/** The "Add member" typeahead: any account by name or email (a profile is not required). Audited. */
export async function memberOptions(ctx: ServiceContext, committeeId: string, q: string) {
  const rows = await searchMembers(ctx.db, q);
  const states = await membershipStatesOf(
    ctx.db,
    rows.map((r) => r.userId),
    ctx.now,
  );
  await auditRead(ctx, 'committees.member_search', committeeId, { q, rows: rows.length });
  return rows.map((r) => ({ ...r, membership: states.get(r.userId) ?? ('none' as const) }));
}

async function lockOpenCommittee(trx: Executor, committeeId: string): Promise<CommitteeRow> {
  const committee = await lockCommittee(trx, committeeId);
  if (!committee) throw notFound('This committee');
  if (committee.archived_at)
    throw new AppError('CONFLICT', 'This committee is archived; its roster is read-only.');
  return committee;
}

async function assertRules(
  trx: Executor,
  committee: CommitteeRow,
  userId: string,
  personName: string,
  candidate: TermFields,
  before?: TermRow,
) {
  const others = (await listTermsOfPerson(trx, committee.id, userId)).filter(
    (t) => t.termId !== before?.termId,
  );
  // An edit that keeps the dates (a note, a role) is not re-checked against the term length, so a
  // term recorded before the committee had one stays editable.
  const datesChanged =
    !before ||
    before.startsOn !== candidate.startsOn ||
    before.endsOn !== candidate.endsOn ||
    (UNLIMITED_ROLES.has(before.role) && !UNLIMITED_ROLES.has(candidate.role));
  const violation = checkTerm(
    candidate,
    others,
    {
      name: committee.name,
      maxConsecutiveTerms: committee.max_consecutive_terms,
      termLengthMonths: committee.term_length_months,
    },
    personName,
    { checkLength: datesChanged },
  );
  if (violation?.kind === 'overlap') {
    throw new AppError('CONFLICT', violation.message, { startsOn: [violation.message] });
  }
  if (violation?.kind === 'term_length') {
    throw new AppError('BAD_INPUT', violation.message, { endsOn: [violation.message] });
  }
  // Too many terms in a row: the chair's own choice of dates, shown at the start date (a later start
  // is what the message asks for), never as a system error.
  if (violation?.kind === 'term_limit') {
    throw new AppError('BAD_INPUT', violation.message, { startsOn: [violation.message] });
  }
}

/** The audit row of a change: who (the context's actor), in which request. */
async function auditChange(
  ctx: ServiceContext,
  entry: { action: string; committeeId: string; before: unknown; after: unknown },
) {
  await recordAudit(ctx.db, {
    actorUserId: ctx.actor?.id ?? null,
    action: entry.action,
    entityType: 'committee',
    entityId: entry.committeeId,
    before: entry.before,
    after: entry.after,
    requestId: ctx.requestId,
  });
}

export async function addTerm(ctx: ServiceContext, committeeId: string, userId: string, fields: TermFields) {
  return withTransaction(ctx, async (tx) => {
    const trx = tx.db;
    const committee = await lockOpenCommittee(trx, committeeId);
    const person = await findUserName(trx, userId);
    if (!person)
      throw new AppError('NOT_FOUND', 'That member was not found.', { userId: ['Choose a member'] });
    await assertRules(trx, committee, userId, person.name, fields);
    const termId = await insertTerm(trx, committeeId, userId, fields);
    const after = (await findTerm(trx, committeeId, termId))!;
    await auditChange(tx, {
      action: 'committee_term.add',
      committeeId: committeeId,
      before: null,
      after: toPublic(after),
    });
    return toPublic(after);
  });
}

export async function editTerm(ctx: ServiceContext, committeeId: string, termId: string, fields: TermFields) {
  return withTransaction(ctx, async (tx) => {
    const trx = tx.db;
    const committee = await lockOpenCommittee(trx, committeeId);
    const before = await findTerm(trx, committeeId, termId);
    if (!before) throw notFound('This term');
    await assertRules(trx, committee, before.userId, before.name, fields, before);
    await updateTerm(trx, termId, fields);
    const after = (await findTerm(trx, committeeId, termId))!;
    await auditChange(tx, {
      action: 'committee_term.update',
      committeeId: committeeId,
      before: toPublic(before),
      after: toPublic(after),
    });
    return toPublic(after);
  });
}

/** Ends a term early: the new end must come after the start and before the planned end. */
export async function endTerm(ctx: ServiceContext, committeeId: string, termId: string, endsOn: string) {
  return withTransaction(ctx, async (tx) => {
    const trx = tx.db;
    await lockOpenCommittee(trx, committeeId);
    const before = await findTerm(trx, committeeId, termId);
    if (!before) throw notFound('This term');
    if (endsOn <= before.startsOn) {
      const message = `The end date must be after the term's start (${before.startsOn}).`;
      throw new AppError('BAD_INPUT', message, { endsOn: [message] });
    }
    if (before.endsOn !== null && endsOn >= before.endsOn) {
      const message = `To end this term early, choose a date before its planned end (${before.endsOn}).`;
      throw new AppError('BAD_INPUT', message, { endsOn: [message] });
    }
    await updateTerm(trx, termId, {
      role: before.role,
      startsOn: before.startsOn,
      endsOn,
      notes: before.notes,
    });
    const after = (await findTerm(trx, committeeId, termId))!;
    await auditChange(tx, {
      action: 'committee_term.end',
      committeeId: committeeId,
      before: toPublic(before),
      after: toPublic(after),
    });
    return toPublic(after);
  });
}

/** Removes an entry made in error (a term that ended early is ended, not removed). */
export async function removeTerm(ctx: ServiceContext, committeeId: string, termId: string) {
  await withTransaction(ctx, async (tx) => {
    const trx = tx.db;
    await lockOpenCommittee(trx, committeeId);
    const before = await findTerm(trx, committeeId, termId);
    if (!before) throw notFound('This term');
    await deleteTerm(trx, termId);
    await auditChange(tx, {
      action: 'committee_term.remove',
      committeeId: committeeId,
      before: toPublic(before),
      after: null,
    });
  });
  return { ok: true as const };
}

const ROSTER_CSV_COLUMNS = [
  { key: 'name', header: 'Name' },
  { key: 'email', header: 'Email' },
  { key: 'role', header: 'Role' },
  { key: 'startsOn', header: 'Starts on' },
  { key: 'endsOn', header: 'Ends on' },
  { key: 'status', header: 'Term status' },
  { key: 'membership', header: 'Membership' },
  { key: 'notes', header: 'Notes' },
];

/** The roster as a spreadsheet, in words rather than codes (like the roster page). Audited. */
export async function exportCsv(ctx: ServiceContext, committeeId: string) {
  const committee = await findCommitteeById(ctx.db, committeeId);
  if (!committee) throw notFound('This committee');
  const entries = await rosterEntries(ctx, committeeId);
  const csv = stringify(
    entries.map((e) => ({
      name: e.name,
      email: e.email,
      role: COMMITTEE_ROLE_LABELS[e.role],
      startsOn: e.startsOn,
      endsOn: e.endsOn ?? '',
      status: TERM_STATUS_LABELS[e.status],
      membership: ROSTER_MEMBERSHIP_LABELS[e.membership],
      notes: e.notes ?? '',
    })),
    // CRLF line ends, as spreadsheets and RFC 4180 expect.
    { ...spreadsheetCsvOptions(ROSTER_CSV_COLUMNS), record_delimiter: 'windows' },
  );
  await auditRead(ctx, 'committees.roster_exported', committeeId, { rows: entries.length });
  const today = await currentDate(ctx.db);
  return { filename: `${committee.slug}-roster-${today}.csv`, csv };
}

export async function history(ctx: ServiceContext, committeeId: string, page: number, pageSize: number) {
  const committee = await findCommitteeById(ctx.db, committeeId);
  if (!committee) throw notFound('This committee');
  return listCommitteeAudit(ctx.db, committeeId, page, pageSize);
}

function committeeSnapshot(c: CommitteeRow) {
  return {
    slug: c.slug,
    name: c.name,
    kind: c.kind,
    chargeMd: c.charge_md,
    maxConsecutiveTerms: c.max_consecutive_terms,
    termLengthMonths: c.term_length_months,
    sortOrder: c.sort_order,
    archived: c.archived_at !== null,
  };
}

async function assertSlugFree(db: Executor, slug: string, exceptId?: string) {
  if (await slugTaken(db, slug, exceptId)) {
    throw new AppError('CONFLICT', 'Another committee already uses this address.', {
      slug: ['Another committee already uses this address'],
    });
  }
}

export async function createCommittee(ctx: ServiceContext, fields: CommitteeFields) {
  return withTransaction(ctx, async (tx) => {
    const trx = tx.db;
    await assertSlugFree(trx, fields.slug);
    const id = await insertCommittee(trx, fields);
    const after = (await findCommitteeById(trx, id))!;
    await auditChange(tx, {
      action: 'committee.create',
      committeeId: id,
      before: null,
      after: committeeSnapshot(after),
    });
    return { id, slug: after.slug };
  });
}

export async function editCommittee(ctx: ServiceContext, committeeId: string, fields: CommitteeFields) {
  return withTransaction(ctx, async (tx) => {
    const trx = tx.db;
    const before = await lockCommittee(trx, committeeId);
    if (!before) throw notFound('This committee');
    await assertSlugFree(trx, fields.slug, committeeId);
    await updateCommittee(trx, committeeId, fields);
    if (before.slug !== fields.slug) await recordSlugChange(trx, committeeId, before.slug, fields.slug);
    const after = (await findCommitteeById(trx, committeeId))!;
    await auditChange(tx, {
      action: 'committee.update',
      committeeId: committeeId,
      before: committeeSnapshot(before),
      after: committeeSnapshot(after),
    });
    return { id: committeeId, slug: after.slug };
  });
}

export async function archiveCommittee(ctx: ServiceContext, committeeId: string, archived: boolean) {
  return withTransaction(ctx, async (tx) => {
    const trx = tx.db;
    const before = await lockCommittee(trx, committeeId);
    if (!before) throw notFound('This committee');
    await setCommitteeArchived(trx, committeeId, archived);
    const after = (await findCommitteeById(trx, committeeId))!;
    await auditChange(tx, {
      action: archived ? 'committee.archive' : 'committee.unarchive',
      committeeId: committeeId,
      before: committeeSnapshot(before),
      after: committeeSnapshot(after),
    });
    return { id: committeeId, slug: after.slug };
  });
}

/**
 * A person's committee service, on their member page. Whoever may open that page (see
 * directory's memberPageFor) gets the history, an empty one for someone who never served;
 * anyone else gets NOT_FOUND, the same answer as for an unknown id.
 */
export async function serviceHistory(ctx: ServiceContext, userId: string): Promise<ServiceHistory> {
  const [page, terms] = await Promise.all([memberPageFor(ctx, userId), listServiceOf(ctx.db, userId)]);
  if (!page) throw notFound('This member');
  return { userId, name: page.name, terms };
}
