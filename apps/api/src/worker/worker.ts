import { hostname } from 'node:os';
import { sql } from '@societas/db';
import PgBoss from 'pg-boss';
import { createMailDeliverer } from '../modules/mail/index.js';
import { mailSender } from '../modules/settings/index.js';
import { QUEUE_SCHEMA, QUEUES } from './queue.js';
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
  /** Stops taking work, waits for running jobs (up to `timeoutMs`), then closes. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Mail delivery: every minute (back-off retries, anything a wake-up missed) and on each wake-up. */
const MAIL_CRON = '* * * * *';

/**
 * The background worker: a pg-boss queue on our Postgres for scheduled tasks and mail delivery.
 * Any number of workers may run: pg-boss sends each cron slot once (a singleton job per minute)
 * and hands each job to one worker; mail batches lock their rows (SKIP LOCKED).
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, env, log } = options;
  const id = `${hostname()}:${process.pid}`;
  const tasks = options.tasks ?? SCHEDULED_TASKS;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: 'societas-worker',
    max: 4,
    cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds ?? 5,
    cronWorkerIntervalSeconds: 2,
  });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));

  // Without SMTP, mail stays in the outbox (the dev mailbox): no delivery queue.
  const deliverer = env.SMTP_URL
    ? createMailDeliverer({ db, smtpUrl: env.SMTP_URL, from: () => mailSender({ db, env }), log })
    : undefined;
  let stopping = false;

  // Several workers starting at once would race on pg-boss's schema and queue tables (PostgreSQL
  // reports a deadlock): set up under one advisory lock, held by a transaction on our own pool.
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`.execute(trx);
    await boss.start();
    const queues: { name: string; cron: string; queue: PgBoss.Queue }[] = tasks.map((task) => ({
      name: task.name,
      cron: task.cron,
      queue: {
        name: task.name,
        policy: task.policy ?? 'standard',
        retryLimit: 2,
        retryDelay: 60,
        expireInSeconds: 15 * 60,
      },
    }));
    if (deliverer) {
      queues.push({
        name: QUEUES.mail,
        cron: MAIL_CRON,
        // stately: at most one run waiting and one running, however many wake-ups arrive.
        queue: {
          name: QUEUES.mail,
          policy: 'stately',
          retryLimit: 3,
          retryDelay: 10,
          expireInSeconds: 5 * 60,
        },
      });
    }
    for (const { name, cron, queue } of queues) {
      await boss.createQueue(name, queue);
      await boss.updateQueue(name, queue); // an existing queue takes a changed policy or retry setting
      await boss.schedule(name, cron, {}, { tz: 'UTC' });
    }
    // Tasks removed from the code (or mail delivery without SMTP) stop being scheduled.
    const wanted = new Set(queues.map((q) => q.name));
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

  if (deliverer) {
    // Not recorded in task_runs (it runs every minute and on every wake-up); failures are logged
    // per message, and a thrown batch error (database gone) makes pg-boss retry the run.
    await boss.work(QUEUES.mail, { batchSize: 1, pollingIntervalSeconds: 1 }, async () => {
      const tried = await deliverer.drain({ shouldStop: () => stopping, maxMs: 4 * 60_000 });
      if (tried > 0) log.info({ task: QUEUES.mail, tried }, 'mail delivery run finished');
    });
  }

  log.info({ worker: id, tasks: tasks.map((t) => `${t.name} (${t.cron})`) }, 'worker started');
  let stopped: Promise<void> | undefined;
  return {
    id,
    stop(timeoutMs = 30_000) {
      stopped ??= (async () => {
        stopping = true; // a mail run finishes its current batch and returns
        await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
        deliverer?.close();
        log.info({ worker: id }, 'worker stopped');
      })();
      return stopped;
    },
  };
}
