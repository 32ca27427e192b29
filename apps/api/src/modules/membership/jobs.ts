import type { DB } from '@societas/db';
import type { Logger } from 'pino';
import type { Env } from '../../env.js';
import { reconcileOpenCheckouts } from '../billing/checkout.service.js';
import { sendRenewalReminders } from './reminders.service.js';

/**
 * Scheduled membership work, for the job runner to call (e.g. every 15 minutes, on any number of
 * workers): both parts only send or fulfil, each at most once (outbox dedupe keys, the
 * idempotent fulfilment), so overlapping runs are harmless. Statuses are never flipped here.
 */
export async function runMembershipJobs(services: { db: DB; env: Env; log: Logger }, now = new Date()) {
  const reminders = await sendRenewalReminders(services.db, services.env, now);
  const reconciled = await reconcileOpenCheckouts(services, now);
  return {
    remindersQueued: reminders.queued,
    checkoutsChecked: reconciled.checked,
    checkoutsFulfilled: reconciled.fulfilled,
  };
}
