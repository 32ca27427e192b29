import { INCOME_BANDS } from './countries.js';
import { CAREER_STAGES } from './labels.js';
import { z } from './zod.js';

/**
 * Report filters. Periods are whole months (UTC): `from` and `to` are YYYY-MM, both included; the
 * board reads monthly figures, and month summaries are what keep a million members fast.
 */
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM');

export const reportFiltersSchema = z
  .object({
    from: monthSchema.optional(),
    to: monthSchema.optional(),
    planId: z.uuid('Not a valid plan').optional(),
    band: z.enum(INCOME_BANDS).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Use a two-letter country code')
      .optional(),
    careerStage: z.enum(CAREER_STAGES).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'The start comes after the end',
    path: ['from'],
  });
export type ReportFilters = z.infer<typeof reportFiltersSchema>;

export const kpiSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** 'count', 'percent' (0..1) or 'money' (minor units of `currency`). */
  unit: z.enum(['count', 'percent', 'money']),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  /** False where member filters do not apply (jobs). */
  filtered: z.boolean(),
});
export type Kpi = z.infer<typeof kpiSchema>;

export const dashboardSchema = z.object({
  refreshedAt: z.date().nullable(),
  period: z.object({ from: z.string(), to: z.string(), previousFrom: z.string(), previousTo: z.string() }),
  currency: z.string(),
  kpis: z.array(kpiSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const chartsSchema = z.object({
  plans: z.array(z.object({ id: z.string(), name: z.string() })),
  /** One row per month: { month, [planId]: members }. */
  activeByPlan: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
  revenueByMonth: z.array(
    z.object({ month: z.string(), membership: z.number(), jobs: z.number(), refunds: z.number() }),
  ),
  byCountry: z.array(z.object({ country: z.string(), members: z.number() })),
  renewalRate: z.object({
    byPlan: z.array(z.object({ key: z.string(), due: z.number(), renewed: z.number() })),
    byBand: z.array(z.object({ key: z.string(), due: z.number(), renewed: z.number() })),
    byStage: z.array(z.object({ key: z.string(), due: z.number(), renewed: z.number() })),
  }),
  cohorts: z.array(
    z.object({
      month: z.string(),
      members: z.number(),
      due12: z.number(),
      kept12: z.number(),
      due24: z.number(),
      kept24: z.number(),
      due36: z.number(),
      kept36: z.number(),
    }),
  ),
  traineeConversion: z.array(z.object({ month: z.string(), ended: z.number(), converted: z.number() })),
  paymentRecovery: z.array(z.object({ month: z.string(), failed: z.number(), recovered: z.number() })),
});
export type Charts = z.infer<typeof chartsSchema>;

export const REPORT_LISTS = ['expiring', 'grace', 'lapsed', 'payments', 'jobs', 'members'] as const;
export type ReportList = (typeof REPORT_LISTS)[number];

export const reportListInput = z.object({
  list: z.enum(REPORT_LISTS),
  filters: reportFiltersSchema.optional(),
  /** Expiring: within 30, 60 or 90 days. */
  days: z.union([z.literal(30), z.literal(60), z.literal(90)]).default(90),
  sort: z.string().max(40).optional(),
  dir: z.enum(['asc', 'desc']).default('asc'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type ReportListInput = z.input<typeof reportListInput>;

export const reportRowSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export const reportListSchema = z.object({
  columns: z.array(z.object({ key: z.string(), label: z.string(), sortable: z.boolean() })),
  rows: z.array(reportRowSchema),
  total: z.number(),
  /** True when there are more rows than `total` (counts stop at 10,000; the CSV has them all). */
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
});
export type ReportListPage = z.infer<typeof reportListSchema>;
