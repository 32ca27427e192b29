import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Columns the database fills (defaults); optional on insert, present on select. */
type Default<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
/** bigserial ids; int8 is parsed to number (see index.ts). */
type BigIntId = ColumnType<number, never, never>;

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  email_verified: Default<boolean>;
  image: string | null;
  role: Default<'user' | 'admin'>;
  /** The chosen language (ADR 019); null until the person chooses one. */
  locale: Default<'en' | 'es' | 'ja' | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  token: string;
  expires_at: Timestamp;
  ip_address: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface AccountsTable {
  id: string;
  user_id: string;
  account_id: string;
  provider_id: string;
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  access_token_expires_at: Timestamp | null;
  refresh_token_expires_at: Timestamp | null;
  scope: string | null;
  password: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface VerificationsTable {
  id: string;
  identifier: string;
  value: string;
  expires_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface RateLimitsTable {
  key: string;
  count: number;
  window_started_at: Timestamp;
  created_at: Timestamp;
}
export interface MemberProfilesTable {
  user_id: string;
  member_number: ColumnType<number, never, never>;
  institution: string | null;
  country_code: string | null;
  career_stage: string | null;
  research_areas: Default<string[]>;
  orcid: string | null;
  directory_opt_out: Default<boolean>;
  visibility: Default<Record<string, string>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface EmailOutboxTable {
  id: BigIntId;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  kind: string;
  dedupe_key: string | null;
  status: Default<'pending' | 'sent' | 'failed'>;
  attempts: Default<number>;
  last_error: string | null;
  send_after: Timestamp;
  sent_at: Timestamp | null;
  created_at: Timestamp;
}
export interface AuditLogTable {
  id: BigIntId;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown | null;
  after: unknown | null;
  request_id: string | null;
  created_at: Timestamp;
}
export interface SocietySettingsTable {
  id: Default<number>;
  name: string;
  short_name: string;
  logo_url: string | null;
  favicon_url: string | null;
  brand_colour: string;
  contact_email: string;
  contact_phone: string | null;
  postal_address: string | null;
  legal_name: string;
  tax_id: string | null;
  social_links: ColumnType<Record<string, string | null>, string, string>;
  default_time_zone: string;
  default_language: string;
  membership_currency: string;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CommitteesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: 'board' | 'standing' | 'task_force' | 'editorial';
  charge_md: Default<string>;
  max_consecutive_terms: number | null;
  term_length_months: number | null;
  sort_order: Default<number>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type CommitteeRole = 'chair' | 'co_chair' | 'vice_chair' | 'member' | 'ex_officio' | 'staff_liaison';
export interface CommitteeTermsTable {
  id: Generated<string>;
  committee_id: string;
  user_id: string;
  role: CommitteeRole;
  starts_on: DateOnly;
  ends_on: DateOnly | null;
  notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type IncomeBandColumn = 'high' | 'upper_middle' | 'lower_middle' | 'low';
export interface CountryIncomeBandsTable {
  country_code: string;
  band: IncomeBandColumn;
  updated_at: Timestamp;
  created_at: Timestamp;
}
export interface PlansTable {
  id: Generated<string>;
  code: string;
  name: string;
  description: Default<string>;
  requires_proof: Default<boolean>;
  is_trainee: Default<boolean>;
  next_plan_code: string | null;
  is_lifetime: Default<boolean>;
  sort_order: Default<number>;
  active: Default<boolean>;
  /** Years of membership held before the plan may be chosen (0: no rule). */
  min_membership_years: Default<number>;
  /** Profile career stages the plan suits (the join page suggests it). */
  career_stages: Default<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface PlanPricesTable {
  id: Generated<string>;
  plan_id: string;
  income_band: IncomeBandColumn;
  term_years: number;
  currency: Default<string>;
  amount_minor: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'refunded' | 'partially_refunded';
export interface PaymentsTable {
  id: Generated<string>;
  user_id: string | null;
  receipt_number: Default<string>;
  kind: 'membership' | 'job_posting';
  status: PaymentStatus;
  amount_minor: number;
  currency: Default<string>;
  refunded_minor: Default<number>;
  description: Default<string>;
  plan_id: string | null;
  term_years: number | null;
  job_id: string | null;
  stripe_checkout_session_id: string | null;
  stripe_payment_intent_id: string | null;
  stripe_invoice_id: string | null;
  paid_at: Timestamp | null;
  created_at: Timestamp;
}
export interface RefundsTable {
  id: Generated<string>;
  payment_id: string;
  amount_minor: number;
  reason: string | null;
  stripe_refund_id: string | null;
  actor_user_id: string | null;
  /** The admin's request id (refundInput.requestKey); unique. */
  request_key: string | null;
  created_at: Timestamp;
}
export type MembershipEventKind =
  | 'joined'
  | 'renewed'
  | 'upgraded'
  | 'comped'
  | 'refunded'
  | 'ended'
  | 'auto_renew_on'
  | 'auto_renew_off'
  | 'proof_approved'
  | 'proof_rejected';
export interface MembershipEventsTable {
  id: BigIntId;
  user_id: string;
  kind: MembershipEventKind;
  plan_id: string | null;
  term_years: number | null;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  payment_id: string | null;
  actor_user_id: string | null;
  reason: string | null;
  created_at: Timestamp;
}
export interface StripeEventsTable {
  id: string;
  type: string;
  livemode: boolean;
  created_at: Timestamp;
}
export type SpotlightStatus = 'nominated' | 'draft' | 'in_review' | 'scheduled' | 'published' | 'archived';
export interface SpotlightsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  standfirst: Default<string>;
  body_md: Default<string>;
  photo_url: string | null;
  member_user_id: string | null;
  qa: Default<Array<{ question: string; answer: string }>>;
  tags: Default<string[]>;
  status: SpotlightStatus;
  publish_at: Timestamp | null;
  nominated_by: string | null;
  nomination_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface EmployersTable {
  id: Generated<string>;
  name: string;
  logo_url: string | null;
  billing_email: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface EmployerUsersTable {
  employer_id: string;
  user_id: string;
  created_at: Timestamp;
}
export type JobStatus =
  | 'draft'
  | 'pending_payment'
  | 'pending_review'
  | 'published'
  | 'rejected'
  | 'expired'
  | 'closed'
  | 'filled';
export interface JobsTable {
  id: Generated<string>;
  employer_id: string;
  title: string;
  employer_name: string;
  description_md: string;
  position_type: 'faculty' | 'postdoc' | 'phd' | 'staff_scientist' | 'industry_rd' | 'technician' | 'other';
  sector: 'academia' | 'industry' | 'non_profit' | 'government';
  country_code: string;
  city: Default<string>;
  workplace: 'remote' | 'hybrid' | 'on_site';
  career_stage: string | null;
  salary_min: number | null;
  salary_max: number | null;
  salary_currency: string | null;
  closing_on: DateOnly | null;
  apply_url: string | null;
  apply_email: string | null;
  product: Default<'standard' | 'featured'>;
  status: JobStatus;
  rejection_reason: string | null;
  published_at: Timestamp | null;
  expires_at: Timestamp | null;
  /** The end of the paid run as bought; expires_at is this, cut to the end of the closing day (trigger). */
  run_ends_at: ColumnType<Date | null, never, never>;
  taken_down_at: Timestamp | null;
  takedown_reason: string | null;
  views: Default<number>;
  apply_clicks: Default<number>;
  search: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobOrdersTable {
  id: Generated<string>;
  job_id: string;
  employer_id: string;
  user_id: string;
  product: 'standard' | 'featured';
  duration_days: number;
  is_renewal: Default<boolean>;
  member_price: Default<boolean>;
  amount_minor: number;
  currency: Default<string>;
  stripe_session_id: string | null;
  session_url: string | null;
  status: Default<'open' | 'completed' | 'failed' | 'expired'>;
  payment_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface JobReportsTable {
  id: Generated<string>;
  job_id: string;
  reason: string;
  reporter_user_id: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  created_at: Timestamp;
}
export interface JobAlertsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  query: ColumnType<unknown, string, string>;
  frequency: 'daily' | 'weekly';
  last_sent_at: Timestamp | null;
  unsubscribed_at: Timestamp | null;
  created_at: Timestamp;
}
export interface JobAlertSendsTable {
  alert_id: string;
  job_id: string;
  created_at: Timestamp;
}

export interface StripeCustomersTable {
  user_id: string;
  stripe_customer_id: string;
  livemode: boolean;
  created_at: Timestamp;
}
export type CheckoutAction = 'join' | 'renew' | 'upgrade';
export interface CheckoutAttemptsTable {
  id: Generated<string>;
  user_id: string;
  plan_id: string;
  term_years: number;
  action: CheckoutAction;
  income_band: IncomeBandColumn;
  currency: string;
  list_amount_minor: number;
  credit_minor: Default<number>;
  amount_minor: number;
  auto_renew: Default<boolean>;
  stripe_session_id: string | null;
  session_url: string | null;
  status: Default<'open' | 'completed' | 'failed' | 'expired'>;
  payment_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface StripeSubscriptionsTable {
  id: string;
  user_id: string;
  plan_id: string | null;
  status: string;
  cancel_at_period_end: Default<boolean>;
  current_period_end: Timestamp | null;
  amount_minor: number | null;
  currency: string | null;
  livemode: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface LocalStripeObjectsTable {
  id: string;
  type: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  secret: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface MembershipProofsTable {
  id: Generated<string>;
  user_id: string;
  plan_id: string;
  details: string;
  expected_end_on: DateOnly | null;
  /** An uploaded letter or ID (files.purpose = 'proof'), or null for a text-only proof. */
  file_id: string | null;
  status: Default<'pending' | 'approved' | 'rejected'>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  created_at: Timestamp;
}

export type FilePurpose = 'proof' | 'employer_logo' | 'spotlight_photo' | 'society_logo' | 'society_favicon';

export interface FilesTable {
  id: Generated<string>;
  owner_user_id: string;
  purpose: FilePurpose;
  visibility: 'public' | 'private';
  /** Found from the bytes (or what they were re-encoded to), not from the upload's name or header. */
  content_type: string;
  size_bytes: number;
  storage_key: string;
  created_at: Timestamp;
  /** When a saved form first used the file; unattached uploads are removed after a day. */
  attached_at: Timestamp | null;
}

export interface DirectoryFieldLocksTable {
  field: 'institution' | 'country' | 'careerStage' | 'researchAreas' | 'orcid';
  visibility: 'public' | 'members' | 'hidden';
  locked_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Former slugs of committees and spotlights, so old links still resolve (migration 320). */
export interface CommitteeSlugHistoryTable {
  slug: string;
  committee_id: string;
  created_at: Timestamp;
}
export interface SpotlightSlugHistoryTable {
  slug: string;
  spotlight_id: string;
  created_at: Timestamp;
}

/** Per-member summary of the ledger for directory filtering (kept by triggers; see migration 310). */
export interface DirectoryMembershipTable {
  user_id: string;
  benefits_until: ColumnType<Date, Date | string, Date | string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A run of a scheduled task by the worker (see apps/api/src/worker). */
export interface TaskRunsTable {
  id: Generated<number>;
  task: string;
  job_id: string | null;
  worker: string;
  started_at: Generated<Date>;
  finished_at: Date | null;
  outcome: Generated<'running' | 'succeeded' | 'failed'>;
  detail: ColumnType<unknown, string | null | undefined, string | null>;
}

/** Report summaries (migration 20261122000600_reports), rebuilt by refresh_report_summaries(now). */
export interface ReportMemberSegmentsTable {
  user_id: string;
  seq: number;
  event_id: number;
  event_kind: string;
  valid_from: Date;
  valid_to: Date | null;
  next_kind: string | null;
  next_plan_id: string | null;
  plan_id: string;
  is_trainee: boolean;
  grant_ends_at: Date | null;
  ends_at: Date | null;
  lifetime: boolean;
  ended_early: boolean;
  run_start: Date;
  is_run_start: boolean;
  prev_status: string | null;
  first_joined_at: Date;
  country_code: string;
  income_band: string;
  career_stage: string;
}
interface ReportDims {
  plan_id: string;
  country_code: string;
  income_band: string;
  career_stage: string;
}
export interface ReportStockMonthlyTable extends ReportDims {
  at: Date;
  status: string;
  n: number;
}
export interface ReportStockNowTable extends ReportDims {
  status: string;
  n: number;
}
export interface ReportFlowMonthlyTable extends ReportDims {
  month: Date;
  metric: string;
  n: ColumnType<number, number, number>;
  amount_minor: ColumnType<number, number, number>;
  currency: string;
}
export interface ReportCohortsTable extends ReportDims {
  cohort_month: Date;
  members: number;
  due_12: number;
  kept_12: number;
  due_24: number;
  kept_24: number;
  due_36: number;
  kept_36: number;
}
export interface ReportRefreshesTable {
  id: number;
  refreshed_at: Date;
  took_ms: number;
  created_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  verifications: VerificationsTable;
  rate_limits: RateLimitsTable;
  member_profiles: MemberProfilesTable;
  email_outbox: EmailOutboxTable;
  audit_log: AuditLogTable;
  society_settings: SocietySettingsTable;
  committees: CommitteesTable;
  committee_terms: CommitteeTermsTable;
  country_income_bands: CountryIncomeBandsTable;
  plans: PlansTable;
  plan_prices: PlanPricesTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  membership_events: MembershipEventsTable;
  stripe_events: StripeEventsTable;
  spotlights: SpotlightsTable;
  employers: EmployersTable;
  employer_users: EmployerUsersTable;
  jobs: JobsTable;
  stripe_customers: StripeCustomersTable;
  checkout_attempts: CheckoutAttemptsTable;
  stripe_subscriptions: StripeSubscriptionsTable;
  local_stripe_objects: LocalStripeObjectsTable;
  membership_proofs: MembershipProofsTable;
  files: FilesTable;
  directory_field_locks: DirectoryFieldLocksTable;
  committee_slug_history: CommitteeSlugHistoryTable;
  spotlight_slug_history: SpotlightSlugHistoryTable;
  job_orders: JobOrdersTable;
  job_reports: JobReportsTable;
  job_alerts: JobAlertsTable;
  job_alert_sends: JobAlertSendsTable;
  directory_membership: DirectoryMembershipTable;
  task_runs: TaskRunsTable;
  report_member_segments: ReportMemberSegmentsTable;
  report_stock_monthly: ReportStockMonthlyTable;
  report_stock_now: ReportStockNowTable;
  report_flow_monthly: ReportFlowMonthlyTable;
  report_cohorts: ReportCohortsTable;
  report_refreshes: ReportRefreshesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type MemberProfileRow = Selectable<MemberProfilesTable>;
export type MemberProfileUpdate = Updateable<MemberProfilesTable>;
