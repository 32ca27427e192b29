import type { DbHandle } from '@societas/db';
import type { Logger } from 'pino';
import type { Env } from '../../../env.js';
import type { JobSearch } from './job-search.js';
import { SqlJobSearch } from './job-search.js';
import { CachedJobSearch } from './search-cache.js';

/** The job search a process serves with: cached per text (default) or plain SQL (JOB_SEARCH_CACHE=off). */
export function createJobSearch(
  env: Pick<Env, 'JOB_SEARCH_CACHE'>,
  handle: Pick<DbHandle, 'db' | 'url'>,
  log: Logger,
): JobSearch {
  return env.JOB_SEARCH_CACHE === 'off'
    ? new SqlJobSearch()
    : new CachedJobSearch({ db: handle.db, url: handle.url, log });
}
