import type { DB } from '@societas/db';
import type { Env } from '../../env.js';
import { sendAlertDigests } from './alerts.service.js';
import { sendExpiryNotices } from './jobs.service.js';

/**
 * Scheduled job-board work: only sends things, each at most once (outbox dedupe keys and the
 * job_alert_sends claims). Expiry itself needs no job: visibility is derived from the clock.
 */
export async function runJobBoardJobs(services: { db: DB; env: Env }, now = new Date()) {
  const notices = await sendExpiryNotices(services.db, services.env, now);
  const digests = await sendAlertDigests(services.db, services.env, now);
  return { expiryNoticesQueued: notices.queued, digestsSent: digests.sent };
}
