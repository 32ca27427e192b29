import { DEFAULT_DIRECTORY_VISIBILITY } from '@societas/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTrpcError, makeUser, signedInClient, startTestApp, type TestApp } from './harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const validProfile = {
  name: 'Grace Researcher',
  institution: 'Karolinska Institutet',
  countryCode: 'se',
  careerStage: 'postdoc' as const,
  researchAreas: ['organoids', 'iPSC', 'organoids'],
  orcid: '0000-0002-1825-0097',
  directoryOptOut: false,
  visibility: { ...DEFAULT_DIRECTORY_VISIBILITY, institution: 'hidden' as const },
};

describe('account profile', () => {
  it('a signed-in user reads and edits their profile; the change is audited', async () => {
    const user = await makeUser(app);
    const client = await signedInClient(app, user);
    const before = await client.trpc.account.profile.query();
    expect(before).toMatchObject({
      userId: user.id,
      email: user.email,
      institution: null,
      memberNumber: null,
    });

    const after = await client.trpc.account.updateProfile.mutate(validProfile);
    expect(after).toMatchObject({
      name: 'Grace Researcher',
      institution: 'Karolinska Institutet',
      countryCode: 'SE',
      careerStage: 'postdoc',
      researchAreas: ['organoids', 'iPSC'],
      orcid: '0000-0002-1825-0097',
      visibility: { institution: 'hidden', country: 'members' },
    });
    expect(after.memberNumber).toBeGreaterThan(100000);
    expect((await client.trpc.auth.session.query()).user?.name).toBe('Grace Researcher');

    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'before', 'after'])
      .where('entity_id', '=', user.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'profile.update', actor_user_id: user.id });
    expect((audit[0]!.before as { institution: null }).institution).toBeNull();
    expect((audit[0]!.after as { institution: string }).institution).toBe('Karolinska Institutet');
  });

  it('bad fields come back as field errors and nothing is written', async () => {
    const user = await makeUser(app, { name: 'Unchanged Name' });
    const client = await signedInClient(app, user);
    const error = await expectTrpcError(() =>
      client.trpc.account.updateProfile.mutate({
        ...validProfile,
        countryCode: 'XX',
        orcid: '0000-0002-1825-0098',
        visibility: { ...validProfile.visibility, orcid: 'everyone' as never },
      }),
    );
    expect(error.data.httpStatus).toBe(400);
    expect(Object.keys(error.data.fieldErrors ?? {}).sort()).toEqual([
      'countryCode',
      'orcid',
      'visibility.orcid',
    ]);
    expect(error.data.fieldErrors?.countryCode).toEqual(['Choose a country from the list']);
    const profile = await client.trpc.account.profile.query();
    expect(profile.name).toBe('Unchanged Name');
    expect(profile.institution).toBeNull();
  });

  it('payloads carrying role or email are ignored: a user cannot make themselves admin', async () => {
    const user = await makeUser(app);
    const client = await signedInClient(app, user);
    await client.trpc.account.updateProfile.mutate({
      ...validProfile,
      role: 'admin',
      email: 'hijack@example.org',
    } as typeof validProfile);
    const row = await app.db
      .selectFrom('users')
      .select(['role', 'email'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'user', email: user.email });
  });

  it('anonymous callers get 401 on the profile', async () => {
    const error = await expectTrpcError(() => app.client().trpc.account.profile.query());
    expect(error.data.appCode).toBe('UNAUTHENTICATED');
    expect(error.data.httpStatus).toBe(401);
  });
});

describe('roles', () => {
  it('a non-admin gets 403 on admin procedures; an admin gets the data', async () => {
    const member = await signedInClient(app, await makeUser(app));
    for (const call of [() => member.trpc.admin.overview.query(), () => member.trpc.admin.users.query({})]) {
      const error = await expectTrpcError(call);
      expect(error.data.appCode).toBe('FORBIDDEN');
      expect(error.data.httpStatus).toBe(403);
    }
    const admin = await signedInClient(app, await makeUser(app, { role: 'admin' }));
    const overview = await admin.trpc.admin.overview.query();
    expect(overview.admins).toBeGreaterThanOrEqual(1);
    const users = await admin.trpc.admin.users.query({ search: 'Test User', pageSize: 5 });
    expect(users.items.length).toBeGreaterThan(0);
    expect(users.items.length).toBeLessThanOrEqual(5);
    expect((await admin.trpc.auth.session.query()).user?.isAdmin).toBe(true);
  });

  it('a current chair term shows in the session; an ended one does not', async () => {
    const chair = await makeUser(app);
    const [current, past] = await app.db
      .insertInto('committees')
      .values([
        { slug: `c-${Date.now()}-a`, name: 'Education', kind: 'standing' },
        { slug: `c-${Date.now()}-b`, name: 'Ethics', kind: 'standing' },
      ])
      .returning('id')
      .execute();
    await app.db
      .insertInto('committee_terms')
      .values([
        {
          committee_id: current!.id,
          user_id: chair.id,
          role: 'chair',
          starts_on: '2024-01-01',
          ends_on: '2099-01-01',
        },
        {
          committee_id: past!.id,
          user_id: chair.id,
          role: 'chair',
          starts_on: '2020-01-01',
          ends_on: '2023-01-01',
        },
      ])
      .execute();
    const client = await signedInClient(app, chair);
    expect((await client.trpc.auth.session.query()).user?.chairOfCommitteeIds).toEqual([current!.id]);
  });
});

describe('account language', () => {
  it('a signed-in user saves their language; the session carries it from then on', async () => {
    const user = await makeUser(app);
    const client = await signedInClient(app, user);
    expect((await client.trpc.auth.session.query()).user?.locale).toBeNull();

    expect(await client.trpc.account.setLocale.mutate({ locale: 'ja' })).toEqual({ locale: 'ja' });

    expect((await client.trpc.auth.session.query()).user?.locale).toBe('ja');
    const row = await app.db
      .selectFrom('users')
      .select('locale')
      .where('id', '=', user.id)
      .executeTakeFirst();
    expect(row?.locale).toBe('ja');
  });

  it('a language the portal is not written in is refused with the field message, and nothing is saved', async () => {
    const user = await makeUser(app);
    const client = await signedInClient(app, user);
    await client.trpc.account.setLocale.mutate({ locale: 'es' });

    const error = await expectTrpcError(() =>
      client.trpc.account.setLocale.mutate({ locale: 'fr' as never }),
    );

    expect(error.data.httpStatus).toBe(400);
    expect(error.data.fieldErrors?.locale).toEqual(['Choose English, Spanish or Japanese']);
    expect((await client.trpc.auth.session.query()).user?.locale).toBe('es');
  });
});

describe('dev mailbox', () => {
  it('is open to anyone while no SMTP is configured outside production', async () => {
    const status = await app.client().trpc.mail.devMailboxStatus.query();
    expect(status).toEqual({ available: true, smtpConfigured: false });
    const page = await app.client().trpc.mail.devMailbox.query({ page: 1, pageSize: 10 });
    expect(Array.isArray(page.items)).toBe(true);
  });
});

describe('dev mailbox with SMTP configured', () => {
  let smtpApp: TestApp;
  beforeAll(async () => {
    smtpApp = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:2525' });
  });
  afterAll(async () => {
    await smtpApp?.close();
  });

  it('is for admins only', async () => {
    const anonymous = await expectTrpcError(() => smtpApp.client().trpc.mail.devMailbox.query({}));
    expect(anonymous.data.appCode).toBe('UNAUTHENTICATED');
    const member = await signedInClient(smtpApp, await makeUser(smtpApp));
    const denied = await expectTrpcError(() => member.trpc.mail.devMailbox.query({}));
    expect(denied.data.appCode).toBe('FORBIDDEN');
    const admin = await signedInClient(smtpApp, await makeUser(smtpApp, { role: 'admin' }));
    await expect(admin.trpc.mail.devMailbox.query({})).resolves.toMatchObject({ page: 1 });
  });
});

describe('in production without SMTP', () => {
  let production: TestApp;
  beforeAll(async () => {
    production = await startTestApp({ NODE_ENV: 'production', PAYMENTS: 'off' });
  });
  afterAll(async () => {
    await production?.close();
  });

  it('the dev mailbox is closed to everyone but admins', async () => {
    expect(production.env.devMailbox).toBe(true);
    expect(await production.client().trpc.mail.devMailboxStatus.query()).toEqual({
      available: false,
      smtpConfigured: false,
    });
    const anonymous = await expectTrpcError(() => production.client().trpc.mail.devMailbox.query({}));
    expect(anonymous.data.appCode).toBe('UNAUTHENTICATED');
    expect(anonymous.message).toBe('The dev mailbox is for administrators.');
    const member = await signedInClient(production, await makeUser(production));
    const denied = await expectTrpcError(() => member.trpc.mail.devMailbox.query({}));
    expect(denied.data.appCode).toBe('FORBIDDEN');
    const admin = await signedInClient(production, await makeUser(production, { role: 'admin' }));
    await expect(admin.trpc.mail.devMailbox.query({})).resolves.toMatchObject({ page: 1 });
  });

  it('the session cookie is Secure with the __Secure- prefix, even on an http://localhost PUBLIC_URL', async () => {
    const user = await makeUser(production);
    const response = await fetch(`${production.baseUrl}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: user.email, password: user.password } }),
    });
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('__Secure-societas.session_token='));
    expect(session, cookies.join('\n')).toBeDefined();
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/HttpOnly/i);
  });
});
