import { randomBytes } from 'node:crypto';
import { type DbHandle, sql } from '@societas/db';
import { createTestDatabase } from '@societas/db/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEnv } from '../../src/env.js';
import { getLocalObject, putLocalObject } from '../../src/modules/billing/billing.repository.js';
import { createTestClient, makeUser, type TestApp } from '../harness.js';
import { seedPlans, setCountry } from '../membership/helpers.js';
import { freePort, type RunningProcess, startProcess } from './processes.js';
import { startTcpProxy } from './tcp-proxy.js';

/**
 * Many replicas against one PostgreSQL: two API processes (WORKER=off) and two workers, each a
 * real Node process. The APIs reach the database through a TCP proxy the test can cut or slow.
 */
const AUTH_SECRET = 'replica-secret-replica-secret-replica-0123';
const PUBLIC_URL = 'http://localhost:3999';

let handle: DbHandle;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
const apis: { url: string; process: RunningProcess }[] = [];
const workers: RunningProcess[] = [];

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

async function startWorkerProcess() {
  const port = await freePort();
  return startProcess(
    'worker-main.ts',
    { ...commonEnv(handle.url), PORT: String(port) },
    'running; probes on',
  );
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
  await Promise.all([...apis.map((a) => a.process.stop()), ...workers.map((w) => w.stop())]);
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

  it('each scheduled run happens once, however many workers are running', async () => {
    // Scheduled slots are whole minutes: start early in a minute so the observation stays inside it.
    const second = new Date().getUTCSeconds();
    if (second > 15) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const startedAt = new Date();
    workers.push(...(await Promise.all([startWorkerProcess(), startWorkerProcess()])));

    const heartbeats = () =>
      handle.db
        .selectFrom('task_runs')
        .select(['worker', 'outcome', 'started_at'])
        .where('task', '=', 'worker-heartbeat')
        .where('started_at', '>=', startedAt)
        .execute();
    const deadline = Date.now() + 30_000;
    while ((await heartbeats()).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    // Both workers keep polling for a while; a duplicate would show up here.
    await new Promise((r) => setTimeout(r, 8_000));
    const runs = await heartbeats();
    expect(new Date().getUTCMinutes()).toBe(startedAt.getUTCMinutes()); // still the same slot
    expect(runs).toHaveLength(1);
    expect(runs[0]!.outcome).toBe('succeeded');
  }, 120_000);

  it('/ready fails while the database is unreachable and recovers without a restart', async () => {
    const ready = async (url: string) => (await fetch(`${url}/ready`)).status;
    expect(await ready(apis[1]!.url)).toBe(200);
    proxy.block();
    try {
      expect(await ready(apis[1]!.url)).toBe(503);
      expect((await fetch(`${apis[1]!.url}/health`)).status).toBe(200); // alive, just not ready
    } finally {
      proxy.unblock();
    }
    const deadline = Date.now() + 10_000;
    let status = await ready(apis[1]!.url);
    while (status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = await ready(apis[1]!.url);
    }
    expect(status).toBe(200);
    expect(apis[1]!.process.child.exitCode).toBeNull();
  }, 30_000);

  it('SIGTERM lets in-flight requests finish before the API exits; workers exit cleanly', async () => {
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

    const codes = await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    expect(codes).toEqual([0, 0]);
  }, 60_000);
});
