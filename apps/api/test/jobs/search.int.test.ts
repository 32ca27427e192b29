import { type JobSearchInput, jobSearchInput } from '@societas/contracts';
import { sql } from '@societas/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/lib/service-context.js';
import { getJobPage, searchJobs, TRACK_LIMIT } from '../../src/modules/jobs/public.service.js';
import { facetCounts, searchResults } from '../../src/modules/jobs/search.repository.js';
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
  searchJobs(app.jobSearch, jobSearchInput.parse(input), now);

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

  it('results, the total and facet counts follow every committed write at once, and the clock', async () => {
    const employer = await makeEmployer(app, 'Quokka Field Station');
    const first = await makeJob(app, employer, { title: 'Quokka ecologist' });
    const r1 = await search({ q: 'quokka' });
    expect(r1.items.map((j) => j.id)).toEqual([first]);
    expect(r1.total).toBe(1);
    // A new listing goes live (as on approval): the very next search shows it, in every figure.
    const second = await makeJob(app, employer, { title: 'Quokka field technician', daysAgo: 0 });
    const r2 = await search({ q: 'quokka' });
    expect(r2.items.map((j) => j.id).sort()).toEqual([first, second].sort());
    expect(r2.total).toBe(2);
    expect(r2.facets.positionType).toEqual([{ value: 'staff_scientist', count: 2 }]);
    expect(r2.facets.postedWithinDays).toEqual([
      { value: '1', count: 1 },
      { value: '7', count: 2 },
      { value: '30', count: 2 },
    ]);
    // The clock alone moves "posted within": two days on, neither was posted in the last day.
    const later = await search({ q: 'quokka' }, new Date(Date.now() + 2 * DAY));
    expect(later.facets.postedWithinDays[0]).toEqual({ value: '1', count: 0 });
    // An edit that changes the words is searchable at once; closing one removes it at once.
    await app.db.updateTable('jobs').set({ title: 'Wombat ecologist' }).where('id', '=', first).execute();
    expect((await search({ q: 'wombat' })).items.map((j) => j.id)).toEqual([first]);
    await app.db.updateTable('jobs').set({ status: 'closed' }).where('id', '=', second).execute();
    // (The renamed one still matches "quokka" through its employer's name.)
    const r3 = await search({ q: 'quokka' });
    expect(r3.items.map((j) => j.id)).toEqual([first]);
    expect(r3.total).toBe(1);
    // A new employer logo shows on its listings' results.
    await app.db
      .updateTable('employers')
      .set({ logo_url: 'https://example.org/new-logo.png' })
      .where('id', '=', employer)
      .execute();
    expect((await search({ q: 'wombat' })).items[0]!.logoUrl).toBe('https://example.org/new-logo.png');
    // Expiry is the clock's: hidden from results, total and facets from the expiry instant on.
    const expiresAt = new Date(Date.now() + DAY);
    await app.db.updateTable('jobs').set({ expires_at: expiresAt }).where('id', '=', first).execute();
    expect((await search({ q: 'wombat' }, new Date(expiresAt.getTime() - 1))).total).toBe(1);
    const ended = await search({ q: 'wombat' }, expiresAt);
    expect(ended.items).toEqual([]);
    expect(ended.total).toBe(0);
    expect(ended.facets.country).toEqual([]);
  });

  it('answers as PostgreSQL would: the same matches, facet counts and newest order for every query form', async () => {
    const employer = await makeEmployer(app, 'Equivalence Institute');
    await makeJob(app, employer, {
      title: 'Single-cell genomics postdoc',
      description_md: 'Neural stem cells of the mouse cortex, profiled one cell at a time.',
      position_type: 'postdoc',
      country_code: 'DE',
      career_stage: 'postdoc',
      daysAgo: 0,
    });
    await makeJob(app, employer, {
      title: "Rat organoid technician (O'Brien lab)",
      description_md: 'Stem of the project: kidney cells and organoid culture.',
      position_type: 'technician',
      country_code: 'FR',
      workplace: 'hybrid',
      salary_min: 30000,
      salary_currency: 'EUR',
      daysAgo: 6,
    });
    const now = new Date();
    const texts = [
      '',
      'organoid',
      'Organoid  POSTDOC',
      'single-cell',
      '"stem cells"',
      '"stem of cells"',
      'neural stem cells',
      'rat or mouse',
      'organoid -postdoc',
      '-organoid',
      "o'brien",
      'the',
      'narwhal',
      'cell & (organoid | kidney)',
    ];
    const filters: Partial<JobSearchInput>[] = [
      {},
      { country: ['DE', 'FR'] },
      { positionType: ['postdoc'], postedWithinDays: 7 },
      { salaryStated: true, workplace: ['hybrid', 'on_site'] },
      { careerStage: ['postdoc'], sector: ['academia'] },
    ];
    let compared = 0;
    for (const q of texts) {
      for (const f of filters) {
        const input = jobSearchInput.parse({ ...f, q, sort: 'newest', limit: 50 });
        const fromIndex = await searchJobs(app.jobSearch, input, now);
        const sql = await searchResults(app.db, input, 'newest', null, 50, now);
        const { total, ...facets } = await facetCounts(app.db, input, now);
        expect(
          fromIndex.items.map((j) => j.id),
          `${q} ${JSON.stringify(f)}`,
        ).toEqual(sql.items.map((r) => r.id));
        expect(fromIndex.facets).toEqual(facets);
        expect(fromIndex.total).toBe(total);
        if (total > 0) compared++;
        // Walked two at a time (narrow filters read the per-combination positions), the pages
        // add up to the same list.
        const walked: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await searchJobs(app.jobSearch, { ...input, limit: 2, cursor }, now);
          walked.push(...page.items.map((j) => j.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(walked).toEqual(sql.items.map((r) => r.id));
      }
    }
    // Most combinations match something, so the comparison is not of empty answers.
    expect(compared).toBeGreaterThan(30);
  });

  it('keeps answering after its listening connection is cut, and catches up with what it missed', async () => {
    const employer = await makeEmployer(app, 'Reconnect Lab');
    const before = await makeJob(app, employer, { title: 'Axolotl technician' });
    expect((await search({ q: 'axolotl' })).items.map((j) => j.id)).toEqual([before]);
    const cut = await sql<{ n: number }>`
      SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE application_name = 'societas-job-search' AND datname = current_database()
    `.execute(app.db);
    expect(cut.rows[0]!.n).toBe(1);
    // Written while nobody listens: the reconnecting index reads the listings again.
    const during = await makeJob(app, employer, { title: 'Axolotl postdoc' });
    const r = await search({ q: 'axolotl' });
    expect(r.items.map((j) => j.id).sort()).toEqual([before, during].sort());
    expect(r.total).toBe(2);
  });

  it('hides a listing exactly at its expiry instant (derived from the clock)', async () => {
    const employer = await makeEmployer(app, 'Boundary Labs');
    const expiresAt = new Date(Date.now() + 3 * DAY);
    const id = await makeJob(app, employer, { title: 'Boundary xenobot technician', expires_at: expiresAt });
    const at = (ms: number) => new Date(expiresAt.getTime() + ms);
    expect((await search({ q: 'xenobot' }, at(-1000))).items.map((j) => j.id)).toEqual([id]);
    expect((await search({ q: 'xenobot' }, at(0))).items).toEqual([]);
    expect((await search({ q: 'xenobot' }, at(1000))).items).toEqual([]);
    const anonymous = (now: Date) => systemContext(app, 'test', now);
    expect((await getJobPage(anonymous(at(-1000)), id)).status).toBe('published');
    await expect(getJobPage(anonymous(at(1000)), id)).rejects.toMatchObject({
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
