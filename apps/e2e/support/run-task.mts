/**
 * Runs one scheduled task now, exactly as the worker does (`task.run(services, now)` from the
 * API's SCHEDULED_TASKS) but without the queue, against DATABASE_URL; prints its result as JSON.
 * Journeys call it through `runTask` (fixtures.ts), with the same environment as their server.
 *
 *   node --import tsx apps/e2e/support/run-task.mts job-alert-digests
 */
import { createDb } from '@societas/db';
import { parseEnv } from '../../api/src/env.js';
import { createLogger } from '../../api/src/logger.js';
import { SCHEDULED_TASKS } from '../../api/src/worker/tasks.js';

const name = process.argv[2];
const task = SCHEDULED_TASKS.find((t) => t.name === name);
if (!task) {
  console.error(`Unknown task "${name}". Tasks: ${SCHEDULED_TASKS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
const env = parseEnv();
if (!env.DATABASE_URL) {
  console.error('Set DATABASE_URL (this script never starts an embedded Postgres).');
  process.exit(2);
}
const handle = await createDb({ databaseUrl: env.DATABASE_URL, poolSize: 2 });
try {
  const result = await task.run({ db: handle.db, env, log: createLogger(env) }, new Date());
  console.log(JSON.stringify(result));
} finally {
  await handle.close();
}
