/**
 * Job search benchmark (not part of `npm test`): what a user gets, through the built production
 * server over HTTP, against a scale-seeded database.
 *
 *   createdb -h 127.0.0.1 -U postgres societas_bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/societas_bench npm run db:seed -- --members 20000 --jobs 100000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/societas_bench npm run bench
 *   ... npm run bench -- --scenarios nocache --concurrency 20     # the plain SQL, no cache
 *
 * `npm run bench` at the root builds first. The server is `apps/api/dist/main.js` with production
 * defaults (NODE_ENV production, LOG_LEVEL info, pool 10, WORKER off); searches are tRPC GETs as
 * the web app sends them, a third of them with the session cookie of a signed-in member (bench
 * accounts `bench-search-*`, created once). The texts are hundreds of distinct ones made from the
 * listings' own words (single words and two-word phrases), drawn Zipf-distributed (s = 1), a third
 * of searches with no text, filters ticked on many. Scenarios (`--scenarios a,b`; default all but
 * nocache):
 *
 * - first:   a fresh server, each text searched once, one at a time (a text's first search);
 * - repeat:  `--concurrency` (50) in flight over the repeated-search mix, after a warm-up with
 *            another draw;
 * - edits:   the same with one visible listing edited every second (title changed, committed
 *            through `pg`, as an employer's edit commits);
 * - nocache: the server with JOB_SEARCH_CACHE=off (every search is SQL).
 *
 * Each prints p50/p95/p99, searches/s, errors, the server's RSS and the load average; then the same
 * searches as SQL straight through `pg` (the page and facet queries side by side, pool 10, the same
 * concurrency) and the served/raw ratio. A markdown table of every row is printed at the end.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type JobSearchInput, jobSearchInput } from '@societas/contracts';
import { createKysely, createPool, hashPassword, sql } from '@societas/db';
import { facetCombinationsSql, resultsSql } from '../src/modules/jobs/search.repository.js';
import { percentile } from './concurrency.js';
import { type BenchServer, signIn, startBenchServer, trpcInput } from './http-server.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a scale-seeded database (see the header of this file).');
  process.exit(1);
}
const { values: args } = parseArgs({
  options: {
    scenarios: { type: 'string' },
    concurrency: { type: 'string' },
    requests: { type: 'string' },
    'raw-requests': { type: 'string' },
    texts: { type: 'string' },
  },
  strict: true,
});
const SCENARIOS = (args.scenarios ?? 'first,repeat,edits').split(',');
const CONCURRENCY = Number(args.concurrency ?? 50);
const REQUESTS = Number(args.requests ?? 3000);
const RAW_REQUESTS = Number(args['raw-requests'] ?? 600);
const TEXTS = Number(args.texts ?? 400);
const SIGNED_IN_SHARE = 1 / 3;
const BENCH_USERS = 12;
const PASSWORD = 'bench-search-password';

const pool = createPool(url, 10);
const db = createKysely(pool);

// ---------------------------------------------------------------------------------------------
// The mix

function random(seedValue: number) {
  let seed = seedValue;
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

/** Hundreds of distinct texts from the listings' words: single words and two-word phrases. */
async function distinctTexts(n: number): Promise<string[]> {
  const { rows } = await sql<{ w: string }>`
    SELECT w FROM (
      SELECT unnest(regexp_split_to_array(lower(title || ' ' || employer_name || ' ' || left(description_md, 400)), '[^a-z0-9-]+')) AS w
      FROM (SELECT title, employer_name, description_md FROM jobs ORDER BY id LIMIT 5000) j
    ) s WHERE length(w) > 3 GROUP BY w ORDER BY count(*) DESC, w LIMIT 200
  `.execute(db);
  const words = rows.map((r) => r.w);
  const rnd = random(99);
  const texts = new Set(words.slice(0, Math.ceil(n / 3)));
  while (texts.size < n) {
    const a = words[Math.floor(rnd() * words.length)]!;
    const b = words[Math.floor(rnd() * words.length)]!;
    if (a !== b) texts.add(`${a} ${b}`);
  }
  // Popularity unrelated to how many listings a text matches.
  const out = [...texts];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const COUNTRIES = ['DE', 'US', 'GB', 'FR', 'JP', 'CH', 'NL', 'SE', 'AU', 'CA'];
const POSITIONS = ['postdoc', 'phd', 'faculty', 'industry_rd', 'staff_scientist'] as const;

interface Search {
  input: JobSearchInput;
  signedIn: boolean;
}

/** A Zipf (s = 1) draw over the texts, a third with no text, filters ticked on many. */
function mix(texts: string[], n: number, seed: number): Search[] {
  const rnd = random(seed);
  const weights = texts.map((_, i) => 1 / (i + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) {
    acc += w / sum;
    cumulative.push(acc);
  }
  const zipf = () => {
    const x = rnd();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return texts[lo]!;
  };
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  return Array.from({ length: n }, () => {
    const input: JobSearchInput = { q: rnd() < 0.33 ? '' : zipf(), limit: 20 };
    if (rnd() < 0.5) input.country = [pick(COUNTRIES)];
    if (rnd() < 0.3) input.positionType = [pick(POSITIONS)];
    if (rnd() < 0.15) input.workplace = ['remote', 'hybrid'];
    if (rnd() < 0.15) input.salaryStated = true;
    if (rnd() < 0.2) input.postedWithinDays = pick([7, 30] as const);
    if (rnd() < 0.3) input.sort = 'newest';
    return { input, signedIn: rnd() < SIGNED_IN_SHARE };
  });
}

// ---------------------------------------------------------------------------------------------
// Running

interface Row {
  scenario: string;
  n: number;
  concurrency: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  rssMiB: number | null;
  load: string;
  target?: string;
}
const rows: Row[] = [];

async function timed<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<boolean>,
): Promise<Omit<Row, 'scenario' | 'rssMiB' | 'load'>> {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t0 = performance.now();
        const ok = await fn(item).catch(() => false);
        times.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const wall = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    concurrency,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: (times.length / wall) * 1000,
    errors,
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function report(row: Row) {
  rows.push(row);
  console.log(
    `${row.scenario.padEnd(34)} n=${row.n} in flight ${row.concurrency}  p50 ${row.p50.toFixed(1)} ms  p95 ${row.p95.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  ${row.rps.toFixed(0)}/s  errors ${row.errors}${row.rssMiB === null ? '' : `  RSS ${row.rssMiB.toFixed(0)} MiB`}  load ${row.load}${row.target ? `  ${row.target}` : ''}`,
  );
}

async function benchUsers(): Promise<{ email: string }[]> {
  const users = Array.from({ length: BENCH_USERS }, (_, i) => ({
    id: `bench-search-${i}`,
    email: `bench-search-${i}@societas.invalid`,
  }));
  const hash = await hashPassword(PASSWORD);
  for (const u of users) {
    await db
      .insertInto('users')
      .values({ id: u.id, name: `Search bench ${u.id}`, email: u.email, email_verified: true, role: 'user' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await db
      .insertInto('accounts')
      .values({ id: `${u.id}-c`, user_id: u.id, account_id: u.id, provider_id: 'credential', password: hash })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  return users;
}

/** A served run: every search over HTTP, RSS sampled while it runs. */
async function served(server: BenchServer, cookies: string[], searches: Search[], concurrency: number) {
  let peak = server.rssMiB();
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.rssMiB());
  }, 250);
  let i = 0;
  try {
    const r = await timed(searches, concurrency, async (s) => {
      const headers: Record<string, string> = {};
      if (s.signedIn) headers.cookie = cookies[i++ % cookies.length]!;
      const response = await fetch(`${server.base}/trpc/jobs.search?input=${trpcInput(s.input)}`, {
        headers,
      });
      await response.arrayBuffer();
      return response.ok;
    });
    return { ...r, rssMiB: Math.max(peak, server.rssMiB()) };
  } finally {
    clearInterval(sampler);
  }
}

/** The same searches as SQL straight through pg: page and facet queries side by side. */
function raw(searches: Search[], concurrency: number) {
  return timed(searches, concurrency, async (s) => {
    const input = jobSearchInput.parse(s.input);
    const now = new Date();
    const page = resultsSql(input, input.sort, null, input.limit, now).compile(db);
    const facets = facetCombinationsSql(input.q, now).compile(db);
    await Promise.all([
      pool.query(page.sql, page.parameters as unknown[]),
      pool.query(facets.sql, facets.parameters as unknown[]),
    ]);
    return true;
  });
}

const ratio = (a: Row, b: { p50: number; p95: number; p99: number }) =>
  `served/raw p50 ${(a.p50 / b.p50).toFixed(3)}x  p95 ${(a.p95 / b.p95).toFixed(3)}x  p99 ${(a.p99 / b.p99).toFixed(3)}x`;

/** One visible listing's title changed every second (and changed back on its next turn). */
function editEverySecond() {
  let edits = 0;
  let failures = 0;
  const timer = setInterval(() => {
    sql`
      UPDATE jobs SET title = CASE WHEN title LIKE '% (updated)' THEN left(title, -10) ELSE title || ' (updated)' END,
        updated_at = now()
      WHERE id = (SELECT id FROM jobs WHERE status = 'published' AND expires_at > now()
                  OFFSET floor(random() * 1000)::int LIMIT 1)
    `
      .execute(db)
      .then(
        () => edits++,
        () => failures++,
      );
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return { edits, failures };
    },
  };
}

// ---------------------------------------------------------------------------------------------

try {
  const counts = await sql<{ n: number; visible: number }>`
    SELECT count(*)::int AS n, (count(*) FILTER (WHERE status = 'published' AND expires_at > now()))::int AS visible FROM jobs
  `.execute(db);
  const { n, visible } = counts.rows[0]!;
  if (n < 1000) console.warn('Few jobs: seed with --jobs 100000 for meaningful numbers.');
  const texts = await distinctTexts(TEXTS);
  console.log(
    `jobs: ${n} (${visible} visible); ${texts.length} distinct texts (Zipf s=1); ${Math.round(SIGNED_IN_SHARE * 100)}% signed in; scenarios ${SCENARIOS.join(', ')}; load ${load()}`,
  );
  const users = await benchUsers();
  const measured = mix(texts, REQUESTS, 42);
  const distinct = new Set(measured.map((s) => JSON.stringify(s.input))).size;
  console.log(`${measured.length} measured searches, ${distinct} distinct text/filter mixes`);

  const withServer = async (
    env: Record<string, string>,
    body: (server: BenchServer, cookies: string[]) => Promise<void>,
  ) => {
    const server = await startBenchServer(url, { TRUST_PROXY: 'true', ...env });
    try {
      const cookies: string[] = [];
      for (const [i, u] of users.entries())
        cookies.push(await signIn(server.base, u.email, PASSWORD, `10.9.0.${i + 1}`));
      await body(server, cookies);
    } finally {
      await server.stop();
    }
  };

  if (SCENARIOS.some((s) => ['first', 'repeat', 'edits'].includes(s))) {
    await withServer({}, async (server, cookies) => {
      if (SCENARIOS.includes('first')) {
        // Each text once, one at a time, on a cache that has never seen it.
        const firsts = mix(texts, texts.length * 4, 5).filter((s) => s.input.q);
        const seen = new Set<string>();
        const once = firsts.filter((s) => !seen.has(s.input.q!) && seen.add(s.input.q!));
        const r = await served(server, cookies, once, 1);
        const row = {
          scenario: "a text's first search (cache on)",
          ...r,
          load: load(),
          target: `target p95 < 250 ms: ${r.p95 < 250 ? 'met' : 'NOT met'}`,
        };
        report(row);
        const direct = await raw(once, 1);
        report({ scenario: '  same SQL through pg', ...direct, rssMiB: null, load: load() });
        console.log(`  ${ratio(row, direct)}`);
      }
      if (SCENARIOS.includes('repeat') || SCENARIOS.includes('edits')) {
        const warm = await served(server, cookies, mix(texts, REQUESTS, 7), CONCURRENCY);
        report({ scenario: 'warm-up (another draw)', ...warm, load: load() });
      }
      if (SCENARIOS.includes('repeat')) {
        const r = await served(server, cookies, measured, CONCURRENCY);
        const row = {
          scenario: 'repeated-search mix (cache on)',
          ...r,
          load: load(),
          target: `target p95 < 30 ms: ${r.p95 < 30 ? 'met' : 'NOT met'}`,
        };
        report(row);
        const direct = await raw(measured.slice(0, RAW_REQUESTS), CONCURRENCY);
        report({ scenario: '  same SQL through pg', ...direct, rssMiB: null, load: load() });
        console.log(`  ${ratio(row, direct)}`);
      }
      if (SCENARIOS.includes('edits')) {
        const editor = editEverySecond();
        const r = await served(server, cookies, mix(texts, REQUESTS, 43), CONCURRENCY);
        const { edits, failures } = editor.stop();
        const row = {
          scenario: `mix + 1 edit/s (${edits} edits)`,
          ...r,
          errors: r.errors + failures,
          load: load(),
          target: `target p95 < 50 ms: ${r.p95 < 50 ? 'met' : 'NOT met'}`,
        };
        report(row);
      }
      console.log(
        `server RSS at the end: ${server.rssMiB().toFixed(0)} MiB (target < 200 MiB at 100k listings)`,
      );
    });
  }

  if (SCENARIOS.includes('nocache')) {
    await withServer({ JOB_SEARCH_CACHE: 'off' }, async (server, cookies) => {
      await served(server, cookies, mix(texts, Math.min(REQUESTS, 500), 7), CONCURRENCY);
      const r = await served(server, cookies, measured, CONCURRENCY);
      const row = { scenario: `no cache (${visible} visible)`, ...r, load: load() };
      report(row);
      const direct = await raw(measured.slice(0, RAW_REQUESTS), CONCURRENCY);
      report({ scenario: '  same SQL through pg', ...direct, rssMiB: null, load: load() });
      console.log(`  ${ratio(row, direct)}`);
    });
  }

  console.log(
    '\n| scenario | n | in flight | p50 ms | p95 ms | p99 ms | searches/s | errors | RSS MiB | load avg |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.scenario.trim()} | ${r.n} | ${r.concurrency} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.rps.toFixed(0)} | ${r.errors} | ${r.rssMiB === null ? '' : r.rssMiB.toFixed(0)} | ${r.load} |`,
    );
  if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
} finally {
  await db.destroy();
}
