import { COUNTRIES, discountPercentOf, INCOME_BANDS } from '@societas/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../src/index.js';
import {
  BAND_DISCOUNT_PERCENT,
  ensureReferenceData,
  PLAN_SEEDS,
  planTerms,
  seedPrice,
} from '../src/seed/reference.js';
import { createTestDatabase } from '../src/testing.js';

describe('reference data on every installation', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  });
  afterAll(() => h.close());

  it('fills an empty database with every shipped country band and the default plans', async () => {
    const summary = await ensureReferenceData(h.db);
    expect(summary.countries).toBe(COUNTRIES.length);
    expect(summary.plans).toBe(PLAN_SEEDS.length);
    expect(summary.planPrices).toBeGreaterThan(0);
  });

  it('later adds only missing country codes, keeps an admin edit, and never brings back a removed plan', async () => {
    const edited = COUNTRIES.find((c) => c.defaultBand !== 'low')!.code;
    const lost = COUNTRIES.find((c) => c.code !== edited)!;
    await h.db
      .updateTable('country_income_bands')
      .set({ band: 'low' })
      .where('country_code', '=', edited)
      .execute();
    await h.db.deleteFrom('country_income_bands').where('country_code', '=', lost.code).execute();
    const removed = PLAN_SEEDS[PLAN_SEEDS.length - 1]!.code;
    await h.db
      .deleteFrom('plan_prices')
      .where('plan_id', 'in', h.db.selectFrom('plans').select('id').where('code', '=', removed))
      .execute();
    await h.db.deleteFrom('plans').where('code', '=', removed).execute();

    const summary = await ensureReferenceData(h.db);

    expect(summary).toEqual({ countries: 1, plans: 0, planPrices: 0 });
    const bands = await h.db
      .selectFrom('country_income_bands')
      .select(['country_code', 'band'])
      .where('country_code', 'in', [edited, lost.code])
      .execute();
    expect(Object.fromEntries(bands.map((b) => [b.country_code, b.band]))).toEqual({
      [edited]: 'low',
      [lost.code]: lost.defaultBand,
    });
    const plan = await h.db.selectFrom('plans').select('id').where('code', '=', removed).executeTakeFirst();
    expect(plan).toBeUndefined();
  });

  it("gives every plan in a band that band's own discount (Emeritus said 29% off where others said 30%)", () => {
    const shown = PLAN_SEEDS.flatMap((plan) =>
      planTerms(plan).flatMap((term) =>
        INCOME_BANDS.map((band) => ({
          plan: plan.code,
          term,
          band,
          percent: discountPercentOf(seedPrice(plan, band, term), seedPrice(plan, 'high', term)),
        })),
      ),
    );
    expect(shown).toEqual(shown.map((s) => ({ ...s, percent: BAND_DISCOUNT_PERCENT[s.band] })));
  });

  it('gives Emeritus its rule of ten years held, and each shipped plan the career stages it suits', async () => {
    const rows = await h.db
      .selectFrom('plans')
      .select(['code', 'min_membership_years', 'career_stages'])
      .execute();
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(byCode.emeritus).toMatchObject({ min_membership_years: 10, career_stages: ['emeritus'] });
    expect(byCode.regular).toMatchObject({
      min_membership_years: 0,
      career_stages: ['early_career', 'mid_career', 'senior'],
    });
  });
});
