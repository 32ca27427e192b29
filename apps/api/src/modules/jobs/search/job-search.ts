import type { JobSearchOutput, JobSearchQuery, JobSummary } from '@societas/contracts';
import type { Executor } from '@societas/db';
import { type Cursor, facetCounts, type SummaryRow, searchResults } from '../search.repository.js';
import { plainSnippet } from './snippet.js';

/**
 * The public job search, answered by PostgreSQL (ADR 012). Two implementations of one interface:
 * `SqlJobSearch` runs the page and facet queries for every request; `CachedJobSearch`
 * (search-cache.ts) keeps each searched text's matches as PostgreSQL ranked them and answers
 * repeated searches of it from there, following every committed write.
 */
export type JobSearchRequest = JobSearchQuery & { sort: 'relevance' | 'newest'; limit: number };

export interface JobSearch {
  /** One page of results with facet counts and the total, as of `now`. */
  search(db: Executor, input: JobSearchRequest, cursor: Cursor | null, now: Date): Promise<JobSearchOutput>;
  close(): Promise<void>;
}

export function toSummary(row: SummaryRow): JobSummary {
  return {
    id: row.id,
    title: row.title,
    employerName: row.employer_name,
    logoUrl: row.logo_url,
    positionType: row.position_type as JobSummary['positionType'],
    sector: row.sector as JobSummary['sector'],
    countryCode: row.country_code,
    city: row.city,
    workplace: row.workplace as JobSummary['workplace'],
    careerStage: row.career_stage,
    salaryMin: row.salary_min,
    salaryMax: row.salary_max,
    salaryCurrency: row.salary_currency,
    featured: row.product === 'featured',
    publishedAt: row.published_at,
    expiresAt: row.expires_at,
    closingOn: row.closing_on,
    snippet: plainSnippet(row.snippet),
  };
}

/** Every request asks PostgreSQL: the page (keyset) and the facet combinations, side by side. */
export class SqlJobSearch implements JobSearch {
  async search(db: Executor, input: JobSearchRequest, cursor: Cursor | null, now: Date) {
    const [page, { total, ...facets }] = await Promise.all([
      searchResults(db, input, input.sort, cursor, input.limit, now),
      facetCounts(db, input, now),
    ]);
    return { items: page.items.map(toSummary), total, facets, nextCursor: page.nextCursor };
  }

  async close() {}
}
