import type { Executor } from '@societas/db';
import { sql } from '@societas/db';
import type { RawBuilder } from 'kysely';

/**
 * Report queries. Figures come from the summaries that refresh_report_summaries(now) derives from the
 * membership ledger and payments (migration 20261122000600_reports); lists read the per-member
 * segments it wrote (the state at the refresh instant) and the payments and jobs tables.
 * Its membership status (report_status_at and the segments) re-implements membership.rules.ts in
 * PL/pgSQL; both are tested against the boundary table test/membership/status-boundaries.ts.
 */

export interface DimFilters {
  planId?: string | undefined;
  band?: string | undefined;
  country?: string | undefined;
  careerStage?: string | undefined;
}

/** `AND plan_id = ... AND ...` for the summary tables (alias optional). */
function dims(f: DimFilters, alias = '') {
  const a = alias ? `${alias}.` : '';
  const parts = [sql`TRUE`];
  if (f.planId) parts.push(sql`${sql.raw(`${a}plan_id`)} = ${f.planId}`);
  if (f.band) parts.push(sql`${sql.raw(`${a}income_band`)} = ${f.band}`);
  if (f.country) parts.push(sql`${sql.raw(`${a}country_code`)} = ${f.country}`);
  if (f.careerStage) parts.push(sql`${sql.raw(`${a}career_stage`)} = ${f.careerStage}`);
  return sql.join(parts, sql` AND `);
}

export async function refreshSummaries(db: Executor, now: Date): Promise<number> {
  const { rows } = await sql<{ took: number }>`SELECT refresh_report_summaries(${now}) AS took`.execute(db);
  return rows[0]?.took ?? 0;
}

export async function lastRefresh(db: Executor) {
  return db
    .selectFrom('report_refreshes')
    .select(['refreshed_at', 'took_ms'])
    .where('id', '=', 1)
    .executeTakeFirst();
}

/** Members per status at the refresh instant. */
export async function stockNow(db: Executor, f: DimFilters) {
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT status, sum(n)::int AS n FROM report_stock_now WHERE ${dims(f)} GROUP BY status`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

/** Members per status at a month start (UTC). */
export async function stockAt(db: Executor, at: Date, f: DimFilters) {
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT status, sum(n)::int AS n FROM report_stock_monthly WHERE at = ${at} AND ${dims(f)}
    GROUP BY status`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

/** Members with benefits (active or in the renewal window) per plan at each given month start. */
export async function activeByPlanAt(db: Executor, ats: Date[], f: DimFilters) {
  if (ats.length === 0) return [];
  const { rows } = await sql<{ at: Date; plan_id: string; n: number }>`
    SELECT at, plan_id, sum(n)::int AS n FROM report_stock_monthly
    WHERE at = ANY(${ats}::timestamptz[]) AND status IN ('active', 'renewal_window') AND ${dims(f)}
    GROUP BY at, plan_id`.execute(db);
  return rows;
}

export async function activeByPlanNow(db: Executor, f: DimFilters) {
  const { rows } = await sql<{ plan_id: string; n: number }>`
    SELECT plan_id, sum(n)::int AS n FROM report_stock_now
    WHERE status IN ('active', 'renewal_window') AND ${dims(f)} GROUP BY plan_id`.execute(db);
  return rows;
}

export async function membersByCountryNow(db: Executor, f: DimFilters, atMonth: Date | null) {
  const source = atMonth ? sql`report_stock_monthly WHERE at = ${atMonth} AND` : sql`report_stock_now WHERE`;
  const { rows } = await sql<{ country: string; members: number }>`
    SELECT country_code AS country, sum(n)::int AS members FROM ${source}
      status IN ('active', 'renewal_window') AND ${dims(f)}
    GROUP BY country_code ORDER BY members DESC, country_code LIMIT 20`.execute(db);
  return rows;
}

/** Monthly sums of flow metrics in [from, to) (month starts), by month and metric. */
export async function flows(db: Executor, metrics: string[], from: Date, to: Date, f: DimFilters) {
  const { rows } = await sql<{ month: Date; metric: string; n: number; amount: number; currency: string }>`
    SELECT month, metric, currency, sum(n)::bigint AS n, sum(amount_minor)::bigint AS amount
    FROM report_flow_monthly
    WHERE metric = ANY(${metrics}::text[]) AND month >= ${from} AND month < ${to} AND ${dims(f)}
    GROUP BY month, metric, currency ORDER BY month`.execute(db);
  return rows;
}

/** Sums of flow metrics in [from, to) grouped by one dimension. */
export async function flowsBy(
  db: Executor,
  metrics: string[],
  by: 'plan_id' | 'income_band' | 'career_stage',
  from: Date,
  to: Date,
  f: DimFilters,
) {
  const { rows } = await sql<{ key: string; metric: string; n: number }>`
    SELECT ${sql.ref(by)} AS key, metric, sum(n)::bigint AS n FROM report_flow_monthly
    WHERE metric = ANY(${metrics}::text[]) AND month >= ${from} AND month < ${to} AND ${dims(f)}
    GROUP BY 1, 2`.execute(db);
  return rows;
}

export async function cohorts(db: Executor, from: Date, to: Date, f: DimFilters) {
  const { rows } = await sql<{
    month: Date;
    members: number;
    due_12: number;
    kept_12: number;
    due_24: number;
    kept_24: number;
    due_36: number;
    kept_36: number;
  }>`
    SELECT cohort_month AS month, sum(members)::int AS members,
      sum(due_12)::int AS due_12, sum(kept_12)::int AS kept_12, sum(due_24)::int AS due_24,
      sum(kept_24)::int AS kept_24, sum(due_36)::int AS due_36, sum(kept_36)::int AS kept_36
    FROM report_cohorts WHERE cohort_month >= ${from} AND cohort_month < ${to} AND ${dims(f)}
    GROUP BY cohort_month ORDER BY cohort_month`.execute(db);
  return rows;
}

/** Job listings live at `at`: published (now) or published then and not yet expired. */
export async function liveJobs(db: Executor, at: Date, current: boolean, f: DimFilters) {
  const where = [sql`TRUE`];
  if (f.country) where.push(sql`country_code = ${f.country}`);
  if (current) where.push(sql`status = 'published' AND expires_at > ${at}`);
  else
    where.push(
      sql`status IN ('published', 'expired', 'closed', 'filled') AND published_at <= ${at} AND expires_at > ${at}`,
    );
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM jobs WHERE ${sql.join(where, sql` AND `)}`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function planNames(db: Executor) {
  return db.selectFrom('plans').select(['id', 'name', 'sort_order']).orderBy('sort_order').execute();
}

// ------------------------------------------------------------------------------------------------
// Lists

export type MemberListKind = 'expiring' | 'grace' | 'lapsed' | 'members';

export interface MemberListQuery {
  kind: MemberListKind;
  now: Date;
  days: number;
  filters: DimFilters;
}

const HOUR = 3_600_000;

/** Lists count at most this many rows (a list of half a million lapsed members says "10,000+"). */
export const COUNT_CAP = 10_000;

function capped(rows: { n: number }[]) {
  const n = rows[0]?.n ?? 0;
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}

function memberListWhere(q: MemberListQuery) {
  const w = [sql`s.valid_to IS NULL`, dims(q.filters, 's')];
  const now = q.now;
  if (q.kind === 'expiring') {
    w.push(sql`NOT s.lifetime AND NOT s.ended_early AND s.ends_at > ${now}
      AND s.ends_at <= ${new Date(now.getTime() + q.days * 24 * HOUR)}`);
  } else if (q.kind === 'grace') {
    w.push(sql`NOT s.lifetime AND NOT s.ended_early AND s.ends_at <= ${now}
      AND s.ends_at > ${new Date(now.getTime() - 720 * HOUR)}`);
  } else if (q.kind === 'lapsed') {
    // Lapsed (end of grace, or an early end) within the last 365 days.
    const yearAgo = new Date(now.getTime() - 365 * 24 * HOUR);
    w.push(sql`NOT s.lifetime AND s.ends_at > ${new Date(yearAgo.getTime() - 720 * HOUR)} AND s.ends_at <= ${now}
      AND (CASE WHEN s.ended_early THEN s.ends_at ELSE s.ends_at + interval '720 hours' END) <= ${now}
      AND (CASE WHEN s.ended_early THEN s.ends_at ELSE s.ends_at + interval '720 hours' END) > ${yearAgo}`);
  }
  return sql.join(w, sql` AND `);
}

export const MEMBER_SORTS = {
  ends_at: 's.ends_at',
  name: 'u.name',
  email: 'u.email',
  country: 's.country_code',
  plan: 'pl.name',
  member_number: 'mp.member_number',
} as const;

export interface MemberRow {
  user_id: string;
  member_number: number | null;
  name: string;
  email: string;
  plan: string | null;
  country_code: string;
  income_band: string;
  career_stage: string;
  ends_at: Date | null;
  lifetime: boolean;
  ended_early: boolean;
  status: string;
  member_since: Date;
}

function memberSelect(now: Date) {
  return sql`s.user_id, mp.member_number, u.name, u.email, pl.name AS plan, s.country_code, s.income_band,
    s.career_stage, s.ends_at, s.lifetime, s.ended_early,
    report_status_at(s.ends_at, s.lifetime, s.ended_early, ${now}) AS status, s.run_start AS member_since`;
}

const MEMBER_FROM = sql`report_member_segments s
  JOIN users u ON u.id = s.user_id
  LEFT JOIN member_profiles mp ON mp.user_id = s.user_id
  LEFT JOIN plans pl ON pl.id::text = s.plan_id`;

export async function memberListPage(
  db: Executor,
  q: MemberListQuery,
  sort: keyof typeof MEMBER_SORTS,
  dir: 'asc' | 'desc',
  offset: number,
  limit: number,
) {
  const order = sql.raw(`${MEMBER_SORTS[sort]} ${dir}, s.user_id ${dir}`);
  // (The expiring and grace counts walk the term-end index; ORDER BY tells the planner so. For the
  // lapsed list, whose range holds most lapsed members, a plain scan with LIMIT is faster.)
  // Sorted by a column of the segments (the default, term end): pick the page from the segments
  // alone (index order), then join names and emails for those rows only.
  const pageQuery =
    sort === 'ends_at' || sort === 'country'
      ? sql<MemberRow>`SELECT ${memberSelect(q.now)}
          FROM (SELECT * FROM report_member_segments s WHERE ${memberListWhere(q)}
                ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) s
          JOIN users u ON u.id = s.user_id
          LEFT JOIN member_profiles mp ON mp.user_id = s.user_id
          LEFT JOIN plans pl ON pl.id::text = s.plan_id
          ORDER BY ${order}`
      : sql<MemberRow>`SELECT ${memberSelect(q.now)} FROM ${MEMBER_FROM} WHERE ${memberListWhere(q)}
          ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  const [page, count] = await Promise.all([
    pageQuery.execute(db),
    sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM report_member_segments s
      WHERE ${memberListWhere(q)}
      ${q.kind === 'expiring' || q.kind === 'grace' ? sql`ORDER BY s.ends_at` : sql``} LIMIT ${COUNT_CAP + 1}) q`.execute(
      db,
    ),
  ]);
  return { rows: page.rows, ...capped(count.rows) };
}

export interface PaymentListQuery {
  from: Date;
  to: Date;
  filters: DimFilters;
}

export interface PaymentRow {
  id: string;
  receipt_number: string;
  kind: string;
  status: string;
  name: string | null;
  email: string | null;
  plan: string | null;
  amount_minor: number;
  refunded_minor: number;
  net_minor: number;
  currency: string;
  paid_at: Date | null;
  created_at: Date;
  refunds: number;
  last_refund_at: Date | null;
}

function paymentWhere(q: PaymentListQuery) {
  const w = [
    sql`coalesce(p.paid_at, p.created_at) >= ${q.from}`,
    sql`coalesce(p.paid_at, p.created_at) < ${q.to}`,
  ];
  const f = q.filters;
  if (f.planId) w.push(sql`p.plan_id = ${f.planId}::uuid`);
  if (f.country) w.push(sql`mp.country_code = ${f.country}`);
  if (f.careerStage) w.push(sql`mp.career_stage = ${f.careerStage}`);
  if (f.band) w.push(sql`cb.band = ${f.band}`);
  return sql.join(w, sql` AND `);
}

const PAYMENT_FROM = sql`payments p
  LEFT JOIN users u ON u.id = p.user_id
  LEFT JOIN member_profiles mp ON mp.user_id = p.user_id
  LEFT JOIN country_income_bands cb ON cb.country_code = mp.country_code
  LEFT JOIN plans pl ON pl.id = p.plan_id`;

const PAYMENT_SELECT = sql`p.id, p.receipt_number, p.kind, p.status, u.name, u.email, pl.name AS plan,
  p.amount_minor, p.refunded_minor,
  CASE WHEN p.status IN ('paid', 'partially_refunded', 'refunded') THEN p.amount_minor - p.refunded_minor ELSE 0 END
    AS net_minor, p.currency, p.paid_at,
  p.created_at,
  (SELECT count(*)::int FROM refunds r WHERE r.payment_id = p.id) AS refunds,
  (SELECT max(r.created_at) FROM refunds r WHERE r.payment_id = p.id) AS last_refund_at`;

export const PAYMENT_SORTS = {
  paid_at: 'coalesce(p.paid_at, p.created_at)',
  amount: 'p.amount_minor',
  name: 'u.name',
  status: 'p.status',
  receipt: 'p.receipt_number',
} as const;

export async function paymentPage(
  db: Executor,
  q: PaymentListQuery,
  sort: keyof typeof PAYMENT_SORTS,
  dir: 'asc' | 'desc',
  offset: number,
  limit: number,
) {
  const order = sql.raw(`${PAYMENT_SORTS[sort]} ${dir}, p.id ${dir}`);
  const needsJoin = Boolean(q.filters.country || q.filters.careerStage || q.filters.band);
  const countFrom = needsJoin
    ? sql`payments p LEFT JOIN member_profiles mp ON mp.user_id = p.user_id
        LEFT JOIN country_income_bands cb ON cb.country_code = mp.country_code`
    : sql`payments p`;
  const [page, count] = await Promise.all([
    sql<PaymentRow>`SELECT ${PAYMENT_SELECT} FROM ${PAYMENT_FROM} WHERE ${paymentWhere(q)}
      ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${countFrom} WHERE ${paymentWhere(q)}
      LIMIT ${COUNT_CAP + 1}) q`.execute(db),
  ]);
  return { rows: page.rows, ...capped(count.rows) };
}

export interface JobRow {
  id: string;
  title: string;
  employer_name: string;
  country_code: string;
  position_type: string;
  product: string;
  status: string;
  published_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
}

function jobWhere(q: PaymentListQuery) {
  const w = [sql`j.created_at >= ${q.from}`, sql`j.created_at < ${q.to}`];
  if (q.filters.country) w.push(sql`j.country_code = ${q.filters.country}`);
  return sql.join(w, sql` AND `);
}

const JOB_SELECT = sql`j.id, j.title, j.employer_name, j.country_code, j.position_type, j.product, j.status,
  j.published_at, j.expires_at, j.created_at`;

export const JOB_SORTS = {
  created_at: 'j.created_at',
  title: 'j.title',
  employer: 'j.employer_name',
  status: 'j.status',
  expires_at: 'j.expires_at',
} as const;

export async function jobPage(
  db: Executor,
  q: PaymentListQuery,
  sort: keyof typeof JOB_SORTS,
  dir: 'asc' | 'desc',
  offset: number,
  limit: number,
) {
  const order = sql.raw(`${JOB_SORTS[sort]} ${dir}, j.id ${dir}`);
  const [page, count] = await Promise.all([
    sql<JobRow>`SELECT ${JOB_SELECT} FROM jobs j WHERE ${jobWhere(q)} ORDER BY ${order}
      LIMIT ${limit} OFFSET ${offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM jobs j WHERE ${jobWhere(q)}
      LIMIT ${COUNT_CAP + 1}) q`.execute(db),
  ]);
  return { rows: page.rows, ...capped(count.rows) };
}

// ------------------------------------------------------------------------------------------------
// Exports: one query read through a server-side cursor, a batch at a time, on one connection.

export function memberExportQuery(q: MemberListQuery) {
  const order = q.kind === 'members' ? sql`s.user_id` : sql`s.ends_at, s.user_id`;
  return sql<MemberRow>`SELECT ${memberSelect(q.now)} FROM ${MEMBER_FROM} WHERE ${memberListWhere(q)} ORDER BY ${order}`;
}

export function paymentExportQuery(q: PaymentListQuery) {
  return sql<PaymentRow>`SELECT ${PAYMENT_SELECT} FROM ${PAYMENT_FROM} WHERE ${paymentWhere(q)}
    ORDER BY coalesce(p.paid_at, p.created_at), p.id`;
}

export function jobExportQuery(q: PaymentListQuery) {
  return sql<JobRow>`SELECT ${JOB_SELECT} FROM jobs j WHERE ${jobWhere(q)} ORDER BY j.created_at, j.id`;
}

/**
 * Yields the rows of `query` in batches of `size` through a cursor (DECLARE ... FETCH) in a
 * read-only transaction: Postgres runs the query once, and Node holds at most two batches: while the
 * consumer (the HTTP response) writes one out, the next is fetched, so the database and the CSV
 * encoding work at the same time; a third is fetched only once the consumer has taken the second.
 */
export async function* cursorBatches<T>(
  db: Executor,
  query: RawBuilder<T>,
  size: number,
): AsyncGenerator<T[]> {
  const queue: (T[] | null)[] = [];
  let failure: unknown = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  let more: (() => void) | null = null;
  const producer = db
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      // A cursor plans for the first rows by default; the export wants all of them.
      await sql`SET LOCAL cursor_tuple_fraction = 1.0`.execute(trx);
      await sql`DECLARE report_export NO SCROLL CURSOR FOR ${query}`.execute(trx);
      while (!stopped) {
        const { rows } = await sql<T>`FETCH ${sql.raw(String(Math.trunc(size)))} FROM report_export`.execute(
          trx,
        );
        queue.push(rows.length > 0 ? rows : null);
        wake?.();
        // (The consumer may have stopped while this batch was being fetched.)
        if (rows.length === 0 || stopped) break;
        // Wait until the consumer takes this batch (not until it has written it out).
        await new Promise<void>((resolve) => {
          more = resolve;
        });
      }
    })
    .catch((error: unknown) => {
      failure = error;
      queue.push(null);
      wake?.();
    });
  try {
    for (;;) {
      while (queue.length === 0)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      const batch = queue.shift();
      // Taken: the producer fetches the next batch while this one is written out.
      const next = more as (() => void) | null;
      more = null;
      next?.();
      if (!batch) {
        if (failure) throw failure;
        return;
      }
      yield batch;
    }
  } finally {
    stopped = true;
    const next = more as (() => void) | null;
    more = null;
    next?.();
    await producer;
  }
}
