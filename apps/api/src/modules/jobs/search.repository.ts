import type { JobSearchQuery } from '@societas/contracts';
import { type Executor, sql } from '@societas/db';
import type { RawBuilder } from 'kysely';
import { CombinationTable, FacetDictionaries, type Facets, sumFacets } from './search/facets.js';

export type { Facets } from './search/facets.js';

/**
 * Job search in SQL. A listing is visible while `status = 'published'` and `expires_at` is after
 * the clock: expiry needs no job to flip a status. Text search uses the generated `search`
 * tsvector (title A > employer B > description C) with `websearch_to_tsquery`.
 *
 * Facet counts are disjunctive: each facet's counts apply every other facet's filter but not its
 * own, so ticking Germany still shows how many listings the other countries have. One query groups
 * the rows matching the text by every facet column at once (a small table of combinations, which
 * depends on the text and the clock only); `facetsFromCombinations` then sums, for each facet, the
 * combinations that pass the other facets' filters. So one table serves every filter combination
 * of a text.
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

/** Every filter at once. */
const allOf = (f: Record<string, Frag>): Frag => sql.join(Object.values(f), sql` AND `);

/**
 * The visible listings matching a text that share every facet value, and how many of them were
 * posted within 1 / 7 / 30 days of the clock.
 */
export interface FacetCombination {
  pt: string;
  se: string;
  co: string;
  wp: string;
  cs: string | null;
  sal: boolean;
  n: number;
  n1: number;
  n7: number;
  n30: number;
}

export function facetCombinationsSql(text: string, now: Date) {
  const ts = tsQuery(text);
  // Plain columns (and the one salary expression) so the n-distinct statistics apply and the
  // planner hashes the few thousand combinations instead of sorting.
  return sql<FacetCombination>`
    SELECT j.position_type AS pt, j.sector AS se, j.country_code::text AS co, j.workplace AS wp,
      j.career_stage AS cs, (j.salary_min IS NOT NULL OR j.salary_max IS NOT NULL) AS sal,
      count(*)::int AS n,
      (count(*) FILTER (WHERE j.published_at > ${now}::timestamptz - interval '1 day'))::int AS n1,
      (count(*) FILTER (WHERE j.published_at > ${now}::timestamptz - interval '7 days'))::int AS n7,
      (count(*) FILTER (WHERE j.published_at > ${now}::timestamptz - interval '30 days'))::int AS n30
    FROM jobs j
    WHERE ${visibleAt(now)} ${ts ? sql`AND j.search @@ ${ts}` : sql``}
    GROUP BY j.position_type, j.sector, j.country_code, j.workplace, j.career_stage,
      (j.salary_min IS NOT NULL OR j.salary_max IS NOT NULL)
  `;
}

export async function facetCombinations(db: Executor, text: string, now: Date) {
  return (await facetCombinationsSql(text, now).execute(db)).rows;
}

/**
 * Every facet's counts for a search, from the combinations of its text (the rule: `sumFacets`).
 * The rows are numbered here as the index numbers its listings' combinations.
 */
export function facetsFromCombinations(rows: readonly FacetCombination[], q: JobSearchQuery): Facets {
  const dicts = new FacetDictionaries();
  const table = new CombinationTable();
  const pick = (f: (r: FacetCombination) => number) => Int32Array.from(rows, f);
  const counts = {
    combo: pick((r) =>
      table.idOf(
        [
          dicts.positionTypes.code(r.pt),
          dicts.sectors.code(r.se),
          dicts.countries.code(r.co),
          dicts.workplaces.code(r.wp),
          r.cs === null ? 0 : dicts.careerStages.code(r.cs),
        ],
        r.sal,
      ),
    ),
    n: pick((r) => r.n),
    n1: pick((r) => r.n1),
    n7: pick((r) => r.n7),
    n30: pick((r) => r.n30),
  };
  return sumFacets(dicts, table, counts, q, dicts.filters(q)).facets;
}

/** Facet counts computed for this request alone (nothing shared). */
export async function facetCounts(db: Executor, q: JobSearchQuery, now: Date): Promise<Facets> {
  return facetsFromCombinations(await facetCombinations(db, q.q, now), q);
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

/** The columns a search result is shown with (SUMMARY_COLUMNS). */
export interface SummaryRow {
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
  /** The description's first 600 characters, markdown. */
  snippet: string;
}

/** Read by the SQL results and by the in-memory index (search/search.index.ts) alike. */
export const SUMMARY_COLUMNS = sql`j.id, j.title, j.employer_name,
  (SELECT e.logo_url FROM employers e WHERE e.id = j.employer_id) AS logo_url,
  j.position_type, j.sector, j.country_code::text AS country_code,
  j.city, j.workplace, j.career_stage, j.salary_min, j.salary_max, j.salary_currency::text AS salary_currency,
  j.product, j.published_at, j.expires_at, j.closing_on::text AS closing_on,
  left(j.description_md, 600) AS snippet`;

export interface ResultRow extends SummaryRow {
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
    WHERE ${visibleAt(now)} ${ts ? sql`AND j.search @@ ${ts}` : sql``} AND ${allOf(f)}
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
    SELECT ${SUMMARY_COLUMNS}, ${featured}::int AS f, ${key} AS k
    FROM jobs j
    WHERE ${visibleAt(now)} ${ts ? sql`AND j.search @@ ${ts}` : sql``} AND ${allOf(f)} ${after}
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
