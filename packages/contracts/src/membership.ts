import { INCOME_BAND_LABELS, INCOME_BANDS, type IncomeBand } from './countries.js';
import { careerStageSchema, countryCodeSchema } from './profile.js';
import { z } from './zod.js';

/**
 * Membership and billing contracts shared by the api and the web app: plans, price quotes, the
 * derived membership status, the member's ledger and payments, checkout and admin inputs.
 * Money is always integer minor units plus an ISO currency code.
 */

export const incomeBandSchema = z.enum(INCOME_BANDS);

// ---------------------------------------------------------------------------------------------
// Money

/** Currencies whose smallest unit is the whole unit (Stripe's "zero-decimal" list). */
export const ZERO_DECIMAL_CURRENCIES = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

export function currencyExponent(currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency.toUpperCase()) ? 0 : 2;
}

/** "$50.00", "¥5,000": minor units shown with the currency's own number of decimals. */
export function formatMoney(amountMinor: number, currency: string, locale = 'en-US'): string {
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(amountMinor / 10 ** exponent);
}

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code like USD');

export const amountMinorSchema = z
  .number()
  .int('Amounts are whole minor units (cents)')
  .min(0, 'Amounts cannot be negative')
  .max(100_000_000, 'That amount is too large');

// ---------------------------------------------------------------------------------------------
// Plans and prices

/** 1, 2 or 3 years; lifetime plans use 'lifetime' (stored as term_years = 0). */
export const termSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal('lifetime')]);
export type Term = z.infer<typeof termSchema>;
export const termToYears = (term: Term): number => (term === 'lifetime' ? 0 : term);
export const yearsToTerm = (years: number): Term => (years === 0 ? 'lifetime' : (years as 1 | 2 | 3));

export const planCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'Use 2-40 lowercase letters, digits, - or _');

export const planSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  requiresProof: z.boolean(),
  isTrainee: z.boolean(),
  nextPlanCode: z.string().nullable(),
  isLifetime: z.boolean(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  /** Years of membership a member must have held to choose the plan (0: anyone). */
  minMembershipYears: z.number().int(),
  /** Profile career stages the plan suits: the join page suggests it to them. */
  careerStages: z.array(z.string()),
});
export type Plan = z.infer<typeof planSchema>;

/** "For members who have held membership for at least 10 years." */
export function eligibilityRule(minMembershipYears: number): string | null {
  if (minMembershipYears <= 0) return null;
  return `For members who have held membership for at least ${minMembershipYears} year${minMembershipYears === 1 ? '' : 's'}.`;
}

/**
 * Percent off the high-income price, as a whole number: what a price table and a quote show. The
 * shipped prices are exact discounts, so every plan in a band shows the band's own percentage.
 */
export function discountPercentOf(amountMinor: number, highAmountMinor: number | undefined): number {
  if (!highAmountMinor || highAmountMinor <= 0) return 0;
  return Math.max(0, Math.round((1 - amountMinor / highAmountMinor) * 100));
}

export const planPriceSchema = z.object({
  id: z.string(),
  planId: z.string(),
  band: incomeBandSchema,
  termYears: z.number().int(),
  currency: z.string(),
  amountMinor: z.number().int(),
});
export type PlanPrice = z.infer<typeof planPriceSchema>;

export const planWithPricesSchema = planSchema.extend({ prices: z.array(planPriceSchema) });
export type PlanWithPrices = z.infer<typeof planWithPricesSchema>;

/** The price a member would pay for one plan and term, and why. */
export const priceQuoteSchema = z.object({
  planCode: z.string(),
  planName: z.string(),
  term: termSchema,
  amountMinor: z.number().int(),
  currency: z.string(),
  band: incomeBandSchema,
  /** Percent off the high-income price for the same plan and term (0 in the high band). */
  discountPercent: z.number().int(),
  /** e.g. "Lower-middle income country: 60% off". */
  reason: z.string(),
  /** Unused value of the current term credited against this price (mid-term upgrade), else 0. */
  creditMinor: z.number().int(),
  /** What the member pays now: amountMinor - creditMinor, never below 0. */
  dueMinor: z.number().int(),
  /** What this purchase would do: start a membership, extend it, or change plan mid-term. */
  action: z.enum(['join', 'renew', 'upgrade']),
  /** When the new term would start and end if paid now (end null: lifetime). */
  startsAt: z.date(),
  endsAt: z.date().nullable(),
  /**
   * A plan change now that moves the membership's end earlier: the end it replaces (the new end is
   * `endsAt`). The member is told before paying. Null when the end does not move earlier.
   */
  shortensEndFrom: z.date().nullable(),
  /**
   * A plan change mid-term that the rest of the current term already pays for more than in full:
   * nothing is charged now and the member would lose value, so it is offered at renewal instead.
   * `switchFrom` is when the renewal window opens (a switch can be bought from then).
   */
  worthMore: z.object({ switchFrom: z.date() }).nullable(),
});
export type PriceQuote = z.infer<typeof priceQuoteSchema>;

/** Whether the member may choose a plan, and if not, why (shown on the plan card, and at the field). */
export const planEligibilitySchema = z.object({
  eligible: z.boolean(),
  /** Person-facing: why the plan cannot be chosen (null when eligible). */
  reason: z.string().nullable(),
});

export const quotesOutput = z.object({
  band: incomeBandSchema,
  countryCode: z.string().nullable(),
  /** Set when the member has no country of work: prices shown are the high-income ones. */
  notice: z.string().nullable(),
  currency: z.string(),
  /**
   * The plan the join page preselects: for a trainee whose plan has run out, the next plan; for
   * someone without a membership, the plan that suits their profile's career stage (null otherwise).
   */
  suggestedPlanCode: z.string().nullable(),
  plans: z.array(
    planSchema.extend({ quotes: z.array(priceQuoteSchema), eligibility: planEligibilitySchema }),
  ),
});
export type QuotesOutput = z.infer<typeof quotesOutput>;

export function bandReason(band: IncomeBand, discountPercent: number): string {
  if (discountPercent <= 0) return `${INCOME_BAND_LABELS[band]} country: standard price`;
  return `${INCOME_BAND_LABELS[band]} country: ${discountPercent}% off`;
}

// ---------------------------------------------------------------------------------------------
// Status and ledger

export const MEMBERSHIP_STATUSES = ['none', 'active', 'renewal_window', 'grace', 'lapsed'] as const;
export const membershipStatusSchema = z.enum(MEMBERSHIP_STATUSES);
export type MembershipStatus = z.infer<typeof membershipStatusSchema>;
export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = {
  none: 'Not a member',
  active: 'Active',
  renewal_window: 'Active — time to renew',
  grace: 'Expired — grace period',
  lapsed: 'Lapsed',
};

/** Days before the end when renewal opens, and days after the end that benefits are kept. */
export const RENEWAL_WINDOW_DAYS = 60;
/**
 * Automatic renewal set up mid-term charges first at the term's end: Stripe schedules that first
 * charge (a subscription trial) at most 730 days ahead, so a longer wait is set up later.
 */
export const AUTO_RENEW_MAX_FIRST_CHARGE_DAYS = 730;
export const GRACE_DAYS = 30;

export const MEMBERSHIP_EVENT_KINDS = [
  'joined',
  'renewed',
  'upgraded',
  'comped',
  'refunded',
  'ended',
  'auto_renew_on',
  'auto_renew_off',
  'proof_approved',
  'proof_rejected',
] as const;
export const membershipEventKindSchema = z.enum(MEMBERSHIP_EVENT_KINDS);

export const membershipStateSchema = z.object({
  status: membershipStatusSchema,
  planCode: z.string().nullable(),
  planName: z.string().nullable(),
  isLifetime: z.boolean(),
  /** First day of membership in the current run (null: never a member). */
  memberSince: z.date().nullable(),
  /** End of the paid term (null for lifetime or no membership). */
  endsAt: z.date().nullable(),
  renewalOpensAt: z.date().nullable(),
  graceEndsAt: z.date().nullable(),
  /** The membership was ended by a refund or an administrator (no grace period). */
  endedEarly: z.boolean(),
  /** Benefits apply: active, renewal window or grace. */
  hasBenefits: z.boolean(),
  autoRenew: z.object({
    enabled: z.boolean(),
    /** Stripe subscription status: active, past_due, canceled, ... (null: none). */
    subscriptionStatus: z.string().nullable(),
    /** The last automatic charge failed: the member is asked to update their card. */
    paymentFailed: z.boolean(),
    nextChargeAt: z.date().nullable(),
  }),
  /** A trainee plan whose end date has passed renews into this plan. */
  suggestedPlanCode: z.string().nullable(),
});
export type MembershipState = z.infer<typeof membershipStateSchema>;

/** `membership.status`: the state, and what this installation offers around it. */
export const memberStatusOutput = membershipStateSchema.extend({
  /**
   * Stripe's billing portal (update card, invoices) can be opened here. False in test mode (no
   * Stripe key) and where card payments are off: the page then hides "Manage card / billing".
   */
  billingPortalAvailable: z.boolean(),
  /**
   * How this installation takes card payments: 'stripe'; 'test' (the local test-mode checkout, no
   * money moves); 'off' (none: the join page says so instead of offering to pay).
   */
  cardPayments: z.enum(['stripe', 'test', 'off']),
});
export type MemberStatus = z.infer<typeof memberStatusOutput>;

export const ledgerEntrySchema = z.object({
  id: z.number().int(),
  kind: membershipEventKindSchema,
  planCode: z.string().nullable(),
  planName: z.string().nullable(),
  termYears: z.number().int().nullable(),
  startsAt: z.date().nullable(),
  endsAt: z.date().nullable(),
  paymentId: z.string().nullable(),
  receiptNumber: z.string().nullable(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.date(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const paymentStatusSchema = z.enum(['pending', 'paid', 'failed', 'refunded', 'partially_refunded']);
export const paymentSummarySchema = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  status: paymentStatusSchema,
  amountMinor: z.number().int(),
  refundedMinor: z.number().int(),
  currency: z.string(),
  description: z.string(),
  planName: z.string().nullable(),
  termYears: z.number().int().nullable(),
  paidAt: z.date().nullable(),
  createdAt: z.date(),
});
export type PaymentSummary = z.infer<typeof paymentSummarySchema>;

export const receiptSchema = paymentSummarySchema.extend({
  payerName: z.string(),
  payerEmail: z.string(),
  memberNumber: z.number().int().nullable(),
  periodStartsAt: z.date().nullable(),
  periodEndsAt: z.date().nullable(),
  /** Who issues the receipt: the society's settings (legal name, address and tax id). */
  society: z.object({
    name: z.string(),
    url: z.string(),
    legalName: z.string(),
    postalAddress: z.string().nullable(),
    taxId: z.string().nullable(),
    contactEmail: z.string(),
  }),
  refunds: z.array(
    z.object({ amountMinor: z.number().int(), reason: z.string().nullable(), createdAt: z.date() }),
  ),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const membershipCardSchema = z.object({
  name: z.string(),
  memberNumber: z.number().int().nullable(),
  planName: z.string().nullable(),
  status: membershipStatusSchema,
  validUntil: z.date().nullable(),
  isLifetime: z.boolean(),
  society: z.string(),
});
export type MembershipCard = z.infer<typeof membershipCardSchema>;

// ---------------------------------------------------------------------------------------------
// Checkout

export const startCheckoutInput = z
  .object({
    planCode: planCodeSchema,
    term: termSchema,
    /** A yearly Stripe subscription; only for 1-year terms. */
    autoRenew: z.boolean().default(false),
  })
  .refine((v) => !v.autoRenew || v.term === 1, {
    path: ['autoRenew'],
    message: 'Automatic renewal is yearly: choose a 1-year term',
  });
export type StartCheckoutInput = z.input<typeof startCheckoutInput>;

export const startCheckoutOutput = z.object({
  /** Stripe Checkout, or the local test-mode checkout page when no Stripe key is configured. */
  url: z.url(),
  sessionId: z.string(),
  testMode: z.boolean(),
});

export const checkoutStatusInput = z.object({ sessionId: z.string().trim().min(3).max(255) });
export const checkoutStatusOutput = z.object({
  /** open: still paying; processing: paid by a delayed method, waiting; paid: membership granted. */
  state: z.enum(['open', 'processing', 'paid', 'failed', 'expired']),
  paymentId: z.string().nullable(),
  receiptNumber: z.string().nullable(),
  membership: membershipStateSchema,
});
export type CheckoutStatus = z.infer<typeof checkoutStatusOutput>;

export const paymentIdInput = z.object({ paymentId: z.uuid('Not a valid payment id') });

// ---------------------------------------------------------------------------------------------
// Admin

export const userIdInput = z.object({ userId: z.string().trim().min(1).max(64) });

export const upsertPlanInput = z.object({
  /** Omit to create a plan. */
  id: z.uuid().optional(),
  code: planCodeSchema,
  name: z.string().trim().min(1, 'Enter a name').max(80),
  description: z.string().trim().max(2000).default(''),
  requiresProof: z.boolean().default(false),
  isTrainee: z.boolean().default(false),
  nextPlanCode: planCodeSchema.nullable().default(null),
  isLifetime: z.boolean().default(false),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
  active: z.boolean().default(true),
  /** Left out: kept as it is (a new plan: 0, anyone may choose it). */
  minMembershipYears: z
    .number()
    .int('Enter whole years')
    .min(0, 'Years cannot be negative')
    .max(100, 'Enter at most 100 years')
    .optional(),
  /** Left out: kept as it is (a new plan: none). */
  careerStages: z.array(careerStageSchema).max(20).optional(),
});
export type UpsertPlanInput = z.input<typeof upsertPlanInput>;

export const setPriceInput = z.object({
  planId: z.uuid(),
  band: incomeBandSchema,
  term: termSchema,
  currency: currencySchema.default('USD'),
  /** null removes the price (the plan is no longer offered for that band and term). */
  amountMinor: amountMinorSchema.nullable(),
});
export type SetPriceInput = z.input<typeof setPriceInput>;

export const setCountryBandInput = z.object({ countryCode: countryCodeSchema, band: incomeBandSchema });

export const countryBandSchema = z.object({
  countryCode: z.string(),
  name: z.string(),
  band: incomeBandSchema,
  /** Differs from the shipped World Bank default. */
  edited: z.boolean(),
});
/** What saving one country's band returns. */
export const savedCountryBandSchema = countryBandSchema.omit({ edited: true });

export const refundInput = z.object({
  paymentId: z.uuid('Not a valid payment id'),
  /** Omit for a full refund of what is left. */
  amountMinor: z.number().int().positive('Refund a positive amount').optional(),
  reason: z.string().trim().min(3, 'Give a reason').max(500),
  /** Also end the membership this payment bought, now. */
  endMembership: z.boolean().default(false),
  /**
   * A fresh id for each refund the admin means to make (the form makes one when it opens). Sending
   * it again (double click, retry) returns the refund already made.
   */
  requestKey: z.uuid('Not a valid request id'),
});
export type RefundInput = z.input<typeof refundInput>;

export const compInput = z.object({
  userId: z.string().trim().min(1).max(64),
  planCode: planCodeSchema,
  term: termSchema,
  reason: z.string().trim().min(3, 'Give a reason').max(500),
});
export type CompInput = z.input<typeof compInput>;

export const memberBillingDetailSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    memberNumber: z.number().int().nullable(),
    countryCode: z.string().nullable(),
  }),
  membership: membershipStateSchema,
  ledger: z.array(ledgerEntrySchema),
  payments: z.array(paymentSummarySchema),
});
export type MemberBillingDetail = z.infer<typeof memberBillingDetailSchema>;

// ---------------------------------------------------------------------------------------------
// Proof of eligibility (trainee plans) and the one-click "don't renew" link

export const PROOF_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const proofStatusSchema = z.enum(PROOF_STATUSES);

export const PROOF_DETAILS_MIN = 10;
export const submitProofInput = z
  .object({
    planCode: planCodeSchema,
    /**
     * Institution email, supervisor contact, programme: whatever the plan asks for. Required
     * without an uploaded file; with one it is an optional note.
     */
    details: z.string().trim().max(2000, 'Use at most 2000 characters').default(''),
    /** An uploaded letter or ID (POST /api/files?purpose=proof), owned by the member. */
    fileId: z.uuid('Upload the file again').nullable().default(null),
    /** When the training is expected to end (YYYY-MM-DD); renewal after it offers the next plan. */
    expectedEndOn: z.iso.date('Enter a date like 2027-06-30').nullable(),
  })
  .superRefine((input, ctx) => {
    if (input.fileId === null && input.details.length < PROOF_DETAILS_MIN) {
      ctx.addIssue({
        code: 'custom',
        path: ['details'],
        message:
          'Upload your letter or ID, or tell us your programme and how we can confirm it (at least 10 characters)',
      });
    }
  });
export type SubmitProofInput = z.input<typeof submitProofInput>;

export const proofSchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  userEmail: z.string(),
  planCode: z.string(),
  planName: z.string(),
  details: z.string(),
  /** The uploaded letter or ID; `url` checks who asks before it hands out a short-lived link. */
  file: z
    .object({ id: z.string(), contentType: z.string(), sizeBytes: z.number(), url: z.string() })
    .nullable(),
  expectedEndOn: z.string().nullable(),
  status: proofStatusSchema,
  reviewedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Proof = z.infer<typeof proofSchema>;

export const listProofsInput = z.object({ status: proofStatusSchema.default('pending') });
export const reviewProofInput = z.object({
  proofId: z.uuid('Not a valid id'),
  approve: z.boolean(),
  reason: z.string().trim().max(500).optional(),
});

export const noRenewTokenInput = z.object({ token: z.string().trim().min(20).max(500) });

export const setAutoRenewInput = z.object({ enabled: z.boolean() });

/**
 * Automatic renewal set up mid-term: a yearly subscription whose first charge is at the end of the
 * current term (the card is confirmed now, nothing is charged). `planCode` (default: the current
 * plan, or the plan a finished traineeship moves to) is the plan it renews into: "Switch at renewal".
 */
export const setupAutoRenewInput = z.object({ planCode: planCodeSchema.optional() });
