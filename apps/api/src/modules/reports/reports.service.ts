import { utc } from '@date-fns/utc';
import {
  CAREER_STAGE_LABELS,
  type Charts,
  currencyExponent,
  type Dashboard,
  INCOME_BAND_LABELS,
  type Kpi,
  monthKeyUtc,
  monthStartUtc,
  type ReportFilters,
  type ReportList,
  type ReportListPage,
} from '@societas/contracts';
import type { Executor } from '@societas/db';
import { differenceInCalendarMonths } from 'date-fns';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import { QUEUES, sendJob } from '../../worker/queue.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './reports.repository.js';

/**
 * Report rules: which period a filter means, and how each figure is made from the summaries.
 *
 * - Periods are whole UTC months; the period ends at the end of its last month, or at the refresh
 *   instant when that is earlier (the current month so far). The previous period is the same number
 *   of months just before.
 * - Stock figures (active, in renewal window, in grace) are the state at the end of the period;
 *   "active" counts members with a current term (active or renewal window), as the member page says.
 * - Flow figures (new members, renewals, lapses, revenue) are sums over the period's months.
 * - Revenue is cash: payments in the month they were paid, minus refunds in the month they were made.
 */

// Month arithmetic is the shared UTC calendar of @societas/contracts (date-fns, ADR 014).
export const monthStart = (d: Date): Date => monthStartUtc(d);
/** The start of the month `n` months after the month of `d`. */
export const addMonths = (d: Date, n: number): Date => monthStartUtc(d, n);
export const monthKey = monthKeyUtc;
/** 'YYYY-MM' (validated by the filter schema) as the start of that UTC month. */
const parseMonth = (s: string): Date => new Date(`${s}-01T00:00:00Z`);

export interface Period {
  start: Date;
  /** Start of the month after the last month. */
  endMonth: Date;
  /** min(endMonth, reference instant). */
  end: Date;
  endIsNow: boolean;
  prevStart: Date;
  months: Date[];
}

export function periodOf(filters: ReportFilters, reference: Date): Period {
  const to = filters.to ? parseMonth(filters.to) : monthStart(reference);
  const start = filters.from ? parseMonth(filters.from) : addMonths(to, -11);
  const endMonth = addMonths(to, 1);
  const n = differenceInCalendarMonths(endMonth, start, { in: utc });
  const months = Array.from({ length: n }, (_, i) => addMonths(start, i));
  const endIsNow = endMonth.getTime() > reference.getTime();
  return {
    start,
    endMonth,
    end: endIsNow ? reference : endMonth,
    endIsNow,
    prevStart: addMonths(start, -n),
    months,
  };
}

function dimsOf(f: ReportFilters): repo.DimFilters {
  return { planId: f.planId, band: f.band, country: f.country, careerStage: f.careerStage };
}

/** The instant figures refer to: the last refresh (summaries are a snapshot at that instant). */
export async function referenceInstant(db: Executor): Promise<{ at: Date; refreshed: boolean }> {
  const last = await repo.lastRefresh(db);
  return last ? { at: last.refreshed_at, refreshed: true } : { at: new Date(), refreshed: false };
}

type FlowRow = Awaited<ReturnType<typeof repo.flows>>[number];

/** The currency revenue is reported in: the one with the most paid money (one per society). */
function mainCurrency(rows: FlowRow[]): string {
  const totals = new Map<string, number>();
  for (const r of rows)
    if (r.currency) totals.set(r.currency, (totals.get(r.currency) ?? 0) + Number(r.amount));
  let best = 'USD';
  let max = -1;
  for (const [c, v] of totals)
    if (v > max) {
      best = c;
      max = v;
    }
  return best;
}

function sumMetric(
  rows: FlowRow[],
  metric: string,
  from: Date,
  to: Date,
  field: 'n' | 'amount',
  currency?: string,
) {
  let total = 0;
  for (const r of rows) {
    if (r.metric !== metric) continue;
    if (currency !== undefined && r.currency !== currency) continue;
    const t = new Date(r.month).getTime();
    if (t >= from.getTime() && t < to.getTime()) total += Number(r[field]);
  }
  return total;
}

const MEMBER_FLOWS = [
  'new_members',
  'renewals',
  'lapsed',
  'renewal_due',
  'renewal_done',
  'revenue_membership',
  'refunds_membership',
];
const JOB_FLOWS = ['revenue_job_posting', 'refunds_job_posting'];

export async function dashboard(db: Executor, filters: ReportFilters): Promise<Dashboard> {
  const ref = await referenceInstant(db);
  const p = periodOf(filters, ref.at);
  const f = dimsOf(filters);
  const [stockEnd, stockStart, memberFlows, jobFlows, jobsEnd, jobsStart] = await Promise.all([
    p.endIsNow ? repo.stockNow(db, f) : repo.stockAt(db, p.endMonth, f),
    repo.stockAt(db, p.start, f),
    repo.flows(db, MEMBER_FLOWS, p.prevStart, p.endMonth, f),
    repo.flows(db, JOB_FLOWS, p.prevStart, p.endMonth, {}),
    repo.liveJobs(db, p.end, p.endIsNow, { country: f.country }),
    repo.liveJobs(db, p.start, false, { country: f.country }),
  ]);
  const currency = mainCurrency([...memberFlows, ...jobFlows]);
  const cur = (metric: string, rows = memberFlows, field: 'n' | 'amount' = 'n', c?: string) =>
    sumMetric(rows, metric, p.start, p.endMonth, field, c);
  const prev = (metric: string, rows = memberFlows, field: 'n' | 'amount' = 'n', c?: string) =>
    sumMetric(rows, metric, p.prevStart, p.start, field, c);
  const rate = (done: number, due: number) => (due === 0 ? null : done / due);
  const active = (s: Record<string, number>) => (s.active ?? 0) + (s.renewal_window ?? 0);
  const net = (which: typeof cur, kind: 'membership' | 'job_posting') => {
    const rows = kind === 'membership' ? memberFlows : jobFlows;
    return (
      which(`revenue_${kind}`, rows, 'amount', currency) - which(`refunds_${kind}`, rows, 'amount', currency)
    );
  };
  const k = (
    key: string,
    label: string,
    unit: Kpi['unit'],
    value: number | null,
    previous: number | null,
    filtered = true,
  ): Kpi => ({
    key,
    label,
    unit,
    value,
    previous,
    filtered,
  });
  const kpis: Kpi[] = [
    k('active', 'Active members', 'count', active(stockEnd), active(stockStart)),
    k('new', 'New members', 'count', cur('new_members'), prev('new_members')),
    k('renewals', 'Renewals', 'count', cur('renewals'), prev('renewals')),
    k(
      'renewalRate',
      'Renewal rate',
      'percent',
      rate(cur('renewal_done'), cur('renewal_due')),
      rate(prev('renewal_done'), prev('renewal_due')),
    ),
    k('lapsed', 'Lapsed', 'count', cur('lapsed'), prev('lapsed')),
    k('revenueMembership', 'Membership revenue', 'money', net(cur, 'membership'), net(prev, 'membership')),
    k('revenueJobs', 'Job board revenue', 'money', net(cur, 'job_posting'), net(prev, 'job_posting'), false),
    k(
      'revenueTotal',
      'Total revenue',
      'money',
      net(cur, 'membership') + net(cur, 'job_posting'),
      net(prev, 'membership') + net(prev, 'job_posting'),
      false,
    ),
    k(
      'renewalWindow',
      'In renewal window',
      'count',
      stockEnd.renewal_window ?? 0,
      stockStart.renewal_window ?? 0,
    ),
    k('grace', 'In grace', 'count', stockEnd.grace ?? 0, stockStart.grace ?? 0),
    k('liveJobs', 'Live job listings', 'count', jobsEnd, jobsStart, false),
  ];
  return {
    refreshedAt: ref.refreshed ? ref.at : null,
    period: {
      from: monthKey(p.start),
      to: monthKey(addMonths(p.endMonth, -1)),
      previousFrom: monthKey(p.prevStart),
      previousTo: monthKey(addMonths(p.start, -1)),
    },
    currency,
    kpis,
  };
}

export async function charts(db: Executor, filters: ReportFilters): Promise<Charts> {
  const ref = await referenceInstant(db);
  const p = periodOf(filters, ref.at);
  const f = dimsOf(filters);
  // Active members at the end of each month: the snapshot at the next month start, or now.
  const ends = p.months.map((m) => addMonths(m, 1)).filter((m) => m.getTime() <= ref.at.getTime());
  const cohortFrom = addMonths(p.endMonth, -48);
  const [plans, stock, now, flowRows, jobRows, byPlan, byBand, byStage, cohortRows, countries] =
    await Promise.all([
      repo.planNames(db),
      repo.activeByPlanAt(db, ends, f),
      p.endIsNow ? repo.activeByPlanNow(db, f) : Promise.resolve([]),
      repo.flows(
        db,
        [
          'revenue_membership',
          'refunds_membership',
          'trainee_ended',
          'trainee_converted',
          'payment_failed',
          'payment_recovered',
        ],
        p.start,
        p.endMonth,
        f,
      ),
      repo.flows(db, JOB_FLOWS, p.start, p.endMonth, {}),
      repo.flowsBy(db, ['renewal_due', 'renewal_done'], 'plan_id', p.start, p.endMonth, f),
      repo.flowsBy(db, ['renewal_due', 'renewal_done'], 'income_band', p.start, p.endMonth, f),
      repo.flowsBy(db, ['renewal_due', 'renewal_done'], 'career_stage', p.start, p.endMonth, f),
      repo.cohorts(db, cohortFrom, p.endMonth, f),
      repo.membersByCountryNow(db, f, p.endIsNow ? null : p.endMonth),
    ]);
  const currency = mainCurrency([...flowRows, ...jobRows]);
  const planName = new Map(plans.map((pl) => [pl.id, pl.name]));
  const usedPlans = new Set<string>();
  const activeByPlan = p.months.map((m) => {
    const row: Record<string, string | number> = { month: monthKey(m) };
    const endAt = addMonths(m, 1).getTime();
    const source =
      endAt > ref.at.getTime()
        ? p.endIsNow && monthKey(m) === monthKey(ref.at)
          ? now
          : null
        : stock.filter((s) => new Date(s.at).getTime() === endAt);
    for (const s of source ?? []) {
      row[s.plan_id || 'none'] = (Number(row[s.plan_id || 'none']) || 0) + s.n;
      usedPlans.add(s.plan_id || 'none');
    }
    return row;
  });
  const perMonth = (rows: FlowRow[], metric: string, m: Date, field: 'n' | 'amount', c?: string) =>
    sumMetric(rows, metric, m, addMonths(m, 1), field, c);
  const rates = (rows: Awaited<ReturnType<typeof repo.flowsBy>>, label: (k: string) => string) => {
    const by = new Map<string, { key: string; due: number; renewed: number }>();
    for (const r of rows) {
      const key = label(r.key);
      const e = by.get(key) ?? { key, due: 0, renewed: 0 };
      if (r.metric === 'renewal_due') e.due += Number(r.n);
      else e.renewed += Number(r.n);
      by.set(key, e);
    }
    return [...by.values()].filter((e) => e.due > 0).sort((a, b) => a.key.localeCompare(b.key));
  };
  return {
    plans: [...usedPlans].map((id) => ({ id, name: planName.get(id) ?? 'No plan' })),
    activeByPlan,
    revenueByMonth: p.months.map((m) => ({
      month: monthKey(m),
      membership: perMonth(flowRows, 'revenue_membership', m, 'amount', currency),
      jobs: perMonth(jobRows, 'revenue_job_posting', m, 'amount', currency),
      refunds:
        perMonth(flowRows, 'refunds_membership', m, 'amount', currency) +
        perMonth(jobRows, 'refunds_job_posting', m, 'amount', currency),
    })),
    byCountry: countries.map((c) => ({ country: c.country || '—', members: c.members })),
    renewalRate: {
      byPlan: rates(byPlan, (id) => planName.get(id) ?? 'No plan'),
      byBand: rates(byBand, (b) => INCOME_BAND_LABELS[b as keyof typeof INCOME_BAND_LABELS] ?? 'Unknown'),
      byStage: rates(byStage, (s) => CAREER_STAGE_LABELS[s as keyof typeof CAREER_STAGE_LABELS] ?? 'Unknown'),
    },
    cohorts: cohortRows.map((c) => ({
      month: monthKey(new Date(c.month)),
      members: c.members,
      due12: c.due_12,
      kept12: c.kept_12,
      due24: c.due_24,
      kept24: c.kept_24,
      due36: c.due_36,
      kept36: c.kept_36,
    })),
    traineeConversion: p.months.map((m) => ({
      month: monthKey(m),
      ended: perMonth(flowRows, 'trainee_ended', m, 'n'),
      converted: perMonth(flowRows, 'trainee_converted', m, 'n'),
    })),
    paymentRecovery: p.months.map((m) => ({
      month: monthKey(m),
      failed: perMonth(flowRows, 'payment_failed', m, 'n'),
      recovered: perMonth(flowRows, 'payment_recovered', m, 'n'),
    })),
  };
}

// ------------------------------------------------------------------------------------------------
// Lists and exports

interface Column {
  key: string;
  label: string;
  sortable: boolean;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
/** Minor units as a plain decimal for spreadsheets: 1950 USD -> "19.50", 5000 JPY -> "5000". */
const money = (minor: number, currency: string) => {
  const exp = currencyExponent(currency);
  return (minor / 10 ** exp).toFixed(exp);
};

const MEMBER_COLUMNS: Column[] = [
  { key: 'member_number', label: 'Member no.', sortable: true },
  { key: 'name', label: 'Name', sortable: true },
  { key: 'email', label: 'Email', sortable: true },
  { key: 'plan', label: 'Plan', sortable: true },
  { key: 'status', label: 'Status', sortable: false },
  { key: 'ends_at', label: 'Term ends', sortable: true },
  { key: 'country', label: 'Country', sortable: true },
  { key: 'income_band', label: 'Income band', sortable: false },
  { key: 'career_stage', label: 'Career stage', sortable: false },
  { key: 'member_since', label: 'Member since', sortable: false },
];
const PAYMENT_COLUMNS: Column[] = [
  { key: 'receipt', label: 'Receipt', sortable: true },
  { key: 'paid_at', label: 'Date', sortable: true },
  { key: 'kind', label: 'Kind', sortable: false },
  { key: 'status', label: 'Status', sortable: true },
  { key: 'name', label: 'Payer', sortable: true },
  { key: 'email', label: 'Email', sortable: false },
  { key: 'plan', label: 'Plan', sortable: false },
  { key: 'amount', label: 'Amount', sortable: true },
  { key: 'refunded', label: 'Refunded', sortable: false },
  { key: 'net', label: 'Net', sortable: false },
  { key: 'currency', label: 'Currency', sortable: false },
  { key: 'refunds', label: 'Refunds', sortable: false },
  { key: 'last_refund_at', label: 'Last refund', sortable: false },
];
const JOB_COLUMNS: Column[] = [
  { key: 'created_at', label: 'Created', sortable: true },
  { key: 'title', label: 'Title', sortable: true },
  { key: 'employer', label: 'Employer', sortable: true },
  { key: 'country', label: 'Country', sortable: false },
  { key: 'position_type', label: 'Position', sortable: false },
  { key: 'product', label: 'Product', sortable: false },
  { key: 'status', label: 'Status', sortable: true },
  { key: 'published_at', label: 'Published', sortable: false },
  { key: 'expires_at', label: 'Expires', sortable: true },
];

export function columnsOf(list: ReportList): Column[] {
  if (list === 'payments') return PAYMENT_COLUMNS;
  if (list === 'jobs') return JOB_COLUMNS;
  return MEMBER_COLUMNS;
}

type Row = Record<string, string | number | null>;

export function memberRow(r: repo.MemberRow): Row {
  return {
    member_number: r.member_number,
    name: r.name,
    email: r.email,
    plan: r.plan,
    status: r.status,
    ends_at: r.lifetime ? null : iso(r.ends_at),
    country: r.country_code || null,
    income_band: r.income_band || null,
    career_stage: r.career_stage || null,
    member_since: iso(r.member_since),
  };
}
export function paymentRow(r: repo.PaymentRow): Row {
  return {
    receipt: r.receipt_number,
    paid_at: iso(r.paid_at ?? r.created_at),
    kind: r.kind,
    status: r.status,
    name: r.name,
    email: r.email,
    plan: r.plan,
    amount: money(r.amount_minor, r.currency),
    refunded: money(r.refunded_minor, r.currency),
    net: money(r.net_minor, r.currency),
    currency: r.currency,
    refunds: r.refunds,
    last_refund_at: iso(r.last_refund_at),
  };
}
export function jobRow(r: repo.JobRow): Row {
  return {
    created_at: iso(r.created_at),
    title: r.title,
    employer: r.employer_name,
    country: r.country_code,
    position_type: r.position_type,
    product: r.product,
    status: r.status,
    published_at: iso(r.published_at),
    expires_at: iso(r.expires_at),
  };
}

export interface ListRequest {
  list: ReportList;
  filters: ReportFilters;
  days: 30 | 60 | 90;
  sort?: string | undefined;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function sortKey<T extends Record<string, string>>(
  sorts: T,
  wanted: string | undefined,
  fallback: keyof T,
): keyof T {
  return wanted && wanted in sorts ? (wanted as keyof T) : fallback;
}

export async function listPage(db: Executor, req: ListRequest): Promise<ReportListPage> {
  const ref = await referenceInstant(db);
  const offset = (req.page - 1) * req.pageSize;
  const base = { columns: columnsOf(req.list), page: req.page, pageSize: req.pageSize };
  if (req.list === 'payments' || req.list === 'jobs') {
    const p = periodOf(req.filters, ref.at);
    const q = { from: p.start, to: p.endMonth, filters: dimsOf(req.filters) };
    if (req.list === 'payments') {
      const sort = sortKey(repo.PAYMENT_SORTS, req.sort === 'receipt' ? 'receipt' : req.sort, 'paid_at');
      const { rows, total, totalCapped } = await repo.paymentPage(db, q, sort, req.dir, offset, req.pageSize);
      return { ...base, rows: rows.map(paymentRow), total, totalCapped };
    }
    const sort = sortKey(repo.JOB_SORTS, req.sort, 'created_at');
    const { rows, total, totalCapped } = await repo.jobPage(db, q, sort, req.dir, offset, req.pageSize);
    return { ...base, rows: rows.map(jobRow), total, totalCapped };
  }
  const q: repo.MemberListQuery = {
    kind: req.list,
    now: ref.at,
    days: req.days,
    filters: dimsOf(req.filters),
  };
  const sort = sortKey(repo.MEMBER_SORTS, req.sort, req.list === 'members' ? 'member_number' : 'ends_at');
  const { rows, total, totalCapped } = await repo.memberListPage(db, q, sort, req.dir, offset, req.pageSize);
  return { ...base, rows: rows.map(memberRow), total, totalCapped };
}

/** Every row of a list, a batch at a time through a cursor: memory stays flat however long the list. */
export async function* exportRows(
  db: Executor,
  req: Pick<ListRequest, 'list' | 'filters' | 'days'>,
  batchSize = 5000,
): AsyncGenerator<Row[]> {
  const ref = await referenceInstant(db);
  if (req.list === 'payments' || req.list === 'jobs') {
    const p = periodOf(req.filters, ref.at);
    const q = { from: p.start, to: p.endMonth, filters: dimsOf(req.filters) };
    if (req.list === 'payments') {
      for await (const rows of repo.cursorBatches(db, repo.paymentExportQuery(q), batchSize))
        yield rows.map(paymentRow);
    } else {
      for await (const rows of repo.cursorBatches(db, repo.jobExportQuery(q), batchSize))
        yield rows.map(jobRow);
    }
    return;
  }
  const q: repo.MemberListQuery = {
    kind: req.list,
    now: ref.at,
    days: req.days,
    filters: dimsOf(req.filters),
  };
  for await (const rows of repo.cursorBatches(db, repo.memberExportQuery(q), batchSize))
    yield rows.map(memberRow);
}

export async function refresh(db: Executor, now: Date) {
  const tookMs = await repo.refreshSummaries(db, now);
  return { refreshedAt: now, tookMs };
}

/** A list page for an admin; member and payment lists are personal data, so their reads are audited. */
export async function viewList(ctx: ServiceContext, req: ListRequest): Promise<ReportListPage> {
  const page = await listPage(ctx.db, req);
  if (req.list !== 'jobs') {
    await recordAudit(ctx.db, {
      actorUserId: ctx.actor?.id ?? null,
      action: 'reports.list_viewed',
      entityType: 'report',
      entityId: req.list,
      after: { filters: req.filters, days: req.days, page: req.page, rows: page.rows.length },
      requestId: ctx.requestId,
    });
  }
  return page;
}

/**
 * "Refresh now": queues the worker's reports-refresh job and returns at once (the rebuild takes
 * minutes on a large society). The queue is stately, so a double click queues one refresh.
 */
export async function queueRefresh(ctx: ServiceContext): Promise<{ status: 'queued' | 'already-queued' }> {
  const status = await sendJob(ctx.db, QUEUES.reportsRefresh);
  if (status === 'no-queue') {
    throw new AppError(
      'UNAVAILABLE',
      'No background worker has started on this database yet, so the refresh cannot be queued. Start the worker (npm run worker) and try again.',
    );
  }
  await recordAudit(ctx.db, {
    actorUserId: ctx.actor?.id ?? null,
    action: 'reports.refresh_queued',
    entityType: 'report',
    entityId: null,
    after: { status },
    requestId: ctx.requestId,
  });
  return { status };
}
