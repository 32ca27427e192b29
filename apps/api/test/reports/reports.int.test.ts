import { sql } from '@societas/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveMembership, type LedgerFact } from '../../src/modules/membership/membership.rules.js';
import { reportsRouter } from '../../src/modules/reports/reports.router.js';
import {
  charts,
  dashboard,
  exportRows,
  listPage,
  refresh,
} from '../../src/modules/reports/reports.service.js';
import { expectTrpcError, makeUser, startTestApp, type TestApp } from '../harness.js';
import { member, seedPlans } from '../membership/helpers.js';

/**
 * A known history, every instant fixed, and every figure asserted exactly. NOW is mid-June 2026; the
 * period is January to June 2026 (the previous period July to December 2025).
 */
const NOW = new Date('2026-06-15T12:00:00Z');
const FILTERS = { from: '2026-01', to: '2026-06' } as const;
const d = (s: string) => new Date(s);

let app: TestApp;
let plans: Record<string, string>;
let admin: Awaited<ReturnType<typeof member>>;
const users: Record<string, { id: string; email: string }> = {};

async function person(key: string, country: string, stage: string, name = `Member ${key}`) {
  const u = await makeUser(app, { email: `${key.toLowerCase()}@reports.example.org`, name });
  await app.db
    .insertInto('member_profiles')
    .values({ user_id: u.id, country_code: country, career_stage: stage })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ country_code: country, career_stage: stage }))
    .execute();
  users[key] = { id: u.id, email: u.email };
  return u.id;
}

async function ledger(
  userId: string,
  kind: 'joined' | 'renewed' | 'upgraded' | 'refunded',
  createdAt: string,
  fields: { plan?: string; starts?: string; ends?: string | null; paymentId?: string } = {},
) {
  await app.db
    .insertInto('membership_events')
    .values({
      user_id: userId,
      kind,
      plan_id: fields.plan ? plans[fields.plan]! : null,
      term_years: fields.plan ? 1 : null,
      starts_at: fields.starts ? d(fields.starts) : kind === 'refunded' ? null : d(createdAt),
      ends_at: fields.ends ? d(fields.ends) : null,
      payment_id: fields.paymentId ?? null,
      created_at: d(createdAt),
    })
    .execute();
}

async function pay(
  userId: string | null,
  amount: number,
  paidAt: string,
  options: { kind?: 'membership' | 'job_posting'; status?: 'paid' | 'failed'; plan?: string } = {},
) {
  const row = await app.db
    .insertInto('payments')
    .values({
      user_id: userId,
      kind: options.kind ?? 'membership',
      status: options.status ?? 'paid',
      amount_minor: amount,
      currency: 'USD',
      plan_id: options.plan ? plans[options.plan]! : null,
      paid_at: options.status === 'failed' ? null : d(paidAt),
      created_at: d(paidAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function refund(paymentId: string, amount: number, at: string) {
  await app.db
    .insertInto('refunds')
    .values({ payment_id: paymentId, amount_minor: amount, created_at: d(at) })
    .execute();
  await app.db
    .updateTable('payments')
    .set({ refunded_minor: sql`refunded_minor + ${amount}`, status: 'partially_refunded' })
    .where('id', '=', paymentId)
    .execute();
}

beforeAll(async () => {
  app = await startTestApp();
  plans = await seedPlans(app);
  for (const [code, band] of [
    ['US', 'high'],
    ['DE', 'high'],
    ['IN', 'lower_middle'],
  ] as const) {
    await app.db
      .insertInto('country_income_bands')
      .values({ country_code: code, band })
      .onConflict((oc) => oc.column('country_code').doUpdateSet({ band }))
      .execute();
  }
  admin = await member(app, 'US', 'admin');
  // The admin has no membership: the ledger below is the whole membership.

  // A: regular since January 2024, renewed early in December 2024, then late (in grace) in January 2026.
  const a = await person('A', 'US', 'mid_career');
  await ledger(a, 'joined', '2024-01-10T00:00:00Z', { plan: 'regular', ends: '2025-01-10T00:00:00Z' });
  await pay(a, 19500, '2024-01-10T00:00:00Z', { plan: 'regular' });
  await ledger(a, 'renewed', '2024-12-01T00:00:00Z', {
    plan: 'regular',
    starts: '2025-01-10T00:00:00Z',
    ends: '2026-01-10T00:00:00Z',
  });
  await pay(a, 19500, '2024-12-01T00:00:00Z', { plan: 'regular' });
  await ledger(a, 'renewed', '2026-01-20T00:00:00Z', { plan: 'regular', ends: '2027-01-20T00:00:00Z' });
  await pay(a, 19500, '2026-01-20T00:00:00Z', { plan: 'regular' });

  // B: postdoc in a lower-middle income country; never renews, lapses at the end of grace (31 March).
  const b = await person('B', 'IN', 'postdoc');
  await ledger(b, 'joined', '2025-03-01T00:00:00Z', { plan: 'postdoc', ends: '2026-03-01T00:00:00Z' });
  await pay(b, 3600, '2025-03-01T00:00:00Z', { plan: 'postdoc' });
  await pay(b, 3600, '2026-02-25T10:00:00Z', { plan: 'postdoc', status: 'failed' });

  // C: postdoc, lower-middle; ends 1 July 2026, so in the renewal window now (expiring within 30 days).
  const c = await person('C', 'IN', 'postdoc');
  await ledger(c, 'joined', '2025-07-01T00:00:00Z', { plan: 'postdoc', ends: '2026-07-01T00:00:00Z' });
  await pay(c, 3600, '2025-07-01T00:00:00Z', { plan: 'postdoc' });

  // D: student; term ended 20 May 2026, so in grace now.
  const dd = await person('D', 'US', 'student');
  await ledger(dd, 'joined', '2025-05-20T00:00:00Z', { plan: 'student', ends: '2026-05-20T00:00:00Z' });
  await pay(dd, 5000, '2025-05-20T00:00:00Z', { plan: 'student' });

  // E: joins in February 2026 and is refunded in full nine days later (ends at once, no grace).
  const e = await person('E', 'DE', 'senior');
  await ledger(e, 'joined', '2026-02-01T09:00:00Z', { plan: 'regular', ends: '2027-02-01T09:00:00Z' });
  const ePay = await pay(e, 19500, '2026-02-01T09:00:00Z', { plan: 'regular' });
  await ledger(e, 'refunded', '2026-02-10T00:00:00Z', { ends: '2026-02-10T00:00:00Z' });
  await refund(ePay, 19500, '2026-02-10T00:00:00Z');

  // F: postdoc who renews onto Regular in the window (trainee to regular), after a failed payment.
  const f = await person('F', 'DE', 'postdoc');
  await ledger(f, 'joined', '2025-04-01T00:00:00Z', { plan: 'postdoc', ends: '2026-04-01T00:00:00Z' });
  await pay(f, 9000, '2025-04-01T00:00:00Z', { plan: 'postdoc' });
  await pay(f, 19500, '2026-03-10T00:00:00Z', { plan: 'regular', status: 'failed' });
  await ledger(f, 'renewed', '2026-03-15T00:00:00Z', {
    plan: 'regular',
    starts: '2026-04-01T00:00:00Z',
    ends: '2027-04-01T00:00:00Z',
  });
  await pay(f, 19500, '2026-03-15T00:00:00Z', { plan: 'regular' });

  // G: student who upgrades to Regular mid-term.
  const g = await person('G', 'US', 'early_career');
  await ledger(g, 'joined', '2025-09-01T00:00:00Z', { plan: 'student', ends: '2026-09-01T00:00:00Z' });
  await pay(g, 5000, '2025-09-01T00:00:00Z', { plan: 'student' });
  await ledger(g, 'upgraded', '2026-01-15T00:00:00Z', { plan: 'regular', ends: '2027-01-15T00:00:00Z' });
  await pay(g, 15000, '2026-01-15T00:00:00Z', { plan: 'regular' });

  // Job board money: one posting paid a second before February ended (UTC), partly refunded in
  // April; one paid in the last millisecond of 2025 (previous period).
  const job = await pay(null, 30000, '2026-02-28T23:59:59Z', { kind: 'job_posting' });
  await refund(job, 5000, '2026-04-02T00:00:00Z');
  await pay(null, 10000, '2025-12-31T23:59:59.999Z', { kind: 'job_posting' });
  // A payment after NOW is not counted.
  await pay(null, 99900, '2026-06-20T00:00:00Z', { kind: 'job_posting' });

  // Jobs: one live now; one that was live on 1 January 2026.
  const employer = await app.db
    .insertInto('employers')
    .values({ name: 'Stem Lab', billing_email: 'billing@lab.example.org' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const jobBase = {
    employer_id: employer.id,
    employer_name: 'Stem Lab',
    description_md: 'A job',
    position_type: 'postdoc' as const,
    sector: 'academia' as const,
    country_code: 'DE',
    workplace: 'on_site' as const,
  };
  await app.db
    .insertInto('jobs')
    .values([
      {
        ...jobBase,
        title: 'Live postdoc',
        status: 'published',
        published_at: d('2026-05-01T00:00:00Z'),
        expires_at: d('2026-07-01T00:00:00Z'),
        created_at: d('2026-04-30T00:00:00Z'),
      },
      {
        ...jobBase,
        title: 'Old postdoc',
        status: 'expired',
        published_at: d('2025-12-01T00:00:00Z'),
        expires_at: d('2026-01-31T00:00:00Z'),
        created_at: d('2025-11-30T00:00:00Z'),
      },
    ])
    .execute();

  await refresh(app.db, NOW);
});

afterAll(async () => {
  await app?.close();
});

function kpis(result: Awaited<ReturnType<typeof dashboard>>) {
  return Object.fromEntries(result.kpis.map((k) => [k.key, [k.value, k.previous]]));
}

describe('reports: figures from a known history', () => {
  it('KPI tiles with the previous period', async () => {
    const result = await dashboard(app.db, FILTERS);
    expect(result.period).toEqual({
      from: '2026-01',
      to: '2026-06',
      previousFrom: '2025-07',
      previousTo: '2025-12',
    });
    expect(result.refreshedAt).toEqual(NOW);
    expect(result.currency).toBe('USD');
    expect(kpis(result)).toEqual({
      active: [4, 6],
      new: [1, 2],
      renewals: [2, 0],
      renewalRate: [2 / 3, null],
      lapsed: [2, 0],
      revenueMembership: [19500 + 19500 + 19500 + 15000 - 19500, 3600 + 5000],
      revenueJobs: [30000 - 5000, 10000],
      revenueTotal: [54000 + 25000, 8600 + 10000],
      renewalWindow: [1, 2],
      grace: [1, 0],
      liveJobs: [1, 1],
    });
  });

  it('filters: lower-middle income postdocs', async () => {
    const result = await dashboard(app.db, { ...FILTERS, band: 'lower_middle', careerStage: 'postdoc' });
    const k = kpis(result);
    expect(k.active).toEqual([1, 2]);
    expect(k.lapsed).toEqual([1, 0]);
    expect(k.renewalRate).toEqual([0, null]);
    expect(k.revenueMembership).toEqual([0, 3600]);
    // Job figures are not about members: they ignore member filters.
    expect(k.revenueJobs).toEqual([25000, 10000]);
    const byPlan = await dashboard(app.db, { ...FILTERS, planId: plans.regular });
    expect(kpis(byPlan).active).toEqual([3, 1]);
  });

  it('charts', async () => {
    const result = await charts(app.db, FILTERS);
    const jan = result.activeByPlan.find((r) => r.month === '2026-01')!;
    expect(jan).toEqual({ month: '2026-01', [plans.regular!]: 2, [plans.postdoc!]: 3, [plans.student!]: 1 });
    const jun = result.activeByPlan.find((r) => r.month === '2026-06')!;
    expect(jun).toEqual({ month: '2026-06', [plans.regular!]: 3, [plans.postdoc!]: 1 });
    expect(result.revenueByMonth).toEqual([
      { month: '2026-01', membership: 34500, jobs: 0, refunds: 0 },
      { month: '2026-02', membership: 19500, jobs: 30000, refunds: 19500 },
      { month: '2026-03', membership: 19500, jobs: 0, refunds: 0 },
      { month: '2026-04', membership: 0, jobs: 0, refunds: 5000 },
      { month: '2026-05', membership: 0, jobs: 0, refunds: 0 },
      { month: '2026-06', membership: 0, jobs: 0, refunds: 0 },
    ]);
    expect(result.byCountry).toEqual([
      { country: 'US', members: 2 },
      { country: 'DE', members: 1 },
      { country: 'IN', members: 1 },
    ]);
    expect(result.renewalRate.byPlan).toEqual([
      { key: 'Postdoc', due: 2, renewed: 1 },
      { key: 'Regular', due: 1, renewed: 1 },
    ]);
    expect(result.renewalRate.byBand).toEqual([
      { key: 'High income', due: 2, renewed: 2 },
      { key: 'Lower-middle income', due: 1, renewed: 0 },
    ]);
    // A (mid-career) renewed in grace in January; of the postdocs B lapsed and F renewed onto Regular.
    expect(result.renewalRate.byStage).toEqual([
      { key: 'Mid-career researcher', due: 1, renewed: 1 },
      { key: 'Postdoc', due: 2, renewed: 1 },
    ]);
    const lowerMiddle = await charts(app.db, { ...FILTERS, band: 'lower_middle' });
    expect(lowerMiddle.renewalRate.byStage).toEqual([{ key: 'Postdoc', due: 1, renewed: 0 }]);
    expect(result.traineeConversion.filter((r) => r.ended > 0)).toEqual([
      { month: '2026-01', ended: 1, converted: 1 },
      { month: '2026-03', ended: 2, converted: 1 },
    ]);
    expect(result.paymentRecovery.filter((r) => r.failed > 0)).toEqual([
      { month: '2026-02', failed: 1, recovered: 0 },
      { month: '2026-03', failed: 1, recovered: 1 },
    ]);
    // Retention is looked at N months + 30 days (grace) after joining. A joined in January 2024 and
    // renewed both times (the second time in grace); 36 months are not over yet.
    const a = result.cohorts.find((c) => c.month === '2024-01')!;
    expect(a).toEqual({
      month: '2024-01',
      members: 1,
      due12: 1,
      kept12: 1,
      due24: 1,
      kept24: 1,
      due36: 0,
      kept36: 0,
    });
    // B joined 1 March 2025 and lapsed at the end of grace, 31 March 2026 00:00 UTC: exactly when
    // 12 months + 30 days are reached, and the end of grace already counts as lapsed.
    const b = result.cohorts.find((c) => c.month === '2025-03')!;
    expect(b).toMatchObject({ members: 1, due12: 1, kept12: 0, due24: 0 });
  });

  it('monthly statuses equal deriveMembership() for every member at every month start', async () => {
    const events = await app.db
      .selectFrom('membership_events')
      .select(['id', 'user_id', 'kind', 'plan_id', 'term_years', 'starts_at', 'ends_at', 'created_at'])
      .execute();
    const byUser = new Map<string, LedgerFact[]>();
    for (const e of events) {
      const list = byUser.get(e.user_id) ?? [];
      list.push({
        id: e.id,
        kind: e.kind,
        planId: e.plan_id,
        termYears: e.term_years,
        startsAt: e.starts_at,
        endsAt: e.ends_at,
        createdAt: e.created_at,
      });
      byUser.set(e.user_id, list);
    }
    for (
      let t = d('2024-01-01T00:00:00Z');
      t < NOW;
      t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1))
    ) {
      const expected: Record<string, number> = {};
      for (const list of byUser.values()) {
        const status = deriveMembership(
          list.filter((e) => e.createdAt <= t),
          t,
        ).status;
        if (status === 'active' || status === 'renewal_window' || status === 'grace')
          expected[status] = (expected[status] ?? 0) + 1;
      }
      const rows = await app.db
        .selectFrom('report_stock_monthly')
        .select(['status', sql<number>`sum(n)::int`.as('n')])
        .where('at', '=', t)
        .groupBy('status')
        .execute();
      expect(Object.fromEntries(rows.map((r) => [r.status, r.n])), t.toISOString()).toEqual(expected);
    }
  });

  it('the same figures whatever the session time zone, and however often refreshed', async () => {
    const before = { dashboard: await dashboard(app.db, FILTERS), charts: await charts(app.db, FILTERS) };
    await app.db.connection().execute(async (conn) => {
      await sql`SET TIME ZONE 'Pacific/Kiritimati'`.execute(conn);
      await refresh(conn, NOW);
      await sql`SET TIME ZONE 'America/New_York'`.execute(conn);
      expect(await dashboard(conn, FILTERS)).toEqual(before.dashboard);
      expect(await charts(conn, FILTERS)).toEqual(before.charts);
      await sql`RESET TIME ZONE`.execute(conn);
    });
    await refresh(app.db, NOW);
    expect(await dashboard(app.db, FILTERS)).toEqual(before.dashboard);
  });

  it('lists: expiring, grace, lapsed, payments, jobs', async () => {
    const req = { filters: {}, days: 30 as const, dir: 'asc' as const, page: 1, pageSize: 25 };
    const expiring = await listPage(app.db, { ...req, list: 'expiring' });
    expect(expiring.rows.map((r) => r.email)).toEqual([users.C!.email]);
    expect(expiring.rows[0]).toMatchObject({ status: 'renewal_window', ends_at: '2026-07-01T00:00:00.000Z' });
    const grace = await listPage(app.db, { ...req, list: 'grace' });
    expect(grace.rows.map((r) => r.email)).toEqual([users.D!.email]);
    const lapsed = await listPage(app.db, { ...req, list: 'lapsed', sort: 'name' });
    expect(lapsed.rows.map((r) => r.email)).toEqual([users.B!.email, users.E!.email]);
    const payments = await listPage(app.db, {
      ...req,
      list: 'payments',
      filters: FILTERS,
      sort: 'amount',
      dir: 'desc',
    });
    // Lists are live: the payment after the refresh is listed (the figures above leave it out).
    expect(payments.total).toBe(8);
    expect(payments.rows[0]).toMatchObject({ amount: '999.00', kind: 'job_posting' });
    expect(payments.rows[1]).toMatchObject({
      amount: '300.00',
      refunded: '50.00',
      net: '250.00',
      refunds: 1,
    });
    // A failed payment is listed (the ledger shows it) but is no money: net 0.
    const failed = payments.rows.filter((r) => r.status === 'failed');
    expect(failed.map((r) => [r.amount, r.net])).toEqual([
      ['195.00', '0.00'],
      ['36.00', '0.00'],
    ]);
    const page2 = await listPage(app.db, {
      ...req,
      list: 'payments',
      filters: FILTERS,
      pageSize: 5,
      page: 2,
    });
    expect(page2.rows).toHaveLength(3);
    const jobs = await listPage(app.db, {
      ...req,
      list: 'jobs',
      filters: { from: '2025-01', to: '2026-06' },
    });
    expect(jobs.rows.map((r) => r.title)).toEqual(['Old postdoc', 'Live postdoc']);
  });
});

describe('reports: indexes for filtered lists (ADR 009)', () => {
  it('every refresh builds the per-dimension term-end indexes on the segments it swaps in', async () => {
    await refresh(app.db, NOW);
    const { rows } = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE tablename = 'report_member_segments'`.execute(app.db);
    const defs = rows.map((r) => r.indexdef.replace(/^.* USING btree /, ''));
    for (const cols of [
      '(income_band, career_stage, ends_at) WHERE (valid_to IS NULL)',
      '(career_stage, ends_at) WHERE (valid_to IS NULL)',
      '(country_code, ends_at) WHERE (valid_to IS NULL)',
      '(plan_id, ends_at) WHERE (valid_to IS NULL)',
      '(ends_at, user_id) WHERE (valid_to IS NULL)',
    ])
      expect(defs).toContain(cols);
    const ledger = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE indexname IN ('member_profiles_country_stage_idx', 'payments_user_paid_idx')
      ORDER BY indexname`.execute(app.db);
    expect(ledger.rows.map((r) => r.indexdef.replace(/^.* USING btree /, ''))).toEqual([
      '(country_code, career_stage) INCLUDE (user_id)',
      '(user_id, COALESCE(paid_at, created_at))',
    ]);
  });
});

describe('reports: exports read through a cursor', () => {
  it('yields every row in small batches, and a consumer that stops early releases the connection', async () => {
    const batches: number[] = [];
    const receipts: unknown[] = [];
    for await (const batch of exportRows(app.db, { list: 'payments', filters: FILTERS, days: 90 }, 3)) {
      batches.push(batch.length);
      receipts.push(...batch.map((r) => r.paid_at));
    }
    expect(batches).toEqual([3, 3, 2]);
    expect(receipts).toEqual([...receipts].sort());
    for (let i = 0; i < 12; i += 1) {
      for await (const batch of exportRows(app.db, { list: 'payments', filters: FILTERS, days: 90 }, 1)) {
        expect(batch).toHaveLength(1);
        break;
      }
    }
    // Twelve abandoned exports left no transaction open (the pool has ten connections).
    expect(kpis(await dashboard(app.db, FILTERS)).active).toEqual([4, 6]);
  });
});

describe('reports: access and exports', () => {
  it('refuses anonymous users and members (which error), admins get figures', async () => {
    const anonymous = await expectTrpcError(() =>
      app.client().trpc.reports.dashboard.query({ filters: FILTERS }),
    );
    expect(anonymous.data.appCode).toBe('UNAUTHENTICATED');
    const someone = await member(app, 'US');
    for (const call of [
      () => someone.client.trpc.reports.dashboard.query({ filters: FILTERS }),
      () => someone.client.trpc.reports.charts.query({ filters: FILTERS }),
      () => someone.client.trpc.reports.list.query({ list: 'expiring' }),
      () => someone.client.trpc.reports.refresh.mutate(),
    ]) {
      const denied = await expectTrpcError(call);
      expect(denied.data.appCode).toBe('FORBIDDEN');
      expect(denied.data.httpStatus).toBe(403);
    }
    const csv = await someone.client.fetch(`${app.baseUrl}/api/reports/export/expiring.csv`);
    expect(csv.status).toBe(403);
    expect((await fetch(`${app.baseUrl}/api/reports/export/expiring.csv`)).status).toBe(401);
    const audits = await app.db
      .selectFrom('audit_log')
      .select('id')
      .where('actor_user_id', '=', someone.id)
      .execute();
    expect(audits).toHaveLength(0);
    const result = await admin.client.trpc.reports.dashboard.query({ filters: FILTERS });
    expect(result.kpis.find((k) => k.key === 'active')?.value).toBe(4);
  });

  it('every reports procedure is refused to members, generated from the router', async () => {
    const someone = await member(app, 'DE');
    const procedures = Object.entries(
      reportsRouter._def.procedures as Record<string, { _def: { type: string } }>,
    );
    expect(procedures.length).toBeGreaterThanOrEqual(4);
    for (const [name, procedure] of procedures) {
      const url = `${app.baseUrl}/trpc/reports.${name}`;
      const response =
        procedure._def.type === 'mutation'
          ? await someone.client.fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin: 'http://localhost:3999' },
              body: '{}',
            })
          : await someone.client.fetch(`${url}?input=${encodeURIComponent('{"json":{}}')}`);
      expect(response.status, name).toBe(403);
      const text = await response.text();
      expect(text, name).toContain('"appCode":"FORBIDDEN"');
    }
  });

  it('streams a CSV export and writes it to the audit log', async () => {
    const response = await admin.client.fetch(
      `${app.baseUrl}/api/reports/export/expiring.csv?days=30&band=lower_middle&careerStage=postdoc`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="societas-expiring-/);
    const bytes = Buffer.from(await response.arrayBuffer());
    // The UTF-8 byte order mark first (Excel then reads accented names right), then the header.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 13).toString('utf8')).toBe('Member no.');
    const lines = new TextDecoder().decode(bytes).trim().split('\n');
    expect(lines[0]).toBe(
      'Member no.,Name,Email,Plan,Status,Term ends,Country,Income band,Career stage,Member since',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      `Member C,${users.C!.email},Postdoc,renewal_window,2026-07-01T00:00:00.000Z,IN`,
    );
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'after'])
      .where('actor_user_id', '=', admin.id)
      .where('action', '=', 'reports.exported')
      .execute();
    expect(audit).toEqual([
      {
        action: 'reports.exported',
        entity_id: 'expiring',
        after: { filters: { band: 'lower_middle', careerStage: 'postdoc' }, days: 30 },
      },
    ]);
    const bad = await admin.client.fetch(`${app.baseUrl}/api/reports/export/secrets.csv`);
    expect(bad.status).toBe(404);
    const payments = await admin.client.fetch(
      `${app.baseUrl}/api/reports/export/payments.csv?from=2026-01&to=2026-06`,
    );
    expect((await payments.text()).trim().split('\n')).toHaveLength(9);
  });
});

/**
 * A second known history in its own database (its members would change every figure above): three
 * cohorts old enough for the 36-month look, members expiring around the 30 / 60 / 90-day edges, and
 * names a spreadsheet would take for formulas. Same NOW (15 June 2026 12:00 UTC).
 */
describe('reports: cohorts at 36 months, expiring at 60 / 90 days, CSV escaping and filters', () => {
  let main: TestApp;
  let mainPlans: Record<string, string>;
  beforeAll(async () => {
    main = app;
    mainPlans = plans;
    app = await startTestApp();
    plans = await seedPlans(app);
    await app.db
      .insertInto('country_income_bands')
      .values([
        { country_code: 'IN', band: 'lower_middle' },
        { country_code: 'US', band: 'high' },
      ])
      .onConflict((oc) => oc.column('country_code').doUpdateSet((eb) => ({ band: eb.ref('excluded.band') })))
      .execute();
    admin = await member(app, 'US', 'admin');

    // H: joined January 2023 and renewed every year: kept at 12, 24 and 36 months.
    const h = await person('H', 'US', 'senior');
    await ledger(h, 'joined', '2023-01-10T00:00:00Z', { plan: 'regular', ends: '2024-01-10T00:00:00Z' });
    for (const [at, starts, ends] of [
      ['2023-12-20', '2024-01-10', '2025-01-10'],
      ['2024-12-15', '2025-01-10', '2026-01-10'],
      ['2026-01-05', '2026-01-10', '2027-01-10'],
    ] as const)
      await ledger(h, 'renewed', `${at}T00:00:00Z`, {
        plan: 'regular',
        starts: `${starts}T00:00:00Z`,
        ends: `${ends}T00:00:00Z`,
      });
    // J: joined February 2023, renewed once, lapsed when grace ended on 3 March 2025 00:00 UTC, which is
    // exactly 24 months + 30 days after joining: not kept at 24 (nor 36).
    const j = await person('J', 'US', 'senior');
    await ledger(j, 'joined', '2023-02-01T00:00:00Z', { plan: 'regular', ends: '2024-02-01T00:00:00Z' });
    await ledger(j, 'renewed', '2024-01-20T00:00:00Z', {
      plan: 'regular',
      starts: '2024-02-01T00:00:00Z',
      ends: '2025-02-01T00:00:00Z',
    });
    // K: joined 20 May 2023 on a long term to 20 August 2026 (66 days after NOW: in the 90-day list
    // only); its 36-month look (19 June 2026) is after NOW, so not yet due.
    const k = await person('K', 'US', 'senior');
    await ledger(k, 'joined', '2023-05-20T00:00:00Z', { plan: 'regular', ends: '2026-08-20T00:00:00Z' });
    // Expiring: M in 24.5 days, L in 46.5, O exactly 60 days after NOW, P a second later, N in 97 days.
    const expiring = [
      ['M', 'IN', 'postdoc', '=HYPERLINK("http://evil.example")', '2026-07-10T00:00:00Z'],
      ['L', 'IN', 'student', '+1 Plus', '2026-08-01T00:00:00Z'],
      ['O', 'US', 'postdoc', '-Minus', '2026-08-14T12:00:00Z'],
      ['P', 'IN', 'postdoc', '@At', '2026-08-14T12:00:01Z'],
      ['N', 'IN', 'postdoc', 'Nora Ní Bhriain', '2026-09-20T00:00:00Z'],
    ] as const;
    for (const [key, country, stage, name, ends] of expiring) {
      const id = await person(key, country, stage, name);
      await ledger(id, 'joined', '2025-09-01T00:00:00Z', { plan: 'postdoc', ends });
    }
    await refresh(app.db, NOW);
  });
  afterAll(async () => {
    await app?.close();
    app = main;
    plans = mainPlans;
  });

  it('cohort retention at 12, 24 and 36 months, exactly', async () => {
    const result = await charts(app.db, FILTERS);
    const cohort = (month: string) => result.cohorts.find((c) => c.month === month);
    expect(cohort('2023-01')).toEqual({
      month: '2023-01',
      members: 1,
      due12: 1,
      kept12: 1,
      due24: 1,
      kept24: 1,
      due36: 1,
      kept36: 1,
    });
    expect(cohort('2023-02')).toEqual({
      month: '2023-02',
      members: 1,
      due12: 1,
      kept12: 1,
      due24: 1,
      kept24: 0,
      due36: 1,
      kept36: 0,
    });
    expect(cohort('2023-05')).toEqual({
      month: '2023-05',
      members: 1,
      due12: 1,
      kept12: 1,
      due24: 1,
      kept24: 1,
      due36: 0,
      kept36: 0,
    });
  });

  it('expiring within 30, 60 and 90 days, edges included', async () => {
    const req = { list: 'expiring' as const, filters: {}, dir: 'asc' as const, page: 1, pageSize: 25 };
    const keys = async (days: 30 | 60 | 90) =>
      (await listPage(app.db, { ...req, days })).rows.map((r) => String(r.email).slice(0, 1).toUpperCase());
    expect(await keys(30)).toEqual(['M']);
    expect(await keys(60)).toEqual(['M', 'L', 'O']);
    expect(await keys(90)).toEqual(['M', 'L', 'O', 'P', 'K']);
    const page = await listPage(app.db, { ...req, days: 90 });
    expect(page.total).toBe(5);
  });

  it('CSV: cells that start with = + - @ are neutralised; accented names survive', async () => {
    const response = await admin.client.fetch(`${app.baseUrl}/api/reports/export/members.csv`);
    expect(response.status).toBe(200);
    const text = new TextDecoder().decode(await response.arrayBuffer());
    const lines = text.trim().split('\n');
    const byEmail = (key: string) =>
      lines.find((l) => l.includes(`,${key.toLowerCase()}@reports.example.org,`));
    expect(byEmail('M')).toContain(`,"'=HYPERLINK(""http://evil.example"")",m@reports`);
    expect(byEmail('L')).toContain(`,'+1 Plus,l@reports`);
    expect(byEmail('O')).toContain(`,'-Minus,o@reports`);
    expect(byEmail('P')).toContain(`,'@At,p@reports`);
    expect(byEmail('N')).toContain(',Nora Ní Bhriain,n@reports');
    // No cell anywhere starts with a formula character.
    for (const line of lines.slice(1))
      for (const cell of line.split(',')) expect(cell, line).not.toMatch(/^"?[=+\-@]/);
  });

  it('CSV carries the filters: every row has the income band and career stage asked for', async () => {
    const response = await admin.client.fetch(
      `${app.baseUrl}/api/reports/export/expiring.csv?days=90&band=lower_middle&careerStage=postdoc`,
    );
    expect(response.status).toBe(200);
    const [header, ...rows] = new TextDecoder()
      .decode(await response.arrayBuffer())
      .trim()
      .split('\n');
    const columns = header!.split(',');
    const band = columns.indexOf('Income band');
    const stage = columns.indexOf('Career stage');
    const email = columns.indexOf('Email');
    // Split on commas outside quotes (M's name is a quoted cell with quotes inside).
    const cells = rows.map((r) => r.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    expect(cells.map((c) => c[email])).toEqual(['m@reports.example.org', 'p@reports.example.org']);
    for (const c of cells) {
      expect(c[band]).toBe('lower_middle');
      expect(c[stage]).toBe('postdoc');
    }
  });
});
