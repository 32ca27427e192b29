/**
 * Job search benchmark (not part of `npm test`). Against DATABASE_URL with the scale seed:
 *
 *   createdb -h 127.0.0.1 -U postgres jobs_bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobs_bench npm run db:seed -- --jobs 100000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobs_bench npm run bench
 *
 * Runs search-with-facets requests at a fixed concurrency through the tRPC caller (input parsing,
 * the in-memory index with its barrier query, output validation) as served; then the index with
 * its per-text memo off, so every search evaluates its text over the listings; then the same
 * search done by PostgreSQL (the results and facet-combination SQL that the feed and the index's
 * equivalence test use) straight through `pg`, and prints p50/p95/p99 for each and the ratio.
 * The warm-up uses another seed than the measured requests, so measured searches are not pre-run.
 *
 * A quick check that it runs (small numbers mean nothing):
 *
 *   createdb -h 127.0.0.1 -U postgres bench_small_jobs
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_small_jobs npm run db:seed -- --jobs 2000 --members 1000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_small_jobs BENCH_REQUESTS=200 BENCH_WARMUP=50 npm run bench
 */
import { performance } from 'node:perf_hooks';
import { type JobSearchInput, jobSearchInput } from '@societas/contracts';
import { createDb } from '@societas/db';
import pg from 'pg';
import { createLogger } from '../src/logger.js';
import { JobSearchIndex } from '../src/modules/jobs/search/search.index.js';
import { facetCombinationsSql, resultsSql } from '../src/modules/jobs/search.repository.js';
import type { Context } from '../src/trpc/context.js';
import { createCallerFactory } from '../src/trpc/init.js';
import { appRouter } from '../src/trpc/router.js';
import { runConcurrent } from './concurrency.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a database seeded with --jobs 100000 (see the header of this file).');
  process.exit(1);
}
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const POOL = Number(process.env.BENCH_POOL ?? 10);

const WORDS = [
  'organoid',
  'kidney organoid',
  'organoid postdoc',
  'CRISPR',
  'iPSC',
  'cardiac regeneration',
  'neural stem cells',
  'gene therapy',
  'single-cell',
  'hematopoietic',
  'postdoc',
  'technician',
  'faculty',
  'epigenetic reprogramming',
];
const COUNTRIES = ['DE', 'US', 'GB', 'FR', 'JP', 'CH', 'NL', 'SE', 'AU', 'CA'];
const POSITIONS = ['postdoc', 'phd', 'faculty', 'industry_rd', 'staff_scientist'] as const;

/** A deterministic mix: a third browse (no text), the rest text searches; filters ticked on many. */
function queries(n: number, seedValue: number): JobSearchInput[] {
  const out: JobSearchInput[] = [];
  let seed = seedValue;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  for (let i = 0; i < n; i++) {
    const q: JobSearchInput = { q: rnd() < 0.33 ? '' : pick(WORDS), limit: 20 };
    if (rnd() < 0.5) q.country = [pick(COUNTRIES)];
    if (rnd() < 0.3) q.positionType = [pick(POSITIONS)];
    if (rnd() < 0.15) q.workplace = ['remote', 'hybrid'];
    if (rnd() < 0.15) q.salaryStated = true;
    if (rnd() < 0.2) q.postedWithinDays = pick([7, 30] as const);
    if (rnd() < 0.3) q.sort = 'newest';
    out.push(q);
  }
  return out;
}

async function run(label: string, inputs: JobSearchInput[], fn: (q: JobSearchInput) => Promise<unknown>) {
  const r = await runConcurrent(label, inputs, CONCURRENCY, fn);
  console.log(
    `${label.padEnd(28)} n=${r.n}  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ${r.rps.toFixed(0)} req/s`,
  );
  return r;
}

const handle = await createDb({ databaseUrl: url, poolSize: POOL });
const raw = new pg.Pool({ connectionString: url, max: POOL });
try {
  const { rows } = await raw.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM jobs WHERE status = 'published' AND expires_at > now()`,
  );
  const total = await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs');
  console.log(
    `jobs: ${total.rows[0]!.n} (${rows[0]!.n} visible); concurrency ${CONCURRENCY}; pool ${POOL}; ${REQUESTS} requests`,
  );
  if (total.rows[0]!.n < 1000) console.warn('Few jobs: seed with --jobs 100000 for meaningful numbers.');

  // Only `db` and `jobSearch` are read by the public search procedure.
  const jobSearch = new JobSearchIndex({
    db: handle.db,
    url,
    log: createLogger({ LOG_LEVEL: 'warn', NODE_ENV: 'production' }),
  });
  const loadStarted = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  await jobSearch.sync();
  console.log(
    `index: ${jobSearch.size} listings read in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s, heap +${((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MiB`,
  );
  const caller = createCallerFactory(appRouter)({ db: handle.db, jobSearch } as unknown as Context);
  const inputs = queries(REQUESTS, 42);
  const warmup = queries(WARMUP, 7);
  const viaService = (q: JobSearchInput) => caller.jobs.search(q);
  const viaPg = (q: JobSearchInput) => {
    const parsed = jobSearchInput.parse(q);
    const now = new Date();
    const a = resultsSql(parsed, parsed.sort, null, parsed.limit, now).compile(handle.db);
    const b = facetCombinationsSql(parsed.q, now).compile(handle.db);
    return Promise.all([
      raw.query(a.sql, a.parameters as unknown[]),
      raw.query(b.sql, b.parameters as unknown[]),
    ]);
  };
  const distinct = new Set(inputs.map((q) => JSON.stringify(q))).size;
  console.log(
    `${inputs.length} measured requests, ${distinct} distinct searches; warm-up: another ${warmup.length}`,
  );

  try {
    await run('warm-up (index)', warmup, viaService);
    const served = await run('search+facets via tRPC', inputs, viaService);
    console.log(
      `target p95 < 30 ms: ${served.p95 < 30 ? 'met' : 'NOT met'} (${served.p95.toFixed(1)} ms, as served)`,
    );
    jobSearch.memoEnabled = false;
    await run('index, per-text memo off', inputs, viaService);
    jobSearch.memoEnabled = true;
    // BENCH_SQL=0 skips the (slow) SQL side, for profiling the index alone.
    if (process.env.BENCH_SQL !== '0') {
      await run('warm-up (pg)', warmup, viaPg);
      const direct = await run('same search as SQL via pg', inputs, viaPg);
      console.log(
        `ratio served/pg: p50 ${(served.p50 / direct.p50).toFixed(3)}x  p95 ${(served.p95 / direct.p95).toFixed(3)}x  p99 ${(served.p99 / direct.p99).toFixed(3)}x`,
      );
    }
  } finally {
    await jobSearch.close();
  }
} finally {
  await raw.end();
  await handle.close();
}
