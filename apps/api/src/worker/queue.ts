import type { DB } from '@societas/db';
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { onMailQueued } from '../modules/mail/index.js';

/** Queues that other code sends jobs to (the worker creates them, with the scheduled tasks). */
export const QUEUES = {
  mail: 'mail-delivery',
  reportsRefresh: 'reports-refresh',
} as const;

/** pg-boss's schema; the worker installs it. */
export const QUEUE_SCHEMA = 'pgboss';

const senders = new WeakMap<DB, PgBoss>();

/**
 * A pg-boss that only sends jobs, over our own connection pool: never started (no supervision, no
 * cron, no migrations), so any process (an API replica with WORKER=off) can queue work cheaply.
 */
function senderFor(db: DB): PgBoss {
  let boss = senders.get(db);
  if (!boss) {
    boss = new PgBoss({
      schema: QUEUE_SCHEMA,
      supervise: false,
      schedule: false,
      migrate: false,
      db: {
        async executeSql(text: string, values: unknown[] = []) {
          const result = await db.executeQuery(CompiledQuery.raw(text, values));
          return { rows: result.rows as unknown[] };
        },
      },
    });
    senders.set(db, boss);
  }
  return boss;
}

export type SendResult = 'queued' | 'already-queued' | 'no-queue';

/**
 * Queues a job for the worker. On a `stately` queue a second send while one is already waiting is
 * dropped ('already-queued'): the waiting job will do the work. 'no-queue' means no worker has
 * set the queue up yet (pg-boss not installed, or the queue not created).
 */
export async function sendJob(db: DB, name: string, data: object = {}): Promise<SendResult> {
  try {
    const id = await senderFor(db).send(name, data);
    if (id) return 'queued';
  } catch (error) {
    // 42P01: pgboss.job does not exist yet (no worker has ever started on this database).
    if ((error as { code?: string }).code === '42P01') return 'no-queue';
    throw error;
  }
  const queue = await senderFor(db).getQueue(name);
  return queue ? 'already-queued' : 'no-queue';
}

/**
 * Sends a mail-delivery job shortly after mail is queued in this process (debounced: a burst of
 * mail is one job; the short delay lets the caller's transaction commit first). Returns a function
 * that stops it. Whatever this misses, the every-minute delivery run sends.
 */
export function wakeMailDeliveryOnQueue(db: DB, log: Logger, delayMs = 300): () => void {
  let timer: NodeJS.Timeout | undefined;
  onMailQueued(() => {
    timer ??= setTimeout(() => {
      timer = undefined;
      sendJob(db, QUEUES.mail).catch((error) =>
        log.warn({ err: error }, 'could not queue a mail delivery run (the next minute’s run sends it)'),
      );
    }, delayMs);
  });
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    onMailQueued(undefined);
  };
}
