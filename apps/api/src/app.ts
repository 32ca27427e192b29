import { createDb, type DbHandle, migrateToLatest } from '@societas/db';
import type { Logger } from 'pino';
import { createAuth } from './auth/auth.js';
import type { Env } from './env.js';
import { runJobBoardJobs } from './modules/jobs/scheduled.js';
import { createMailDeliverer } from './modules/mail/mail.deliverer.js';
import type { Services } from './trpc/context.js';

const JOB_BOARD_INTERVAL_MS = 15 * 60 * 1000;

export interface Runtime extends Services {
  handle: DbHandle;
  /** Starts background work that belongs to this process (mail delivery until the job queue lands). */
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
      // Job board: expiry notices and alert digests (each sent at most once; overlapping runs are harmless).
      const jobBoard = () =>
        runJobBoardJobs({ db: handle.db, env }).catch((error) =>
          log.error({ err: error }, 'job board jobs failed'),
        );
      timers.push(setInterval(jobBoard, JOB_BOARD_INTERVAL_MS));
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
      deliverer?.close();
      await handle.close();
    },
  };
}
