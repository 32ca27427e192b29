import { COUNTRIES, INCOME_BANDS, type IncomeBand } from '@societas/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { seedUuid } from './random.js';

/**
 * Reference data every installation needs: the country -> income band table, the membership plans
 * and their prices. Shared by the demo seed and the scale seed; inserting is idempotent.
 */

export interface PlanSeed {
  code: string;
  name: string;
  description: string;
  requiresProof?: boolean;
  isTrainee?: boolean;
  nextPlanCode?: string;
  isLifetime?: boolean;
  /** Years of membership held before the plan may be chosen. */
  minMembershipYears?: number;
  /** Profile career stages the plan suits (the join page suggests it). */
  careerStages?: readonly string[];
  /** 1-year price in the high-income band, USD cents (lifetime: the one-off price). */
  baseMinor: number;
}

export const PLAN_SEEDS: readonly PlanSeed[] = [
  {
    code: 'student',
    careerStages: ['student'],
    name: 'Student',
    description:
      'For graduate and undergraduate students enrolled in a degree programme. Upload proof of enrolment (a letter or student ID) when you join.',
    requiresProof: true,
    isTrainee: true,
    nextPlanCode: 'postdoc',
    baseMinor: 5000,
  },
  {
    code: 'postdoc',
    careerStages: ['postdoc'],
    name: 'Postdoc',
    description:
      'For postdoctoral fellows and clinical fellows in training, up to six years after their doctorate.',
    isTrainee: true,
    nextPlanCode: 'regular',
    baseMinor: 9000,
  },
  {
    code: 'regular',
    careerStages: ['early_career', 'mid_career', 'senior'],
    name: 'Regular',
    description:
      'For independent researchers, clinicians and faculty. Full voting rights, committee eligibility and member rates for the annual meeting.',
    baseMinor: 19500,
  },
  {
    code: 'industry',
    careerStages: ['industry'],
    name: 'Industry',
    description: 'For scientists and professionals working in biotech, pharma and other companies.',
    baseMinor: 29500,
  },
  {
    code: 'emeritus',
    careerStages: ['emeritus'],
    minMembershipYears: 10,
    name: 'Emeritus',
    description: 'For retired members who have held membership for at least ten years.',
    baseMinor: 7500,
  },
  {
    code: 'associate',
    careerStages: ['non_scientist'],
    name: 'Associate',
    description:
      'For patient advocates, science communicators, policy makers and others who follow the field without doing research themselves.',
    baseMinor: 9500,
  },
  {
    code: 'lifetime',
    name: 'Lifetime',
    description: 'One payment, membership for life, with all the benefits of Regular membership.',
    isLifetime: true,
    baseMinor: 350000,
  },
];

/** Percent off the high-income price in each band. */
export const BAND_DISCOUNT_PERCENT: Record<IncomeBand, number> = {
  high: 0,
  upper_middle: 30,
  lower_middle: 60,
  low: 85,
};

const TERM_MULTIPLIER: Record<number, number> = { 1: 1, 2: 1.9, 3: 2.75 };

function roundToDollar(minor: number): number {
  return Math.round(minor / 100) * 100;
}

/**
 * The seeded price of a plan in a band for a term, USD cents. Lifetime plans only have term 0. The
 * high-income price of each term is in whole dollars; a band's price is exactly its discount off
 * that (to the cent), so every plan shows the band's own percentage: rounding the band price to a
 * dollar made Emeritus $53 of $75, "29% off" beside everyone else's 30% (issue 19).
 */
export function seedPrice(plan: PlanSeed, band: IncomeBand, termYears: number): number {
  const multiplier = plan.isLifetime ? 1 : TERM_MULTIPLIER[termYears];
  if (multiplier === undefined) throw new Error(`No seeded price for a ${termYears}-year term`);
  const high = roundToDollar(plan.baseMinor * multiplier);
  return Math.round((high * (100 - BAND_DISCOUNT_PERCENT[band])) / 100);
}

export function planTerms(plan: PlanSeed): number[] {
  return plan.isLifetime ? [0] : [1, 2, 3];
}

export function planId(code: string): string {
  return seedUuid(`plan:${code}`);
}

export interface ReferenceSummary {
  countries: number;
  plans: number;
  planPrices: number;
}

/** Inserts the shipped band of every country code not in the table yet; returns how many. */
async function insertMissingBands(db: Kysely<Database>, now: Date): Promise<number> {
  const inserted = await db
    .insertInto('country_income_bands')
    .values(
      COUNTRIES.map((c) => ({ country_code: c.code, band: c.defaultBand, created_at: now, updated_at: now })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('country_code')
    .execute();
  return inserted.length;
}

/**
 * What every installation needs before its first member joins, run at each start and migration: the
 * shipped country->band table (codes added by a later release are inserted; an admin's edits are
 * kept) and, while the database has no plans at all, the default plans and prices for admins to
 * edit. Once plans exist they are the admins' own: a plan they removed is not brought back.
 */
// Every ON CONFLICT here is untargeted: API replicas starting at once on a new database insert the
// same rows (same ids and codes) concurrently, and any unique violation must mean "already there".
export async function ensureReferenceData(db: Kysely<Database>, now = new Date()): Promise<ReferenceSummary> {
  const anyPlan = await db.selectFrom('plans').select('id').limit(1).executeTakeFirst();
  if (!anyPlan) return seedReferenceData(db, now);
  return { countries: await insertMissingBands(db, now), plans: 0, planPrices: 0 };
}

/**
 * Inserts the income bands, plans and prices that are missing (existing rows are left alone, so an
 * admin's edits survive). Returns how many rows were inserted.
 */
export async function seedReferenceData(db: Kysely<Database>, now = new Date()): Promise<ReferenceSummary> {
  const countries = await insertMissingBands(db, now);

  const plans = await db
    .insertInto('plans')
    .values(
      PLAN_SEEDS.map((p, i) => ({
        id: planId(p.code),
        code: p.code,
        name: p.name,
        description: p.description,
        requires_proof: p.requiresProof ?? false,
        is_trainee: p.isTrainee ?? false,
        next_plan_code: p.nextPlanCode ?? null,
        is_lifetime: p.isLifetime ?? false,
        min_membership_years: p.minMembershipYears ?? 0,
        career_stages: [...(p.careerStages ?? [])],
        sort_order: (i + 1) * 10,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();

  // Prices go to the plan that owns the code, whatever its id (it may predate this seed).
  const existing = await db.selectFrom('plans').select(['id', 'code']).execute();
  const idByCode = new Map(existing.map((p) => [p.code, p.id]));
  const prices = PLAN_SEEDS.flatMap((plan) => {
    const id = idByCode.get(plan.code);
    if (!id) return [];
    return INCOME_BANDS.flatMap((band) =>
      planTerms(plan).map((term) => ({
        id: seedUuid(`plan_price:${plan.code}:${band}:${term}`),
        plan_id: id,
        income_band: band,
        term_years: term,
        currency: 'USD',
        amount_minor: seedPrice(plan, band, term),
        created_at: now,
        updated_at: now,
      })),
    );
  });
  const insertedPrices = await db
    .insertInto('plan_prices')
    .values(prices)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();

  return { countries, plans: plans.length, planPrices: insertedPrices.length };
}
