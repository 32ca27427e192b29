/**
 * Directory search benchmark (not part of `npm test`). Against DATABASE_URL with the scale seed:
 *
 *   npm run db:seed -- --members 1000000 --payments-per-member 1     (into DATABASE_URL)
 *   DATABASE_URL=... npm run bench:directory --workspace @societas/api
 *
 * For each kind of search, runs BENCH_REQUESTS requests (default 100) at a fixed concurrency
 * (BENCH_CONCURRENCY, default 20) through the tRPC caller as an active member (access check, input
 * parsing, locks, both queries, output validation), then the same two SQL statements straight
 * through `pg`, and prints p50/p95/p99 of each and the service/pg ratio.
 */
import { DIRECTORY_COUNT_CAP, type DirectorySearchInput, directorySearchInput } from '@societas/contracts';
import { createDb } from '@societas/db';
import pg from 'pg';
import { directorySearchQueries, listLocks } from '../src/modules/directory/directory.repository.js';
import type { Context } from '../src/trpc/context.js';
import { createCallerFactory } from '../src/trpc/init.js';
import { appRouter } from '../src/trpc/router.js';
import { ms, runConcurrent, type Timing } from './concurrency.js';

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error(
    'Set DATABASE_URL to a database seeded with --members 1000000 (see the header of this file).',
  );
  process.exit(2);
}
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const POOL = Number(process.env.BENCH_POOL ?? 10);
const PAGE_SIZE = 25;

const cases: Array<[string, DirectorySearchInput]> = [
  ['browse, page 1', { page: 1, pageSize: PAGE_SIZE }],
  ['browse, last page under the count cap', { page: DIRECTORY_COUNT_CAP / PAGE_SIZE, pageSize: PAGE_SIZE }],
  ['name "mar"', { name: 'mar', page: 1, pageSize: PAGE_SIZE }],
  ['name "wijaya"', { name: 'wijaya', page: 1, pageSize: PAGE_SIZE }],
  ['institution "karolinska"', { institution: 'karolinska', page: 1, pageSize: PAGE_SIZE }],
  ['country JP', { countryCode: 'JP', page: 1, pageSize: PAGE_SIZE }],
  ['research area "organoids"', { researchArea: 'organoids', page: 1, pageSize: PAGE_SIZE }],
  ['student + country BR', { careerStage: 'student', countryCode: 'BR', page: 1, pageSize: PAGE_SIZE }],
  ['name "zzqx" (no match)', { name: 'zzqx', page: 1, pageSize: PAGE_SIZE }],
];

const handle = await createDb({ databaseUrl: url, poolSize: POOL });
const raw = new pg.Pool({ connectionString: url, max: POOL });
try {
  const members = await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM member_profiles');
  // The viewer: an active, listed member (the access check reads their ledger, as in production).
  const viewer = await raw.query<{ id: string; name: string; email: string }>(
    `SELECT u.id, u.name, u.email FROM directory_membership dm JOIN users u ON u.id = dm.user_id
     WHERE dm.benefits_until > now() ORDER BY u.id LIMIT 1`,
  );
  if (!viewer.rows[0]) throw new Error('No active member to search as: seed with --members first.');
  console.log(
    `member_profiles: ${members.rows[0]!.n.toLocaleString()}; concurrency ${CONCURRENCY}; pool ${POOL}; ${REQUESTS} requests per kind`,
  );
  if (members.rows[0]!.n < 100_000)
    console.warn('Few members: seed with --members 1000000 for meaningful numbers.');

  const user = { ...viewer.rows[0]!, emailVerified: true, role: 'user' as const };
  // directory.search reads only `db` and `user` from the context.
  const caller = createCallerFactory(appRouter)({ db: handle.db, user } as unknown as Context);
  const viaService = (input: DirectorySearchInput) => caller.directory.search(input);
  const viaPg = async (input: DirectorySearchInput) => {
    const { page, pageSize, ...filters } = directorySearchInput.parse(input);
    const locks = await listLocks(handle.db);
    const q = directorySearchQueries(
      handle.db,
      filters,
      { page, pageSize },
      { viewer: 'members', countCap: DIRECTORY_COUNT_CAP },
      locks,
    );
    const a = q.rows.compile();
    const b = q.count.compile();
    return Promise.all([
      raw.query(a.sql, a.parameters as unknown[]),
      raw.query(b.sql, b.parameters as unknown[]),
    ]);
  };

  const all = (n: number) => Array.from({ length: n }, (_, i) => cases[i % cases.length]![1]);
  await runConcurrent('warm-up', all(WARMUP * cases.length), CONCURRENCY, viaService);

  const line = (t: Timing) =>
    `p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  p99 ${ms(t.p99)}  ${t.rps.toFixed(0).padStart(5)} req/s`;
  const worst = { p95: 0, label: '' };
  for (const [label, input] of cases) {
    const inputs = Array.from({ length: REQUESTS }, () => input);
    const service = await runConcurrent(label, inputs, CONCURRENCY, viaService);
    const direct = await runConcurrent(label, inputs, CONCURRENCY, viaPg);
    const matches = await viaService(input);
    console.log(
      `\n${label} (${matches.totalCapped ? `>${matches.total}` : matches.total} matches, n=${service.n})`,
    );
    console.log(`  via tRPC  ${line(service)}`);
    console.log(`  via pg    ${line(direct)}`);
    console.log(
      `  ratio service/pg: p50 ${(service.p50 / direct.p50).toFixed(2)}x  p95 ${(service.p95 / direct.p95).toFixed(2)}x  p99 ${(service.p99 / direct.p99).toFixed(2)}x`,
    );
    if (service.p95 > worst.p95) Object.assign(worst, { p95: service.p95, label });
  }
  console.log(`\nslowest p95 via tRPC: ${worst.label} (${worst.p95.toFixed(1)} ms)`);
} finally {
  await raw.end();
  await handle.close();
}
