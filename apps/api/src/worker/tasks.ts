import { type DB, withLongRunningLimits } from '@societas/db';
import type { Logger } from 'pino';
import type { Env } from '../env.js';
import { systemContext } from '../lib/service-context.js';
import { reconcileOpenCheckouts, systemBillingContext } from '../modules/billing/index.js';
import { deleteUnattachedFiles } from '../modules/files/index.js';
import { sendAlertDigests, sendExpiryNotices } from '../modules/jobs/index.js';
import { sendRenewalReminders } from '../modules/membership/index.js';
import { refresh as refreshReports } from '../modules/reports/index.js';
import { registerProducts } from '../products.js';
import { deleteExpiredRows } from './housekeeping.repository.js';
import { pruneTaskRuns } from './task-runs.repository.js';

export interface TaskServices {
  db: DB;
  env: Env;
  log: Logger;
}

/**
 * A piece of scheduled work. Every task must be safe to run twice (outbox dedupe keys, idempotent
 * fulfilment): the queue runs each scheduled slot once, but a crash mid-run means a retry.
 */
export interface ScheduledTask {
  name: string;
  /** Five-field cron, UTC. */
  cron: string;
  description: string;
  /**
   * pg-boss queue policy: 'stately' keeps at most one run waiting (and one running), for tasks that
   * are also queued on demand (a double click queues one run). Default 'standard'.
   */
  policy?: 'standard' | 'stately';
  run(services: TaskServices, now: Date): Promise<Record<string, unknown>>;
}

export const SCHEDULED_TASKS: readonly ScheduledTask[] = [
  {
    name: 'worker-heartbeat',
    cron: '* * * * *',
    description: 'Proves a worker is alive (last run visible to operators); prunes old task runs.',
    async run({ db }, now) {
      return { pruned: await pruneTaskRuns(db, 30, now) };
    },
  },
  {
    name: 'membership-reminders',
    cron: '*/15 * * * *',
    description: 'Renewal reminders 60, 30 and 7 days before the end and on lapse; pre-charge notices.',
    async run(services, now) {
      const result = await sendRenewalReminders(systemContext(services, 'task:membership-reminders', now));
      return { ...result };
    },
  },
  {
    name: 'stripe-reconcile',
    cron: '17 3 * * *',
    description:
      'Nightly: Checkout Sessions left open and paid renewal invoices (a lost webhook) are fetched from Stripe and fulfilled.',
    async run(services, now) {
      registerProducts(); // wherever the task runs (the worker, or a one-off runner)
      return reconcileOpenCheckouts(systemBillingContext(services, 'task:stripe-reconcile', now));
    },
  },
  {
    name: 'job-expiry-notices',
    cron: '*/15 * * * *',
    description: 'Job listings: one notice per listing run 7 days before expiry, with a renew link.',
    async run(services, now) {
      return sendExpiryNotices(systemContext(services, 'task:job-expiry-notices', now));
    },
  },
  {
    name: 'job-alert-digests',
    cron: '5 * * * *',
    description: 'Saved job searches: daily or weekly digests of new matches, each listing once per alert.',
    async run(services, now) {
      return sendAlertDigests(systemContext(services, 'task:job-alert-digests', now));
    },
  },
  {
    name: 'reports-refresh',
    cron: '7 * * * *',
    description:
      'Hourly, and when an admin presses "Refresh now": rebuilds the report summaries (statuses, monthly flows, cohorts) from the ledger.',
    policy: 'stately',
    async run({ db }, now) {
      // Minutes on a large society: its own, longer statement limit (docs/operations.md).
      const result = await withLongRunningLimits(db, (conn) => refreshReports(conn, now));
      return { tookMs: result.tookMs };
    },
  },
  {
    name: 'housekeeping',
    cron: '41 * * * *',
    description:
      'Hourly: deletes expired sessions, expired verification tokens and rate-limit counters older than a day.',
    async run({ db }, now) {
      return { ...(await deleteExpiredRows(db, now)) };
    },
  },
  {
    name: 'abandoned-uploads',
    cron: '47 * * * *',
    description: 'Hourly: removes uploads no saved form used within a day (a photo chosen, the form left).',
    async run(services, now) {
      return { deleted: await deleteUnattachedFiles(systemContext(services, 'task:abandoned-uploads', now)) };
    },
  },
];
