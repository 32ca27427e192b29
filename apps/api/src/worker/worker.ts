import { hostname } from 'node:os';
import { sql } from '@societas/db';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { createMailDeliverer } from '../modules/mail/mail.deliverer.js';
import { finishTaskRun, startTaskRun } from './task-runs.repository.js';
import { SCHEDULED_TASKS, type ScheduledTask, type TaskServices } from './tasks.js';

/** Advisory lock key for worker setup (any constant unique to this purpose). */
const SETUP_LOCK = 7_311_420_001;

export interface WorkerOptions extends TaskServices {
  /** Connection string of the same database the API uses (pg-boss keeps its tables in schema pgboss). */
  databaseUrl: string;
  /** Seconds between the scheduler's checks (default 5; a cheap query). */
  cronMonitorIntervalSeconds?: number;
  /** Only these tasks (tests); default all. */
  tasks?: readonly ScheduledTask[];
}

export interface Worker {
  id: string;
  /** Stops taking work, waits for running jobs and mail batches (up to `timeoutMs`), then closes. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * The background worker: a pg-boss queue on our Postgres for scheduled tasks, plus the mail
 * deliverer. Any number of workers may run: pg-boss sends each cron slot once (a singleton job per
 * minute) and hands each job to one worker; mail batches lock their rows (SKIP LOCKED).
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, env, log } = options;
  const id = `${hostname()}:${process.pid}`;
  const tasks = options.tasks ?? SCHEDULED_TASKS;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    application_name: 'societas-worker',
    max: 4,
    cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds ?? 5,
    cronWorkerIntervalSeconds: 2,
  });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));

  // Several workers starting at once would race on pg-boss's schema and queue tables (PostgreSQL
  // reports a deadlock): set up under one advisory lock, held by a transaction on our own pool.
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`.execute(trx);
    await boss.start();
    for (const task of tasks) {
      await boss.createQueue(task.name, {
        name: task.name,
        retryLimit: 2,
        retryDelay: 60,
        expireInSeconds: 15 * 60,
      });
      await boss.schedule(task.name, task.cron, {}, { tz: 'UTC' });
    }
    // Tasks removed from the code stop being scheduled.
    const wanted = new Set(tasks.map((t) => t.name));
    for (const schedule of await boss.getSchedules()) {
      if (!wanted.has(schedule.name)) await boss.unschedule(schedule.name);
    }
  });

  for (const task of tasks) {
    await boss.work(task.name, { batchSize: 1 }, async ([job]) => {
      const runId = await startTaskRun(db, { task: task.name, jobId: job?.id ?? null, worker: id });
      try {
        const detail = await task.run({ db, env, log }, new Date());
        await finishTaskRun(db, runId, 'succeeded', detail);
        log.info({ task: task.name, ...detail }, 'task finished');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await finishTaskRun(db, runId, 'failed', { error: message }).catch(() => {});
        log.error({ err: error, task: task.name }, 'task failed');
        throw error; // pg-boss retries it
      }
    });
  }

  // Mail: poll the outbox every few seconds (cron's one-minute grain is too slow for sign-up mail).
  const deliverer = env.SMTP_URL
    ? createMailDeliverer({ db, smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, log })
    : undefined;
  let mailBatch: Promise<void> | undefined;
  const mailTimer = deliverer
    ? setInterval(() => {
        if (mailBatch) return;
        mailBatch = (async () => {
          try {
            while ((await deliverer.deliverBatch()) > 0) {}
          } catch (error) {
            log.error({ err: error }, 'mail delivery batch failed');
          } finally {
            mailBatch = undefined;
          }
        })();
      }, 5000)
    : undefined;

  log.info({ worker: id, tasks: tasks.map((t) => `${t.name} (${t.cron})`) }, 'worker started');
  let stopped: Promise<void> | undefined;
  return {
    id,
    stop(timeoutMs = 30_000) {
      stopped ??= (async () => {
        if (mailTimer) clearInterval(mailTimer);
        await Promise.all([
          boss.stop({ graceful: true, wait: true, timeout: timeoutMs }),
          mailBatch ?? Promise.resolve(),
        ]);
        deliverer?.close();
        log.info({ worker: id }, 'worker stopped');
      })();
      return stopped;
    },
  };
}
