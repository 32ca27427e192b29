/**
 * Load benchmark (not part of `npm test`): the production server on real PostgreSQL with the
 * scale seed, under a mix of public and signed-in API calls.
 *
 *   npm run build
 *   createdb -h 127.0.0.1 -U postgres societas_bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/societas_bench npm run db:seed -- --members 1000000 --jobs 100000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/societas_bench npm run bench:load
 *
 * Starts `apps/api/dist/main.js` (WORKER=off), signs in a member it creates, then runs autocannon
 * with LOAD_CONNECTIONS (200) connections for LOAD_SECONDS (60) over: job searches with facets,
 * the committee list and a committee page, the spotlight list, and the member's own status.
 * Prints requests/s, p50/p95/p99, errors and non-2xx answers, then the same job-search SQL timed
 * straight through `pg` for a ratio.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { jobSearchInput } from '@societas/contracts';
import { createKysely, createPool, hashPassword } from '@societas/db';
import autocannon from 'autocannon';
import pg from 'pg';
import superjson from 'superjson';
import { facetCountsSql, resultsSql } from '../src/modules/jobs/search.repository.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a scale-seeded database (see the header of this file).');
  process.exit(1);
}
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

async function freePort() {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const enc = (input: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(input)));

// A member with an active membership, made directly in the database.
const pool = createPool(url, 4);
const db = createKysely(pool);
const email = `load-${randomUUID().slice(0, 8)}@example.org`;
const password = 'load test password';
const userId = `load-${randomUUID()}`;
await db
  .insertInto('users')
  .values({ id: userId, name: 'Load Tester', email, email_verified: true, role: 'user' })
  .execute();
await db
  .insertInto('accounts')
  .values({
    id: `${userId}-c`,
    user_id: userId,
    account_id: userId,
    provider_id: 'credential',
    password: await hashPassword(password),
  })
  .execute();
const committee = await db.selectFrom('committees').select('slug').orderBy('sort_order').executeTakeFirst();

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [MAIN], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    AUTH_SECRET: 'load-bench-secret-load-bench-secret-0123',
    WORKER: 'off',
    SEED_DEMO: 'never',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '20',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 120) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 500));
  }
  const signIn = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(superjson.serialize({ email, password })),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!signIn.ok || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);

  const searches = [
    { q: 'organoid postdoc', country: ['DE'] },
    { q: 'CRISPR' },
    { q: '', positionType: ['postdoc'] },
    { q: 'kidney organoid', sort: 'newest' },
    { q: '' },
  ].map((s) => jobSearchInput.parse({ ...s, limit: 20 }));
  const requests: autocannon.Request[] = [
    ...searches.map((s) => ({ method: 'GET' as const, path: `/trpc/jobs.search?input=${enc(s)}` })),
    { method: 'GET', path: `/trpc/committees.list?input=${enc({})}` },
    ...(committee
      ? [{ method: 'GET' as const, path: `/trpc/committees.bySlug?input=${enc({ slug: committee.slug })}` }]
      : []),
    { method: 'GET', path: `/trpc/spotlights.list?input=${enc({ page: 1, pageSize: 12 })}` },
    { method: 'GET', path: '/trpc/membership.status', headers: { cookie } },
  ];

  console.log(`\nLoad: ${CONNECTIONS} connections for ${SECONDS} s over ${requests.length} calls`);
  // Every response time, for exact percentiles (autocannon's summary has p97.5, not p95).
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections: CONNECTIONS, duration: SECONDS, requests },
      (error: Error | null, res: autocannon.Result) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  console.log(autocannon.printResult(result));
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const table = {
    requests: result.requests.total,
    'req/s': Math.round(result.requests.average),
    'p50 ms': Math.round(at(50)),
    'p95 ms': Math.round(at(95)),
    'p99 ms': Math.round(at(99)),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
  console.table([table]);

  // The same job-search SQL straight through pg, one at a time, for a ratio.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const input = searches[i % searches.length]!;
    const now = new Date();
    const t0 = performance.now();
    for (const q of [resultsSql(input, input.sort, null, input.limit, now), facetCountsSql(input, now)]) {
      const compiled = q.compile(db);
      await client.query(compiled.sql, compiled.parameters as unknown[]);
    }
    times.push(performance.now() - t0);
  }
  await client.end();
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  console.log(
    `Job search SQL through pg (sequential): p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms`,
  );
  if (result.errors > 0 || result.non2xx > 0) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('accounts').where('user_id', '=', userId).execute();
  await db.deleteFrom('users').where('id', '=', userId).execute();
  await db.destroy();
}
