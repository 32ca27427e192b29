import { createDb, type DbHandle, migrateToLatest } from '@societas/db';
import type { Logger } from 'pino';
import { createAuth } from './auth/auth.js';
import type { Env } from './env.js';
import { createJobSearch } from './modules/jobs/index.js';
import type { Services } from './trpc/context.js';
import { wakeMailDeliveryOnQueue } from './worker/queue.js';
import type { ScheduledTask } from './worker/tasks.js';
import { startWorker, type Worker } from './worker/worker.js';

export interface Runtime extends Services {
  handle: DbHandle;
  /** Starts the background worker in this process when WORKER says so; returns whether it did. */
  startBackground(): Promise<boolean>;
  /** Starts the worker regardless of WORKER (the `npm run worker` process); `tasks` for tests. */
  startWorker(tasks?: readonly ScheduledTask[]): Promise<Worker>;
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
    warn: (m) => log.warn({ component: 'embedded-postgres' }, m),
  });
  await migrateToLatest(handle.db);
  const auth = createAuth({ db: handle.db, env });
  // The cache connects its listener on the first search (the worker process never searches).
  const jobSearch = createJobSearch(env, handle, log);
  let worker: Worker | undefined;
  // Mail queued by this process (API or worker) wakes the deliverer through the job queue.
  const stopMailWakeups = env.SMTP_URL ? wakeMailDeliveryOnQueue(handle.db, log) : undefined;

  const runtime: Runtime = {
    db: handle.db,
    auth,
    env,
    log,
    jobSearch,
    handle,
    async startWorker(tasks) {
      worker ??= await startWorker({
        db: handle.db,
        env,
        log,
        databaseUrl: handle.url,
        ...(tasks ? { tasks } : {}),
      });
      return worker;
    },
    async startBackground() {
      const inline = env.WORKER === 'inline' || (env.WORKER === 'auto' && handle.embedded);
      if (inline) await runtime.startWorker();
      return inline;
    },
    async close() {
      stopMailWakeups?.();
      await worker?.stop();
      await jobSearch.close();
      await handle.close();
    },
  };
  return runtime;
}
