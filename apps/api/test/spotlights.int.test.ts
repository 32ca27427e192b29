import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember } from './community-factories.js';
import {
  expectTrpcError,
  linkIn,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from './harness.js';

let app: TestApp;
let admin: TestClient;
const webDist = mkdtempSync(join(tmpdir(), 'societas-web-'));
writeFileSync(
  join(webDist, 'index.html'),
  '<!doctype html><html><head><title>Societas</title></head><body><div id="root"></div></body></html>',
);

beforeAll(async () => {
  app = await startTestApp({ WEB_DIST_DIR: webDist });
  admin = await signedInClient(app, await makeMember(app, { role: 'admin' }));
});
afterAll(async () => {
  await app?.close();
});

let seq = 0;
function fields(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    slug: `story-${Date.now().toString(36)}-${seq}`,
    title: `A life in stem cells ${seq}`,
    standfirst: 'From the bench to the clinic.',
    bodyMd: 'A **story**.',
    photoUrl: 'https://images.example.org/portrait.jpg',
    memberUserId: null as string | null,
    qa: [] as Array<{ question: string; answer: string }>,
    tags: [] as string[],
    ...overrides,
  };
}

describe('nomination to publication', () => {
  it('a signed-in user nominates; the admin drafts, sends for review, publishes; the member previews first', async () => {
    // Her institution is public, so visitors have a member page of hers to follow a link to (ADR 007).
    const featured = await makeMember(app, {
      name: 'Nora Nominee',
      profile: { institution: 'Hubrecht Institute', visibility: { institution: 'public' } },
    });
    const nominator = await makeMember(app, { membership: 'none' });
    const nominatorClient = await signedInClient(app, nominator);

    const anon = await expectTrpcError(() =>
      app.client().trpc.spotlights.nominate.mutate({ memberUserId: featured.id, reason: 'x'.repeat(30) }),
    );
    expect(anon.data.appCode).toBe('UNAUTHENTICATED');
    const short = await expectTrpcError(() =>
      nominatorClient.trpc.spotlights.nominate.mutate({ memberUserId: featured.id, reason: 'Great' }),
    );
    expect(short.data.fieldErrors?.reason).toEqual(['Tell us a little more (at least 20 characters)']);

    const found = await nominatorClient.trpc.spotlights.nominees.query({ q: 'nora nom' });
    expect(found).toEqual([{ userId: featured.id, name: 'Nora Nominee' }]);
    const { id } = await nominatorClient.trpc.spotlights.nominate.mutate({
      memberUserId: featured.id,
      reason: 'Built the first organoid biobank in her country.',
    });

    const notAdmin = await expectTrpcError(() => nominatorClient.trpc.spotlights.adminList.query({}));
    expect(notAdmin.data.appCode).toBe('FORBIDDEN');

    const nominated = await admin.trpc.spotlights.adminList.query({ status: 'nominated' });
    expect(nominated.items.find((i) => i.id === id)).toMatchObject({
      memberName: 'Nora Nominee',
      nominatedByName: expect.any(String),
    });
    const draft = await admin.trpc.spotlights.adminGet.query({ id });
    expect(draft.nominationReason).toBe('Built the first organoid biobank in her country.');

    const skip = await expectTrpcError(() =>
      admin.trpc.spotlights.transition.mutate({ id, to: 'published' }),
    );
    expect(skip.data.appCode).toBe('CONFLICT');
    expect(skip.message).toBe('A spotlight that is nominated cannot be moved to published.');

    await admin.trpc.spotlights.transition.mutate({ id, to: 'draft' });
    const tag = `biobanks-${seq}`;
    const edited = await admin.trpc.spotlights.update.mutate({
      ...fields({ memberUserId: featured.id, tags: [tag] }),
      id,
      slug: draft.slug,
      title: 'Nora and the "biobank" <b>story</b>',
      qa: [{ question: 'Why?', answer: 'Because <script>alert(1)</script>**science**' }],
    });
    expect(edited.status).toBe('draft');
    await admin.trpc.spotlights.transition.mutate({ id, to: 'in_review' });

    // Before publication: the featured member previews it; other people do not see it at all.
    const own = await signedInClient(app, featured);
    expect(await own.trpc.spotlights.myPreviews.query()).toEqual([
      expect.objectContaining({ slug: draft.slug, status: 'in_review' }),
    ]);
    const preview = await own.trpc.spotlights.bySlug.query({ slug: draft.slug });
    expect(preview).toMatchObject({ preview: true, status: 'in_review' });
    for (const client of [nominatorClient, app.client()]) {
      const e = await expectTrpcError(() => client.trpc.spotlights.bySlug.query({ slug: draft.slug }));
      expect(e.data.appCode).toBe('NOT_FOUND');
    }
    expect((await app.client().trpc.spotlights.list.query({ tag })).items).toEqual([]);

    await admin.trpc.spotlights.transition.mutate({ id, to: 'published' });
    const page = await app.client().trpc.spotlights.bySlug.query({ slug: draft.slug });
    expect(page).toMatchObject({
      preview: false,
      status: 'published',
      member: { name: 'Nora Nominee', hasProfilePage: true },
    });
    expect(page.qa[0]!.answerHtml).toContain('<strong>science</strong>');
    expect(page.qa[0]!.answerHtml).not.toContain('<script');
    expect((await app.client().trpc.spotlights.list.query({ tag })).items.map((i) => i.slug)).toEqual([
      draft.slug,
    ]);
    expect((await app.client().trpc.spotlights.latest.query())[0]?.slug).toBe(draft.slug);
    expect(await own.trpc.spotlights.myPreviews.query()).toEqual([]);

    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_type', '=', 'spotlight')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'spotlight.nominate',
      'spotlight.draft',
      'spotlight.update',
      'spotlight.in_review',
      'spotlight.published',
    ]);
    expect(audit[4]).toMatchObject({ before: { status: 'in_review' }, after: { status: 'published' } });

    // Social meta tags in the served HTML, escaped.
    const html = await (await fetch(`${app.baseUrl}/spotlights/${draft.slug}`)).text();
    expect(html).toContain(
      '<meta property="og:title" content="Nora and the &quot;biobank&quot; &lt;b&gt;story&lt;/b&gt;" />',
    );
    expect(html).toContain('<meta property="og:description" content="From the bench to the clinic." />');
    expect(html).toContain('<meta property="og:image" content="https://images.example.org/portrait.jpg" />');
    expect(html).toContain('<div id="root">');
  });
});

describe('markdown sanitising', () => {
  it('strips script, on* attributes and javascript: URLs from the rendered body', async () => {
    const f = fields({
      bodyMd: [
        '## Early years',
        '<script>alert("x")</script>',
        '<img src="https://e.org/a.png" onerror="alert(1)" onload="alert(2)">',
        '[click](javascript:alert(1)) and <a href="javascript:alert(2)" onclick="alert(3)">raw</a>',
        '<iframe src="https://evil.example"></iframe><p style="color:red" onmouseover="x()">styled</p>',
        'A [good link](https://example.org).',
      ].join('\n\n'),
    });
    const created = await admin.trpc.spotlights.create.mutate(f);
    await admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'published' });
    const { bodyHtml } = await app.client().trpc.spotlights.bySlug.query({ slug: f.slug });
    expect(bodyHtml).toContain('<h2>Early years</h2>');
    expect(bodyHtml).toContain('<img src="https://e.org/a.png" />');
    expect(bodyHtml).toContain(
      '<a href="https://example.org" rel="noopener noreferrer nofollow">good link</a>',
    );
    expect(bodyHtml).not.toMatch(
      /<script|alert\("x"\)|onerror|onload|onclick|onmouseover|javascript:|<iframe|style=/i,
    );
  });
});

describe('scheduling', () => {
  it('a scheduled spotlight is not public before its time and is public after it', async () => {
    const tag = `scheduled-${Date.now().toString(36)}`;
    const f = fields({ tags: [tag] });
    const created = await admin.trpc.spotlights.create.mutate(f);

    const past = await expectTrpcError(() =>
      admin.trpc.spotlights.transition.mutate({
        id: created.id,
        to: 'scheduled',
        publishAt: new Date(Date.now() - 60_000),
      }),
    );
    expect(past.data.appCode).toBe('BAD_INPUT');
    expect(past.data.fieldErrors?.publishAt).toEqual(['Choose a time in the future']);
    const missing = await expectTrpcError(() =>
      admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'scheduled' }),
    );
    expect(missing.data.fieldErrors?.publishAt).toEqual(['Choose a date and time']);

    const publishAt = new Date(Date.now() + 1500);
    const scheduled = await admin.trpc.spotlights.transition.mutate({
      id: created.id,
      to: 'scheduled',
      publishAt,
    });
    expect(scheduled).toMatchObject({ status: 'scheduled', publishAt });

    const anon = app.client();
    expect((await anon.trpc.spotlights.list.query({ tag })).total).toBe(0);
    const early = await expectTrpcError(() => anon.trpc.spotlights.bySlug.query({ slug: f.slug }));
    expect(early.data.appCode).toBe('NOT_FOUND');
    const earlyHtml = await (await fetch(`${app.baseUrl}/spotlights/${f.slug}`)).text();
    expect(earlyHtml).not.toContain('og:title');

    await new Promise((resolve) => setTimeout(resolve, publishAt.getTime() - Date.now() + 300));
    expect((await anon.trpc.spotlights.list.query({ tag })).items.map((i) => i.slug)).toEqual([f.slug]);
    expect((await anon.trpc.spotlights.bySlug.query({ slug: f.slug })).preview).toBe(false);
  });

  it('publishing needs a standfirst and a story', async () => {
    const created = await admin.trpc.spotlights.create.mutate(fields({ bodyMd: '  ' }));
    const e = await expectTrpcError(() =>
      admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'published' }),
    );
    expect(e.data.appCode).toBe('BAD_INPUT');
    expect(e.message).toBe('Write the standfirst and the story before publishing or scheduling.');
  });
});

describe('public list', () => {
  it('is newest first, paginated and filtered by tag', async () => {
    const tag = `list-${Date.now().toString(36)}`;
    const slugs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = fields({ tags: [tag] });
      const created = await admin.trpc.spotlights.create.mutate(f);
      await admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'published' });
      slugs.push(f.slug);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const first = await app.client().trpc.spotlights.list.query({ tag, pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((i) => i.slug)).toEqual([slugs[2], slugs[1]]);
    const second = await app.client().trpc.spotlights.list.query({ tag, pageSize: 2, page: 2 });
    expect(second.items.map((i) => i.slug)).toEqual([slugs[0]]);
    const tags = await app.client().trpc.spotlights.tags.query();
    expect(tags).toContainEqual({ tag, count: 3 });
    const dup = await expectTrpcError(() =>
      admin.trpc.spotlights.create.mutate({ ...fields(), slug: slugs[0]! }),
    );
    expect(dup.data.appCode).toBe('CONFLICT');
    expect(dup.data.fieldErrors?.slug).toEqual(['Another spotlight already uses this address']);
  });
});

describe('stable addresses', () => {
  it('an old slug still finds the spotlight (canonical slug in the answer; the page redirects); nobody else can take it', async () => {
    const f = fields();
    const created = await admin.trpc.spotlights.create.mutate(f);
    await admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'published' });
    const renamed = `${f.slug}-renamed`;
    await admin.trpc.spotlights.update.mutate({ ...f, id: created.id, slug: renamed });

    const anon = app.client();
    expect((await anon.trpc.spotlights.bySlug.query({ slug: f.slug })).slug).toBe(renamed);
    expect((await anon.trpc.spotlights.bySlug.query({ slug: renamed })).slug).toBe(renamed);
    const res = await fetch(`${app.baseUrl}/spotlights/${f.slug}`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/spotlights/${renamed}`);
    const html = await (await fetch(`${app.baseUrl}/spotlights/${renamed}`)).text();
    expect(html).toContain(`<meta property="og:url" content="http://`);
    expect(html).toContain(`/spotlights/${renamed}" />`);

    const taken = await expectTrpcError(() =>
      admin.trpc.spotlights.create.mutate({ ...fields(), slug: f.slug }),
    );
    expect(taken.data.appCode).toBe('CONFLICT');
    expect(taken.data.fieldErrors?.slug).toEqual(['Another spotlight already uses this address']);
    // Its own old slug can come back.
    await admin.trpc.spotlights.update.mutate({ ...f, id: created.id, slug: f.slug });
    expect((await anon.trpc.spotlights.bySlug.query({ slug: renamed })).slug).toBe(f.slug);
  });
});

describe('the featured member is told about the preview', () => {
  it('going to review queues one mail to the featured member with a link to the preview; back to review does not repeat it', async () => {
    const featured = await makeMember(app, { name: 'Petra Preview' });
    const created = await admin.trpc.spotlights.create.mutate(fields({ memberUserId: featured.id }));
    const outbox = () =>
      app.db
        .selectFrom('email_outbox')
        .select(['subject', 'text_body', 'kind'])
        .where('to_address', '=', featured.email)
        .execute();
    expect(await outbox()).toEqual([]);

    await admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'in_review' });
    await admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'draft' });
    await admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'in_review' });
    const mails = await outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'spotlight_preview' });
    expect(mails[0]!.subject).toMatch(/^Preview the .+ spotlight about you$/);
    expect(mails[0]!.text_body).toContain(`Hello Petra Preview`);
    expect(mails[0]!.text_body).toContain(`"${created.title}"`);
    const link = linkIn(mails[0]!.text_body, '/sign-in?next=');
    expect(decodeURIComponent(new URL(link).searchParams.get('next')!)).toBe(`/spotlights/${created.slug}`);

    // A spotlight with no linked member sends nothing.
    const before = await app.db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const orphan = await admin.trpc.spotlights.create.mutate(fields());
    await admin.trpc.spotlights.transition.mutate({ id: orphan.id, to: 'in_review' });
    const after = await app.db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('the featured member link', () => {
  it('a member who opted out of the directory is named without a link to a member page', async () => {
    const privateMember = await makeMember(app, { name: 'Quinn Quiet', profile: { directoryOptOut: true } });
    const f = fields({ memberUserId: privateMember.id });
    const created = await admin.trpc.spotlights.create.mutate(f);
    await admin.trpc.spotlights.transition.mutate({ id: created.id, to: 'published' });
    const page = await app.client().trpc.spotlights.bySlug.query({ slug: f.slug });
    expect(page.member).toEqual({ userId: privateMember.id, name: 'Quinn Quiet', hasProfilePage: false });
  });
});
