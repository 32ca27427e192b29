import type { JobSearchQuery } from '@societas/contracts';
import { type Executor, sql } from '@societas/db';
import type { RawBuilder } from 'kysely';

/**
 * Job search in SQL. A listing is visible while `status = 'published'` and `expires_at` is after
 * the clock: expiry needs no job to flip a status. Text search uses the generated `search`
 * tsvector (title A > employer B > description C) with `websearch_to_tsquery`.
 *
 * Facet counts are "live" and disjunctive: each facet's counts apply every other facet's filter
 * but not its own, so ticking Germany still shows how many listings the other countries have.
 * One query does it: the matching rows are grouped by every facet column at once (a small table of
 * combinations), then each facet sums the combinations that pass the other facets' filters.
 */

type Frag = RawBuilder<unknown>;
const TRUE = sql`true`;

export const visibleAt = (now: Date) => sql`j.status = 'published' AND j.expires_at > ${now}`;

export function tsQuery(q: string): Frag | null {
  return q.trim() ? sql`websearch_to_tsquery('english', ${q})` : null;
}

/** Filters over row columns of jobs `j` (used for listing) — one per facet. */
function rowFilters(q: JobSearchQuery, now: Date) {
  const any = (col: string, values: readonly string[]) =>
    values.length ? sql`${sql.ref(`j.${col}`)} = ANY(${values}::text[])` : TRUE;
  return {
    positionType: any('position_type', q.positionType),
    sector: any('sector', q.sector),
    country: any('country_code', q.country),
    workplace: any('workplace', q.workplace),
    careerStage: any('career_stage', q.careerStage),
    posted: q.postedWithinDays
      ? sql`j.published_at > ${now}::timestamptz - make_interval(days => ${q.postedWithinDays})`
      : TRUE,
    salary: q.salaryStated ? sql`(j.salary_min IS NOT NULL OR j.salary_max IS NOT NULL)` : TRUE,
  };
}

/** The same filters over the grouped combinations `c` (facet counting). */
function comboFilters(q: JobSearchQuery) {
  const any = (col: string, values: readonly string[]) =>
    values.length ? sql`${sql.ref(`c.${col}`)} = ANY(${values}::text[])` : TRUE;
  return {
    positionType: any('pt', q.positionType),
    sector: any('se', q.sector),
    country: any('co', q.country),
    workplace: any('wp', q.workplace),
    careerStage: any('cs', q.careerStage),
    // Applied through the count column (n1 / n7 / n30), not as a row filter.
    posted: TRUE,
    salary: q.salaryStated ? sql`c.sal` : TRUE,
  };
}
type FilterKey = keyof ReturnType<typeof rowFilters>;

const and = (parts: Frag[]) => sql.join(parts, sql` AND `);
function allBut<T extends Record<FilterKey, Frag>>(f: T, skip: FilterKey | null): Frag {
  return and((Object.keys(f) as FilterKey[]).filter((k) => k !== skip).map((k) => f[k]));
}

export interface FacetRow {
  g: number;
  pt: string | null;
  se: string | null;
  co: string | null;
  wp: string | null;
  cs: string | null;
  c_pt: number;
  c_se: number;
  c_co: number;
  c_wp: number;
  c_cs: number;
  c_all: number;
  c_d1: number;
  c_d7: number;
  c_d30: number;
  c_sal: number;
}

export function facetCountsSql(q: JobSearchQuery, now: Date) {
  const ts = tsQuery(q.q);
  const f = comboFilters(q);
  const but = (k: FilterKey | null) => allBut(f, k);
  // Rows per combination within the "posted" filter: n (any time) or n1 / n7 / n30.
  const d = q.postedWithinDays;
  const nf =
    d === null ? sql.ref('c.n') : sql.ref(d <= 1 ? 'c.n1' : d <= 7 ? 'c.n7' : d <= 30 ? 'c.n30' : 'c.n');
  // The inner grouping uses plain columns (and the one salary expression) so the n-distinct
  // statistics apply and the planner hashes the few thousand combinations instead of sorting.
  return sql<FacetRow>`
    WITH c AS (
      SELECT j.position_type AS pt, j.sector AS se, j.country_code AS co, j.workplace AS wp,
        j.career_stage AS cs, (j.salary_min IS NOT NULL OR j.salary_max IS NOT NULL) AS sal,
        count(*)::int AS n,
        (count(*) FILTER (WHERE j.published_at > ${now}::timestamptz - interval '1 day'))::int AS n1,
        (count(*) FILTER (WHERE j.published_at > ${now}::timestamptz - interval '7 days'))::int AS n7,
        (count(*) FILTER (WHERE j.published_at > ${now}::timestamptz - interval '30 days'))::int AS n30
      FROM jobs j
      WHERE ${visibleAt(now)} ${ts ? sql`AND j.search @@ ${ts}` : sql``}
      GROUP BY j.position_type, j.sector, j.country_code, j.workplace, j.career_stage,
        (j.salary_min IS NOT NULL OR j.salary_max IS NOT NULL)
    )
    SELECT GROUPING(pt, se, co, wp, cs)::int AS g, pt, se, co::text AS co, wp, cs,
      coalesce(sum(${nf}) FILTER (WHERE ${but('positionType')}), 0)::int AS c_pt,
      coalesce(sum(${nf}) FILTER (WHERE ${but('sector')}), 0)::int AS c_se,
      coalesce(sum(${nf}) FILTER (WHERE ${but('country')}), 0)::int AS c_co,
      coalesce(sum(${nf}) FILTER (WHERE ${but('workplace')}), 0)::int AS c_wp,
      coalesce(sum(${nf}) FILTER (WHERE ${but('careerStage')}), 0)::int AS c_cs,
      coalesce(sum(${nf}) FILTER (WHERE ${but(null)}), 0)::int AS c_all,
      coalesce(sum(c.n1) FILTER (WHERE ${but('posted')}), 0)::int AS c_d1,
      coalesce(sum(c.n7) FILTER (WHERE ${but('posted')}), 0)::int AS c_d7,
      coalesce(sum(c.n30) FILTER (WHERE ${but('posted')}), 0)::int AS c_d30,
      coalesce(sum(${nf}) FILTER (WHERE ${but('salary')} AND c.sal), 0)::int AS c_sal
    FROM c
    GROUP BY GROUPING SETS ((pt), (se), (co), (wp), (cs), ())
  `;
}

export interface Facets {
  positionType: { value: string; count: number }[];
  sector: { value: string; count: number }[];
  country: { value: string; count: number }[];
  workplace: { value: string; count: number }[];
  careerStage: { value: string; count: number }[];
  postedWithinDays: { value: string; count: number }[];
  salaryStated: number;
  total: number;
}

/** GROUPING() bit masks: the bit of a column is 0 when the row is grouped by it. */
const MASK = { pt: 0b01111, se: 0b10111, co: 0b11011, wp: 0b11101, cs: 0b11110, all: 0b11111 };

export function facetsFromRows(rows: FacetRow[]): Facets {
  const out: Facets = {
    positionType: [],
    sector: [],
    country: [],
    workplace: [],
    careerStage: [],
    postedWithinDays: [],
    salaryStated: 0,
    total: 0,
  };
  const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) =>
    b.count - a.count || a.value.localeCompare(b.value);
  for (const r of rows) {
    if (r.g === MASK.pt && r.pt) out.positionType.push({ value: r.pt, count: r.c_pt });
    else if (r.g === MASK.se && r.se) out.sector.push({ value: r.se, count: r.c_se });
    else if (r.g === MASK.co && r.co) out.country.push({ value: r.co, count: r.c_co });
    else if (r.g === MASK.wp && r.wp) out.workplace.push({ value: r.wp, count: r.c_wp });
    else if (r.g === MASK.cs && r.cs) out.careerStage.push({ value: r.cs, count: r.c_cs });
    else if (r.g === MASK.all) {
      out.total = r.c_all;
      out.salaryStated = r.c_sal;
      out.postedWithinDays = [
        { value: '1', count: r.c_d1 },
        { value: '7', count: r.c_d7 },
        { value: '30', count: r.c_d30 },
      ];
    }
  }
  for (const k of ['positionType', 'sector', 'country', 'workplace', 'careerStage'] as const)
    out[k] = out[k].filter((b) => b.count > 0).sort(byCount); // zero buckets dropped (the web keeps ticked ones)
  return out;
}

export async function facetCounts(db: Executor, q: JobSearchQuery, now: Date): Promise<Facets> {
  const { rows } = await facetCountsSql(q, now).execute(db);
  return facetsFromRows(rows);
}

/** The number of listings a search finds now (every filter applied), for the "N jobs" line. */
export async function countMatches(db: Executor, q: JobSearchQuery, now: Date): Promise<number> {
  const ts = tsQuery(q.q);
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM jobs j
    WHERE ${visibleAt(now)} ${ts ? sql`AND j.search @@ ${ts}` : sql``} AND ${allBut(rowFilters(q, now), null)}
  `.execute(db);
  return rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Results with keyset pagination

/**
 * The order is (featured first, then rank or date, then id), all descending, so a cursor is the
 * last row's (featured, key, id) and the next page is the rows strictly "below" it: stable while
 * rows are added or removed elsewhere, no OFFSET. The rank is compared as float8 exactly as sent.
 */
export interface Cursor {
  f: 0 | 1;
  k: number; // rank (relevance) or published_at in epoch microseconds (newest)
  id: string;
}
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.f, c.k, c.id])).toString('base64url');
}
export function decodeCursor(s: string | null): Cursor | null {
  if (!s) return null;
  try {
    const [f, k, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if ((f !== 0 && f !== 1) || typeof k !== 'number' || !Number.isFinite(k) || typeof id !== 'string')
      return null;
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { f, k, id };
  } catch {
    return null;
  }
}

export interface ResultRow {
  id: string;
  title: string;
  employer_name: string;
  logo_url: string | null;
  position_type: string;
  sector: string;
  country_code: string;
  city: string;
  workplace: string;
  career_stage: string | null;
  salary_min: number | null;
  salary_max: number | null;
  salary_currency: string | null;
  product: string;
  published_at: Date | null;
  expires_at: Date | null;
  closing_on: string | null;
  snippet: string;
  f: number;
  k: number;
}

export interface AlertMatchRow {
  id: string;
  title: string;
  employer_name: string;
  country_code: string;
  city: string | null;
  published_at: Date;
  remaining: number;
}

/**
 * A saved search's unsent matches: visible listings matching the query (every filter except
 * "posted within", which the digest replaces with "published since the alert was made"), with no
 * row in job_alert_sends for this alert. Oldest first, so a capped digest carries the rest to the
 * next one; `remaining` is the number of unsent matches in all (before the limit). Only visible
 * listings are read, so the scan is bounded by the live listings however old the alert is.
 */
export function alertMatchesSql(q: JobSearchQuery, alertId: string, since: Date, limit: number, now: Date) {
  const ts = tsQuery(q.q);
  const f = rowFilters({ ...q, postedWithinDays: null }, now);
  return sql<AlertMatchRow>`
    SELECT j.id, j.title, j.employer_name, j.country_code::text AS country_code, j.city,
      j.published_at, count(*) OVER ()::int AS remaining
    FROM jobs j
    WHERE ${visibleAt(now)} ${ts ? sql`AND j.search @@ ${ts}` : sql``} AND ${allBut(f, null)}
      AND j.published_at > ${since}
      AND NOT EXISTS (SELECT 1 FROM job_alert_sends s WHERE s.alert_id = ${alertId} AND s.job_id = j.id)
    ORDER BY j.published_at ASC, j.id ASC
    LIMIT ${limit}
  `;
}

export function resultsSql(
  q: JobSearchQuery,
  sort: 'relevance' | 'newest',
  cursor: Cursor | null,
  limit: number,
  now: Date,
) {
  const ts = tsQuery(q.q);
  const byRank = sort === 'relevance' && ts !== null;
  const f = rowFilters(q, now);
  const featured = sql`(j.product = 'featured')`;
  // By date the order is the jobs_visible_order_idx index order, so a page reads ~limit rows.
  // The date key travels as integer microseconds (exact, unlike a float of seconds).
  const key = byRank
    ? sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', j.search, ${ts})::float8`
    : sql`(extract(epoch FROM j.published_at) * 1000000)::bigint`;
  const orderKey = byRank ? key : sql`j.published_at`;
  const after = cursor
    ? byRank
      ? sql`AND (${featured}, ${key}, j.id) < (${cursor.f === 1}, ${cursor.k}::float8, ${cursor.id}::uuid)`
      : sql`AND (${featured}, j.published_at, j.id) < (${cursor.f === 1}, timestamptz 'epoch' + ${cursor.k}::bigint * interval '1 microsecond', ${cursor.id}::uuid)`
    : sql``;
  return sql<ResultRow>`
    SELECT j.id, j.title, j.employer_name, (SELECT e.logo_url FROM employers e WHERE e.id = j.employer_id) AS logo_url,
      j.position_type, j.sector, j.country_code::text AS country_code,
      j.city, j.workplace, j.career_stage, j.salary_min, j.salary_max, j.salary_currency::text AS salary_currency,
      j.product, j.published_at, j.expires_at, j.closing_on::text AS closing_on,
      left(j.description_md, 600) AS snippet,
      ${featured}::int AS f, ${key} AS k
    FROM jobs j
    WHERE ${visibleAt(now)} ${ts ? sql`AND j.search @@ ${ts}` : sql``} AND ${allBut(f, null)} ${after}
    ORDER BY ${featured} DESC, ${orderKey} DESC, j.id DESC
    LIMIT ${limit + 1}
  `;
}

export async function searchResults(
  db: Executor,
  q: JobSearchQuery,
  sort: 'relevance' | 'newest',
  cursor: Cursor | null,
  limit: number,
  now: Date,
) {
  const { rows } = await resultsSql(q, sort, cursor, limit, now).execute(db);
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  const next = more && last ? encodeCursor({ f: last.f ? 1 : 0, k: Number(last.k), id: last.id }) : null;
  return { items, nextCursor: next };
}
