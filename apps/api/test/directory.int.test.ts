import { DEFAULT_DIRECTORY_VISIBILITY } from '@societas/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromToday, makeCommittee, makeMember, makeTerm } from './community-factories.js';
import { expectTrpcError, makeUser, signedInClient, startTestApp, type TestApp } from './harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

let seq = 0;
/** An institution name no other test uses, so searches see only this test's members. */
const uniqueInstitution = () => `Institute ${Date.now().toString(36)}-${++seq}`;

describe('directory access', () => {
  it('anonymous visitors, never-members and lapsed members cannot search; active members can', async () => {
    const anon = await expectTrpcError(() => app.client().trpc.directory.search.query({}));
    expect(anon.data.appCode).toBe('UNAUTHENTICATED');

    for (const membership of ['none', 'lapsed'] as const) {
      const user = await makeMember(app, { membership });
      const client = await signedInClient(app, user);
      const e = await expectTrpcError(() => client.trpc.directory.search.query({ name: 'a' }));
      expect(e.data.appCode).toBe('FORBIDDEN');
      expect(e.message).toBe(
        'The member directory is for members with an active membership. Join or renew to search it.',
      );
    }

    const active = await makeMember(app);
    const client = await signedInClient(app, active);
    const page = await client.trpc.directory.search.query({});
    expect(page.items.length).toBeGreaterThan(0);

    // Staff: an administrator without a membership of their own may search (and set field rules).
    const admin = await signedInClient(app, await makeMember(app, { role: 'admin', membership: 'none' }));
    expect((await admin.trpc.directory.search.query({})).items.length).toBeGreaterThan(0);
  });
});

describe('directory search and privacy', () => {
  it('lists active, listed members only; hides fields per member; search cannot reveal a hidden value', async () => {
    const inst = uniqueInstitution();
    const viewer = await makeMember(app, { name: 'Viewer Val' });
    const open = await makeMember(app, {
      name: 'Alice Open',
      profile: {
        institution: inst,
        countryCode: 'SE',
        careerStage: 'postdoc',
        researchAreas: ['organoids'],
        orcid: '0000-0002-1825-0097',
      },
    });
    await makeMember(app, {
      name: 'Bob Hidden',
      profile: {
        institution: inst,
        countryCode: 'JP',
        careerStage: 'senior',
        visibility: { ...DEFAULT_DIRECTORY_VISIBILITY, institution: 'hidden', careerStage: 'hidden' },
      },
    });
    await makeMember(app, { name: 'Carol OptOut', profile: { institution: inst, directoryOptOut: true } });
    await makeMember(app, { name: 'Dan Lapsed', membership: 'lapsed', profile: { institution: inst } });

    const client = await signedInClient(app, viewer);
    const byInstitution = await client.trpc.directory.search.query({ institution: inst.toUpperCase() });
    expect(byInstitution.items.map((i) => i.name)).toEqual(['Alice Open']);
    expect(byInstitution.items[0]).toEqual({
      userId: open.id,
      name: 'Alice Open',
      institution: inst,
      countryCode: 'SE',
      careerStage: 'postdoc',
      researchAreas: ['organoids'],
      orcid: '0000-0002-1825-0097',
    });

    const bob = await client.trpc.directory.search.query({ name: 'bob hidden' });
    expect(bob.items).toEqual([
      expect.objectContaining({
        name: 'Bob Hidden',
        institution: null,
        careerStage: null,
        countryCode: 'JP',
      }),
    ]);
    // Filtering on a hidden field does not match (or it would reveal the value).
    const bobByStage = await client.trpc.directory.search.query({
      name: 'bob hidden',
      careerStage: 'senior',
    });
    expect(bobByStage.items).toEqual([]);
    const bobByCountry = await client.trpc.directory.search.query({ name: 'bob hidden', countryCode: 'jp' });
    expect(bobByCountry.total).toBe(1);

    for (const name of ['Carol OptOut', 'Dan Lapsed']) {
      expect((await client.trpc.directory.search.query({ name })).items).toEqual([]);
    }
    const card = await client.trpc.directory.member.query({ userId: open.id });
    expect(card).toMatchObject({ listed: true, institution: inst });
    // Every field of Alice's is members-only (the default): a visitor has no page of hers to see
    // (ADR 007, "Member pages"); the visitor rules are tested below.
    const anonCard = await expectTrpcError(() =>
      app.client().trpc.directory.member.query({ userId: open.id }),
    );
    expect(anonCard.data.appCode).toBe('NOT_FOUND');
  });

  it('member pages: NOT_FOUND for the opted-out (except to themselves and admins), for lapsed and never-members without committee service', async () => {
    const viewer = await makeMember(app);
    const member = await signedInClient(app, viewer);
    const anon = app.client();
    const optedOut = await makeMember(app, {
      name: 'Olga OptedOut',
      profile: { institution: uniqueInstitution(), directoryOptOut: true },
    });
    const lapsed = await makeMember(app, { name: 'Lapsed Lou', membership: 'lapsed' });
    const never = await makeMember(app, { name: 'Never Nina', membership: 'none' });
    const noProfile = await makeUser(app, { name: 'Plain Account' });
    for (const person of [optedOut, lapsed, never, noProfile]) {
      for (const client of [member, anon]) {
        const e = await expectTrpcError(() => client.trpc.directory.member.query({ userId: person.id }));
        expect(e.data.appCode).toBe('NOT_FOUND');
        expect(e.message).toBe('This member was not found.');
        const service = await expectTrpcError(() =>
          client.trpc.committees.serviceHistory.query({ userId: person.id }),
        );
        expect(service.data.appCode).toBe('NOT_FOUND');
      }
    }

    // The person themself and an admin still see the page (an opted-out member shows no fields).
    const own = await (await signedInClient(app, optedOut)).trpc.directory.member.query({
      userId: optedOut.id,
    });
    expect(own).toMatchObject({ name: 'Olga OptedOut', listed: false, institution: null });
    const admin = await signedInClient(app, await makeMember(app, { role: 'admin' }));
    expect(await admin.trpc.directory.member.query({ userId: optedOut.id })).toMatchObject({
      name: 'Olga OptedOut',
      listed: false,
    });
    expect(await admin.trpc.directory.member.query({ userId: never.id })).toMatchObject({
      name: 'Never Nina',
      listed: false,
    });
  });

  it('a lapsed member who served on a committee has a page with their name and service, no directory fields', async () => {
    const inst = uniqueInstitution();
    const formerChair = await makeMember(app, {
      name: 'Former Fiona',
      membership: 'lapsed',
      profile: { institution: inst, visibility: { ...DEFAULT_DIRECTORY_VISIBILITY, institution: 'public' } },
    });
    const optedOutChair = await makeMember(app, {
      name: 'Private Pat',
      profile: { directoryOptOut: true },
    });
    const committee = await makeCommittee(app);
    await makeTerm(app, committee.id, formerChair.id, 'chair', dayFromToday(-900), dayFromToday(-100));
    await makeTerm(app, committee.id, optedOutChair.id, 'member', dayFromToday(-900), dayFromToday(-100));
    const anon = app.client();
    const card = await anon.trpc.directory.member.query({ userId: formerChair.id });
    expect(card).toMatchObject({ name: 'Former Fiona', listed: false, institution: null });
    const service = await anon.trpc.committees.serviceHistory.query({ userId: formerChair.id });
    expect(service.terms).toHaveLength(1);

    // Opted out: on the committee page by name (service is public) but without a member page.
    const e = await expectTrpcError(() => anon.trpc.directory.member.query({ userId: optedOutChair.id }));
    expect(e.data.appCode).toBe('NOT_FOUND');
    const page = await anon.trpc.committees.bySlug.query({ slug: committee.slug });
    expect(page.past.map((t) => [t.name, t.hasProfilePage])).toEqual(
      expect.arrayContaining([
        ['Former Fiona', true],
        ['Private Pat', false],
      ]),
    );
  });

  it('a member hides their institution in their profile and it disappears from the directory', async () => {
    const inst = uniqueInstitution();
    const member = await makeMember(app, {
      name: 'Hana Hider',
      profile: { institution: inst, countryCode: 'DE' },
    });
    const viewer = await signedInClient(app, await makeMember(app));
    expect((await viewer.trpc.directory.search.query({ institution: inst })).items).toEqual([
      expect.objectContaining({ name: 'Hana Hider', institution: inst }),
    ]);

    const own = await signedInClient(app, member);
    const profile = await own.trpc.account.profile.query();
    await own.trpc.account.updateProfile.mutate({
      name: profile.name,
      institution: profile.institution,
      countryCode: profile.countryCode,
      careerStage: profile.careerStage,
      researchAreas: profile.researchAreas,
      orcid: profile.orcid,
      directoryOptOut: false,
      visibility: { ...profile.visibility, institution: 'hidden' },
    });
    expect((await viewer.trpc.directory.search.query({ institution: inst })).items).toEqual([]);
    const byName = await viewer.trpc.directory.search.query({ name: 'Hana Hider' });
    expect(byName.items).toEqual([expect.objectContaining({ institution: null, countryCode: 'DE' })]);
  });

  it('an admin lock overrides every member’s choice; only admins can set locks', async () => {
    const inst = uniqueInstitution();
    await makeMember(app, {
      name: 'Lola Locked',
      profile: { institution: inst, orcid: '0000-0001-5109-3700', visibility: { orcid: 'public' } },
    });
    const member = await makeMember(app);
    const memberClient = await signedInClient(app, member);
    const denied = await expectTrpcError(() =>
      memberClient.trpc.directory.setLock.mutate({ field: 'orcid', visibility: 'hidden' }),
    );
    expect(denied.data.appCode).toBe('FORBIDDEN');

    const admin = await signedInClient(app, await makeMember(app, { role: 'admin' }));
    const locks = await admin.trpc.directory.setLock.mutate({ field: 'orcid', visibility: 'hidden' });
    expect(locks).toEqual([expect.objectContaining({ field: 'orcid', visibility: 'hidden' })]);
    const found = await memberClient.trpc.directory.search.query({ institution: inst });
    expect(found.items).toEqual([expect.objectContaining({ name: 'Lola Locked', orcid: null })]);
    await admin.trpc.directory.setLock.mutate({ field: 'orcid', visibility: null });
    const again = await memberClient.trpc.directory.search.query({ institution: inst });
    expect(again.items[0]?.orcid).toBe('0000-0001-5109-3700');
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_type', '=', 'directory_field')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['directory.lock_field', 'directory.unlock_field']);
    expect(audit[1]).toMatchObject({ before: { field: 'orcid', visibility: 'hidden' }, after: null });
  });

  it('follows the ledger: a renewal lists a lapsed member, an early end removes them', async () => {
    const inst = uniqueInstitution();
    const member = await makeMember(app, {
      name: 'Rita Renewer',
      membership: 'lapsed',
      profile: { institution: inst },
    });
    const client = await signedInClient(app, await makeMember(app));
    expect((await client.trpc.directory.search.query({ institution: inst })).total).toBe(0);

    const now = Date.now();
    await app.db
      .insertInto('membership_events')
      .values({
        user_id: member.id,
        kind: 'renewed',
        term_years: 1,
        starts_at: new Date(now),
        ends_at: new Date(now + 365 * 86_400_000),
      })
      .execute();
    expect(
      (await client.trpc.directory.search.query({ institution: inst })).items.map((i) => i.name),
    ).toEqual(['Rita Renewer']);

    await app.db
      .insertInto('membership_events')
      .values({ user_id: member.id, kind: 'ended', ends_at: new Date(now - 1000) })
      .execute();
    expect((await client.trpc.directory.search.query({ institution: inst })).total).toBe(0);
  });

  it('searches by research area (any letter case) and career stage, paginated by name', async () => {
    const area = `Area-${Date.now().toString(36)}`;
    for (const name of ['Zed Three', 'Amy One', 'Max Two']) {
      await makeMember(app, { name, profile: { researchAreas: [area], careerStage: 'student' } });
    }
    const client = await signedInClient(app, await makeMember(app));
    const first = await client.trpc.directory.search.query({ researchArea: area, pageSize: 2 });
    expect(first).toMatchObject({ total: 3, totalCapped: false, page: 1, pageSize: 2 });
    expect(first.items.map((i) => i.name)).toEqual(['Amy One', 'Max Two']);
    const second = await client.trpc.directory.search.query({ researchArea: area, pageSize: 2, page: 2 });
    expect(second.items.map((i) => i.name)).toEqual(['Zed Three']);
    const lower = await client.trpc.directory.search.query({ researchArea: area.toLowerCase() });
    expect(lower.total).toBe(3);
    const students = await client.trpc.directory.search.query({ researchArea: area, careerStage: 'student' });
    expect(students.total).toBe(3);
    const faculty = await client.trpc.directory.search.query({ researchArea: area, careerStage: 'senior' });
    expect(faculty.total).toBe(0);
    const tooDeep = await expectTrpcError(() =>
      client.trpc.directory.search.query({ page: 500, pageSize: 100 }),
    );
    expect(tooDeep.data.appCode).toBe('BAD_INPUT');
  });
});

describe('member pages for visitors (ADR 007, "Member pages")', () => {
  it('a visitor sees the fields a member made public; a member who shares nothing publicly has no page for them', async () => {
    const shy = await makeMember(app, {
      name: 'Shy Shona',
      profile: { institution: uniqueInstitution(), countryCode: 'FR', researchAreas: ['Organoids'] },
    });
    const open = await makeMember(app, {
      name: 'Public Pia',
      profile: {
        institution: 'Karolinska Institutet',
        countryCode: 'SE',
        careerStage: 'postdoc',
        visibility: { ...DEFAULT_DIRECTORY_VISIBILITY, institution: 'public' },
      },
    });
    const servedShy = await makeMember(app, {
      name: 'Served Sven',
      profile: { institution: uniqueInstitution() },
    });
    const committee = await makeCommittee(app);
    await makeTerm(app, committee.id, servedShy.id, 'member', dayFromToday(-400), dayFromToday(-30));
    const lapsedViewer = await signedInClient(app, await makeMember(app, { membership: 'lapsed' }));
    const member = await signedInClient(app, await makeMember(app));

    for (const visitor of [app.client(), lapsedViewer]) {
      const none = await expectTrpcError(() => visitor.trpc.directory.member.query({ userId: shy.id }));
      expect(none.data.appCode).toBe('NOT_FOUND');
      expect(none.message).toBe('This member was not found.');
      const noHistory = await expectTrpcError(() =>
        visitor.trpc.committees.serviceHistory.query({ userId: shy.id }),
      );
      expect(noHistory.data.appCode).toBe('NOT_FOUND');

      // Only the public field; the members-only ones stay hidden.
      expect(await visitor.trpc.directory.member.query({ userId: open.id })).toMatchObject({
        name: 'Public Pia',
        listed: true,
        institution: 'Karolinska Institutet',
        countryCode: null,
        careerStage: null,
        researchAreas: null,
        orcid: null,
      });
      // Committee service is public on committee pages, so the served member's name is too.
      expect(await visitor.trpc.directory.member.query({ userId: servedShy.id })).toMatchObject({
        name: 'Served Sven',
        institution: null,
        countryCode: null,
      });
    }
    // An active member sees every members-only field of the same person.
    expect(await member.trpc.directory.member.query({ userId: shy.id })).toMatchObject({
      name: 'Shy Shona',
      countryCode: 'FR',
      researchAreas: ['Organoids'],
    });
  });

  it('the page of a member who never served answers an empty service history to members, chairs and visitors (issue 19 item 9)', async () => {
    const researcher = await makeMember(app, {
      name: 'Olivia Organoid',
      profile: {
        institution: 'Hubrecht Institute',
        researchAreas: ['Organoids'],
        visibility: { ...DEFAULT_DIRECTORY_VISIBILITY, institution: 'public', researchAreas: 'public' },
      },
    });
    const committee = await makeCommittee(app);
    const chairPerson = await makeMember(app);
    await makeTerm(app, committee.id, chairPerson.id, 'chair', dayFromToday(-100), dayFromToday(600));
    const viewers = {
      member: await signedInClient(app, await makeMember(app)),
      chair: await signedInClient(app, chairPerson),
      visitor: app.client(),
    };
    // Found the way a member does: Directory -> research area "Organoids".
    const found = await viewers.member.trpc.directory.search.query({
      researchArea: 'organoids',
      name: 'Olivia',
    });
    expect(found.items.map((i) => i.userId)).toContain(researcher.id);
    for (const [who, client] of Object.entries(viewers)) {
      const card = await client.trpc.directory.member.query({ userId: researcher.id });
      expect(card.name, who).toBe('Olivia Organoid');
      const history = await client.trpc.committees.serviceHistory.query({ userId: researcher.id });
      expect(history, who).toEqual({ userId: researcher.id, name: 'Olivia Organoid', terms: [] });
    }
  });
});
