import type { JobSearchOutput, jobSearchInput } from '@societas/contracts';
import type { z } from 'zod';
import { AppError } from '../../../errors.js';
import type { ServiceContext } from '../../../lib/service-context.js';
import { decodeCursor } from '../search.repository.js';
import type { JobSearch } from './job-search.js';

/** What the public search needs besides the usual context: the search the process was built with. */
export interface JobSearchContext extends ServiceContext {
  jobSearch: JobSearch;
}

/** The public search: a validated query, a page of it from its keyset cursor, facets and total. */
export async function searchJobs(
  ctx: JobSearchContext,
  input: z.output<typeof jobSearchInput>,
): Promise<JobSearchOutput> {
  const cursor = decodeCursor(input.cursor);
  if (input.cursor && !cursor)
    throw new AppError('BAD_INPUT', 'This page link is not valid; start the search again.');
  return ctx.jobSearch.search(ctx.db, input, cursor, ctx.now);
}
