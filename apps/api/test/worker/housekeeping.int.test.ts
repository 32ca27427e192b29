import type { DbHandle } from '@societas/db';
import { createTestDatabase } from '@societas/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEnv } from '../../src/env.js';
import { RATE_LIMIT_RETENTION_HOURS } from '../../src/worker/housekeeping.repository.js';
import { sendJob } from '../../src/worker/queue.js';
import { SCHEDULED_TASKS } from '../../src/worker/tasks.js';
import { startWorker } from '../../src/worker/worker.js';
import { makeUser, type TestApp } from '../harness.js';

let handle: DbHandle;
const log = pino({ level: 'silent' });
const HOUR = 3_600_000;

beforeAll(async () => {
  handle = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
});
afterAll(async () => {
  await handle?.close();
});

describe('housekeeping task', () => {
  it('on the queue, deletes expired sessions and verification tokens and old rate-limit counters, and nothing else', async () => {
    const task = SCHEDULED_TASKS.find((t) => t.name === 'housekeeping');
    expect(task?.cron).toBe('41 * * * *');
    const user = await makeUser({ db: handle.db } as unknown as TestApp);
    const now = Date.now();
    const at = (offsetMs: number) => new Date(now + offsetMs);
    await handle.db
      .insertInto('sessions')
      .values([
        { id: 's-expired', user_id: user.id, token: 'tok-expired', expires_at: at(-HOUR) },
        { id: 's-live', user_id: user.id, token: 'tok-live', expires_at: at(7 * 24 * HOUR) },
      ])
      .execute();
    await handle.db
      .insertInto('verifications')
      .values([
        { id: 'v-expired', identifier: 'reset:a', value: 'x', expires_at: at(-60_000) },
        { id: 'v-live', identifier: 'reset:b', value: 'y', expires_at: at(HOUR) },
      ])
      .execute();
    await handle.db
      .insertInto('rate_limits')
      .values([
        { key: 'sign-in:ip:old', count: 3, window_started_at: at(-(RATE_LIMIT_RETENTION_HOURS + 1) * HOUR) },
        // An hour-long window that started 2 hours ago is over, but kept for a day: no rule reads it.
        { key: 'sign-in:ip:recent', count: 3, window_started_at: at(-2 * HOUR) },
        { key: 'sign-in:ip:current', count: 1, window_started_at: at(0) },
      ])
      .execute();

    const worker = await startWorker({
      db: handle.db,
      env: parseEnv({
        NODE_ENV: 'test',
        DATABASE_URL: handle.url,
        AUTH_SECRET: 'house-secret-house-secret-house-secret-0123',
        PUBLIC_URL: 'http://localhost:3999',
        DATA_DIR: '/nonexistent',
      }),
      log,
      databaseUrl: handle.url,
      tasks: [task!],
    });
    try {
      expect(await sendJob(handle.db, 'housekeeping')).toBe('queued');
      const deadline = Date.now() + 20_000;
      let run: { outcome: string | null; detail: unknown } | undefined;
      while (!run?.outcome && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        run = await handle.db
          .selectFrom('task_runs')
          .select(['outcome', 'detail'])
          .where('task', '=', 'housekeeping')
          .executeTakeFirst();
      }
      expect(run?.outcome).toBe('succeeded');
      expect(run?.detail).toEqual({ sessions: 1, verifications: 1, rateLimits: 1 });
    } finally {
      await worker.stop();
    }

    const ids = async (table: 'sessions' | 'verifications') =>
      (await handle.db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);
    expect(await ids('sessions')).toEqual(['s-live']);
    expect(await ids('verifications')).toEqual(['v-live']);
    const keys = (await handle.db.selectFrom('rate_limits').select('key').orderBy('key').execute()).map(
      (r) => r.key,
    );
    expect(keys).toEqual(['sign-in:ip:current', 'sign-in:ip:recent']);
  }, 60_000);
});
