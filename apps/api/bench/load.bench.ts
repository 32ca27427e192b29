/**
 * Load benchmark (not part of `npm test`): the production server on real PostgreSQL with the
 * scale seed, under a mix of public and signed-in API calls.
 *
 *   createdb -h 127.0.0.1 -U postgres societas_bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/societas_bench npm run db:seed -- --members 1000000 --jobs 100000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/societas_bench npm run bench:load
 *   ... npm run bench:load -- --connections 10 --seconds 5     # a short check
 *
 * Starts `apps/api/dist/main.js` (WORKER=off; `npm run bench:load` at the root builds it first) and
 * signs in a load member it creates with an active Regular membership (a paid payment and its
 * `joined` ledger event, as the seeds write them). The scale seed makes no committees or spotlights,
 * so when the database has none the script adds a few (and removes them afterwards) so those calls
 * read real rows. Then autocannon runs `--connections` (200) connections for `--seconds` (60) over:
 * job searches with facets, the committee list and a committee page, the spotlight list, and the
 * member's own status. Prints requests/s, p50/p95/p99, errors and non-2xx answers; then the job
 * searches one at a time over HTTP and the same SQL straight through `pg`, and their ratio.
 * Exits non-zero on any error or non-2xx answer.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jobSearchInput } from '@societas/contracts';
import { createKysely, createPool, hashPassword } from '@societas/db';
import autocannon from 'autocannon';
import pg from 'pg';
import superjson from 'superjson';
import { facetCombinationsSql, resultsSql } from '../src/modules/jobs/search.repository.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a scale-seeded database (see the header of this file).');
  process.exit(1);
}
const { values: args } = parseArgs({
  options: { connections: { type: 'string' }, seconds: { type: 'string' } },
  strict: true,
});
function positive(name: string, value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number above 0, got "${value}"`);
    process.exit(2);
  }
  return n;
}
const CONNECTIONS = positive('connections', args.connections ?? process.env.LOAD_CONNECTIONS, 200);
const SECONDS = positive('seconds', args.seconds ?? process.env.LOAD_SECONDS, 60);
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

async function freePort() {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const enc = (input: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(input)));

const pool = createPool(url, 4);
const db = createKysely(pool);

const regular = await db
  .selectFrom('plans as p')
  .innerJoin('plan_prices as pp', 'pp.plan_id', 'p.id')
  .select(['p.id', 'p.name', 'pp.amount_minor', 'pp.currency'])
  .where('p.code', '=', 'regular')
  .where('pp.income_band', '=', 'high')
  .where('pp.term_years', '=', 1)
  .executeTakeFirst();
const scaleMembers = await db
  .selectFrom('users')
  .select('id')
  .where('id', 'like', 'scale-%')
  .orderBy('id')
  .limit(40)
  .execute();
if (!regular || scaleMembers.length < 10) {
  console.error(
    'This database has no Regular plan price or fewer than 10 scale members: seed it first with ' +
      '`npm run db:seed -- --members N --jobs N` (see the header of this file).',
  );
  await db.destroy();
  process.exit(1);
}

const email = `load-${randomUUID().slice(0, 8)}@example.org`;
const password = 'load test password';
const userId = `load-${randomUUID()}`;
const LOAD_PREFIX = 'load-bench-';
let server: ReturnType<typeof spawn> | undefined;
try {
  // A member with an active membership, written the way the seeds write one: profile, a paid
  // payment and the `joined` ledger event that points at it.
  const now = new Date();
  const DAY = 86_400_000;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ id: userId, name: 'Load Tester', email, email_verified: true, role: 'user' })
      .execute();
    await trx
      .insertInto('accounts')
      .values({
        id: `${userId}-c`,
        user_id: userId,
        account_id: userId,
        provider_id: 'credential',
        password: await hashPassword(password),
      })
      .execute();
    await trx
      .insertInto('member_profiles')
      .values({
        user_id: userId,
        institution: 'Load Institute',
        country_code: 'DE',
        career_stage: 'mid_career',
      })
      .execute();
    const paidAt = new Date(now.getTime() - 30 * DAY);
    const payment = await trx
      .insertInto('payments')
      .values({
        user_id: userId,
        kind: 'membership',
        status: 'paid',
        amount_minor: regular.amount_minor,
        currency: regular.currency,
        description: `${regular.name} membership, 1 year`,
        plan_id: regular.id,
        term_years: 1,
        paid_at: paidAt,
        created_at: paidAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('membership_events')
      .values({
        user_id: userId,
        kind: 'joined',
        plan_id: regular.id,
        term_years: 1,
        starts_at: paidAt,
        ends_at: new Date(paidAt.getTime() + 365 * DAY),
        payment_id: payment.id,
        created_at: paidAt,
      })
      .execute();
  });

  // The scale seed makes no committees or spotlights; add a few when there are none.
  const hasCommittees = await db.selectFrom('committees').select('id').limit(1).executeTakeFirst();
  const hasSpotlights = await db
    .selectFrom('spotlights')
    .select('id')
    .where('status', '=', 'published')
    .limit(1)
    .executeTakeFirst();
  if (!hasCommittees) {
    const kinds = ['board', 'standing', 'standing', 'task_force', 'editorial'] as const;
    const committees = await db
      .insertInto('committees')
      .values(
        kinds.map((kind, i) => ({
          slug: `${LOAD_PREFIX}committee-${i + 1}`,
          name: `Load Committee ${i + 1}`,
          kind,
          charge_md: "Reviews the society's work in this area and reports to the board.",
          sort_order: i,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('committee_terms')
      .values(
        committees.flatMap((c, ci) =>
          Array.from({ length: 8 }, (_, k) => ({
            committee_id: c.id,
            user_id: scaleMembers[(ci * 8 + k) % scaleMembers.length]!.id,
            role: k === 0 ? ('chair' as const) : ('member' as const),
            starts_on: new Date(now.getTime() - k * 40 * DAY).toISOString().slice(0, 10),
          })),
        ),
      )
      .execute();
    console.log(`No committees in this database: added ${committees.length} with 8 members each.`);
  }
  if (!hasSpotlights) {
    const rows = Array.from({ length: 24 }, (_, i) => ({
      slug: `${LOAD_PREFIX}spotlight-${i + 1}`,
      title: `Load spotlight ${i + 1}`,
      standfirst: 'A member at work in the lab.',
      body_md: 'Questions and answers about their research.\n\n'.repeat(20),
      member_user_id: scaleMembers[i % scaleMembers.length]!.id,
      tags: ['organoids'],
      status: 'published' as const,
      publish_at: new Date(now.getTime() - (i + 1) * DAY),
    }));
    await db.insertInto('spotlights').values(rows).execute();
    console.log(`No published spotlights in this database: added ${rows.length}.`);
  }
  const committee = await db
    .selectFrom('committees')
    .select('slug')
    .orderBy('sort_order')
    .executeTakeFirstOrThrow();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [MAIN], {
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
  const status = await fetch(`${base}/trpc/membership.status`, { headers: { cookie } }).then((r) => r.text());
  if (!status.includes('"active"')) throw new Error(`the load member's membership is not active: ${status}`);

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
    { method: 'GET', path: `/trpc/committees.bySlug?input=${enc({ slug: committee.slug })}` },
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

  // The job searches one at a time over HTTP (the server idle again), then the same SQL straight
  // through pg: the ratio is what the HTTP, tRPC and serialisation layers add to the query.
  const ROUNDS = 100;
  const pct = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  const httpTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const response = await fetch(`${base}/trpc/jobs.search?input=${enc(searches[i % searches.length])}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`job search answered ${response.status}`);
    httpTimes.push(performance.now() - t0);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sqlTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const input = searches[i % searches.length]!;
    const now = new Date();
    const t0 = performance.now();
    for (const q of [
      resultsSql(input, input.sort, null, input.limit, now),
      facetCombinationsSql(input.q, now),
    ]) {
      const compiled = q.compile(db);
      await client.query(compiled.sql, compiled.parameters as unknown[]);
    }
    sqlTimes.push(performance.now() - t0);
  }
  await client.end();
  httpTimes.sort((a, b) => a - b);
  sqlTimes.sort((a, b) => a - b);
  const row = (name: string, t: number[]) => ({
    'job search, sequential': name,
    'p50 ms': Number(pct(t, 50).toFixed(1)),
    'p95 ms': Number(pct(t, 95).toFixed(1)),
    'p99 ms': Number(pct(t, 99).toFixed(1)),
  });
  console.table([row('HTTP (jobs.search)', httpTimes), row('SQL through pg', sqlTimes)]);
  console.log(
    `HTTP/SQL ratio: p50 ${(pct(httpTimes, 50) / pct(sqlTimes, 50)).toFixed(2)}x, ` +
      `p95 ${(pct(httpTimes, 95) / pct(sqlTimes, 95)).toFixed(2)}x; ` +
      `under load the p50 of all calls is ${(at(50) / pct(sqlTimes, 50)).toFixed(1)}x the SQL p50`,
  );
  if (result.errors > 0 || result.non2xx > 0) process.exitCode = 1;
} finally {
  server?.kill('SIGTERM');
  // Only rows this run added carry these names.
  await db.deleteFrom('spotlights').where('slug', 'like', `${LOAD_PREFIX}%`).execute();
  await db.deleteFrom('committees').where('slug', 'like', `${LOAD_PREFIX}%`).execute();
  await db.deleteFrom('membership_events').where('user_id', '=', userId).execute();
  await db.deleteFrom('payments').where('user_id', '=', userId).execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('accounts').where('user_id', '=', userId).execute();
  await db.deleteFrom('users').where('id', '=', userId).execute();
  await db.destroy();
}
