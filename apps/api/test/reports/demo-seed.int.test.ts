import { seedDemo } from '@societas/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charts, dashboard, listPage, refresh } from '../../src/modules/reports/reports.service.js';
import { startTestApp, type TestApp } from '../harness.js';

/**
 * The demo seed is what a board sees first: every tile, chart and the cohort table must be filled,
 * also for the journey's filters, and the comparisons must look like a real society's (the earlier
 * year had members renewing and lapsing too, the job board was as busy a year ago).
 */
const NOW = new Date('2026-11-22T12:00:00Z');
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemo(app.db, { now: NOW });
  await refresh(app.db, NOW);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const JOURNEY = { from: '2025-12', to: '2026-11', band: 'lower_middle', careerStage: 'postdoc' } as const;

async function figures(filters: Parameters<typeof dashboard>[1]) {
  const d = await dashboard(app.db, filters);
  return { kpis: Object.fromEntries(d.kpis.map((k) => [k.key, k])), charts: await charts(app.db, filters) };
}

describe('reports on the demo seed', () => {
  it('every KPI tile, chart series and the cohort table has data', async () => {
    const { kpis, charts: c } = await figures({});
    for (const key of [
      'active',
      'new',
      'renewals',
      'lapsed',
      'revenueMembership',
      'revenueJobs',
      'revenueTotal',
      'renewalWindow',
      'grace',
      'liveJobs',
    ])
      expect(kpis[key]!.value, key).toBeGreaterThan(0);
    expect(kpis.renewalRate!.value).toBeGreaterThan(0);
    expect(c.plans.length).toBeGreaterThanOrEqual(3);
    expect(c.activeByPlan.every((m) => Object.keys(m).length > 1)).toBe(true);
    expect(c.revenueByMonth.every((m) => m.membership > 0 && m.jobs > 0)).toBe(true);
    expect(c.revenueByMonth.some((m) => m.refunds > 0)).toBe(true);
    expect(c.byCountry).toHaveLength(20);
    expect(c.renewalRate.byPlan.length).toBeGreaterThanOrEqual(3);
    expect(c.renewalRate.byBand.length).toBeGreaterThanOrEqual(3);
    expect(c.renewalRate.byStage.length).toBeGreaterThanOrEqual(4);
    expect(c.cohorts.filter((r) => r.due12 > 0).length).toBeGreaterThanOrEqual(12);
    expect(c.cohorts.some((r) => r.due24 > 0 && r.kept24 > 0)).toBe(true);
    expect(c.cohorts.some((r) => r.due36 > 0 && r.kept36 > 0)).toBe(true);
    expect(c.traineeConversion.some((m) => m.ended > 0 && m.converted > 0)).toBe(true);
    expect(c.paymentRecovery.some((m) => m.failed > 0)).toBe(true);
  });

  it("the journey's filters (lower-middle income postdocs, last 12 months) still show figures and an expiring list", async () => {
    const all = await figures({});
    const { kpis, charts: c } = await figures(JOURNEY);
    for (const key of ['active', 'renewals', 'revenueMembership'])
      expect(kpis[key]!.value, key).toBeGreaterThan(0);
    expect(kpis.active!.value).toBeLessThan(all.kpis.active!.value!);
    expect(c.activeByPlan.every((m) => Object.keys(m).length > 1)).toBe(true);
    expect(c.cohorts.some((r) => r.members > 0)).toBe(true);
    const expiring = await listPage(app.db, {
      list: 'expiring',
      filters: JOURNEY,
      days: 90,
      dir: 'asc',
      page: 1,
      pageSize: 25,
    });
    expect(expiring.rows.length).toBeGreaterThan(0);
    for (const row of expiring.rows)
      expect(row).toMatchObject({ income_band: 'lower_middle', career_stage: 'postdoc' });
  });

  it('this year compares with last year like a real society (no front-loaded history)', async () => {
    const { kpis, charts: c } = await figures({});
    // Each flow and the job board are within a factor of two of the year before.
    for (const key of [
      'active',
      'new',
      'renewals',
      'lapsed',
      'revenueMembership',
      'revenueJobs',
      'liveJobs',
    ]) {
      const { value, previous } = kpis[key]!;
      expect(previous, key).toBeGreaterThan(0);
      expect(value! / previous!, `${key}: ${value} vs ${previous}`).toBeGreaterThan(0.5);
      expect(value! / previous!, `${key}: ${value} vs ${previous}`).toBeLessThan(2);
    }
    // Job revenue has no spike: no month is more than three times the monthly mean.
    const jobs = c.revenueByMonth.map((m) => m.jobs);
    const mean = jobs.reduce((a, b) => a + b, 0) / jobs.length;
    expect(Math.max(...jobs)).toBeLessThan(3 * mean);
  });
});
