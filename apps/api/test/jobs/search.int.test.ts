import { jobSearchInput } from '@societas/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJobPage, searchJobs, TRACK_LIMIT } from '../../src/modules/jobs/jobs.service.js';
import { facetCounts } from '../../src/modules/jobs/search.repository.js';
import { expectTrpcError, startTestApp, type TestApp } from '../harness.js';
import { makeEmployer, makeJob } from './factories.js';

let app: TestApp;
const ids: Record<string, string> = {};
const DAY = 86_400_000;
// biome-ignore lint/suspicious/noExplicitAny: JSON-LD is read as loose JSON in assertions
type LdObject = Record<string, any>;

beforeAll(async () => {
  app = await startTestApp();
  const institute = await makeEmployer(app, 'Berlin Institute of Cell Biology');
  const organoidCo = await makeEmployer(app, 'Organoid Systems Ltd');
  const helix = await makeEmployer(app, 'Helix Biotherapeutics');
  ids.brain = await makeJob(app, institute, {
    title: 'Postdoc in brain organoid development',
    position_type: 'postdoc',
    country_code: 'DE',
    city: 'Berlin',
    career_stage: 'postdoc',
    salary_min: 50000,
    salary_max: 60000,
    salary_currency: 'EUR',
    daysAgo: 2,
  });
  ids.cardiac = await makeJob(app, institute, {
    title: 'Postdoc in cardiac regeneration',
    description_md: 'You will use organoid models of the heart to study regeneration after injury.',
    position_type: 'postdoc',
    country_code: 'DE',
    city: 'Heidelberg',
    daysAgo: 3,
  });
  ids.banking = await makeJob(app, organoidCo, {
    title: 'Staff scientist, cell banking',
    sector: 'industry',
    country_code: 'GB',
    daysAgo: 4,
  });
  ids.remote = await makeJob(app, helix, {
    title: 'Industry R&D scientist, gene therapy',
    position_type: 'industry_rd',
    sector: 'industry',
    country_code: 'US',
    workplace: 'remote',
    daysAgo: 5,
  });
  ids.phd = await makeJob(app, institute, {
    title: 'PhD studentship in organoid screening',
    position_type: 'phd',
    country_code: 'NL',
    daysAgo: 20,
    product: 'featured',
    expires_at: new Date(Date.now() + 40 * DAY),
  });
  // Never visible: a draft and a listing whose run has ended (status still "published").
  ids.draft = await makeJob(app, institute, {
    title: 'Organoid postdoc draft',
    status: 'draft',
    published_at: null,
    expires_at: null,
  });
  ids.ended = await makeJob(app, institute, {
    title: 'Organoid postdoc that ended',
    position_type: 'postdoc',
    country_code: 'DE',
    daysAgo: 40,
  });
});
afterAll(async () => {
  await app?.close();
});

const search = (input: Parameters<typeof jobSearchInput.parse>[0], now = new Date()) =>
  searchJobs(app.db, jobSearchInput.parse(input), now);

describe('job search', () => {
  it('ranks title matches above employer matches above description matches; featured pinned on top', async () => {
    const r = await search({ q: 'organoid' });
    expect(r.items.map((j) => j.id)).toEqual([ids.phd, ids.brain, ids.banking, ids.cardiac]);
    expect(r.items[0]!.featured).toBe(true);
    expect(r.total).toBe(4);
    // Drafts and ended runs never show.
    expect(r.items.map((j) => j.id)).not.toContain(ids.draft);
    expect(r.items.map((j) => j.id)).not.toContain(ids.ended);
  });

  it('"organoid postdoc" in Germany finds the two postdocs, best first, with live facet counts', async () => {
    const r = await search({ q: 'organoid postdoc', country: ['DE'] });
    expect(r.items.map((j) => j.id)).toEqual([ids.brain, ids.cardiac]);
    expect(r.total).toBe(2);
    // The country facet ignores its own filter (so other countries stay clickable) ...
    const all = await search({ q: 'organoid' });
    expect(all.facets.country).toEqual([
      { value: 'DE', count: 2 },
      { value: 'GB', count: 1 },
      { value: 'NL', count: 1 },
    ]);
    const de = await search({ q: 'organoid', country: ['DE'] });
    expect(de.facets.country).toEqual(all.facets.country);
    // ... while every other facet applies it.
    expect(de.facets.positionType).toEqual([{ value: 'postdoc', count: 2 }]);
    expect(de.facets.sector).toEqual([{ value: 'academia', count: 2 }]);
    expect(de.facets.salaryStated).toBe(1);
    expect(de.facets.postedWithinDays).toEqual([
      { value: '1', count: 0 },
      { value: '7', count: 2 },
      { value: '30', count: 2 },
    ]);
    expect(de.facets.careerStage).toEqual([{ value: 'postdoc', count: 1 }]);
  });

  it('filters by workplace, salary stated and posted within N days', async () => {
    expect((await search({ workplace: ['remote'] })).items.map((j) => j.id)).toEqual([ids.remote]);
    expect((await search({ salaryStated: true })).items.map((j) => j.id)).toEqual([ids.brain]);
    const week = await search({ postedWithinDays: 7, sort: 'newest' });
    expect(week.items.map((j) => j.id)).toEqual([ids.brain, ids.cardiac, ids.banking, ids.remote]);
  });

  it('sorts by newest with featured still first', async () => {
    const r = await search({ sort: 'newest' });
    expect(r.items.map((j) => j.id)).toEqual([ids.phd, ids.brain, ids.cardiac, ids.banking, ids.remote]);
  });

  it('rejects a forged cursor with BAD_INPUT', async () => {
    const client = app.client();
    const err = await expectTrpcError(() => client.trpc.jobs.search.query({ cursor: 'not-a-cursor' }));
    expect(err.data.appCode).toBe('BAD_INPUT');
  });

  it('results are live; the total and facet counts share one snapshot per text for the cache seconds', async () => {
    const employer = await makeEmployer(app, 'Quokka Field Station');
    const first = await makeJob(app, employer, { title: 'Quokka ecologist' });
    const t0 = new Date();
    const at = (ms: number) =>
      searchJobs(app.db, jobSearchInput.parse({ q: 'quokka' }), new Date(t0.getTime() + ms), {
        facetCacheMs: 10_000,
      });
    const r1 = await at(0);
    expect(r1.items.map((j) => j.id)).toEqual([first]);
    expect(r1.total).toBe(1);
    // A new listing goes live (as on approval): within the cache's seconds the results show it at
    // once, while the total (and the facet counts it agrees with) are the snapshot's.
    const second = await makeJob(app, employer, { title: 'Quokka field technician', daysAgo: 0 });
    const r2 = await at(5_000);
    expect(r2.items.map((j) => j.id).sort()).toEqual([first, second].sort());
    expect(r2.total).toBe(1);
    expect(r2.facets.positionType.reduce((n, b) => n + b.count, 0)).toBe(1);
    // Past the cache's seconds the snapshot is taken again.
    const r3 = await at(10_001);
    expect(r3.total).toBe(2);
    expect(r3.facets.positionType.reduce((n, b) => n + b.count, 0)).toBe(2);
    // Both expire: gone from the results at once, from the total with the next snapshot.
    await app.db
      .updateTable('jobs')
      .set({ expires_at: new Date(t0.getTime() + 11_000) })
      .where('id', 'in', [first, second])
      .execute();
    expect((await at(12_000)).items).toEqual([]);
    expect((await at(20_002)).total).toBe(0);
  });

  it('facet counts from the combinations shared by one text equal those computed per request, for any filters', async () => {
    const now = new Date();
    const cached = (input: Parameters<typeof jobSearchInput.parse>[0]) =>
      searchJobs(app.db, jobSearchInput.parse(input), now, { facetCacheMs: 60_000 });
    const variants: Parameters<typeof jobSearchInput.parse>[0][] = [
      { q: 'Organoid' }, // computes the table for "organoid"; the other filters reuse it
      { q: 'organoid', country: ['DE', 'NL'] },
      {
        q: 'organoid',
        country: ['DE', 'GB'],
        positionType: ['postdoc'],
        postedWithinDays: 7,
        salaryStated: true,
      },
      { q: 'organoid', sector: ['academia'], careerStage: ['postdoc'] },
      { q: 'organoid', positionType: ['phd', 'staff_scientist'], postedWithinDays: 30 },
      { q: 'organoid', workplace: ['on_site'], postedWithinDays: 1, sort: 'newest' },
      { q: '', country: ['US', 'GB'], workplace: ['remote'] },
      { q: '', sector: ['industry'], salaryStated: true },
    ];
    for (const v of variants) {
      const { total, ...facets } = await facetCounts(app.db, jobSearchInput.parse(v), now);
      const r = await cached(v);
      expect(r.facets).toEqual(facets);
      expect(r.total).toBe(total);
    }
    // The table is shared by text, whatever the filters: a listing going live now shows in the
    // results, but not yet in the total or the facet counts of another filter combination.
    const before = await facetCounts(app.db, jobSearchInput.parse({ q: 'organoid', country: ['FR'] }), now);
    const employer = await makeEmployer(app, 'Lyon Organoid Centre');
    const fresh = await makeJob(app, employer, {
      title: 'Organoid technician',
      country_code: 'FR',
      daysAgo: 0,
    });
    const r = await cached({ q: 'organoid', country: ['FR'] });
    expect(r.items.map((j) => j.id)).toEqual([fresh]);
    expect(r.total).toBe(before.total);
    expect(r.facets.country).toEqual(before.country);
    expect(r.facets.country.find((b) => b.value === 'FR')).toBeUndefined();
    await app.db
      .updateTable('jobs')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', fresh)
      .execute();
  });

  it('hides a listing exactly at its expiry instant (derived from the clock)', async () => {
    const employer = await makeEmployer(app, 'Boundary Labs');
    const expiresAt = new Date(Date.now() + 3 * DAY);
    const id = await makeJob(app, employer, { title: 'Boundary xenobot technician', expires_at: expiresAt });
    const at = (ms: number) => new Date(expiresAt.getTime() + ms);
    expect((await search({ q: 'xenobot' }, at(-1000))).items.map((j) => j.id)).toEqual([id]);
    expect((await search({ q: 'xenobot' }, at(0))).items).toEqual([]);
    expect((await search({ q: 'xenobot' }, at(1000))).items).toEqual([]);
    const anonymous = { user: null, employerIds: [] };
    expect((await getJobPage(app.db, app.env, id, anonymous, at(-1000))).status).toBe('published');
    await expect(getJobPage(app.db, app.env, id, anonymous, at(1000))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('keyset pagination', () => {
  it('walks every row once, even with equal dates and rows added between pages', async () => {
    const employer = await makeEmployer(app, 'Paging Institute');
    const same = new Date(Date.now() - 6 * 3_600_000);
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      made.push(
        await makeJob(app, employer, {
          title: `Zebrafish technician ${i}`,
          description_md: 'Zebrafish husbandry and imaging in a regeneration lab, full time position.',
          published_at: same,
          expires_at: new Date(same.getTime() + 30 * DAY),
        }),
      );
    }
    for (const sort of ['newest', 'relevance'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await search({ q: 'zebrafish', sort, cursor, limit: 5 });
        seen.push(...page.items.map((j) => j.id));
        cursor = page.nextCursor;
        if (pages === 1) {
          // A newer listing arriving mid-walk lands before the cursor: no duplicates, no gaps.
          await makeJob(app, employer, { title: `Zebrafish newcomer ${sort}`, daysAgo: 0 });
        }
        pages += 1;
      } while (cursor && pages < 20);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => made.includes(id)).sort()).toEqual([...made].sort());
    }
  });
});

describe('job page', () => {
  it('has schema.org JobPosting JSON-LD with the required fields, and sanitised markdown', async () => {
    const employer = await makeEmployer(app, 'JSON-LD Institute');
    const id = await makeJob(app, employer, {
      title: 'Postdoc in retinal organoids',
      description_md: '## The lab\n\nWe grow **retinas**.<script>alert(1)</script> [x](javascript:alert(1))',
      position_type: 'postdoc',
      country_code: 'DE',
      city: 'Dresden',
      closing_on: '2099-01-31',
      salary_min: 52000,
      salary_max: 61000,
      salary_currency: 'EUR',
    });
    const client = app.client();
    const page = await client.trpc.jobs.get.query({ id });
    expect(page.descriptionHtml).toContain('<strong>retinas</strong>');
    expect(page.descriptionHtml).not.toMatch(/script|javascript:/i);
    const ld = page.jsonLd as LdObject;
    expect(ld['@context']).toBe('https://schema.org/');
    expect(ld['@type']).toBe('JobPosting');
    expect(ld.title).toBe('Postdoc in retinal organoids');
    expect(ld.description).toBe(page.descriptionHtml);
    expect(new Date(ld.datePosted).getTime()).toBe(page.publishedAt!.getTime());
    // validThrough: the listing's expiry (earlier than the closing date here).
    expect(new Date(ld.validThrough).getTime()).toBe(page.expiresAt!.getTime());
    expect(ld.hiringOrganization).toMatchObject({ '@type': 'Organization', name: 'JSON-LD Institute' });
    expect(ld.jobLocation).toMatchObject({
      '@type': 'Place',
      address: { '@type': 'PostalAddress', addressLocality: 'Dresden', addressCountry: 'DE' },
    });
    expect(ld.employmentType).toEqual(['FULL_TIME', 'TEMPORARY']);
    expect(ld.baseSalary).toMatchObject({ currency: 'EUR', value: { minValue: 52000, maxValue: 61000 } });
    expect(page.shareUrl).toBe(`${app.env.PUBLIC_URL}/jobs/${id}`);
  });

  it('describes remote work with jobLocationType and applicantLocationRequirements', async () => {
    const client = app.client();
    const ld = (await client.trpc.jobs.get.query({ id: ids.remote! })).jsonLd as LdObject;
    expect(ld.jobLocationType).toBe('TELECOMMUTE');
    expect(ld.applicantLocationRequirements).toMatchObject({ '@type': 'Country' });
    expect(ld.jobLocation).toBeUndefined();
  });

  it('does not show drafts to the public, and counts views only for visible listings', async () => {
    const client = app.client();
    const err = await expectTrpcError(() => client.trpc.jobs.get.query({ id: ids.draft! }));
    expect(err.data.appCode).toBe('NOT_FOUND');
    await client.trpc.jobs.track.mutate({ id: ids.brain!, kind: 'view' });
    await client.trpc.jobs.track.mutate({ id: ids.brain!, kind: 'apply' });
    await client.trpc.jobs.track.mutate({ id: ids.draft!, kind: 'view' });
    const rows = await app.db
      .selectFrom('jobs')
      .select(['id', 'views', 'apply_clicks'])
      .where('id', 'in', [ids.brain!, ids.draft!])
      .execute();
    expect(rows.find((r) => r.id === ids.brain)).toMatchObject({ views: 1, apply_clicks: 1 });
    expect(rows.find((r) => r.id === ids.draft)).toMatchObject({ views: 0 });
  });

  it('limits view/apply counting per address; over the limit nothing is counted', async () => {
    const employer = await makeEmployer(app, 'Counting Lab');
    const id = await makeJob(app, employer, { title: 'Counted technician' });
    const client = app.client();
    for (let i = 0; i < TRACK_LIMIT.limit; i++)
      await client.trpc.jobs.track.mutate({ id, kind: i % 2 ? 'apply' : 'view' });
    const limited = await expectTrpcError(() => client.trpc.jobs.track.mutate({ id, kind: 'view' }));
    expect(limited.data.appCode).toBe('RATE_LIMITED');
    const counts = () =>
      app.db
        .selectFrom('jobs')
        .select(['views', 'apply_clicks'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await counts()).toEqual({ views: TRACK_LIMIT.limit / 2, apply_clicks: TRACK_LIMIT.limit / 2 });
    // Another address is counted as usual.
    await app.client().trpc.jobs.track.mutate({ id, kind: 'view' });
    expect((await counts()).views).toBe(TRACK_LIMIT.limit / 2 + 1);
  });

  it('limits reports to 10 an hour per address; the 11th is refused and not stored', async () => {
    const employer = await makeEmployer(app, 'Often Reported Lab');
    const id = await makeJob(app, employer, { title: 'Reported technician' });
    const client = app.client();
    for (let i = 0; i < 10; i++)
      await client.trpc.jobs.report.mutate({ id, reason: `Looks like spam, number ${i}` });
    const limited = await expectTrpcError(() =>
      client.trpc.jobs.report.mutate({ id, reason: 'Looks like spam, once more' }),
    );
    expect(limited.data.appCode).toBe('RATE_LIMITED');
    const stored = await app.db
      .selectFrom('job_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(10);
    // Someone else can still report.
    await app.client().trpc.jobs.report.mutate({ id, reason: 'Also looks like spam to me' });
  });

  it('serves an Atom feed of newest jobs, per search', async () => {
    const res = await fetch(`${app.baseUrl}/jobs/feed.xml?q=organoid&country=DE`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const body = await res.text();
    expect(body).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(body).toContain(`urn:uuid:${ids.brain}`);
    expect(body).toContain(`urn:uuid:${ids.cardiac}`);
    expect(body).not.toContain(`urn:uuid:${ids.phd}`);
  });
});
