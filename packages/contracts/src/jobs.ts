import { todayUtc } from './calendar.js';
import { COUNTRY_CODES } from './countries.js';
import { CAREER_STAGES, POSITION_TYPES, SECTORS, WORKPLACES } from './labels.js';
import { careerStageSchema } from './profile.js';
import { z } from './zod.js';

const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

export const POSTED_WITHIN_DAYS = [1, 7, 30] as const;
export const JOB_STATUSES = [
  'draft',
  'pending_payment',
  'pending_review',
  'published',
  'rejected',
  'expired',
  'closed',
  'filled',
] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];
export const JOB_STATUS_LABELS: Record<JobStatusName, string> = {
  draft: 'Draft',
  pending_payment: 'Unpaid',
  pending_review: 'In review',
  published: 'Published',
  rejected: 'Rejected',
  expired: 'Expired',
  closed: 'Closed',
  filled: 'Filled',
};

/** Products an employer can buy; prices in USD minor units. Members of the society pay less. */
export const JOB_PRODUCTS = {
  standard: { label: 'Standard listing', days: 30, priceMinor: 29_500, memberPriceMinor: 19_500 },
  featured: {
    label: 'Featured listing (pinned on top)',
    days: 60,
    priceMinor: 49_500,
    memberPriceMinor: 34_500,
  },
} as const;
export type JobProduct = keyof typeof JOB_PRODUCTS;
export const jobProductSchema = z.enum(['standard', 'featured']);
export const JOB_CURRENCY = 'USD';

/** The longest search text, and the most values one filter takes. */
export const JOB_SEARCH_TEXT_MAX = 200;
export const JOB_FILTER_VALUES_MAX = 50;
const multi = <T extends z.ZodType>(item: T) => z.array(item).max(JOB_FILTER_VALUES_MAX).default([]);

/** A search as the URL holds it; the same shape is stored for saved searches. */
export const jobSearchQuery = z.object({
  q: z.string().trim().max(JOB_SEARCH_TEXT_MAX).default(''),
  positionType: multi(z.enum(POSITION_TYPES)),
  sector: multi(z.enum(SECTORS)),
  country: multi(z.string().trim().toUpperCase().length(2)),
  workplace: multi(z.enum(WORKPLACES)),
  careerStage: multi(careerStageSchema),
  postedWithinDays: z
    .number()
    .int()
    .refine((d) => (POSTED_WITHIN_DAYS as readonly number[]).includes(d), 'Choose 1, 7 or 30 days')
    .nullable()
    .default(null),
  salaryStated: z.boolean().default(false),
});
export type JobSearchQuery = z.output<typeof jobSearchQuery>;
export type JobSearchQueryInput = z.input<typeof jobSearchQuery>;

export const jobSearchInput = jobSearchQuery.extend({
  sort: z.enum(['relevance', 'newest']).default('relevance'),
  cursor: z.string().max(500).nullable().default(null),
  limit: z.number().int().min(1).max(50).default(20),
});
export type JobSearchInput = z.input<typeof jobSearchInput>;

export const jobSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  employerName: z.string(),
  logoUrl: z.string().nullable(),
  positionType: z.enum(POSITION_TYPES),
  sector: z.enum(SECTORS),
  countryCode: z.string(),
  city: z.string(),
  workplace: z.enum(WORKPLACES),
  careerStage: z.string().nullable(),
  salaryMin: z.number().nullable(),
  salaryMax: z.number().nullable(),
  salaryCurrency: z.string().nullable(),
  featured: z.boolean(),
  publishedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  closingOn: z.string().nullable(),
  snippet: z.string(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

const facetBucket = z.object({ value: z.string(), count: z.number() });
export const jobFacetsSchema = z.object({
  positionType: z.array(facetBucket),
  sector: z.array(facetBucket),
  country: z.array(facetBucket),
  workplace: z.array(facetBucket),
  careerStage: z.array(facetBucket),
  postedWithinDays: z.array(facetBucket),
  salaryStated: z.number(),
});
export type JobFacets = z.infer<typeof jobFacetsSchema>;

export const jobSearchOutput = z.object({
  items: z.array(jobSummarySchema),
  total: z.number(),
  facets: jobFacetsSchema,
  nextCursor: z.string().nullable(),
});
export type JobSearchOutput = z.infer<typeof jobSearchOutput>;

export const jobPageSchema = jobSummarySchema.extend({
  status: z.enum(JOB_STATUSES),
  descriptionHtml: z.string(),
  applyUrl: z.string().nullable(),
  applyEmail: z.string().nullable(),
  shareUrl: z.string(),
  jsonLd: z.record(z.string(), z.unknown()),
  visible: z.boolean(),
});
export type JobPage = z.infer<typeof jobPageSchema>;

// ---------------------------------------------------------------------------------------------
// Employers

export const httpUrlSchema = z.url({ protocol: /^https?$/, message: 'Enter an http(s) address' }).max(500);

export const employerProfileInput = z.object({
  name: z.string().trim().min(2, 'Enter the organisation name').max(200),
  logoUrl: z.preprocess(emptyToNull, httpUrlSchema.nullable()),
  billingEmail: z.email('Enter a valid email address').max(254),
});
export type EmployerProfileInput = z.input<typeof employerProfileInput>;
export const employerProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  logoUrl: z.string().nullable(),
  billingEmail: z.string(),
});

/**
 * ISO 4217 currency codes: the runtime's own list (`Intl.supportedValuesOf`, in Node 20 and every
 * current browser: the 160-odd currencies in circulation, without the metal and test codes such as
 * XAU or XXX). Checked once and kept in a set.
 */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
export const isCurrencyCode = (code: string) => CURRENCY_CODES.has(code);

/** A salary figure: a whole amount, never negative (a typed minus is refused, not turned into 0). */
const salaryAmount = z
  .number('Enter the amount as a number')
  .int('Enter a whole amount')
  .min(0, 'A salary cannot be negative')
  .max(100_000_000)
  .nullable()
  .default(null);

export const jobFieldsInput = z
  .object({
    title: z.string().trim().min(5, 'Enter a title of at least 5 characters').max(200),
    descriptionMd: z.string().trim().min(50, 'Describe the position in at least 50 characters').max(30_000),
    positionType: z.enum(POSITION_TYPES),
    sector: z.enum(SECTORS),
    countryCode: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => COUNTRY_CODES.has(c), 'Choose a country'),
    city: z.string().trim().max(120).default(''),
    workplace: z.enum(WORKPLACES),
    careerStage: z.preprocess(emptyToNull, careerStageSchema.nullable()),
    salaryMin: salaryAmount,
    salaryMax: salaryAmount,
    salaryCurrency: z.preprocess(
      emptyToNull,
      z
        .string()
        .trim()
        .toUpperCase()
        .refine(isCurrencyCode, 'Use an ISO 4217 currency code, such as EUR or USD')
        .nullable(),
    ),
    closingOn: z.preprocess(
      emptyToNull,
      z.iso
        .date('Use a date like 2027-01-31')
        .refine((d) => d >= todayUtc(), 'The closing date must be today or later')
        .nullable(),
    ),
    applyUrl: z.preprocess(emptyToNull, httpUrlSchema.nullable()),
    applyEmail: z.preprocess(emptyToNull, z.email('Enter a valid email address').max(254).nullable()),
  })
  .superRefine((v, ctx) => {
    if (!v.applyUrl && !v.applyEmail) {
      ctx.addIssue({ code: 'custom', path: ['applyUrl'], message: 'Give an application link or email' });
    }
    if ((v.salaryMin !== null || v.salaryMax !== null) && !v.salaryCurrency) {
      ctx.addIssue({ code: 'custom', path: ['salaryCurrency'], message: 'Give the salary currency' });
    }
    if (v.salaryMin !== null && v.salaryMax !== null && v.salaryMin > v.salaryMax) {
      ctx.addIssue({ code: 'custom', path: ['salaryMax'], message: 'The maximum is below the minimum' });
    }
  });
export type JobFieldsInput = z.input<typeof jobFieldsInput>;
export const saveListingInput = z.object({ id: z.uuid().nullable().default(null), fields: jobFieldsInput });

export const employerListingSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(JOB_STATUSES),
  product: jobProductSchema,
  views: z.number(),
  applyClicks: z.number(),
  publishedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  rejectionReason: z.string().nullable(),
  createdAt: z.date(),
  canRenew: z.boolean(),
});
export type EmployerListing = z.infer<typeof employerListingSchema>;
export const employerReceiptSchema = z.object({
  paymentId: z.string(),
  receiptNumber: z.string(),
  description: z.string(),
  amountMinor: z.number(),
  currency: z.string(),
  paidAt: z.date().nullable(),
  refundedMinor: z.number(),
});
export const employerDashboardSchema = z.object({
  employer: employerProfileSchema.nullable(),
  listings: z.array(employerListingSchema),
  receipts: z.array(employerReceiptSchema),
});
export type EmployerDashboard = z.infer<typeof employerDashboardSchema>;

export const jobQuoteSchema = z.object({
  memberPrice: z.boolean(),
  currency: z.string(),
  products: z.array(
    z.object({
      product: jobProductSchema,
      label: z.string(),
      days: z.number(),
      amountMinor: z.number(),
      listAmountMinor: z.number(),
    }),
  ),
});
export const startJobCheckoutInput = z.object({ jobId: z.uuid(), product: jobProductSchema });
export const jobCheckoutStatusSchema = z.object({
  state: z.enum(['open', 'processing', 'paid', 'failed', 'expired']),
  jobId: z.string().nullable(),
  jobStatus: z.enum(JOB_STATUSES).nullable(),
});

export const rejectJobInput = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(5, 'Give the employer a reason (at least 5 characters)').max(2000),
});
export const reportJobInput = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(5, 'Tell us briefly what is wrong').max(2000),
});
export const moderationItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  employerName: z.string(),
  status: z.enum(JOB_STATUSES),
  product: jobProductSchema,
  updatedAt: z.date(),
  openReports: z.array(z.object({ id: z.string(), reason: z.string(), createdAt: z.date() })),
});
export const moderationQueueSchema = z.object({
  pending: z.array(moderationItemSchema),
  reported: z.array(moderationItemSchema),
  /** Listings an admin took down, newest first, so a mistaken takedown can be undone. */
  takenDown: z.array(moderationItemSchema.extend({ takenDownAt: z.date(), takedownReason: z.string() })),
});

// ---------------------------------------------------------------------------------------------
// Saved searches

export const ALERT_FREQUENCIES = ['daily', 'weekly'] as const;
export const saveAlertInput = z.object({
  name: z.string().trim().min(1, 'Name this search').max(120),
  query: jobSearchQuery,
  frequency: z.enum(ALERT_FREQUENCIES),
});
export const jobAlertSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: jobSearchQuery,
  frequency: z.enum(ALERT_FREQUENCIES),
  lastSentAt: z.date().nullable(),
  active: z.boolean(),
  createdAt: z.date(),
});
export type JobAlert = z.infer<typeof jobAlertSchema>;

/** A search to and from URL search params (the web keeps the query in the URL; feeds read it too). */
export function searchToParams(q: Partial<JobSearchQuery> & { sort?: string }): URLSearchParams {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  for (const key of ['positionType', 'sector', 'country', 'workplace', 'careerStage'] as const) {
    for (const v of q[key] ?? []) p.append(key, v);
  }
  if (q.postedWithinDays) p.set('postedWithinDays', String(q.postedWithinDays));
  if (q.salaryStated) p.set('salaryStated', '1');
  if (q.sort && q.sort !== 'relevance') p.set('sort', q.sort);
  return p;
}

/** The allowed values among some, each once, at most as many as a filter takes. */
const only = <T extends string>(values: string[], allowed: readonly T[] | ReadonlySet<string>): T[] => {
  const ok: ReadonlySet<string> = allowed instanceof Set ? allowed : new Set<string>(allowed);
  return [...new Set(values.filter((v): v is T => ok.has(v)))].slice(0, JOB_FILTER_VALUES_MAX);
};

/**
 * A search from a URL, which anyone can edit: unknown values are dropped and the text and lists
 * are cut to what the schema takes, so a hand-made or old link still opens a search.
 */
export function searchFromParams(
  p: URLSearchParams,
): JobSearchQueryInput & { sort?: 'relevance' | 'newest' } {
  const days = Number(p.get('postedWithinDays'));
  const sort = p.get('sort');
  return {
    q: (p.get('q') ?? '').trim().slice(0, JOB_SEARCH_TEXT_MAX),
    positionType: only(p.getAll('positionType'), POSITION_TYPES),
    sector: only(p.getAll('sector'), SECTORS),
    country: only(
      p.getAll('country').map((c) => c.toUpperCase()),
      COUNTRY_CODES,
    ),
    workplace: only(p.getAll('workplace'), WORKPLACES),
    careerStage: only(p.getAll('careerStage'), CAREER_STAGES),
    postedWithinDays: (POSTED_WITHIN_DAYS as readonly number[]).includes(days) ? days : null,
    salaryStated: p.get('salaryStated') === '1',
    ...(sort === 'newest' || sort === 'relevance' ? { sort } : {}),
  };
}

/** Procedures that name one listing. */
export const jobIdInput = z.object({ id: z.uuid('Not a valid listing id') });
/**
 * An admin closes the reports on a listing, optionally taking it down. The reason is required:
 * it goes into the audit log and, for a takedown, into the mail to the employer.
 */
export const resolveJobReportsInput = jobIdInput.extend({
  takeDown: z.boolean(),
  reason: z.string().trim().min(5, 'Give a reason (at least 5 characters)').max(2000),
});
export const trackJobInput = jobIdInput.extend({ kind: z.enum(['view', 'apply']) });
export const alertIdInput = z.object({ id: z.uuid('Not a valid saved search id') });
/** The signed unsubscribe link in a digest. */
export const unsubscribeAlertInput = z.object({ alertId: z.uuid(), token: z.string().min(10).max(200) });
export const jobCheckoutStatusInput = z.object({ sessionId: z.string().min(1).max(255) });

// ---------------------------------------------------------------------------------------------
// What the job procedures answer (each procedure declares its output)

/** A listing's id and the status it is in after a change. */
export const jobStatusResultSchema = z.object({ id: z.string(), status: z.enum(JOB_STATUSES) });
export const approveJobResultSchema = jobStatusResultSchema.extend({ expiresAt: z.date() });
export const savedIdSchema = z.object({ id: z.string() });
export const unsubscribeAlertResultSchema = z.object({ name: z.string().nullable() });
/** The employer's own listing: the preview page, the last rejection reason, the form's values. */
export const employerListingDetailSchema = z.object({
  page: jobPageSchema,
  rejectionReason: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
});
export const jobCheckoutSessionSchema = z.object({
  url: z.string(),
  sessionId: z.string(),
  testMode: z.boolean(),
});
