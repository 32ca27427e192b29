import { type JobSearchInput, jobSearchInput } from '@societas/contracts';
import { sql } from '@societas/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/lib/service-context.js';
import { getJobPage, TRACK_LIMIT } from '../../src/modules/jobs/public.service.js';
import { type JobSearch, SqlJobSearch } from '../../src/modules/jobs/search/job-search.js';
import { searchJobs } from '../../src/modules/jobs/search/search.service.js';
import type { CachedJobSearch } from '../../src/modules/jobs/search/search-cache.js';
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

const searchWith = (jobSearch: JobSearch, input: JobSearchInput, now = new Date()) =>
  searchJobs({ ...systemContext(app, 'search-test', now), jobSearch }, jobSearchInput.parse(input));

// The behaviour tests run against both ways a search is answered: the per-text cache (what the
// server uses by default) and plain SQL (JOB_SEARCH_CACHE=off).
// Each has its own made-up words, so the listings one run adds do not show in the other's.
const implementations = [
  ['the per-text cache', () => app.jobSearch, { a: 'Quokka', b: 'Wombat', c: 'xenobot', d: 'Zebrafish' }],
  ['plain SQL', () => new SqlJobSearch(), { a: 'Numbat', b: 'Bilby', c: 'tardigrade', d: 'Okapi' }],
] as const;

describe.each(implementations)('job search (%s)', (_name, jobSearchOf) => {
  const search = (input: JobSearchInput, now = new Date()) => searchWith(jobSearchOf(), input, now);

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

  it('"newest" is by date alone; featured listings lead the relevance order only', async () => {
    // The featured PhD studentship was posted 20 days ago: newest puts it after the newer ones.
    const newest = await search({ sort: 'newest' });
    expect(newest.items.map((j) => j.id)).toEqual([ids.brain, ids.cardiac, ids.banking, ids.remote, ids.phd]);
    expect((await search({ q: 'organoid', sort: 'newest' })).items.map((j) => j.id)).toEqual([
      ids.brain,
      ids.cardiac,
      ids.banking,
      ids.phd,
    ]);
    // Relevance (the default) leads with it, with or without a text.
    const relevance = await search({});
    expect(relevance.items.map((j) => j.id)).toEqual([
      ids.phd,
      ids.brain,
      ids.cardiac,
      ids.banking,
      ids.remote,
    ]);
    // Walked one at a time, newest pages add up to the same date order.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof search>> = await search({ sort: 'newest', limit: 1, cursor });
      walked.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(newest.items.map((j) => j.id));
  });

  it('rejects a forged cursor with BAD_INPUT', async () => {
    const client = app.client();
    const err = await expectTrpcError(() => client.trpc.jobs.search.query({ cursor: 'not-a-cursor' }));
    expect(err.data.appCode).toBe('BAD_INPUT');
  });
});

// Listings added below show in the searches with no text above: these run after both runs of those.
describe.each(implementations)('job search following writes (%s)', (_name, jobSearchOf, W) => {
  const search = (input: JobSearchInput, now = new Date()) => searchWith(jobSearchOf(), input, now);

  it('results, the total and facet counts follow every committed write at once, and the clock', async () => {
    const employer = await makeEmployer(app, `${W.a} Field Station`);
    const first = await makeJob(app, employer, { title: `${W.a} ecologist` });
    const r1 = await search({ q: W.a });
    expect(r1.items.map((j) => j.id)).toEqual([first]);
    expect(r1.total).toBe(1);
    // A new listing goes live (as on approval): the very next search shows it, in every figure.
    const second = await makeJob(app, employer, { title: `${W.a} field technician`, daysAgo: 0 });
    const r2 = await search({ q: W.a });
    expect(r2.items.map((j) => j.id).sort()).toEqual([first, second].sort());
    expect(r2.total).toBe(2);
    expect(r2.facets.positionType).toEqual([{ value: 'staff_scientist', count: 2 }]);
    expect(r2.facets.postedWithinDays).toEqual([
      { value: '1', count: 1 },
      { value: '7', count: 2 },
      { value: '30', count: 2 },
    ]);
    // The clock alone moves "posted within": two days on, neither was posted in the last day.
    const later = await search({ q: W.a }, new Date(Date.now() + 2 * DAY));
    expect(later.facets.postedWithinDays[0]).toEqual({ value: '1', count: 0 });
    // An edit that changes the words is searchable at once; closing one removes it at once.
    await app.db
      .updateTable('jobs')
      .set({ title: `${W.b} ecologist` })
      .where('id', '=', first)
      .execute();
    expect((await search({ q: W.b })).items.map((j) => j.id)).toEqual([first]);
    await app.db.updateTable('jobs').set({ status: 'closed' }).where('id', '=', second).execute();
    // (The renamed one still matches its old word through its employer's name.)
    const r3 = await search({ q: W.a });
    expect(r3.items.map((j) => j.id)).toEqual([first]);
    expect(r3.total).toBe(1);
    // A new employer logo shows on its listings' results.
    await app.db
      .updateTable('employers')
      .set({ logo_url: 'https://example.org/new-logo.png' })
      .where('id', '=', employer)
      .execute();
    expect((await search({ q: W.b })).items[0]!.logoUrl).toBe('https://example.org/new-logo.png');
    // Expiry is the clock's: hidden from results, total and facets from the expiry instant on.
    const expiresAt = new Date(Date.now() + DAY);
    await app.db.updateTable('jobs').set({ expires_at: expiresAt }).where('id', '=', first).execute();
    expect((await search({ q: W.b }, new Date(expiresAt.getTime() - 1))).total).toBe(1);
    const ended = await search({ q: W.b }, expiresAt);
    expect(ended.items).toEqual([]);
    expect(ended.total).toBe(0);
    expect(ended.facets.country).toEqual([]);
  });

  it('hides a listing exactly at its expiry instant (derived from the clock)', async () => {
    const employer = await makeEmployer(app, 'Boundary Labs');
    const expiresAt = new Date(Date.now() + 3 * DAY);
    const id = await makeJob(app, employer, { title: `Boundary ${W.c} technician`, expires_at: expiresAt });
    const at = (ms: number) => new Date(expiresAt.getTime() + ms);
    expect((await search({ q: W.c }, at(-1000))).items.map((j) => j.id)).toEqual([id]);
    expect((await search({ q: W.c }, at(0))).items).toEqual([]);
    expect((await search({ q: W.c }, at(1000))).items).toEqual([]);
    const anonymous = (now: Date) => systemContext(app, 'test', now);
    expect((await getJobPage(anonymous(at(-1000)), id)).status).toBe('published');
    await expect(getJobPage(anonymous(at(1000)), id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
  it('keyset pages walk every row once, even with equal dates and rows added between pages', async () => {
    const employer = await makeEmployer(app, 'Paging Institute');
    const same = new Date(Date.now() - 6 * 3_600_000);
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      made.push(
        await makeJob(app, employer, {
          title: `${W.d} technician ${i}`,
          description_md: `${W.d} husbandry and imaging in a regeneration lab, full time position.`,
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
        const page = await search({ q: W.d, sort, cursor, limit: 5 });
        seen.push(...page.items.map((j) => j.id));
        cursor = page.nextCursor;
        if (pages === 1) {
          // A newer listing arriving mid-walk lands before the cursor: no duplicates, no gaps.
          await makeJob(app, employer, { title: `${W.d} newcomer ${sort}`, daysAgo: 0 });
        }
        pages += 1;
      } while (cursor && pages < 20);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => made.includes(id)).sort()).toEqual([...made].sort());
    }
  });
});

describe('the per-text cache', () => {
  const search = (input: JobSearchInput, now = new Date()) => searchWith(app.jobSearch, input, now);

  it('answers exactly as the SQL does, for every query form and filter mix, while listings change', async () => {
    const employer = await makeEmployer(app, 'Equivalence Institute');
    const made = [
      await makeJob(app, employer, {
        title: 'Single-cell genomics postdoc',
        description_md: 'Neural stem cells of the mouse cortex, profiled one cell at a time.',
        position_type: 'postdoc',
        country_code: 'DE',
        career_stage: 'postdoc',
        daysAgo: 0,
      }),
      await makeJob(app, employer, {
        title: "Rat organoid technician (O'Brien lab)",
        description_md: 'Stem of the project: kidney cells and organoid culture.',
        position_type: 'technician',
        country_code: 'FR',
        workplace: 'hybrid',
        salary_min: 30000,
        salary_currency: 'EUR',
        daysAgo: 6,
      }),
    ];
    const texts = [
      '',
      'organoid',
      'Organoid  POSTDOC',
      'single-cell',
      '"stem cells"',
      'neural stem cells',
      'rat or mouse',
      'organoid -postdoc',
      "o'brien",
      'the',
      'narwhal',
    ];
    const filters: Partial<JobSearchInput>[] = [
      {},
      { country: ['DE', 'FR'] },
      { positionType: ['postdoc'], postedWithinDays: 7 },
      { salaryStated: true, workplace: ['hybrid', 'on_site'] },
    ];
    const sqlSearch = new SqlJobSearch();
    const compareAll = async (round: number) => {
      let compared = 0;
      for (const q of texts) {
        for (const f of filters) {
          for (const sort of ['relevance', 'newest'] as const) {
            const input: JobSearchInput = { ...f, q, sort, limit: 50 };
            const now = new Date();
            const cached = await searchWith(app.jobSearch, input, now);
            const direct = await searchWith(sqlSearch, input, now);
            expect(cached, `round ${round}: ${q} ${sort} ${JSON.stringify(f)}`).toEqual(direct);
            if (direct.total > 0) compared++;
            // Walked two at a time, the pages add up to the same list.
            const walked: string[] = [];
            let cursor: string | null = null;
            do {
              const page: Awaited<ReturnType<typeof searchWith>> = await searchWith(
                app.jobSearch,
                { ...input, limit: 2, cursor },
                now,
              );
              walked.push(...page.items.map((j) => j.id));
              cursor = page.nextCursor;
            } while (cursor);
            const first = direct.items.map((j) => j.id);
            expect(direct.nextCursor ? walked.slice(0, first.length) : walked).toEqual(first);
          }
        }
      }
      // Most combinations match something, so the comparison is not of empty answers.
      expect(compared).toBeGreaterThan(30);
    };
    await compareAll(0);
    // Edits that move listings in and out of texts, change their rank, facets, date, featured
    // flag and visibility: the kept texts follow each one exactly.
    const edits = [
      () => app.db.updateTable('jobs').set({ title: 'Mouse organoid postdoc' }).where('id', '=', made[1]!),
      () =>
        app.db
          .updateTable('jobs')
          .set({ country_code: 'NL', product: 'featured' })
          .where('id', '=', made[0]!),
      () =>
        app.db
          .updateTable('jobs')
          .set({ published_at: new Date(Date.now() - 40 * DAY) })
          .where('id', '=', ids.brain!),
      () => app.db.updateTable('jobs').set({ status: 'closed' }).where('id', '=', ids.cardiac!),
      () => app.db.updateTable('jobs').set({ status: 'published' }).where('id', '=', ids.cardiac!),
    ];
    for (const [round, edit] of edits.entries()) {
      await edit().execute();
      await compareAll(round + 1);
    }
    await app.db
      .updateTable('jobs')
      .set({ published_at: new Date(Date.now() - 2 * DAY) })
      .where('id', '=', ids.brain!)
      .execute();
  });

  it('an edit re-matches the changed listing only: texts it does not touch stay kept, the ones it does are patched', async () => {
    const cache = app.jobSearch as CachedJobSearch;
    const employer = await makeEmployer(app, 'Invalidation Lab');
    const pangolin = await makeJob(app, employer, { title: 'Pangolin ecologist' });
    await makeJob(app, employer, { title: 'Capybara keeper' });
    expect((await search({ q: 'pangolin' })).total).toBe(1);
    expect((await search({ q: 'capybara' })).total).toBe(1);
    // A first search is answered by SQL while the text is read into the cache beside it.
    await cache.settled();
    const before = cache.stats();
    // The pangolin listing becomes a capybara one: both texts change, neither is read again in full.
    await app.db
      .updateTable('jobs')
      .set({ title: 'Capybara ecologist' })
      .where('id', '=', pangolin)
      .execute();
    expect((await search({ q: 'pangolin' })).total).toBe(0);
    const capybara = await search({ q: 'capybara' });
    expect(capybara.total).toBe(2);
    // Both match the title alike (equal rank); the patched listing carries its new title.
    expect(capybara.items.map((j) => j.title).sort()).toEqual(['Capybara ecologist', 'Capybara keeper']);
    const after = cache.stats();
    expect(after.reads).toBe(before.reads);
    expect(after.hits).toBe(before.hits + 2);
    expect(after.rematched).toBe(before.rematched + 1);
    expect(after.texts).toBe(before.texts);
  });

  it('a search that starts after a commit sees it, also when the write lands while a text is being read', async () => {
    const employer = await makeEmployer(app, 'Race Lab');
    const first = await makeJob(app, employer, { title: 'Meerkat keeper' });
    // The text is read for the first time while the listing is being edited: whichever finishes
    // first, the next search shows the edit.
    const [, reading] = await Promise.all([
      app.db
        .updateTable('jobs')
        .set({ title: 'Meerkat keeper and meerkat trainer' })
        .where('id', '=', first)
        .execute(),
      search({ q: 'meerkat' }),
    ]);
    expect(reading.total).toBe(1);
    const second = await makeJob(app, employer, { title: 'Meerkat trainer' });
    const r = await search({ q: 'meerkat trainer' });
    expect(r.items.map((j) => j.id).sort()).toEqual([first, second].sort());
    const direct = await searchWith(new SqlJobSearch(), { q: 'meerkat' });
    expect(await search({ q: 'meerkat' })).toEqual(direct);
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
    // Written while nobody listens: the reconnected cache starts over.
    const during = await makeJob(app, employer, { title: 'Axolotl postdoc' });
    const r = await search({ q: 'axolotl' });
    expect(r.items.map((j) => j.id).sort()).toEqual([before, during].sort());
    expect(r.total).toBe(2);
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
