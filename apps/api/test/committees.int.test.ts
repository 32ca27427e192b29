import { sql } from '@societas/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears, dayFromToday, makeCommittee, makeMember, makeTerm } from './community-factories.js';
import { expectTrpcError, makeUser, signedInClient, startTestApp, type TestApp } from './harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function auditOf(committeeId: string) {
  return app.db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'before', 'after'])
    .where('entity_type', '=', 'committee')
    .where('entity_id', '=', committeeId)
    .orderBy('id')
    .execute();
}

/** A committee with a current chair who is signed in. */
async function committeeWithChair(options: Parameters<typeof makeCommittee>[1] = {}) {
  const committee = await makeCommittee(app, options);
  const chair = await makeMember(app, { name: 'Chair Person' });
  await makeTerm(app, committee.id, chair.id, 'chair', dayFromToday(-100), dayFromToday(600));
  return { committee, chair, client: await signedInClient(app, chair) };
}

describe('public committee pages', () => {
  it('anyone lists committees and reads one: charge sanitised, current / upcoming / past, no emails', async () => {
    const committee = await makeCommittee(app, {
      name: 'Ethics Committee',
      chargeMd:
        '# Charge\n\nWe advise <script>alert(1)</script> on **ethics**. [x](javascript:alert(1)) <img src="https://e.org/a.png" onerror="alert(1)">',
    });
    const current = await makeMember(app, { name: 'Current Chair' });
    const past = await makeMember(app, { name: 'Past Member' });
    const future = await makeMember(app, { name: 'Future Member' });
    await makeTerm(app, committee.id, current.id, 'chair', dayFromToday(-30), dayFromToday(300));
    await makeTerm(app, committee.id, past.id, 'member', dayFromToday(-800), dayFromToday(-70));
    await makeTerm(app, committee.id, future.id, 'member', dayFromToday(30), null);

    const anon = app.client();
    const list = await anon.trpc.committees.list.query();
    const summary = list.find((c) => c.id === committee.id);
    expect(summary).toMatchObject({
      name: 'Ethics Committee',
      memberCount: 1,
      chairs: [{ name: 'Current Chair', role: 'chair' }],
    });

    const detail = await anon.trpc.committees.bySlug.query({ slug: committee.slug });
    expect(detail.chargeHtml).toContain('<strong>ethics</strong>');
    expect(detail.chargeHtml).toContain('<h2>Charge</h2>');
    expect(detail.chargeHtml).not.toMatch(/<script|alert\(1\)<\/script>|onerror|javascript:/i);
    expect(detail.current.map((t) => t.name)).toEqual(['Current Chair']);
    expect(detail.upcoming.map((t) => t.name)).toEqual(['Future Member']);
    expect(detail.past.map((t) => t.name)).toEqual(['Past Member']);
    expect(detail.canManage).toBe(false);
    expect(JSON.stringify(detail)).not.toContain('@example.org');

    const missing = await expectTrpcError(() =>
      anon.trpc.committees.bySlug.query({ slug: 'no-such-committee' }),
    );
    expect(missing.data.appCode).toBe('NOT_FOUND');
  });
});

describe('roster management by the chair', () => {
  it('the chair adds a vice-chair for a 2-year term, ends another term, edits, removes an error; all audited', async () => {
    const { committee, chair, client } = await committeeWithChair();
    const lapsed = await makeMember(app, { name: 'Lapsed Larry', membership: 'lapsed' });
    const veteran = await makeMember(app, { name: 'Veteran Vera' });
    const veteranTerm = await makeTerm(
      app,
      committee.id,
      veteran.id,
      'member',
      dayFromToday(-400),
      dayFromToday(400),
    );

    // Typeahead shows membership status so the chair sees the lapsed warning before adding.
    const options = await client.trpc.committees.searchMembers.query({
      committeeId: committee.id,
      q: 'lapsed lar',
    });
    expect(options).toEqual([expect.objectContaining({ userId: lapsed.id, membership: 'lapsed' })]);

    const startsOn = dayFromToday(1);
    const added = await client.trpc.committees.addTerm.mutate({
      committeeId: committee.id,
      userId: lapsed.id,
      role: 'vice_chair',
      startsOn,
      endsOn: addYears(startsOn, 2),
      notes: '',
    });
    expect(added).toMatchObject({
      name: 'Lapsed Larry',
      role: 'vice_chair',
      startsOn,
      endsOn: addYears(startsOn, 2),
      notes: null,
    });

    const ended = await client.trpc.committees.endTerm.mutate({
      committeeId: committee.id,
      termId: veteranTerm,
      endsOn: dayFromToday(0),
    });
    expect(ended.endsOn).toBe(dayFromToday(0));

    const roster = await client.trpc.committees.roster.query({ committeeId: committee.id });
    expect(roster.find((r) => r.userId === lapsed.id)).toMatchObject({
      status: 'upcoming',
      membership: 'lapsed',
    });
    expect(roster.find((r) => r.userId === veteran.id)).toMatchObject({
      status: 'past',
      membership: 'active',
    });
    expect(roster.find((r) => r.userId === chair.id)).toMatchObject({
      status: 'current',
      email: chair.email,
    });

    const edited = await client.trpc.committees.updateTerm.mutate({
      committeeId: committee.id,
      termId: added.termId,
      role: 'vice_chair',
      startsOn,
      endsOn: addYears(startsOn, 2),
      notes: 'Elected at the AGM',
    });
    expect(edited.notes).toBe('Elected at the AGM');

    const mistake = await makeMember(app, { name: 'Wrong Person' });
    const wrong = await client.trpc.committees.addTerm.mutate({
      committeeId: committee.id,
      userId: mistake.id,
      role: 'member',
      startsOn: dayFromToday(0),
      endsOn: null,
      notes: null,
    });
    await client.trpc.committees.removeTerm.mutate({ committeeId: committee.id, termId: wrong.termId });

    const audit = await auditOf(committee.id);
    expect(audit.map((a) => a.action)).toEqual([
      'committee_term.add',
      'committee_term.end',
      'committee_term.update',
      'committee_term.add',
      'committee_term.remove',
    ]);
    expect(audit.every((a) => a.actor_user_id === chair.id)).toBe(true);
    expect(audit[0]!.before).toBeNull();
    expect(audit[0]!.after).toMatchObject({ name: 'Lapsed Larry', role: 'vice_chair', startsOn });
    expect(audit[1]!.before).toMatchObject({ endsOn: dayFromToday(400) });
    expect(audit[1]!.after).toMatchObject({ endsOn: dayFromToday(0) });
    expect(audit[2]!.before).toMatchObject({ notes: null });
    expect(audit[2]!.after).toMatchObject({ notes: 'Elected at the AGM' });
    expect(audit[4]!.before).toMatchObject({ name: 'Wrong Person' });
    expect(audit[4]!.after).toBeNull();

    // The history tab is readable by anyone, newest first, with the actor's name.
    const history = await app.client().trpc.committees.history.query({ committeeId: committee.id });
    expect(history.total).toBe(5);
    expect(history.items[0]).toMatchObject({ action: 'committee_term.remove', actorName: 'Chair Person' });

    // The public page reflects exactly that.
    const detail = await app.client().trpc.committees.bySlug.query({ slug: committee.slug });
    expect(detail.upcoming.map((t) => [t.name, t.role])).toEqual([['Lapsed Larry', 'vice_chair']]);
    expect(detail.past.map((t) => t.name)).toEqual(['Veteran Vera']);
    expect(detail.current.map((t) => t.name)).toEqual(['Chair Person']);

    // A member's service history.
    const service = await app.client().trpc.committees.serviceHistory.query({ userId: veteran.id });
    expect(service.terms).toEqual([
      expect.objectContaining({ committeeSlug: committee.slug, role: 'member', endsOn: dayFromToday(0) }),
    ]);
  });

  it('ending a term must be after its start and before its planned end', async () => {
    const { committee, client } = await committeeWithChair();
    const m = await makeMember(app);
    const termId = await makeTerm(app, committee.id, m.id, 'member', dayFromToday(-10), dayFromToday(100));
    const tooLate = await expectTrpcError(() =>
      client.trpc.committees.endTerm.mutate({ committeeId: committee.id, termId, endsOn: dayFromToday(200) }),
    );
    expect(tooLate.data.appCode).toBe('BAD_INPUT');
    expect(tooLate.data.fieldErrors?.endsOn?.[0]).toContain('before its planned end');
    const tooEarly = await expectTrpcError(() =>
      client.trpc.committees.endTerm.mutate({ committeeId: committee.id, termId, endsOn: dayFromToday(-20) }),
    );
    expect(tooEarly.data.fieldErrors?.endsOn?.[0]).toContain("after the term's start");
  });

  it('exports the roster as CSV, with formula-looking cells neutralised', async () => {
    const { committee, client } = await committeeWithChair();
    const odd = await makeMember(app, { name: '=HYPERLINK("x")' });
    await makeTerm(app, committee.id, odd.id, 'member', dayFromToday(-10), null);
    const csv = await client.trpc.committees.exportCsv.query({ committeeId: committee.id });
    expect(csv.filename).toMatch(new RegExp(`^${committee.slug}-roster-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const lines = csv.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Name,Email,Role,Starts on,Ends on,Term status,Membership,Notes');
    expect(lines).toHaveLength(3);
    expect(csv.csv).toContain(`"'=HYPERLINK(""x"")",${odd.email},Member`);
  });

  it('the roster CSV opens in Excel: UTF-8 byte order mark, accented names intact, statuses in words (issue 19 item 12)', async () => {
    const { committee, client } = await committeeWithChair();
    const mueller = await makeMember(app, { name: 'Jürgen Müller' });
    const irish = await makeMember(app, { name: 'Aoife Ó Súilleabháin', membership: 'lapsed' });
    const never = await makeMember(app, { name: 'Noel Never', membership: 'none' });
    await makeTerm(app, committee.id, mueller.id, 'member', dayFromToday(-10), null);
    await makeTerm(app, committee.id, irish.id, 'vice_chair', dayFromToday(-900), dayFromToday(-100));
    await makeTerm(app, committee.id, never.id, 'member', dayFromToday(30), null);
    const { csv } = await client.trpc.committees.exportCsv.query({ committeeId: committee.id });
    expect(csv.startsWith('\uFEFFName,Email,')).toBe(true);
    const rows = csv.slice(1).trim().split('\r\n');
    expect(rows).toContain(
      `Jürgen Müller,${mueller.email},Member,${dayFromToday(-10)},,Current,Active member,`,
    );
    expect(rows).toContain(
      `Aoife Ó Súilleabháin,${irish.email},Vice-chair,${dayFromToday(-900)},${dayFromToday(-100)},Ended,Membership lapsed,`,
    );
    expect(rows).toContain(`Noel Never,${never.email},Member,${dayFromToday(30)},,Upcoming,Not a member,`);
    // The same BOM as the report exports: bytes EF BB BF.
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("a chair's and an admin's reads of the roster, its CSV and the member search leave audit rows (issue 19 item 6)", async () => {
    const { committee, chair, client } = await committeeWithChair();
    const admin = await makeMember(app, { role: 'admin' });
    const adminClient = await signedInClient(app, admin);
    await client.trpc.committees.roster.query({ committeeId: committee.id });
    await client.trpc.committees.exportCsv.query({ committeeId: committee.id });
    await client.trpc.committees.searchMembers.query({ committeeId: committee.id, q: 'Chair' });
    await adminClient.trpc.committees.roster.query({ committeeId: committee.id });
    const rows = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'entity_type', 'entity_id', 'request_id'])
      .where('entity_type', '=', 'committee_roster')
      .where('entity_id', '=', committee.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.actor_user_id])).toEqual([
      ['committees.roster_viewed', chair.id],
      ['committees.roster_exported', chair.id],
      ['committees.member_search', chair.id],
      ['committees.roster_viewed', admin.id],
    ]);
    expect(rows.every((r) => r.request_id)).toBe(true);
    // Reads are not changes: the committee's public history does not list them.
    const history = await app.client().trpc.committees.history.query({ committeeId: committee.id });
    expect(history.items).toEqual([]);
  });

  it('the "Add member" typeahead finds a verified account that has not saved its profile (issue 19 item 12)', async () => {
    const { committee, client } = await committeeWithChair();
    const fresh = await makeUser(app, { name: 'Fresh Farida Account' });
    const options = await client.trpc.committees.searchMembers.query({
      committeeId: committee.id,
      q: 'Farida',
    });
    expect(options).toEqual([
      {
        userId: fresh.id,
        name: 'Fresh Farida Account',
        email: fresh.email,
        institution: null,
        membership: 'none',
      },
    ]);
    const byEmail = await client.trpc.committees.searchMembers.query({
      committeeId: committee.id,
      q: fresh.email,
    });
    expect(byEmail.map((o) => o.userId)).toEqual([fresh.id]);
    // And can be added to the roster.
    const term = await client.trpc.committees.addTerm.mutate({
      committeeId: committee.id,
      userId: fresh.id,
      role: 'member',
      startsOn: dayFromToday(1),
      endsOn: null,
      notes: null,
    });
    expect(term.name).toBe('Fresh Farida Account');
  });
});

describe('authorization', () => {
  it('the chair of A cannot read or change B, nor reach B through a term id', async () => {
    const a = await committeeWithChair();
    const b = await committeeWithChair();
    const other = await makeMember(app);
    const bTerm = await makeTerm(app, b.committee.id, other.id, 'member', dayFromToday(-5), null);

    const roster = await expectTrpcError(() =>
      a.client.trpc.committees.roster.query({ committeeId: b.committee.id }),
    );
    expect(roster.data.appCode).toBe('FORBIDDEN');
    expect(roster.message).toBe("Only this committee's chair or an administrator can do that.");
    const add = await expectTrpcError(() =>
      a.client.trpc.committees.addTerm.mutate({
        committeeId: b.committee.id,
        userId: other.id,
        role: 'member',
        startsOn: dayFromToday(400),
        endsOn: null,
        notes: null,
      }),
    );
    expect(add.data.appCode).toBe('FORBIDDEN');
    // Committee A in the input, a term of B: not found within A, and B's term is untouched.
    const cross = await expectTrpcError(() =>
      a.client.trpc.committees.removeTerm.mutate({ committeeId: a.committee.id, termId: bTerm }),
    );
    expect(cross.data.appCode).toBe('NOT_FOUND');
    expect(
      await app.db.selectFrom('committee_terms').select('id').where('id', '=', bTerm).executeTakeFirst(),
    ).toBeDefined();
    const detailB = await a.client.trpc.committees.bySlug.query({ slug: b.committee.slug });
    expect(detailB.canManage).toBe(false);
    const detailA = await a.client.trpc.committees.bySlug.query({ slug: a.committee.slug });
    expect(detailA.canManage).toBe(true);
  });

  it('a former chair, a plain member and an anonymous visitor cannot manage; an admin can', async () => {
    const committee = await makeCommittee(app);
    const former = await makeMember(app);
    await makeTerm(app, committee.id, former.id, 'chair', dayFromToday(-800), dayFromToday(-1));
    const member = await makeMember(app);
    const admin = await makeMember(app, { role: 'admin' });

    for (const client of [await signedInClient(app, former), await signedInClient(app, member)]) {
      const e = await expectTrpcError(() =>
        client.trpc.committees.roster.query({ committeeId: committee.id }),
      );
      expect(e.data.appCode).toBe('FORBIDDEN');
    }
    const anon = await expectTrpcError(() =>
      app.client().trpc.committees.roster.query({ committeeId: committee.id }),
    );
    expect(anon.data.appCode).toBe('UNAUTHENTICATED');

    const adminClient = await signedInClient(app, admin);
    const added = await adminClient.trpc.committees.addTerm.mutate({
      committeeId: committee.id,
      userId: member.id,
      role: 'member',
      startsOn: dayFromToday(0),
      endsOn: null,
      notes: null,
    });
    expect(added.userId).toBe(member.id);
  });

  it('a renamed committee keeps its old address: bySlug answers with the canonical slug; no other committee can take it', async () => {
    const admin = await signedInClient(app, await makeMember(app, { role: 'admin' }));
    const committee = await makeCommittee(app, { name: 'Old Name Committee' });
    const fields = {
      name: 'New Name Committee',
      kind: 'standing' as const,
      chargeMd: 'Advises.',
      maxConsecutiveTerms: null,
      termLengthMonths: null,
      sortOrder: 1,
    };
    const first = `${committee.slug}-v2`;
    const second = `${committee.slug}-v3`;
    await admin.trpc.committees.update.mutate({ ...fields, committeeId: committee.id, slug: first });
    await admin.trpc.committees.update.mutate({ ...fields, committeeId: committee.id, slug: second });
    const anon = app.client();
    for (const slug of [committee.slug, first, second]) {
      const page = await anon.trpc.committees.bySlug.query({ slug });
      expect(page).toMatchObject({ id: committee.id, slug: second, name: 'New Name Committee' });
    }
    const taken = await expectTrpcError(() =>
      admin.trpc.committees.create.mutate({ ...fields, slug: committee.slug }),
    );
    expect(taken.data.appCode).toBe('CONFLICT');
    expect(taken.data.fieldErrors?.slug).toEqual(['Another committee already uses this address']);
    // Going back to a former slug is fine; the newest one then redirects.
    await admin.trpc.committees.update.mutate({ ...fields, committeeId: committee.id, slug: committee.slug });
    expect((await anon.trpc.committees.bySlug.query({ slug: second })).slug).toBe(committee.slug);
    expect((await anon.trpc.committees.bySlug.query({ slug: committee.slug })).slug).toBe(committee.slug);
  });

  it('only admins create, edit and archive committees; an archived roster is read-only', async () => {
    const member = await makeMember(app);
    const memberClient = await signedInClient(app, member);
    const fields = {
      slug: `task-force-${Date.now().toString(36)}`,
      name: 'Organoid Standards Task Force',
      kind: 'task_force' as const,
      chargeMd: 'Draft **standards**.',
      maxConsecutiveTerms: 2,
      termLengthMonths: 12,
      sortOrder: 5,
    };
    const denied = await expectTrpcError(() => memberClient.trpc.committees.create.mutate(fields));
    expect(denied.data.appCode).toBe('FORBIDDEN');

    const admin = await makeMember(app, { role: 'admin' });
    const adminClient = await signedInClient(app, admin);
    const created = await adminClient.trpc.committees.create.mutate(fields);
    const duplicate = await expectTrpcError(() => adminClient.trpc.committees.create.mutate(fields));
    expect(duplicate.data.appCode).toBe('CONFLICT');
    expect(duplicate.data.fieldErrors?.slug).toEqual(['Another committee already uses this address']);

    await adminClient.trpc.committees.update.mutate({
      ...fields,
      committeeId: created.id,
      name: 'Organoid Task Force',
    });
    await adminClient.trpc.committees.archive.mutate({ committeeId: created.id, archived: true });
    const list = await app.client().trpc.committees.list.query();
    expect(list.some((c) => c.id === created.id)).toBe(false);
    const page = await app.client().trpc.committees.bySlug.query({ slug: fields.slug });
    expect(page).toMatchObject({ name: 'Organoid Task Force', archived: true });

    const readOnly = await expectTrpcError(() =>
      adminClient.trpc.committees.addTerm.mutate({
        committeeId: created.id,
        userId: member.id,
        role: 'member',
        startsOn: dayFromToday(0),
        endsOn: null,
        notes: null,
      }),
    );
    expect(readOnly.data.appCode).toBe('CONFLICT');
    expect(readOnly.message).toBe('This committee is archived; its roster is read-only.');

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(['committee.create', 'committee.update', 'committee.archive']);
    expect(audit[1]!.before).toMatchObject({ name: 'Organoid Standards Task Force' });
    expect(audit[1]!.after).toMatchObject({ name: 'Organoid Task Force' });
  });
});

describe('roster rules', () => {
  it('rejects a term that overlaps the same person’s other term on the committee', async () => {
    const { committee, client } = await committeeWithChair({ name: 'Overlap Committee' });
    const m = await makeMember(app, { name: 'Olive Overlap' });
    await makeTerm(app, committee.id, m.id, 'member', '2026-01-01', '2027-01-01');
    const e = await expectTrpcError(() =>
      client.trpc.committees.addTerm.mutate({
        committeeId: committee.id,
        userId: m.id,
        role: 'vice_chair',
        startsOn: '2026-06-01',
        endsOn: '2028-06-01',
        notes: null,
      }),
    );
    expect(e.data.appCode).toBe('CONFLICT');
    expect(e.message).toBe(
      'Olive Overlap already has a term on this committee (Member, 2026-01-01 to 2027-01-01) that overlaps these dates.',
    );
    expect(e.data.fieldErrors?.startsOn).toEqual([e.message]);
    // Back to back is fine (a term ends at the start of its end date).
    const next = await client.trpc.committees.addTerm.mutate({
      committeeId: committee.id,
      userId: m.id,
      role: 'vice_chair',
      startsOn: '2027-01-01',
      endsOn: '2028-01-01',
      notes: null,
    });
    expect(next.role).toBe('vice_chair');
  });

  it('enforces "at most two consecutive 3-year terms": a short break does not reset it, a full term off does', async () => {
    const { committee, client } = await committeeWithChair({
      name: 'Limits Committee',
      maxConsecutiveTerms: 2,
      termLengthMonths: 36,
    });
    const m = await makeMember(app, { name: 'Terry Term' });
    await makeTerm(app, committee.id, m.id, 'member', '2020-01-01', '2023-01-01');
    await makeTerm(app, committee.id, m.id, 'member', '2023-01-01', '2026-01-01');
    const third = {
      committeeId: committee.id,
      userId: m.id,
      role: 'member' as const,
      startsOn: '2026-01-01',
      endsOn: '2029-01-01',
      notes: null,
    };
    const message =
      'Limits Committee allows at most 2 consecutive terms. With this change Terry Term would serve 3 in a row; a new term must start at least 3 years after the previous one ends.';
    // The chair's own choice of dates: BAD_INPUT at the form's start-date field (RosterManager's
    // `startsOn`), never a system error with a reference (issue 19 item 11).
    const e = await expectTrpcError(() => client.trpc.committees.addTerm.mutate(third));
    expect(e.data.appCode).toBe('BAD_INPUT');
    expect(e.message).toBe(message);
    expect(e.data.fieldErrors).toEqual({ startsOn: [message] });
    // A year off is not a break on a committee of 3-year terms.
    const shortBreak = await expectTrpcError(() =>
      client.trpc.committees.addTerm.mutate({ ...third, startsOn: '2027-01-01', endsOn: '2030-01-01' }),
    );
    expect(shortBreak.data.appCode).toBe('BAD_INPUT');
    expect(shortBreak.data.fieldErrors).toEqual({ startsOn: [message] });
    const afterBreak = await client.trpc.committees.addTerm.mutate({
      ...third,
      startsOn: '2029-01-01',
      endsOn: '2032-01-01',
    });
    expect(afterBreak.startsOn).toBe('2029-01-01');
    expect((await auditOf(committee.id)).map((a) => a.action)).toEqual(['committee_term.add']);
  });

  it('refuses a term longer than the committee term length, and an open-ended one (field error on the end date)', async () => {
    const { committee, client } = await committeeWithChair({
      name: 'Length Committee',
      maxConsecutiveTerms: 2,
      termLengthMonths: 36,
    });
    const m = await makeMember(app, { name: 'Lena Long' });
    const input = {
      committeeId: committee.id,
      userId: m.id,
      role: 'member' as const,
      startsOn: '2026-01-01',
      notes: null,
    };
    const tenYears = await expectTrpcError(() =>
      client.trpc.committees.addTerm.mutate({ ...input, endsOn: '2036-01-01' }),
    );
    expect(tenYears.data.appCode).toBe('BAD_INPUT');
    expect(tenYears.message).toBe(
      'Terms on Length Committee last at most 3 years: a term starting 2026-01-01 must end on or before 2029-01-01.',
    );
    expect(tenYears.data.fieldErrors?.endsOn).toEqual([tenYears.message]);
    const openEnded = await expectTrpcError(() =>
      client.trpc.committees.addTerm.mutate({ ...input, endsOn: null }),
    );
    expect(openEnded.data.appCode).toBe('BAD_INPUT');
    expect(openEnded.message).toBe(
      'Terms on Length Committee last at most 3 years, so every term needs an end date.',
    );

    const term = await client.trpc.committees.addTerm.mutate({ ...input, endsOn: '2029-01-01' });
    const stretched = await expectTrpcError(() =>
      client.trpc.committees.updateTerm.mutate({
        ...input,
        termId: term.termId,
        endsOn: '2031-01-01',
      }),
    );
    expect(stretched.data.appCode).toBe('BAD_INPUT');
    // Ex officio seats are held by office and run open-ended.
    const officer = await makeMember(app);
    const exOfficio = await client.trpc.committees.addTerm.mutate({
      ...input,
      userId: officer.id,
      role: 'ex_officio',
      endsOn: null,
    });
    expect(exOfficio.endsOn).toBeNull();
  });

  it('a term recorded before the committee had a term length stays editable when its dates do not change', async () => {
    const { committee, client } = await committeeWithChair({ termLengthMonths: 24 });
    const m = await makeMember(app);
    const legacy = await makeTerm(app, committee.id, m.id, 'member', '2020-01-01', null);
    const edited = await client.trpc.committees.updateTerm.mutate({
      committeeId: committee.id,
      termId: legacy,
      role: 'member',
      startsOn: '2020-01-01',
      endsOn: null,
      notes: 'Appointed before terms had a length',
    });
    expect(edited.notes).toBe('Appointed before terms had a length');
  });

  it('rejects an end date that is not after the start (field error)', async () => {
    const { committee, client } = await committeeWithChair();
    const m = await makeMember(app);
    const e = await expectTrpcError(() =>
      client.trpc.committees.addTerm.mutate({
        committeeId: committee.id,
        userId: m.id,
        role: 'member',
        startsOn: '2026-05-01',
        endsOn: '2026-04-01',
        notes: null,
      }),
    );
    expect(e.data.appCode).toBe('BAD_INPUT');
    expect(e.data.fieldErrors?.endsOn).toEqual(['The end date must be after the start date']);
  });
});

describe('roster typeahead at scale', () => {
  it('email substring matching can use a trigram index (as the name matching does), not only a scan', async () => {
    // The WHERE clause of committees.repository searchMembers; with sequential scans discouraged the
    // planner must still find an index for both halves of the OR (a BitmapOr of the two trigram indexes).
    const plan = await app.db.transaction().execute(async (trx) => {
      // Plain index scans off too: with few rows the planner may walk the lower(name) order index
      // and filter (which says nothing about the OR); a bitmap scan here can only be trigram.
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL enable_indexscan = off`.execute(trx);
      const r = await sql<{ 'QUERY PLAN': string }>`
        EXPLAIN SELECT u.id, p.institution FROM users u LEFT JOIN member_profiles p ON p.user_id = u.id
        WHERE lower(u.name) LIKE '%ander%' OR lower(u.email) LIKE '%ander%'
        ORDER BY lower(u.name) LIMIT 10`.execute(trx);
      return r.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('users_email_trgm_idx');
    expect(plan).toContain('users_name_trgm_idx');
  });
});
