import { sql } from '@societas/db';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULED_TASKS } from '../../src/worker/tasks.js';
import { startWorker } from '../../src/worker/worker.js';
import { expectTrpcError, startTestApp, type TestApp } from '../harness.js';
import { member } from '../membership/helpers.js';

/** "Refresh now" queues the worker's reports-refresh job instead of rebuilding inside the request. */
let app: TestApp;
const log = pino({ level: 'silent' });
const task = SCHEDULED_TASKS.find((t) => t.name === 'reports-refresh')!;
const startRefreshWorker = () =>
  startWorker({ db: app.db, env: app.env, log, databaseUrl: app.env.DATABASE_URL!, tasks: [task] });
const queuedJobs = async () =>
  (
    await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'reports-refresh' AND state = 'created'`.execute(
      app.db,
    )
  ).rows[0]!.n;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('reports: Refresh now', () => {
  it('queues one refresh job (a double click queues one), returns before it runs, and the worker updates "figures as of"', async () => {
    const admin = await member(app, 'US', 'admin');
    const refresh = () => admin.client.trpc.reports.refresh.mutate();

    // No worker has ever set up the queue on this database: the admin is told, nothing runs inline.
    const unavailable = await expectTrpcError(refresh);
    expect(unavailable.data.appCode).toBe('UNAVAILABLE');
    expect(unavailable.message).toContain('worker');

    // A worker sets the queue up, then goes away (so the queued job waits for the next one).
    await (await startRefreshWorker()).stop();
    const results = await Promise.all([refresh(), refresh()]);
    expect(results.map((r) => r.status).toSorted()).toEqual(['already-queued', 'queued']);
    expect(await queuedJobs()).toBe(1);
    // The request did not rebuild anything itself.
    expect((await admin.client.trpc.reports.dashboard.query({ filters: {} })).refreshedAt).toBeNull();
    const audits = await app.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_user_id', '=', admin.id)
      .where('action', '=', 'reports.refresh_queued')
      .execute();
    expect(audits).toHaveLength(2);

    // The worker runs the queued refresh once; the dashboard's "figures as of" time appears.
    const worker = await startRefreshWorker();
    try {
      const deadline = Date.now() + 20_000;
      let refreshedAt: Date | null = null;
      while (!refreshedAt && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        refreshedAt = (await admin.client.trpc.reports.dashboard.query({ filters: {} })).refreshedAt;
      }
      expect(refreshedAt).toBeInstanceOf(Date);
      const runs = await app.db
        .selectFrom('task_runs')
        .select('outcome')
        .where('task', '=', 'reports-refresh')
        .execute();
      expect(runs).toEqual([{ outcome: 'succeeded' }]);
    } finally {
      await worker.stop();
    }
  }, 90_000);

  it('members may not queue a refresh (FORBIDDEN)', async () => {
    const someone = await member(app, 'US');
    const denied = await expectTrpcError(() => someone.client.trpc.reports.refresh.mutate());
    expect(denied.data.appCode).toBe('FORBIDDEN');
  });
});
