import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type JobAlert,
  type JobSearchQuery,
  jobSearchQuery,
  type saveAlertInput,
  searchToParams,
} from '@societas/contracts';
import { sql } from '@societas/db';
import type { z } from 'zod';
import type { Env } from '../../env.js';
import { AppError, notFound } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import { queueMail } from '../mail/index.js';
import { societySettings } from '../settings/index.js';
import { signedInActor } from './listing.js';
import { alertMatchesSql } from './search.repository.js';

const DAY_MS = 86_400_000;
const MAX_ALERTS = 20;

/** Unsubscribe links: a 256-bit HMAC of the alert id under AUTH_SECRET; no sign-in needed. */
export function unsubscribeToken(secret: string, alertId: string) {
  return createHmac('sha256', secret).update(`societas-job-alert-unsubscribe:${alertId}`).digest('base64url');
}
export function verifyUnsubscribeToken(secret: string, alertId: string, token: string) {
  const a = Buffer.from(unsubscribeToken(secret, alertId));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
export const unsubscribeUrl = (env: Env, alertId: string) =>
  `${env.PUBLIC_URL}/jobs/alerts/unsubscribe?alert=${alertId}&token=${unsubscribeToken(env.AUTH_SECRET, alertId)}`;

function parseQuery(raw: unknown): JobSearchQuery {
  const parsed = jobSearchQuery.safeParse(raw);
  return parsed.success ? parsed.data : jobSearchQuery.parse({});
}

export async function listAlerts(ctx: ServiceContext): Promise<JobAlert[]> {
  const rows = await ctx.db
    .selectFrom('job_alerts')
    .select(['id', 'name', 'query', 'frequency', 'last_sent_at', 'unsubscribed_at', 'created_at'])
    .where('user_id', '=', signedInActor(ctx).id)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: parseQuery(r.query),
    frequency: r.frequency,
    lastSentAt: r.last_sent_at,
    active: r.unsubscribed_at === null,
    createdAt: r.created_at,
  }));
}

export async function saveAlert(ctx: ServiceContext, input: z.output<typeof saveAlertInput>) {
  const user = signedInActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`job-alerts:${user.id}`}))`.execute(trx);
    const count = await trx
      .selectFrom('job_alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ALERTS) {
      throw new AppError('CONFLICT', `You can keep up to ${MAX_ALERTS} saved searches. Delete one first.`);
    }
    const row = await trx
      .insertInto('job_alerts')
      .values({
        user_id: user.id,
        name: input.name,
        query: JSON.stringify(input.query),
        frequency: input.frequency,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  });
}

export async function deleteAlert(ctx: ServiceContext, id: string) {
  const user = signedInActor(ctx);
  const result = await ctx.db
    .deleteFrom('job_alerts')
    .where('id', '=', id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('This saved search');
  return { ok: true as const };
}

export async function unsubscribeAlert(ctx: ServiceContext, alertId: string, token: string) {
  if (!verifyUnsubscribeToken(ctx.env.AUTH_SECRET, alertId, token)) {
    throw new AppError('BAD_INPUT', 'This unsubscribe link is not valid.');
  }
  const row = await ctx.db
    .updateTable('job_alerts')
    .set({ unsubscribed_at: sql`coalesce(unsubscribed_at, now())` })
    .where('id', '=', alertId)
    .returning('name')
    .executeTakeFirst();
  // Already deleted: the outcome the person wanted, so say so rather than fail.
  return { name: row?.name ?? null };
}

/** At most this many listings in one digest; the rest wait for the next one ("and N more"). */
export const DIGEST_CAP = 25;

const dueBefore = (frequency: 'daily' | 'weekly', now: Date) =>
  new Date(now.getTime() - (frequency === 'daily' ? 1 : 7) * DAY_MS + 3_600_000);

/**
 * Digests of new matches, for the scheduler (any interval, any number of workers). An alert is due
 * once a day (daily) or week (weekly); its new matches are the visible listings published since
 * the alert was made and not yet sent to it, whenever the last digest ran (a worker that was down
 * for days loses nothing). A digest lists at most DIGEST_CAP of them, oldest first, and says how
 * many more wait; those go out in the next digest. (alert, job) pairs are claimed in
 * job_alert_sends (primary key), so each listing goes to each alert at most once, whatever
 * overlaps; the alert row is locked (SKIP LOCKED) so concurrent runs do not both build a digest.
 */
export async function sendAlertDigests(ctx: ServiceContext) {
  const { db, env, now } = ctx;
  const due = await db
    .selectFrom('job_alerts')
    .select('id')
    .where('unsubscribed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('last_sent_at', 'is', null),
        eb.and([eb('frequency', '=', 'daily'), eb('last_sent_at', '<=', dueBefore('daily', now))]),
        eb.and([eb('frequency', '=', 'weekly'), eb('last_sent_at', '<=', dueBefore('weekly', now))]),
      ]),
    )
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const mailed = await db.transaction().execute(async (trx) => {
      const alert = await trx
        .selectFrom('job_alerts as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select([
          'a.id',
          'a.name',
          'a.query',
          'a.frequency',
          'a.created_at',
          'a.last_sent_at',
          'a.unsubscribed_at',
          'u.email',
          'u.name as user_name',
        ])
        .where('a.id', '=', id)
        .forUpdate('a')
        .skipLocked()
        .executeTakeFirst();
      if (!alert || alert.unsubscribed_at) return false;
      // Another run may have done this alert between our list and our lock.
      if (alert.last_sent_at && alert.last_sent_at > dueBefore(alert.frequency, now)) return false;
      const query = parseQuery(alert.query);
      const { rows: matches } = await alertMatchesSql(
        query,
        alert.id,
        alert.created_at,
        DIGEST_CAP,
        now,
      ).execute(trx);
      let claimed: string[] = [];
      if (matches.length) {
        const rows = await trx
          .insertInto('job_alert_sends')
          .values(matches.map((j) => ({ alert_id: alert.id, job_id: j.id })))
          .onConflict((oc) => oc.columns(['alert_id', 'job_id']).doNothing())
          .returning('job_id')
          .execute();
        claimed = rows.map((r) => r.job_id);
      }
      await trx.updateTable('job_alerts').set({ last_sent_at: now }).where('id', '=', alert.id).execute();
      const jobs = matches.filter((j) => claimed.includes(j.id));
      if (!jobs.length) return false;
      const more = Math.max(0, (matches[0]?.remaining ?? 0) - matches.length);
      const list = jobs
        .map(
          (j) =>
            `- ${j.title} — ${j.employer_name}, ${j.city ? `${j.city}, ` : ''}${j.country_code}\n  ${env.PUBLIC_URL}/jobs/${j.id}`,
        )
        .join('\n');
      const search = searchToParams(query).toString();
      const searchUrl = `${env.PUBLIC_URL}/jobs${search ? `?${search}` : ''}`;
      const moreText = more
        ? `\n\n…and ${more} more (they will follow in your next digest). See them all now:\n\n${searchUrl}`
        : `\n\nSee all matches:\n\n${searchUrl}`;
      await queueMail(
        trx,
        alert.email,
        'job_alert_digest',
        {
          subject: `${jobs.length}${more ? '+' : ''} new job${jobs.length > 1 || more ? 's' : ''} for "${alert.name}"`,
          text: `Hello ${alert.user_name},\n\nNew listings matching your saved search "${alert.name}":\n\n${list}${moreText}\n\nStop these emails:\n\n${unsubscribeUrl(env, alert.id)}\n\n${(await societySettings({ db: trx, env })).name}`,
        },
        { dedupeKey: `job-alert:${alert.id}:${[...claimed].sort().join(',')}`.slice(0, 500) },
      );
      return true;
    });
    if (mailed) sent += 1;
  }
  return { sent };
}
