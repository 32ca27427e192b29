import {
  COMMITTEE_ROLE_LABELS,
  type CommitteeDetail,
  type CommitteePageTerm,
  type CommitteeRole,
  type PublicTerm,
  type RosterEntry,
  type ServiceHistory,
} from '@societas/contracts';
import type { DB, Executor } from '@societas/db';
import { AppError, notFound } from '../../errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { isCommitteeChair } from '../accounts/roles.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
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
  isOptedOut,
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

function toPublic(t: TermRow): PublicTerm {
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

export async function list(db: DB, includeArchived: boolean) {
  return listCommittees(db, includeArchived);
}

async function canManage(db: Executor, user: { id: string; role: string } | null, committeeId: string) {
  if (!user) return false;
  return user.role === 'admin' || (await isCommitteeChair(db, user.id, committeeId));
}

export async function detail(
  db: DB,
  user: { id: string; role: string } | null,
  slug: string,
): Promise<CommitteeDetail> {
  // A former slug finds the committee too; `slug` in the answer is the current one (the web app
  // redirects to it). Archived committees stay readable at their URL (history matters).
  const committee = await findCommitteeBySlug(db, slug);
  if (!committee) throw notFound('This committee');
  const [terms, today, manage] = await Promise.all([
    listTerms(db, committee.id),
    currentDate(db),
    canManage(db, user, committee.id),
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

export async function roster(db: DB, committeeId: string): Promise<RosterEntry[]> {
  const committee = await findCommitteeById(db, committeeId);
  if (!committee) throw notFound('This committee');
  const [terms, today] = await Promise.all([listTerms(db, committeeId), currentDate(db)]);
  const states = await membershipStatesOf(
    db,
    terms.map((t) => t.userId),
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

export async function memberOptions(db: DB, q: string) {
  const rows = await searchMembers(db, q);
  const states = await membershipStatesOf(
    db,
    rows.map((r) => r.userId),
  );
  return rows.map((r) => ({ ...r, membership: states.get(r.userId) ?? ('none' as const) }));
}

/** The audit record of a term: what a reader of the history needs, without ids they cannot use. */
function termSnapshot(t: TermRow | (TermFields & { termId: string; userId: string; name: string })) {
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
  if (violation) throw new AppError('CONFLICT', violation.message);
}

interface Actor {
  id: string;
  requestId: string;
}

export async function addTerm(db: DB, actor: Actor, committeeId: string, userId: string, fields: TermFields) {
  return db.transaction().execute(async (trx) => {
    const committee = await lockOpenCommittee(trx, committeeId);
    const person = await findUserName(trx, userId);
    if (!person)
      throw new AppError('NOT_FOUND', 'That member was not found.', { userId: ['Choose a member'] });
    await assertRules(trx, committee, userId, person.name, fields);
    const termId = await insertTerm(trx, committeeId, userId, fields);
    const after = (await findTerm(trx, committeeId, termId))!;
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'committee_term.add',
      entityType: 'committee',
      entityId: committeeId,
      before: null,
      after: termSnapshot(after),
      requestId: actor.requestId,
    });
    return toPublic(after);
  });
}

export async function editTerm(
  db: DB,
  actor: Actor,
  committeeId: string,
  termId: string,
  fields: TermFields,
) {
  return db.transaction().execute(async (trx) => {
    const committee = await lockOpenCommittee(trx, committeeId);
    const before = await findTerm(trx, committeeId, termId);
    if (!before) throw notFound('This term');
    await assertRules(trx, committee, before.userId, before.name, fields, before);
    await updateTerm(trx, termId, fields);
    const after = (await findTerm(trx, committeeId, termId))!;
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'committee_term.update',
      entityType: 'committee',
      entityId: committeeId,
      before: termSnapshot(before),
      after: termSnapshot(after),
      requestId: actor.requestId,
    });
    return toPublic(after);
  });
}

/** Ends a term early: the new end must come after the start and before the planned end. */
export async function endTerm(db: DB, actor: Actor, committeeId: string, termId: string, endsOn: string) {
  return db.transaction().execute(async (trx) => {
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
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'committee_term.end',
      entityType: 'committee',
      entityId: committeeId,
      before: termSnapshot(before),
      after: termSnapshot(after),
      requestId: actor.requestId,
    });
    return toPublic(after);
  });
}

/** Removes an entry made in error (a term that ended early is ended, not removed). */
export async function removeTerm(db: DB, actor: Actor, committeeId: string, termId: string) {
  await db.transaction().execute(async (trx) => {
    await lockOpenCommittee(trx, committeeId);
    const before = await findTerm(trx, committeeId, termId);
    if (!before) throw notFound('This term');
    await deleteTerm(trx, termId);
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'committee_term.remove',
      entityType: 'committee',
      entityId: committeeId,
      before: termSnapshot(before),
      after: null,
      requestId: actor.requestId,
    });
  });
  return { ok: true as const };
}

/** A spreadsheet cell: quoted when needed, and never read as a formula by Excel or Sheets. */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v;
}

export async function exportCsv(db: DB, committeeId: string) {
  const committee = await findCommitteeById(db, committeeId);
  if (!committee) throw notFound('This committee');
  const entries = await roster(db, committeeId);
  const header = ['Name', 'Email', 'Role', 'Starts on', 'Ends on', 'Term status', 'Membership', 'Notes'];
  const lines = [
    header,
    ...entries.map((e) => [
      e.name,
      e.email,
      COMMITTEE_ROLE_LABELS[e.role],
      e.startsOn,
      e.endsOn ?? '',
      e.status,
      e.membership,
      e.notes ?? '',
    ]),
  ].map((row) => row.map(csvCell).join(','));
  const today = await currentDate(db);
  return { filename: `${committee.slug}-roster-${today}.csv`, csv: `${lines.join('\r\n')}\r\n` };
}

export async function history(db: DB, committeeId: string, page: number, pageSize: number) {
  const committee = await findCommitteeById(db, committeeId);
  if (!committee) throw notFound('This committee');
  return listCommitteeAudit(db, committeeId, page, pageSize);
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

export async function createCommittee(db: DB, actor: Actor, fields: CommitteeFields) {
  return db.transaction().execute(async (trx) => {
    await assertSlugFree(trx, fields.slug);
    const id = await insertCommittee(trx, fields);
    const after = (await findCommitteeById(trx, id))!;
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'committee.create',
      entityType: 'committee',
      entityId: id,
      before: null,
      after: committeeSnapshot(after),
      requestId: actor.requestId,
    });
    return { id, slug: after.slug };
  });
}

export async function editCommittee(db: DB, actor: Actor, committeeId: string, fields: CommitteeFields) {
  return db.transaction().execute(async (trx) => {
    const before = await lockCommittee(trx, committeeId);
    if (!before) throw notFound('This committee');
    await assertSlugFree(trx, fields.slug, committeeId);
    await updateCommittee(trx, committeeId, fields);
    if (before.slug !== fields.slug) await recordSlugChange(trx, committeeId, before.slug, fields.slug);
    const after = (await findCommitteeById(trx, committeeId))!;
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: 'committee.update',
      entityType: 'committee',
      entityId: committeeId,
      before: committeeSnapshot(before),
      after: committeeSnapshot(after),
      requestId: actor.requestId,
    });
    return { id: committeeId, slug: after.slug };
  });
}

export async function archiveCommittee(db: DB, actor: Actor, committeeId: string, archived: boolean) {
  return db.transaction().execute(async (trx) => {
    const before = await lockCommittee(trx, committeeId);
    if (!before) throw notFound('This committee');
    await setCommitteeArchived(trx, committeeId, archived);
    const after = (await findCommitteeById(trx, committeeId))!;
    await recordAudit(trx, {
      actorUserId: actor.id,
      action: archived ? 'committee.archive' : 'committee.unarchive',
      entityType: 'committee',
      entityId: committeeId,
      before: committeeSnapshot(before),
      after: committeeSnapshot(after),
      requestId: actor.requestId,
    });
    return { id: committeeId, slug: after.slug };
  });
}

/**
 * A person's committee service. Public for people who have served and appear on committee pages
 * with a member page; NOT_FOUND for anyone else (no service, or opted out of the directory), except
 * for the person themself and admins, so the answer never confirms that an account exists.
 */
export async function serviceHistory(
  db: DB,
  viewer: { id: string; role: string } | null,
  userId: string,
): Promise<ServiceHistory> {
  const [person, terms, optedOut] = await Promise.all([
    findUserName(db, userId),
    listServiceOf(db, userId),
    isOptedOut(db, userId),
  ]);
  if (!person) throw notFound('This member');
  const privileged = viewer !== null && (viewer.id === userId || viewer.role === 'admin');
  if (!privileged && (terms.length === 0 || optedOut)) throw notFound('This member');
  return { userId, name: person.name, terms };
}
