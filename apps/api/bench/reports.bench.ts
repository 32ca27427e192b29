/**
 * Reports benchmark (not a test): runs every dashboard query against DATABASE_URL and prints its
 * time, then downloads all members as CSV and prints the time and the peak RSS.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_1m npm run bench:reports [-- --refresh]
 *
 * --export-only skips the dashboard queries.
 * The export goes through the real HTTP route (a server on a free port, signed in as a bench admin
 * the script creates once); --in-process runs the export generator and csv-stringify directly.
 * --keep-csv writes the CSV to /tmp/societas-members.csv.
 * --refresh rebuilds the summaries first (what the worker does hourly) and prints how long it took.
 * Targets (issue 6): each dashboard query < 300 ms; 1M members to CSV < 20 s with flat memory.
 */
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createKysely, createPool, hashPassword } from '@societas/db';
import { stringify } from 'csv-stringify';
import { createAuth } from '../src/auth/auth.js';
import { parseEnv } from '../src/env.js';
import { createLogger } from '../src/logger.js';
import { SqlJobSearch } from '../src/modules/jobs/search/job-search.js';
import * as repo from '../src/modules/reports/reports.repository.js';
import { columnsOf, exportRows, periodOf, referenceInstant } from '../src/modules/reports/reports.service.js';
import { buildServer } from '../src/server.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/scale_1m).');
  process.exit(2);
}
const args = new Set(process.argv.slice(2));
const pool = createPool(url, 4);
const db = createKysely(pool);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function time<T>(label: string, fn: () => Promise<T>, target?: number): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const flag = target === undefined ? '' : ms <= target ? '  ok' : `  OVER ${target} ms`;
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms${flag}`);
  return result;
}

async function main() {
  if (args.has('--refresh')) {
    await time('refresh_report_summaries(now) [worker, hourly]', () => repo.refreshSummaries(db, new Date()));
  }
  const ref = await referenceInstant(db);
  if (!ref.refreshed) {
    console.error('No report summaries yet: run with --refresh first.');
    process.exit(2);
  }
  const counts = await repo.stockNow(db, {});
  console.log(`summaries as of ${ref.at.toISOString()}; members by status now: ${JSON.stringify(counts)}`);

  const filterSets: [string, repo.DimFilters][] = [
    ['all members', {}],
    ['lower-middle income, postdoc', { band: 'lower_middle', careerStage: 'postdoc' }],
  ];
  const p = periodOf({}, ref.at);
  const ends = p.months.map((m) => new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1)));
  for (const [name, f] of args.has('--export-only') ? [] : filterSets) {
    console.log(`\n-- dashboard queries, last 12 months, ${name} (target < 300 ms each)`);
    const q: [string, () => Promise<unknown>][] = [
      ['tiles: statuses now', () => repo.stockNow(db, f)],
      ['tiles: statuses at period start', () => repo.stockAt(db, p.start, f)],
      [
        'tiles: flows (new, renewals, lapsed, renewal rate, revenue)',
        () =>
          repo.flows(
            db,
            [
              'new_members',
              'renewals',
              'lapsed',
              'renewal_due',
              'renewal_done',
              'revenue_membership',
              'refunds_membership',
            ],
            p.prevStart,
            p.endMonth,
            f,
          ),
      ],
      [
        'tiles: job revenue',
        () => repo.flows(db, ['revenue_job_posting', 'refunds_job_posting'], p.prevStart, p.endMonth, {}),
      ],
      ['tiles: live job listings now', () => repo.liveJobs(db, ref.at, true, { country: f.country })],
      [
        'tiles: job listings live at period start',
        () => repo.liveJobs(db, p.start, false, { country: f.country }),
      ],
      ['chart: active members by plan (monthly)', () => repo.activeByPlanAt(db, ends, f)],
      ['chart: active members by plan (now)', () => repo.activeByPlanNow(db, f)],
      ['chart: members by country (top 20)', () => repo.membersByCountryNow(db, f, null)],
      [
        'chart: revenue by month, trainee conversion, recovery',
        () =>
          repo.flows(
            db,
            [
              'revenue_membership',
              'refunds_membership',
              'trainee_ended',
              'trainee_converted',
              'payment_failed',
              'payment_recovered',
            ],
            p.start,
            p.endMonth,
            f,
          ),
      ],
      [
        'chart: renewal rate by plan',
        () => repo.flowsBy(db, ['renewal_due', 'renewal_done'], 'plan_id', p.start, p.endMonth, f),
      ],
      [
        'chart: renewal rate by income band',
        () => repo.flowsBy(db, ['renewal_due', 'renewal_done'], 'income_band', p.start, p.endMonth, f),
      ],
      [
        'chart: renewal rate by career stage',
        () => repo.flowsBy(db, ['renewal_due', 'renewal_done'], 'career_stage', p.start, p.endMonth, f),
      ],
      [
        'chart: cohort retention (48 join months)',
        () =>
          repo.cohorts(
            db,
            new Date(Date.UTC(p.endMonth.getUTCFullYear() - 4, p.endMonth.getUTCMonth(), 1)),
            p.endMonth,
            f,
          ),
      ],
      [
        'list: expiring in 90 days, page 1 + count',
        () =>
          repo.memberListPage(
            db,
            { kind: 'expiring', now: ref.at, days: 90, filters: f },
            'ends_at',
            'asc',
            0,
            20,
          ),
      ],
      [
        'list: in grace, page 1 + count',
        () =>
          repo.memberListPage(
            db,
            { kind: 'grace', now: ref.at, days: 90, filters: f },
            'ends_at',
            'asc',
            0,
            20,
          ),
      ],
      [
        'list: lapsed last year, page 1 + count',
        () =>
          repo.memberListPage(
            db,
            { kind: 'lapsed', now: ref.at, days: 90, filters: f },
            'ends_at',
            'asc',
            0,
            20,
          ),
      ],
      [
        'list: payments in period, page 1 + count',
        () => repo.paymentPage(db, { from: p.start, to: p.endMonth, filters: f }, 'paid_at', 'desc', 0, 20),
      ],
      [
        'list: job postings in period, page 1 + count',
        () => repo.jobPage(db, { from: p.start, to: p.endMonth, filters: f }, 'created_at', 'desc', 0, 20),
      ],
    ];
    for (const [label, fn] of q) await time(label, fn, 300);
  }

  if (args.has('--in-process')) await exportInProcess();
  else await exportOverHttp();
}

/** Sums a CSV stream's rows while it arrives (data rows = lines after the header). */
function rowCounter() {
  let lines = 0;
  const marks: string[] = [];
  return {
    marks,
    get rows() {
      return Math.max(0, lines - 1);
    },
    take(chunk: Uint8Array) {
      for (let i = 0; i < chunk.length; i += 1)
        if (chunk[i] === 10) {
          lines += 1;
          if (lines % 250_000 === 0) marks.push(`${lines / 1000}k: ${mb(process.memoryUsage().rss)}`);
        }
    },
  };
}

function reportExport(label: string, rows: number, seconds: number, rssBefore: number, marks: string[]) {
  console.log(
    `${label}: ${rows.toLocaleString('en')} members in ${seconds.toFixed(1)} s${seconds <= 20 ? '  ok' : '  OVER 20 s'}; ` +
      `RSS before ${mb(rssBefore)}, peak ${mb(peakRss)} (+${mb(peakRss - rssBefore)})`,
  );
  console.log(`RSS along the way (flat = constant memory): ${marks.join(', ')}`);
}

/**
 * What an admin's download does: the real route (GET /api/reports/export/members.csv) of a real
 * server on a free port, signed in as a bench admin (created once, reused), the body read as it
 * streams. The server and this reader share the process, so RSS is the server's plus a little.
 */
async function exportOverHttp() {
  console.log('\n-- CSV export of every member over HTTP (target < 20 s, flat memory)');
  const env = parseEnv({
    NODE_ENV: 'development',
    DATABASE_URL: url,
    PUBLIC_URL: 'http://localhost:3999',
    AUTH_SECRET: 'reports-bench-secret-reports-bench-secret',
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: '/nonexistent',
    WORKER: 'off',
  });
  const log = createLogger(env);
  const auth = createAuth({ db, env });
  const jobSearch = new SqlJobSearch();
  const app = await buildServer({ db, auth, env, log, jobSearch });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const email = 'reports-bench-admin@societas.invalid';
    const password = 'reports-bench-password';
    const id = 'reports-bench-admin';
    await db
      .insertInto('users')
      .values({ id, name: 'Reports benchmark', email, email_verified: true, role: 'admin' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await db
      .insertInto('accounts')
      .values({
        id: `${id}-credential`,
        user_id: id,
        account_id: id,
        provider_id: 'credential',
        password: await hashPassword(password),
      })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ password: eb.ref('excluded.password') })))
      .execute();
    const signIn = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    if (!signIn.ok || !cookie) throw new Error(`bench admin sign-in failed: ${signIn.status}`);

    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const counter = rowCounter();
    const t0 = performance.now();
    const response = await fetch(`${base}/api/reports/export/members.csv`, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
    const out = args.has('--keep-csv') ? createWriteStream('/tmp/societas-members.csv') : null;
    for await (const chunk of response.body) {
      counter.take(chunk);
      if (out && !out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    out?.end();
    reportExport(
      'exported over HTTP',
      counter.rows,
      (performance.now() - t0) / 1000,
      rssBefore,
      counter.marks,
    );
  } finally {
    await app.close();
    await jobSearch.close();
  }
}

/** The export generator and csv-stringify in this process, without HTTP (--in-process). */
async function exportInProcess() {
  console.log('\n-- CSV export of every member in process (target < 20 s, flat memory)');
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  let rows = 0;
  const marks: string[] = [];
  const out = args.has('--keep-csv')
    ? createWriteStream('/tmp/societas-members.csv')
    : new Writable({
        write(_chunk, _enc, cb) {
          cb();
        },
      });
  const t0 = performance.now();
  const columns = columnsOf('members');
  await pipeline(
    (async function* () {
      for await (const batch of exportRows(db, { list: 'members', filters: {}, days: 90 }, 10_000)) {
        for (const row of batch) {
          rows += 1;
          if (rows % 250_000 === 0) marks.push(`${rows / 1000}k: ${mb(process.memoryUsage().rss)}`);
          yield row;
        }
      }
    })(),
    stringify({ header: true, columns: columns.map((c) => ({ key: c.key, header: c.label })) }),
    out,
  );
  reportExport('exported in process', rows, (performance.now() - t0) / 1000, rssBefore, marks);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    clearInterval(sampler);
    await db.destroy();
  });
