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

/** Visible at the clock and matching the text's query (every visible listing: no text). */
const visibleMatching = (now: Date, ts: Frag | null) =>
  ts ? sql`${visibleAt(now)} AND j.search @@ ${ts}` : visibleAt(now);

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
    WHERE ${visibleMatching(now, ts)}
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
    WHERE ${visibleMatching(now, ts)} AND ${allOf(f)}
      AND j.published_at > ${since}
      AND NOT EXISTS (SELECT 1 FROM job_alert_sends s WHERE s.alert_id = ${alertId} AND s.job_id = j.id)
    ORDER BY j.published_at ASC, j.id ASC
    LIMIT ${limit}
  `;
}

/** Featured listings lead the relevance order (what featured buys); "newest" is by date alone. */
const FEATURED = sql`(j.product = 'featured')`;
/** The rank a text gives a listing: PostgreSQL's cover density, title 1.0 > employer 0.4 > description 0.2. */
const rankOf = (ts: Frag) => sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', j.search, ${ts})::float8`;
/** published_at as integer epoch microseconds: exact, unlike a float of seconds or a JS Date. */
const PUBLISHED_US = sql`(extract(epoch FROM j.published_at) * 1000000)::bigint`;
const EXPIRES_US = sql`(extract(epoch FROM j.expires_at) * 1000000)::bigint`;
const usToTimestamp = (us: number) => sql`(timestamptz 'epoch' + ${us}::bigint * interval '1 microsecond')`;

/**
 * One page of results. Relevance: (featured, rank, id) descending, or (featured, published, id)
 * with no text; newest: (published, id) descending, featured or not. A cursor is the last row's
 * (featured, key, id) and the next page is the rows strictly after it: stable while rows are added
 * or removed elsewhere, no OFFSET.
 */
export function resultsSql(
  q: JobSearchQuery,
  sort: 'relevance' | 'newest',
  cursor: Cursor | null,
  limit: number,
  now: Date,
) {
  const ts = tsQuery(q.q);
  const f = rowFilters(q, now);
  const newest = sort === 'newest';
  const byRank = !newest && ts !== null;
  const key = byRank ? rankOf(ts) : PUBLISHED_US;
  const orderKey = byRank ? key : sql`j.published_at`;
  const cursorKey = byRank ? sql`${cursor?.k ?? 0}::float8` : usToTimestamp(cursor?.k ?? 0);
  const after = !cursor
    ? sql``
    : newest
      ? sql`AND (j.published_at, j.id) < (${cursorKey}, ${cursor.id}::uuid)`
      : sql`AND (${FEATURED}, ${orderKey}, j.id) < (${cursor.f === 1}, ${cursorKey}, ${cursor.id}::uuid)`;
  // By date the order is an index's (jobs_newest_idx, jobs_visible_order_idx): a page reads ~limit rows.
  const order = newest
    ? sql`j.published_at DESC, j.id DESC`
    : sql`${FEATURED} DESC, ${orderKey} DESC, j.id DESC`;
  return sql<ResultRow>`
    SELECT ${SUMMARY_COLUMNS}, ${newest ? sql`0` : sql`${FEATURED}::int`} AS f, ${key} AS k
    FROM jobs j
    WHERE ${visibleMatching(now, ts)} AND ${allOf(f)} ${after}
    ORDER BY ${order}
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

// ---------------------------------------------------------------------------------------------
// What the search cache (search/search-cache.ts) reads: a text's matches, ranked by PostgreSQL

/** A visible listing's facts that ordering, paging and facet counting read. */
export interface ListingFactRow {
  id: string;
  /** 1 when featured. */
  f: number;
  pub: number;
  exp: number;
  pt: string;
  se: string;
  co: string;
  wp: string;
  cs: string | null;
  sal: boolean;
}

/** One visible listing matching a text, with its relevance key. */
export interface MatchRow extends ListingFactRow {
  /** The rank (text) or published_at in epoch microseconds (no text). */
  k: number;
}

const MATCH_COLUMNS = sql`j.id, ${FEATURED}::int AS f, ${PUBLISHED_US} AS pub, ${EXPIRES_US} AS exp,
  j.position_type AS pt, j.sector AS se, j.country_code::text AS co, j.workplace AS wp,
  j.career_stage AS cs, (j.salary_min IS NOT NULL OR j.salary_max IS NOT NULL) AS sal`;

/** Every listing visible at `now` that matches a text: ids and ranks, one comma-separated string each. */
export interface MatchKeys {
  n: number;
  ids: string | null;
  k: string | null;
}

/**
 * Every listing visible at `now` that matches the text (every listing: no text), as columns: one
 * comma-separated string each, in the same (unspecified) row order, so a hundred thousand rows
 * cross the wire and are read in JavaScript as six strings, not as row objects. `combo` is the
 * facet values joined by `|` (career stage `~` when none, salary stated 1/0).
 */
export interface MatchColumns extends MatchKeys {
  f: string | null;
  pub: string | null;
  exp: string | null;
  combo: string | null;
}

/** The count, ids and ranks of a text's matches; one aggregate node reads each row once for all, so their orders agree. */
const keyAggregates = (ts: Frag | null) => sql`count(*)::int AS n, string_agg(j.id::text, ',') AS ids,
  string_agg((${ts ? rankOf(ts) : PUBLISHED_US})::text, ',') AS k`;

export async function textMatchColumns(db: Executor, text: string, now: Date): Promise<MatchColumns> {
  const ts = tsQuery(text);
  const { rows } = await sql<MatchColumns>`
    SELECT ${keyAggregates(ts)},
      string_agg(${FEATURED}::int::text, ',') AS f,
      string_agg(${PUBLISHED_US}::text, ',') AS pub, string_agg(${EXPIRES_US}::text, ',') AS exp,
      string_agg(concat_ws('|', j.position_type, j.sector, j.country_code, j.workplace,
        coalesce(j.career_stage, '~'), (j.salary_min IS NOT NULL OR j.salary_max IS NOT NULL)::int), ',') AS combo
    FROM jobs j
    WHERE ${visibleMatching(now, ts)}
  `.execute(db);
  return rows[0]!;
}

/** The slim read, for a cache that already holds every visible listing's facts. */
export async function textMatchKeys(db: Executor, text: string, now: Date): Promise<MatchKeys> {
  const ts = tsQuery(text);
  const { rows } = await sql<MatchKeys>`
    SELECT ${keyAggregates(ts)} FROM jobs j WHERE ${visibleMatching(now, ts)}
  `.execute(db);
  return rows[0]!;
}

/**
 * For some changed listings and some texts (each with the clock its matches were read at): the
 * listings each text matches now, with their rank. The match and rank are PostgreSQL's, run on
 * the changed rows alone, so an edit costs one small query however many listings a text matches.
 */
export async function rematch(
  db: Executor,
  ids: readonly string[],
  texts: readonly { text: string; at: Date }[],
): Promise<(MatchRow & { text: string })[]> {
  if (ids.length === 0 || texts.length === 0) return [];
  const ts = sql`websearch_to_tsquery('english', t.text)`;
  const { rows } = await sql<MatchRow & { text: string }>`
    SELECT t.text, ${MATCH_COLUMNS},
      CASE WHEN t.text = '' THEN ${PUBLISHED_US}::float8 ELSE ${rankOf(ts)} END AS k
    FROM jobs j
    CROSS JOIN unnest(${texts.map((t) => t.text)}::text[], ${texts.map((t) => t.at)}::timestamptz[]) AS t(text, at)
    WHERE j.id = ANY(${ids}::uuid[]) AND j.status = 'published' AND j.expires_at > t.at
      AND (t.text = '' OR j.search @@ ${ts})
  `.execute(db);
  return rows;
}

/** The facts of some listings that are published now (a listing taken off has no row). */
export async function factsOf(db: Executor, ids: readonly string[]): Promise<ListingFactRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<ListingFactRow>`
    SELECT ${MATCH_COLUMNS} FROM jobs j WHERE j.id = ANY(${ids}::uuid[]) AND j.status = 'published'
  `.execute(db);
  return rows;
}

/** Result summaries by id (in no particular order), with the employer a logo change is sent for. */
export async function summariesOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const { rows } = await sql<SummaryRow & { employer_id: string }>`
    SELECT ${SUMMARY_COLUMNS}, j.employer_id FROM jobs j WHERE j.id = ANY(${ids}::uuid[])
  `.execute(db);
  return rows;
}
