import { randomBytes } from 'node:crypto';
import { type DbHandle, sql } from '@societas/db';
import { createTestDatabase } from '@societas/db/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEnv } from '../../src/env.js';
import { getLocalObject, putLocalObject } from '../../src/modules/billing/billing.repository.js';
import { sendJob } from '../../src/worker/queue.js';
import { SCHEDULED_TASKS } from '../../src/worker/tasks.js';
import { createTestClient, makeUser, type TestApp } from '../harness.js';
import { seedPlans, setCountry } from '../membership/helpers.js';
import { freePort, type RunningProcess, startProcess } from './processes.js';
import { startTcpProxy } from './tcp-proxy.js';

/**
 * Many replicas against one PostgreSQL: two API processes (WORKER=off) and two workers, each a
 * real Node process. All reach the database through a TCP proxy the test can cut or slow.
 */
const AUTH_SECRET = 'replica-secret-replica-secret-replica-0123';
const PUBLIC_URL = 'http://localhost:3999';

let handle: DbHandle;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
const apis: { url: string; process: RunningProcess }[] = [];
const workers: { url: string; process: RunningProcess }[] = [];

function commonEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET,
    PUBLIC_URL,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: '/nonexistent',
    TRUST_PROXY: 'true',
    DATABASE_POOL_SIZE: '4',
  };
}

async function startApi() {
  const port = await freePort();
  const viaProxy = new URL(handle.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const process = await startProcess(
    'main.ts',
    { ...commonEnv(viaProxy.toString()), PORT: String(port), WORKER: 'off' },
    'is running at',
  );
  return { url: `http://127.0.0.1:${port}`, process };
}

/**
 * A worker process (what `npm run worker` runs, plus one test-only slow task), reaching the
 * database through the proxy like the APIs.
 */
async function startWorkerProcess() {
  const port = await freePort();
  const viaProxy = new URL(handle.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const process = await startProcess(
    'test/replicas/slow-worker-main.ts',
    { ...commonEnv(viaProxy.toString()), PORT: String(port) },
    'running; probes on',
  );
  return { url: `http://127.0.0.1:${port}`, process };
}

/** The database seen as a TestApp, for the factories in harness.ts (only `db` is used). */
const asApp = () => ({ db: handle.db }) as unknown as TestApp;

beforeAll(async () => {
  handle = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  const target = new URL(handle.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  apis.push(...(await Promise.all([startApi(), startApi()])));
}, 120_000);

afterAll(async () => {
  await Promise.all([...apis.map((a) => a.process.stop()), ...workers.map((w) => w.process.stop())]);
  await proxy?.close();
  await handle?.close();
});

describe('two API replicas and two workers on one database', () => {
  it('a session made on one API is valid on the other', async () => {
    const user = await makeUser(asApp());
    const onA = createTestClient(apis[0]!.url);
    await onA.trpc.auth.signIn.mutate({ email: user.email, password: user.password });
    expect((await onA.trpc.auth.session.query()).user?.email).toBe(user.email);

    const onB = createTestClient(apis[1]!.url);
    for (const [name, value] of onA.jar) onB.jar.set(name, value);
    expect((await onB.trpc.auth.session.query()).user?.email).toBe(user.email);

    // Signing out on B ends the session on A too.
    await onB.trpc.auth.signOut.mutate();
    expect((await onA.trpc.auth.session.query()).user).toBeNull();
  });

  it('the same webhook delivered to both at once is processed once', async () => {
    await seedPlans(asApp());
    const user = await makeUser(asApp());
    await setCountry(asApp(), user.id, 'US');
    const client = createTestClient(apis[0]!.url);
    await client.trpc.auth.signIn.mutate({ email: user.email, password: user.password });
    const started = await client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 });

    // What the local checkout page does when "Pay" is pressed, minus the delivery: the test delivers.
    const open = await getLocalObject(handle.db, started.sessionId);
    const completed = {
      ...(open!.data as Record<string, unknown>),
      status: 'complete',
      payment_status: 'paid',
      payment_intent: `pi_local_${randomBytes(8).toString('hex')}`,
    };
    await putLocalObject(handle.db, { id: started.sessionId, type: 'checkout.session', data: completed });
    const eventId = `evt_local_${randomBytes(12).toString('hex')}`;
    const payload = JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: null,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'checkout.session.completed',
      data: { object: completed },
    });
    const secret = parseEnv({ ...commonEnv(handle.url), DATA_DIR: '/nonexistent' }).billing.webhookSecret!;
    const deliver = (url: string) =>
      fetch(`${url}/api/stripe/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
        },
        body: payload,
      });
    const responses = await Promise.all([
      deliver(apis[0]!.url),
      deliver(apis[1]!.url),
      deliver(apis[0]!.url),
    ]);
    for (const r of responses) expect(r.status).toBe(200);

    const counts = await sql<{ payments: number; grants: number; events: number }>`
      SELECT (SELECT count(*)::int FROM payments WHERE user_id = ${user.id}) AS payments,
             (SELECT count(*)::int FROM membership_events WHERE user_id = ${user.id}) AS grants,
             (SELECT count(*)::int FROM stripe_events WHERE id = ${eventId}) AS events`.execute(handle.db);
    expect(counts.rows[0]).toEqual({ payments: 1, grants: 1, events: 1 });
    expect((await client.trpc.membership.status.query()).status).toBe('active');
  });

  it('each scheduled task runs once per schedule tick, however many workers are running', async () => {
    workers.push(...(await Promise.all([startWorkerProcess(), startWorkerProcess()])));
    const taskNames = SCHEDULED_TASKS.map((t) => t.name);
    // Make every shipped task due every minute (as the workers' schedulers read it from the
    // database), so one observation covers them all, not just the heartbeat.
    await sql`UPDATE pgboss.schedule SET cron = '* * * * *' WHERE name IN (${sql.join(taskNames)})`.execute(
      handle.db,
    );

    // pg-boss turns each tick into one "send-it" job per task (its unique index on the minute slot
    // and task name); each of those becomes one job of the task. So per task, finished runs must
    // equal ticks sent: a task run twice for one tick (by both workers) would show more runs.
    const counts = async () => {
      const ticks = await sql<{ task: string; n: number }>`
        SELECT singleton_key AS task, count(*)::int AS n FROM pgboss.job
        WHERE name = '__pgboss__send-it' AND state = 'completed' GROUP BY 1`.execute(handle.db);
      const runs = await sql<{ task: string; n: number; failed: number; workers: number }>`
        SELECT task, count(*)::int AS n, count(*) FILTER (WHERE outcome <> 'succeeded')::int AS failed,
               count(DISTINCT worker)::int AS workers
        FROM task_runs WHERE finished_at IS NOT NULL GROUP BY 1`.execute(handle.db);
      const byTask = (rows: { task: string; n: number }[]) =>
        Object.fromEntries(rows.map((r) => [r.task, r.n]));
      return { ticks: byTask(ticks.rows), runs: byTask(runs.rows), detail: runs.rows };
    };
    const settled = (c: Awaited<ReturnType<typeof counts>>) =>
      taskNames.every((t) => (c.ticks[t] ?? 0) > 0 && c.ticks[t] === c.runs[t]);
    const deadline = Date.now() + 60_000;
    let seen = await counts();
    while (!settled(seen) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      seen = await counts();
    }
    // Both workers keep polling for a while; a duplicate run would show up here.
    await new Promise((r) => setTimeout(r, 8_000));
    for (;;) {
      seen = await counts();
      if (settled(seen) || Date.now() > deadline + 30_000) break;
      await new Promise((r) => setTimeout(r, 500)); // a new tick's runs are still finishing
    }
    for (const task of taskNames) {
      expect({ task, runs: seen.runs[task] ?? 0 }).toEqual({ task, runs: seen.ticks[task] ?? -1 });
      expect(seen.ticks[task]).toBeGreaterThanOrEqual(1);
    }
    expect(seen.detail.every((r) => r.failed === 0)).toBe(true);
  }, 180_000);

  it('/ready fails while the database is unreachable and recovers without a restart', async () => {
    const ready = async (url: string) => (await fetch(`${url}/ready`)).status;
    const api = apis[1]!;
    const worker = workers[0]!;
    expect(await ready(api.url)).toBe(200);
    expect(await ready(worker.url)).toBe(200);
    proxy.block();
    try {
      expect(await ready(api.url)).toBe(503);
      expect((await fetch(`${api.url}/health`)).status).toBe(200); // alive, just not ready
      expect(await ready(worker.url)).toBe(503);
      expect((await fetch(`${worker.url}/health`)).status).toBe(200);
    } finally {
      proxy.unblock();
    }
    for (const target of [api, worker]) {
      const deadline = Date.now() + 10_000;
      let status = await ready(target.url);
      while (status !== 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        status = await ready(target.url);
      }
      expect(status).toBe(200);
      expect(target.process.child.exitCode).toBeNull();
    }
  }, 40_000);

  it('SIGTERM lets a running job finish before the worker exits', async () => {
    expect(await sendJob(handle.db, 'test-slow-job')).toBe('queued');
    const run = () =>
      handle.db
        .selectFrom('task_runs')
        .select(['worker', 'outcome', 'finished_at', 'job_id'])
        .where('task', '=', 'test-slow-job')
        .executeTakeFirst();
    const deadline = Date.now() + 20_000;
    let started = await run();
    while (!started && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      started = await run();
    }
    expect(started?.finished_at).toBeNull(); // running now
    const index = workers.findIndex((w) => started!.worker.endsWith(`:${w.process.child.pid}`));
    expect(index).toBeGreaterThanOrEqual(0);
    const [busy] = workers.splice(index, 1);
    busy!.process.child.kill('SIGTERM');
    const code = await busy!.process.exited;
    const exitedAt = new Date();
    expect(code).toBe(0);
    const finished = await run();
    expect(finished?.outcome).toBe('succeeded');
    expect(finished!.finished_at!.getTime()).toBeLessThanOrEqual(exitedAt.getTime());
    const job = await sql<{ state: string }>`
      SELECT state FROM pgboss.job WHERE id = ${finished!.job_id}::uuid`.execute(handle.db);
    expect(job.rows[0]?.state).toBe('completed'); // not failed by the shutdown, so never retried
  }, 60_000);

  it('SIGTERM lets in-flight requests finish before the API exits; idle workers exit cleanly', async () => {
    const api = apis[0]!;
    expect((await fetch(`${api.url}/ready`)).status).toBe(200); // a warm pool connection
    proxy.setDelay(300); // every database round trip now takes at least 0.6 s
    try {
      const inFlight = fetch(`${api.url}/ready`);
      await new Promise((r) => setTimeout(r, 150));
      api.process.child.kill('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await api.process.exited).toBe(0);
    } finally {
      proxy.setDelay(0);
    }
    // The other replica still serves.
    expect((await fetch(`${apis[1]!.url}/ready`)).status).toBe(200);

    const codes = await Promise.all(workers.map((w) => w.process.stop('SIGTERM')));
    expect(codes).toEqual(workers.map(() => 0));
  }, 60_000);
});
