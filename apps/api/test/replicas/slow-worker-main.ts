import { runWorkerProcess } from '../../src/worker/run-process.js';
import { SCHEDULED_TASKS, type ScheduledTask } from '../../src/worker/tasks.js';

/** How long the test-only job takes: long enough to SIGTERM the worker in the middle of it. */
const SLOW_JOB_MS = 4000;

/**
 * `npm run worker` as it ships, plus one test-only task (`test-slow-job`, never scheduled in
 * practice: the test sends it) that sleeps, so a test can stop the worker while a job is running.
 */
const slowJob: ScheduledTask = {
  name: 'test-slow-job',
  cron: '0 0 1 1 *',
  description: 'Tests only: sleeps for SLOW_JOB_MS.',
  async run() {
    await new Promise((r) => setTimeout(r, SLOW_JOB_MS));
    return { sleptMs: SLOW_JOB_MS };
  },
};

runWorkerProcess({ tasks: [...SCHEDULED_TASKS, slowJob] }).catch((error) => {
  console.error('Worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
