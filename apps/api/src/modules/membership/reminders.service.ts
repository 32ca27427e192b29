import type { DB } from '@societas/db';
import type { Env } from '../../env.js';
import { listLiveSubscriptions } from '../billing/billing.repository.js';
import { noRenewToken } from '../billing/no-renew.js';
import { queueMail } from '../mail/mail.service.js';
import { autoRenewNoticeMail, reminderMail } from './membership.mails.js';
import { findUsersByIds, listAllLedgerFacts } from './membership.repository.js';
import { DAY_MS, deriveMembership, dueReminder, type LedgerFact } from './membership.rules.js';

/**
 * Renewal reminders at 60, 30 and 7 days before the end and on lapse, for a scheduler to call as
 * often as it likes. It only sends: status stays derived. Each reminder is queued with an outbox
 * dedupe key of (member, term end, kind), so it goes at most once per term however many runs or
 * replicas overlap; a renewal moves the end date and so starts a fresh set of reminders.
 * Members with automatic renewal get one notice 30 days before the charge instead.
 */
export async function sendRenewalReminders(db: DB, env: Env, now = new Date()): Promise<{ queued: number }> {
  const rows = await listAllLedgerFacts(db);
  const byUser = new Map<string, LedgerFact[]>();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({
      id: r.id,
      kind: r.kind,
      planId: r.plan_id,
      termYears: r.term_years,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      createdAt: r.created_at,
    });
    byUser.set(r.user_id, list);
  }
  const subscriptions = new Map((await listLiveSubscriptions(db)).map((s) => [s.user_id, s]));

  const due: Array<{
    userId: string;
    kind: ReturnType<typeof dueReminder> & {};
    endsAt: Date;
    graceEndsAt: Date;
  }> = [];
  for (const [userId, facts] of byUser) {
    const m = deriveMembership(facts, now);
    if (!m.endsAt || m.isLifetime || m.endedEarly || !m.graceEndsAt) continue;
    const kind = dueReminder(m.endsAt, now);
    if (kind) due.push({ userId, kind, endsAt: m.endsAt, graceEndsAt: m.graceEndsAt });
  }
  const users = new Map(
    (await findUsersByIds(db, [...new Set(due.map((d) => d.userId))])).map((u) => [u.id, u]),
  );

  let queued = 0;
  for (const d of due) {
    const user = users.get(d.userId);
    if (!user) continue;
    const sub = subscriptions.get(d.userId);
    const autoRenews =
      sub && !sub.cancel_at_period_end && (sub.status === 'active' || sub.status === 'trialing');
    const key = `membership-reminder:${d.userId}:${d.endsAt.toISOString()}:${autoRenews ? 'auto_renew_notice' : d.kind}`;
    let sent: boolean;
    if (autoRenews) {
      // Only the 30-day notice (amount, date, one-click "don't renew"); no "please renew" nagging.
      if (d.kind !== 'renewal_30') continue;
      const chargeOn = sub.current_period_end ?? new Date(d.endsAt.getTime() - DAY_MS);
      sent = await queueMail(
        db,
        user.email,
        'membership_auto_renew_notice',
        autoRenewNoticeMail({
          society: env.SOCIETY_NAME,
          publicUrl: env.PUBLIC_URL,
          name: user.name,
          amountMinor: sub.amount_minor ?? 0,
          currency: sub.currency?.trim() ?? env.MEMBERSHIP_CURRENCY,
          chargeOn,
          noRenewUrl: `${env.PUBLIC_URL}/membership/auto-renew/cancel?token=${noRenewToken(env.AUTH_SECRET, d.userId, sub.id, new Date(chargeOn.getTime() + 7 * DAY_MS))}`,
        }),
        { dedupeKey: key },
      );
    } else {
      sent = await queueMail(
        db,
        user.email,
        `membership_${d.kind}`,
        reminderMail({
          society: env.SOCIETY_NAME,
          publicUrl: env.PUBLIC_URL,
          name: user.name,
          kind: d.kind,
          endsAt: d.endsAt,
          graceEndsAt: d.graceEndsAt,
        }),
        { dedupeKey: key },
      );
    }
    if (sent) queued += 1;
  }
  return { queued };
}
