import type { JobFieldsInput } from '@societas/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/lib/service-context.js';
import { DIGEST_CAP } from '../../src/modules/jobs/alerts.service.js';
import { sendAlertDigests, sendExpiryNotices } from '../../src/modules/jobs/index.js';
import {
  expectTrpcError,
  lastMailTo,
  linkIn,
  makeUser,
  signedInClient,
  startTestApp,
  TEST_PUBLIC_URL,
  type TestApp,
  type TestClient,
} from '../harness.js';
import { mailCount, seedPlans } from '../membership/helpers.js';
import { makeEmployer, makeJob } from './factories.js';

/** Employers post, pay on the local test-mode checkout (same webhook), admins moderate. */
let app: TestApp;
let admin: TestClient;
const DAY = 86_400_000;

beforeAll(async () => {
  app = await startTestApp();
  await seedPlans(app);
  admin = await signedInClient(app, await makeUser(app, { role: 'admin' }));
});
afterAll(async () => {
  await app?.close();
});

const FIELDS: JobFieldsInput = {
  title: 'Postdoc in intestinal organoid engineering',
  descriptionMd:
    '## About the role\n\nJoin our lab to build **intestinal organoids** on chips. Two years, full time, Munich.',
  positionType: 'postdoc',
  sector: 'academia',
  countryCode: 'DE',
  city: 'Munich',
  workplace: 'on_site',
  careerStage: 'postdoc',
  salaryMin: 55000,
  salaryMax: 62000,
  salaryCurrency: 'EUR',
  closingOn: null,
  applyUrl: 'https://example.org/apply/123',
  applyEmail: null,
};

async function employer(name: string) {
  const user = await makeUser(app);
  const client = await signedInClient(app, user);
  await client.trpc.employer.saveProfile.mutate({
    name,
    logoUrl: 'https://example.org/logo.png',
    billingEmail: `billing.${user.id}@example.org`,
  });
  return { ...user, client, billingEmail: `billing.${user.id}@example.org` };
}

/** Digest bodies mailed to someone, oldest first. */
async function digestsTo(email: string) {
  const rows = await app.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('to_address', '=', email)
    .where('kind', '=', 'job_alert_digest')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => r.text_body);
}

const pagePath = (url: string) => url.replace(TEST_PUBLIC_URL, '');
async function payLocally(url: string) {
  const page = await fetch(`${app.baseUrl}${pagePath(url)}`);
  const html = await page.text();
  const token = html.match(/name="token" value="([^"]+)"/)?.[1];
  const res = await fetch(`${app.baseUrl}${pagePath(url)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: token!, action: 'pay' }).toString(),
    redirect: 'manual',
  });
  return { html, res };
}

/** A signed-up seeker with a daily saved search for `q`, its dates set back as given. */
async function seekerWithDailyAlert(
  name: string,
  q: string,
  dates: { created_at: Date; last_sent_at?: Date },
) {
  const seeker = await makeUser(app);
  const client = await signedInClient(app, seeker);
  const { id } = await client.trpc.jobs.saveAlert.mutate({ name, frequency: 'daily', query: { q } });
  await app.db.updateTable('job_alerts').set(dates).where('id', '=', id).execute();
  return seeker;
}
describe('employer posting', () => {
  it('posts, pays on the local checkout, is approved, appears in search, and a saved search gets one digest', async () => {
    // A job seeker saves "organoid postdoc" in Germany first.
    const seeker = await makeUser(app);
    const seekerClient = await signedInClient(app, seeker);
    await seekerClient.trpc.jobs.saveAlert.mutate({
      name: 'Organoid postdocs in Germany',
      frequency: 'daily',
      query: { q: 'organoid postdoc', country: ['DE'] },
    });

    const e = await employer('Munich Organoid Center');
    const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    const preview = await e.client.trpc.employer.listing.query({ id });
    expect(preview.page).toMatchObject({ status: 'draft', visible: false });
    expect((await app.client().trpc.jobs.search.query({ q: 'intestinal' })).items).toEqual([]);

    const quote = await e.client.trpc.employer.quote.query();
    expect(quote.memberPrice).toBe(false);
    const standard = quote.products.find((p) => p.product === 'standard')!;
    expect(standard).toMatchObject({ days: 30, amountMinor: 29_500 });

    const started = await e.client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'standard' });
    expect(started.testMode).toBe(true);
    // A double click returns the same session.
    expect(
      (await e.client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'standard' })).sessionId,
    ).toBe(started.sessionId);
    const { html, res } = await payLocally(started.url);
    expect(html).toContain('$295.00');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `${TEST_PUBLIC_URL}/employer/checkout/return?session_id=${started.sessionId}`,
    );
    // The return page runs the same fulfilment: already done by the webhook, so a no-op.
    const status = await e.client.trpc.employer.checkoutStatus.query({ sessionId: started.sessionId });
    expect(status).toMatchObject({ state: 'paid', jobId: id, jobStatus: 'pending_review' });
    const payments = await app.db
      .selectFrom('payments')
      .select(['kind', 'amount_minor', 'job_id'])
      .where('job_id', '=', id)
      .execute();
    expect(payments).toEqual([{ kind: 'job_posting', amount_minor: 29_500, job_id: id }]);
    expect(await mailCount(app, e.billingEmail, 'job_receipt')).toBe(1);

    // In the admin queue; approving publishes for 30 days.
    const queue = await admin.trpc.jobsAdmin.queue.query();
    expect(queue.pending.map((j) => j.id)).toContain(id);
    const before = Date.now();
    const approved = await admin.trpc.jobsAdmin.approve.mutate({ id });
    expect(approved.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(approved.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY);
    expect((await lastMailTo(app, e.billingEmail))?.kind).toBe('job_approved');
    const found = await app.client().trpc.jobs.search.query({ q: 'organoid postdoc', country: ['DE'] });
    expect(found.items.map((j) => j.id)).toContain(id);

    // Approving twice is a conflict, not a second publication.
    const again = await expectTrpcError(() => admin.trpc.jobsAdmin.approve.mutate({ id }));
    expect(again.data.appCode).toBe('CONFLICT');

    // The digest: each listing once per alert, however often (and however concurrently) the
    // scheduler runs within the window in which the listing still matches.
    await sendAlertDigests(systemContext(app, 'test'));
    expect(await mailCount(app, seeker.email, 'job_alert_digest')).toBe(1);
    const digest = await lastMailTo(app, seeker.email);
    expect(digest?.text_body).toContain(`/jobs/${id}`);
    const second = await makeJob(app, await makeEmployer(app, 'Berlin Organoid Lab'), {
      title: 'Organoid postdoc in Berlin',
      country_code: 'DE',
      city: 'Berlin',
      daysAgo: 0,
    });
    const nextDay = new Date(Date.now() + DAY);
    await Promise.all([
      sendAlertDigests(systemContext(app, 'test', nextDay)),
      sendAlertDigests(systemContext(app, 'test', nextDay)),
    ]);
    await sendAlertDigests(systemContext(app, 'test', new Date(nextDay.getTime() + 60_000)));
    const digests = await digestsTo(seeker.email);
    expect(digests).toHaveLength(2);
    // The first listing is still live and matching a day later: only job_alert_sends keeps it out.
    expect(digests.filter((t) => t.includes(`/jobs/${id}`))).toHaveLength(1);
    expect(digests.filter((t) => t.includes(`/jobs/${second}`))).toHaveLength(1);
    const sends = await app.db
      .selectFrom('job_alert_sends')
      .select('job_id')
      .where('job_id', 'in', [id, second])
      .execute();
    expect(sends).toHaveLength(2);

    // Unsubscribe by the signed link, without signing in; a tampered token is refused.
    const link = new URL(linkIn(digest!.text_body, '/jobs/alerts/unsubscribe'));
    const alertId = link.searchParams.get('alert')!;
    const anonymous = app.client();
    const bad = await expectTrpcError(() =>
      anonymous.trpc.jobs.unsubscribeAlert.mutate({ alertId, token: `${link.searchParams.get('token')}x` }),
    );
    expect(bad.data.appCode).toBe('BAD_INPUT');
    await anonymous.trpc.jobs.unsubscribeAlert.mutate({ alertId, token: link.searchParams.get('token')! });
    expect((await seekerClient.trpc.jobs.alerts.query())[0]!.active).toBe(false);

    // 7 days before expiry: one notice with a renew link, however often the scheduler runs.
    const noticeAt = new Date(approved.expiresAt.getTime() - 6 * DAY);
    await sendExpiryNotices(systemContext(app, 'test', noticeAt));
    await sendExpiryNotices(systemContext(app, 'test', new Date(noticeAt.getTime() + 3600_000)));
    expect(await mailCount(app, e.billingEmail, 'job_expiry_notice')).toBe(1);
    expect((await lastMailTo(app, e.billingEmail))?.text_body).toContain(`/employer/listings/${id}`);

    // A new title on a published listing sends it back to review (small edits stay live: see
    // "small edits to a live listing").
    const edited = await e.client.trpc.employer.saveListing.mutate({
      id,
      fields: { ...FIELDS, title: 'Postdoc in organoid engineering (Garching)' },
    });
    expect(edited.status).toBe('pending_review');
    expect((await app.client().trpc.jobs.search.query({ q: 'intestinal' })).items).toEqual([]);
    const rejected = await admin.trpc.jobsAdmin.reject.mutate({
      id,
      reason: 'Please name the group leader.',
    });
    expect(rejected.status).toBe('rejected');
    const rejectMail = await lastMailTo(app, e.billingEmail);
    expect(rejectMail?.kind).toBe('job_rejected');
    expect(rejectMail?.text_body).toContain('Please name the group leader.');
    // Fixing a paid, rejected listing re-enters review without paying again; approval keeps the run.
    expect((await e.client.trpc.employer.saveListing.mutate({ id, fields: FIELDS })).status).toBe(
      'pending_review',
    );
    const reapproved = await admin.trpc.jobsAdmin.approve.mutate({ id });
    expect(reapproved.expiresAt).toEqual(approved.expiresAt);

    // Mark filled (after expiry too: see the close and mark-filled test); the dashboard shows
    // counters and the receipt.
    await e.client.trpc.employer.markFilled.mutate({ id });
    const dash = await e.client.trpc.employer.dashboard.query();
    expect(dash.listings.find((l) => l.id === id)).toMatchObject({ status: 'filled' });
    expect(dash.receipts).toHaveLength(1);
  });

  it('a digest lists at most DIGEST_CAP matches and carries the rest to the next digest', async () => {
    const seeker = await seekerWithDailyAlert('Zebrafish', 'zebrafish', {
      created_at: new Date(Date.now() - DAY),
    });
    const employerId = await makeEmployer(app, 'Zebrafish Institute');
    const ids: string[] = [];
    // Oldest first: ids[0] was published first.
    for (let i = 0; i < DIGEST_CAP + 5; i++)
      ids.push(
        await makeJob(app, employerId, {
          title: `Zebrafish imaging scientist ${i}`,
          daysAgo: (40 - i) / 100,
        }),
      );

    await sendAlertDigests(systemContext(app, 'test'));
    let digests = await digestsTo(seeker.email);
    expect(digests).toHaveLength(1);
    expect(ids.filter((id) => digests[0]!.includes(`/jobs/${id}`))).toEqual(ids.slice(0, DIGEST_CAP));
    expect(digests[0]).toContain('…and 5 more');
    expect(digests[0]).toContain('/jobs?q=zebrafish');

    await sendAlertDigests(systemContext(app, 'test', new Date(Date.now() + DAY)));
    digests = await digestsTo(seeker.email);
    expect(digests).toHaveLength(2);
    expect(ids.filter((id) => digests[1]!.includes(`/jobs/${id}`))).toEqual(ids.slice(DIGEST_CAP));
    expect(digests[1]).not.toContain('more');
    for (const id of ids) expect(digests.filter((t) => t.includes(`/jobs/${id}`))).toHaveLength(1);
  });

  it('a worker that was down for days still sends the matches published meanwhile', async () => {
    // Made ten days ago; the last digest ran six days ago; the worker has been down since.
    const seeker = await seekerWithDailyAlert('Axolotl', 'axolotl', {
      created_at: new Date(Date.now() - 10 * DAY),
      last_sent_at: new Date(Date.now() - 6 * DAY),
    });
    const employerId = await makeEmployer(app, 'Axolotl Lab');
    const older = await makeJob(app, employerId, { title: 'Axolotl regeneration postdoc', daysAgo: 5 });
    const before = await makeJob(app, employerId, { title: 'Axolotl technician', daysAgo: 11 });
    await sendAlertDigests(systemContext(app, 'test'));
    const digests = await digestsTo(seeker.email);
    expect(digests).toHaveLength(1);
    expect(digests[0]).toContain(`/jobs/${older}`);
    // Published before the alert was made: not "new" for it.
    expect(digests[0]).not.toContain(`/jobs/${before}`);
  });

  it('renaming the employer renames its listings, in search too', async () => {
    const e = await employer('Old Name Laboratory');
    const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    await app.db
      .updateTable('jobs')
      .set({ status: 'published', published_at: new Date(), expires_at: new Date(Date.now() + 30 * DAY) })
      .where('id', '=', id)
      .execute();
    await e.client.trpc.employer.saveProfile.mutate({
      name: 'Narwhal Genomics',
      logoUrl: 'https://example.org/logo.png',
      billingEmail: e.billingEmail,
    });
    const anonymous = app.client();
    const found = await anonymous.trpc.jobs.search.query({ q: 'narwhal' });
    expect(found.items.map((j) => [j.id, j.employerName])).toEqual([[id, 'Narwhal Genomics']]);
    expect(
      (await anonymous.trpc.jobs.search.query({ q: 'laboratory' })).items.map((j) => j.id),
    ).not.toContain(id);
    expect((await anonymous.trpc.jobs.get.query({ id })).employerName).toBe('Narwhal Genomics');
  });

  it('close and mark filled: a published listing closes; an expired one can be marked filled or closed', async () => {
    const e = await employer('Closing Lab');
    const make = async (expiresAt: Date) => {
      const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
      await app.db
        .updateTable('jobs')
        .set({ status: 'published', published_at: new Date(Date.now() - 40 * DAY), expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
      return id;
    };
    const statusOf = async (id: string) =>
      (await e.client.trpc.employer.dashboard.query()).listings.find((l) => l.id === id)?.status;

    const live = await make(new Date(Date.now() + 10 * DAY));
    expect(await e.client.trpc.employer.close.mutate({ id: live })).toEqual({ id: live, status: 'closed' });
    expect(await statusOf(live)).toBe('closed');
    const gone = await expectTrpcError(() => app.client().trpc.jobs.get.query({ id: live }));
    expect(gone.data.appCode).toBe('NOT_FOUND');
    const twice = await expectTrpcError(() => e.client.trpc.employer.close.mutate({ id: live }));
    expect(twice.data.appCode).toBe('CONFLICT');

    const ended = await make(new Date(Date.now() - DAY));
    expect(await statusOf(ended)).toBe('expired');
    expect(await e.client.trpc.employer.markFilled.mutate({ id: ended })).toEqual({
      id: ended,
      status: 'filled',
    });
    expect(await statusOf(ended)).toBe('filled');

    const ended2 = await make(new Date(Date.now() - DAY));
    await e.client.trpc.employer.close.mutate({ id: ended2 });
    expect(
      (await e.client.trpc.employer.dashboard.query()).listings.find((l) => l.id === ended2),
    ).toMatchObject({
      status: 'closed',
      canRenew: false,
    });
  });

  it('charges the member price to an active member', async () => {
    const e = await employer('Member Lab');
    const plan = await app.db
      .selectFrom('plans')
      .select('id')
      .where('code', '=', 'regular')
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto('membership_events')
      .values({
        user_id: e.id,
        kind: 'joined',
        plan_id: plan.id,
        term_years: 1,
        starts_at: new Date(Date.now() - DAY),
        ends_at: new Date(Date.now() + 300 * DAY),
      })
      .execute();
    const quote = await e.client.trpc.employer.quote.query();
    expect(quote.memberPrice).toBe(true);
    expect(quote.products.find((p) => p.product === 'featured')).toMatchObject({
      amountMinor: 34_500,
      days: 60,
    });
  });

  it('employer A cannot see, edit, pay for or close employer B’s listing', async () => {
    const a = await employer('Lab A');
    const b = await employer('Lab B');
    const { id } = await b.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    for (const call of [
      () => a.client.trpc.employer.listing.query({ id }),
      () =>
        a.client.trpc.employer.saveListing.mutate({
          id,
          fields: { ...FIELDS, title: 'Hijacked listing title' },
        }),
      () => a.client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'featured' }),
      () => a.client.trpc.employer.close.mutate({ id }),
      () => a.client.trpc.employer.markFilled.mutate({ id }),
    ]) {
      const err = await expectTrpcError(call);
      expect(err.data.appCode).toBe('NOT_FOUND');
    }
    const row = await app.db
      .selectFrom('jobs')
      .select(['title', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ title: FIELDS.title, status: 'draft' });
    // A signed-in user without an employer profile is not an employer at all.
    const stranger = await signedInClient(app, await makeUser(app));
    const forbidden = await expectTrpcError(() => stranger.trpc.employer.listing.query({ id }));
    expect(forbidden.data.appCode).toBe('FORBIDDEN');
  });

  it('rejects hostile URLs and bad emails', async () => {
    const e = await employer('Careful Lab');
    const bad = await expectTrpcError(() =>
      e.client.trpc.employer.saveListing.mutate({
        id: null,
        fields: { ...FIELDS, applyUrl: 'javascript:alert(1)' },
      }),
    );
    expect(bad.data.appCode).toBe('BAD_INPUT');
    expect(bad.data.fieldErrors?.['fields.applyUrl']).toBeDefined();
    const email = await expectTrpcError(() =>
      e.client.trpc.employer.saveListing.mutate({
        id: null,
        fields: { ...FIELDS, applyUrl: null, applyEmail: 'not-an-email' },
      }),
    );
    expect(email.data.fieldErrors?.['fields.applyEmail']).toBeDefined();
    const logo = await expectTrpcError(() =>
      e.client.trpc.employer.saveProfile.mutate({
        name: 'Careful Lab',
        logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>',
        billingEmail: e.billingEmail,
      }),
    );
    expect(logo.data.fieldErrors?.logoUrl).toBeDefined();
  });

  it('only listings in review can be approved or rejected; non-admins cannot moderate', async () => {
    const e = await employer('Draft Lab');
    const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    expect((await expectTrpcError(() => admin.trpc.jobsAdmin.approve.mutate({ id }))).data.appCode).toBe(
      'CONFLICT',
    );
    expect(
      (
        await expectTrpcError(() =>
          admin.trpc.jobsAdmin.reject.mutate({ id, reason: 'Not in review at all' }),
        )
      ).data.appCode,
    ).toBe('CONFLICT');
    expect((await expectTrpcError(() => e.client.trpc.jobsAdmin.approve.mutate({ id }))).data.appCode).toBe(
      'FORBIDDEN',
    );
    expect((await expectTrpcError(() => e.client.trpc.jobsAdmin.queue.query())).data.appCode).toBe(
      'FORBIDDEN',
    );
  });

  it('reports flag a listing for admins, who can take it down', async () => {
    const e = await employer('Reported Lab');
    const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    await app.db
      .updateTable('jobs')
      .set({ status: 'published', published_at: new Date(), expires_at: new Date(Date.now() + 30 * DAY) })
      .where('id', '=', id)
      .execute();
    await app.client().trpc.jobs.report.mutate({ id, reason: 'This looks like a scam to me.' });
    const queue = await admin.trpc.jobsAdmin.queue.query();
    const flagged = queue.reported.find((j) => j.id === id);
    expect(flagged?.openReports.map((r) => r.reason)).toEqual(['This looks like a scam to me.']);
    await admin.trpc.jobsAdmin.resolveReports.mutate({ id, takeDown: true, reason: 'A scam: no such lab.' });
    expect((await admin.trpc.jobsAdmin.queue.query()).reported.find((j) => j.id === id)).toBeUndefined();
    const err = await expectTrpcError(() => app.client().trpc.jobs.get.query({ id }));
    expect(err.data.appCode).toBe('NOT_FOUND');
  });

  it('renewal extends the run from max(now, expiry): before expiry it adds to the end, after expiry it restarts', async () => {
    const e = await employer('Renewing Lab');
    const make = async (expiresAt: Date) => {
      const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
      await app.db
        .updateTable('jobs')
        .set({ status: 'published', published_at: new Date(Date.now() - 20 * DAY), expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
      return id;
    };
    const soonEnd = new Date(Date.now() + 3 * DAY);
    const live = await make(soonEnd);
    const ended = await make(new Date(Date.now() - 2 * DAY));
    expect(
      (await e.client.trpc.employer.dashboard.query()).listings.find((l) => l.id === ended),
    ).toMatchObject({
      status: 'expired',
      canRenew: true,
    });

    const s1 = await e.client.trpc.employer.startCheckout.mutate({ jobId: live, product: 'standard' });
    await payLocally(s1.url);
    const renewedLive = await app.db
      .selectFrom('jobs')
      .select(['status', 'expires_at'])
      .where('id', '=', live)
      .executeTakeFirstOrThrow();
    expect(renewedLive.expires_at!.getTime()).toBe(soonEnd.getTime() + 30 * DAY);
    expect(renewedLive.status).toBe('published');

    const before = Date.now();
    const s2 = await e.client.trpc.employer.startCheckout.mutate({ jobId: ended, product: 'featured' });
    await payLocally(s2.url);
    const renewedEnded = await app.db
      .selectFrom('jobs')
      .select(['status', 'expires_at', 'product'])
      .where('id', '=', ended)
      .executeTakeFirstOrThrow();
    expect(renewedEnded.product).toBe('featured');
    expect(renewedEnded.expires_at!.getTime()).toBeGreaterThanOrEqual(before + 60 * DAY);
    expect(renewedEnded.expires_at!.getTime()).toBeLessThanOrEqual(Date.now() + 60 * DAY);
    const visible = await app.client().trpc.jobs.get.query({ id: ended });
    expect(visible.status).toBe('published');
    // Two payments, two receipts, nothing sent to review.
    const dash = await e.client.trpc.employer.dashboard.query();
    expect(dash.receipts).toHaveLength(2);
  });

  it('ignores status, employer and counters smuggled into a listing, and rate-limits saving', async () => {
    const e = await employer('Sneaky Lab');
    const other = await employer('Victim Lab');
    const victimEmployerId = (await other.client.trpc.employer.dashboard.query()).employer!.id;
    const { id, status } = await e.client.trpc.employer.saveListing.mutate({
      id: null,
      fields: { ...FIELDS, status: 'published', employerId: victimEmployerId, views: 999 } as JobFieldsInput,
    });
    expect(status).toBe('draft');
    const row = await app.db
      .selectFrom('jobs')
      .select(['status', 'employer_id', 'views', 'published_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'draft', views: 0, published_at: null });
    expect(row.employer_id).not.toBe(victimEmployerId);

    // 30 saves an hour per poster; the 31st is refused with RATE_LIMITED and writes nothing.
    for (let i = 1; i < 30; i++) await e.client.trpc.employer.saveListing.mutate({ id, fields: FIELDS });
    const before = await app.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const limited = await expectTrpcError(() =>
      e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS }),
    );
    expect(limited.data.appCode).toBe('RATE_LIMITED');
    const after = await app.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('after declining on the checkout page, paying again opens a fresh checkout', async () => {
    const e = await employer('Second Thoughts Lab');
    const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    const first = await e.client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'standard' });
    const page = await fetch(`${app.baseUrl}${pagePath(first.url)}`);
    const token = (await page.text()).match(/name="token" value="([^"]+)"/)?.[1];
    const declined = await fetch(`${app.baseUrl}${pagePath(first.url)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token!, action: 'decline' }).toString(),
      redirect: 'manual',
    });
    expect(declined.headers.get('location')).toBe(`${TEST_PUBLIC_URL}/employer/listings/${id}?cancelled=1`);
    const second = await e.client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'standard' });
    expect(second.sessionId).not.toBe(first.sessionId);
    await payLocally(second.url);
    expect(await e.client.trpc.employer.checkoutStatus.query({ sessionId: second.sessionId })).toMatchObject({
      state: 'paid',
      jobStatus: 'pending_review',
    });
    const again = await expectTrpcError(() =>
      e.client.trpc.employer.startCheckout.mutate({ jobId: id, product: 'standard' }),
    );
    expect(again.data.appCode).toBe('CONFLICT');
  });
});

/** A listing of employer `e`, published now for 30 days (as an approval would), in the database. */
async function publishedListing(e: { client: TestClient }, fields: JobFieldsInput = FIELDS) {
  const { id } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields });
  await app.db
    .updateTable('jobs')
    .set({ status: 'published', published_at: new Date(), expires_at: new Date(Date.now() + 30 * DAY) })
    .where('id', '=', id)
    .execute();
  return id;
}
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const endOfDayUtc = (date: string) => new Date(`${date}T00:00:00Z`).getTime() + DAY;
const auditRows = (id: string) =>
  app.db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'after'])
    .where('entity_type', '=', 'job')
    .where('entity_id', '=', id)
    .orderBy('id', 'asc')
    .execute();

/** Issue 19, item 13: the job board as an employer and an admin tried it. */
describe('job board rules', () => {
  it('refuses a closing date in the past at the field; a listing leaves search when its closing day ends', async () => {
    const e = await employer('Deadline Lab');
    const past = await expectTrpcError(() =>
      e.client.trpc.employer.saveListing.mutate({ id: null, fields: { ...FIELDS, closingOn: '2020-01-31' } }),
    );
    expect(past.data.appCode).toBe('BAD_INPUT');
    expect(past.data.fieldErrors?.['fields.closingOn']).toEqual(['The closing date must be today or later']);

    // Approved with a closing date 3 days out: listed until the end of that day, not for 30 days.
    const closingOn = inDays(3);
    const { id } = await e.client.trpc.employer.saveListing.mutate({
      id: null,
      fields: { ...FIELDS, closingOn },
    });
    await app.db.updateTable('jobs').set({ status: 'pending_review' }).where('id', '=', id).execute();
    const approved = await admin.trpc.jobsAdmin.approve.mutate({ id });
    expect(approved.expiresAt.getTime()).toBe(endOfDayUtc(closingOn));
    const page = await app.client().trpc.jobs.get.query({ id });
    expect(page.expiresAt?.getTime()).toBe(endOfDayUtc(closingOn));

    // Moving the closing date later gives the listing back the rest of its paid run.
    await e.client.trpc.employer.saveListing.mutate({ id, fields: { ...FIELDS, closingOn: inDays(10) } });
    const moved = await app.client().trpc.jobs.get.query({ id });
    expect(moved.expiresAt?.getTime()).toBe(endOfDayUtc(inDays(10)));
    await e.client.trpc.employer.saveListing.mutate({ id, fields: { ...FIELDS, closingOn: null } });
    expect((await app.client().trpc.jobs.get.query({ id })).expiresAt?.getTime()).toBeGreaterThan(
      Date.now() + 29 * DAY,
    );

    // A live listing whose closing day has passed (older data, or the day just ended) is off the
    // board: not in search, no job page, however long its paid run.
    const lapsed = await makeJob(app, await makeEmployer(app, 'Late Lab'), {
      title: 'Quokka behaviour technician',
      closing_on: '2020-01-31',
      expires_at: new Date(Date.now() + 20 * DAY),
    });
    expect((await app.client().trpc.jobs.search.query({ q: 'quokka' })).items).toEqual([]);
    const gone = await expectTrpcError(() => app.client().trpc.jobs.get.query({ id: lapsed }));
    expect(gone.data.appCode).toBe('NOT_FOUND');
  });

  it('take down and dismiss need a reason; a takedown mails the employer and can be restored; all audited', async () => {
    const e = await employer('Disputed Lab');
    const id = await publishedListing(e);
    await app.client().trpc.jobs.report.mutate({ id, reason: 'Looks like a scam to me.' });

    const noReason = await expectTrpcError(() =>
      admin.trpc.jobsAdmin.resolveReports.mutate({ id, takeDown: true, reason: '' }),
    );
    expect(noReason.data.appCode).toBe('BAD_INPUT');
    expect(noReason.data.fieldErrors?.reason).toEqual(['Give a reason (at least 5 characters)']);
    expect((await app.client().trpc.jobs.get.query({ id })).status).toBe('published');

    await admin.trpc.jobsAdmin.resolveReports.mutate({
      id,
      takeDown: true,
      reason: 'The lab named does not exist.',
    });
    expect((await expectTrpcError(() => app.client().trpc.jobs.get.query({ id }))).data.appCode).toBe(
      'NOT_FOUND',
    );
    const mail = await lastMailTo(app, e.billingEmail);
    expect(mail?.kind).toBe('job_taken_down');
    expect(mail?.text_body).toContain('The lab named does not exist.');
    const queue = await admin.trpc.jobsAdmin.queue.query();
    expect(queue.takenDown.find((j) => j.id === id)).toMatchObject({
      status: 'closed',
      takedownReason: 'The lab named does not exist.',
    });

    // Undo: only an admin; the listing is live again for the rest of its run; the employer is told.
    const notAdmin = await expectTrpcError(() => e.client.trpc.jobsAdmin.restore.mutate({ id }));
    expect(notAdmin.data.appCode).toBe('FORBIDDEN');
    expect(await admin.trpc.jobsAdmin.restore.mutate({ id })).toEqual({ id, status: 'published' });
    expect((await app.client().trpc.jobs.get.query({ id })).status).toBe('published');
    expect((await lastMailTo(app, e.billingEmail))?.kind).toBe('job_restored');
    expect((await admin.trpc.jobsAdmin.queue.query()).takenDown.find((j) => j.id === id)).toBeUndefined();
    // An employer's own closing is not a takedown: nothing to restore.
    await e.client.trpc.employer.close.mutate({ id });
    const notTakenDown = await expectTrpcError(() => admin.trpc.jobsAdmin.restore.mutate({ id }));
    expect(notTakenDown.data.appCode).toBe('CONFLICT');

    // Dismissing reports keeps the listing up and records the reason too.
    const other = await publishedListing(e);
    await app.client().trpc.jobs.report.mutate({ id: other, reason: 'I do not like this lab.' });
    await admin.trpc.jobsAdmin.resolveReports.mutate({
      id: other,
      takeDown: false,
      reason: 'A genuine post.',
    });
    expect((await app.client().trpc.jobs.get.query({ id: other })).status).toBe('published');

    const adminId = (
      await app.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()
    ).id;
    expect(await auditRows(id)).toEqual([
      {
        action: 'job.take_down',
        actor_user_id: adminId,
        after: { status: 'closed', reason: 'The lab named does not exist.' },
      },
      { action: 'job.restore', actor_user_id: adminId, after: { status: 'published' } },
    ]);
    expect(await auditRows(other)).toEqual([
      {
        action: 'job.dismiss_reports',
        actor_user_id: adminId,
        after: { status: 'published', reason: 'A genuine post.' },
      },
    ]);
  });

  it('small edits to a live listing stay live; a rewrite of the description goes back to review', async () => {
    const e = await employer('Typo Lab');
    const id = await publishedListing(e);
    const typoFixed = FIELDS.descriptionMd.replace('Munich', 'Münich').replace('Two years', 'Two-years');
    const small = await e.client.trpc.employer.saveListing.mutate({
      id,
      fields: { ...FIELDS, descriptionMd: typoFixed, city: 'Garching', salaryMax: 64000 },
    });
    expect(small.status).toBe('published');
    const live = await app.client().trpc.jobs.get.query({ id });
    expect(live).toMatchObject({ status: 'published', city: 'Garching', salaryMax: 64000 });
    expect((await app.client().trpc.jobs.search.query({ q: 'intestinal' })).items.map((j) => j.id)).toContain(
      id,
    );

    const rewritten =
      'We are hiring a research engineer to build microfluidic devices for our lab, starting in spring.';
    const large = await e.client.trpc.employer.saveListing.mutate({
      id,
      fields: { ...FIELDS, descriptionMd: rewritten },
    });
    expect(large.status).toBe('pending_review');
    expect((await expectTrpcError(() => app.client().trpc.jobs.get.query({ id }))).data.appCode).toBe(
      'NOT_FOUND',
    );
  });

  it('an employer deletes a draft; never a listing that was paid for or published', async () => {
    const e = await employer('Tidy Lab');
    const other = await employer('Other Tidy Lab');
    const { id: draft } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    const foreign = await expectTrpcError(() => other.client.trpc.employer.deleteDraft.mutate({ id: draft }));
    expect(foreign.data.appCode).toBe('NOT_FOUND');
    expect(await e.client.trpc.employer.deleteDraft.mutate({ id: draft })).toEqual({ ok: true });
    expect(
      await app.db.selectFrom('jobs').select('id').where('id', '=', draft).executeTakeFirst(),
    ).toBeUndefined();

    const live = await publishedListing(e);
    const { id: paid } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    const session = await e.client.trpc.employer.startCheckout.mutate({ jobId: paid, product: 'standard' });
    await payLocally(session.url);
    for (const id of [live, paid]) {
      const refused = await expectTrpcError(() => e.client.trpc.employer.deleteDraft.mutate({ id }));
      expect(refused.data.appCode).toBe('CONFLICT');
      expect(refused.message).toBe(
        'Only drafts can be deleted. Close a listing that was paid for or published instead.',
      );
    }
    const kept = await app.db.selectFrom('jobs').select('id').where('id', 'in', [live, paid]).execute();
    expect(kept).toHaveLength(2);
  });

  it('refuses a negative salary, a made-up currency and overlong text at the field, in words for people', async () => {
    const e = await employer('Picky Lab');
    const save = (fields: Partial<JobFieldsInput>) =>
      expectTrpcError(() =>
        e.client.trpc.employer.saveListing.mutate({ id: null, fields: { ...FIELDS, ...fields } }),
      );
    const negative = await save({ salaryMin: -5000 });
    expect(negative.data.fieldErrors?.['fields.salaryMin']).toEqual(['A salary cannot be negative']);
    const made_up = await save({ salaryCurrency: 'XYZ' });
    expect(made_up.data.fieldErrors?.['fields.salaryCurrency']).toEqual([
      'Use an ISO 4217 currency code, such as EUR or USD',
    ]);
    const long = await save({ title: 'T'.repeat(201), city: 'C'.repeat(121) });
    expect(long.data.fieldErrors?.['fields.title']).toEqual(['At most 200 characters']);
    expect(long.data.fieldErrors?.['fields.city']).toEqual(['At most 120 characters']);
    // Real codes in any case are taken (stored upper-case).
    const { id } = await e.client.trpc.employer.saveListing.mutate({
      id: null,
      fields: { ...FIELDS, salaryCurrency: 'chf' },
    });
    expect((await e.client.trpc.employer.listing.query({ id })).fields.salaryCurrency).toBe('CHF');
  });

  it('"Create an account" from "Sign in to save this search" leads back to the search after verifying', async () => {
    const search = '/jobs?q=organoid&country=DE';
    const email = 'returning.seeker@example.org';
    const hostile = await expectTrpcError(() =>
      app.client().trpc.auth.signUp.mutate({
        name: 'Elsewhere',
        email: 'elsewhere@example.org',
        password: 'correct horse battery staple',
        next: '//evil.example/jobs',
      }),
    );
    expect(hostile.data.fieldErrors?.next).toEqual(['Not a page of this site']);
    await app.client().trpc.auth.signUp.mutate({
      name: 'Returning Seeker',
      email,
      password: 'correct horse battery staple',
      next: search,
    });
    const mail = await lastMailTo(app, email);
    expect(mail?.kind).toBe('verify_email');
    const link = new URL(linkIn(mail!.text_body, '/api/auth/verify-email'));
    expect(link.searchParams.get('next')).toBe(search);
    const res = await fetch(`${app.baseUrl}${link.pathname}${link.search}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/verify-email?status=ok&next=${encodeURIComponent(search)}`);
  });

  it('a filled listing tells seekers it is filled, with no way to apply; a closed one is not found', async () => {
    const e = await employer('Filled Lab');
    const id = await publishedListing(e);
    await e.client.trpc.employer.markFilled.mutate({ id });
    const page = await app.client().trpc.jobs.get.query({ id });
    expect(page).toMatchObject({
      status: 'filled',
      visible: false,
      title: FIELDS.title,
      applyUrl: null,
      applyEmail: null,
      jsonLd: {},
    });
    const closed = await publishedListing(e);
    await e.client.trpc.employer.close.mutate({ id: closed });
    const err = await expectTrpcError(() => app.client().trpc.jobs.get.query({ id: closed }));
    expect(err.data.appCode).toBe('NOT_FOUND');
    // A listing marked filled while still in review was never public: not found either.
    const { id: unreviewed } = await e.client.trpc.employer.saveListing.mutate({ id: null, fields: FIELDS });
    await app.db.updateTable('jobs').set({ status: 'filled' }).where('id', '=', unreviewed).execute();
    expect(
      (await expectTrpcError(() => app.client().trpc.jobs.get.query({ id: unreviewed }))).data.appCode,
    ).toBe('NOT_FOUND');
  });
});
