import type { ServiceContext } from '../../lib/service-context.js';
import { listLiveSubscriptions, noRenewToken } from '../billing/index.js';
import { queueMail } from '../mail/index.js';
import { societySettings } from '../settings/index.js';
import { autoRenewNoticeMail, reminderMail } from './membership.mails.js';
import { findUsersByIds, listAllLedgerFacts } from './membership.repository.js';
import { DAY_MS, deriveMembership, dueReminder, type LedgerFact } from './membership.rules.js';

/**
 * Renewal reminders at 60, 30 and 7 days before the end and on lapse, for a scheduler to call as
 * often as it likes. It only sends: status stays derived. Each reminder is queued with an outbox
 * dedupe key of (member, term end, kind), so it goes at most once per term however many runs or
 * replicas overlap; a renewal moves the end date and so starts a fresh set of reminders.
 * Members with automatic renewal get no renewal reminders; instead one notice 30 days before the
 * automatic charge. The charge falls at the subscription's current_period_end, which can be up to
 * 60 days before the membership end (auto-renew can be chosen in the renewal window), so the
 * notice is timed from the period end and keyed once per (subscription, period end).
 */
/** Days before an automatic charge that its notice goes out. */
const NOTICE_DAYS = 30;

export async function sendRenewalReminders(ctx: ServiceContext): Promise<{ queued: number }> {
  const { db, env, now } = ctx;
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
  // Automatic renewal on: a charge is coming at the period end.
  const autoRenewing = [...subscriptions.values()].filter(
    (sub) =>
      !sub.cancel_at_period_end &&
      (sub.status === 'active' || sub.status === 'trialing') &&
      sub.current_period_end !== null,
  );
  const notices = autoRenewing.filter((sub) => {
    const chargeAt = sub.current_period_end!.getTime();
    // From 30 days before the charge until it happens (a scheduler that was down still sends it).
    return now.getTime() >= chargeAt - NOTICE_DAYS * DAY_MS && now.getTime() < chargeAt;
  });
  const autoRenewUsers = new Set(autoRenewing.map((s) => s.user_id));
  const users = new Map(
    (
      await findUsersByIds(db, [...new Set([...due.map((d) => d.userId), ...notices.map((n) => n.user_id)])])
    ).map((u) => [u.id, u]),
  );

  const settings = await societySettings(ctx);
  let queued = 0;
  for (const sub of notices) {
    const user = users.get(sub.user_id);
    if (!user) continue;
    const chargeOn = sub.current_period_end!;
    const sent = await queueMail(
      db,
      user.email,
      'membership_auto_renew_notice',
      autoRenewNoticeMail({
        society: settings.name,
        publicUrl: env.PUBLIC_URL,
        name: user.name,
        amountMinor: sub.amount_minor ?? 0,
        currency: sub.currency?.trim() ?? settings.membershipCurrency,
        chargeOn,
        noRenewUrl: `${env.PUBLIC_URL}/membership/auto-renew/cancel?token=${noRenewToken(env.AUTH_SECRET, sub.user_id, sub.id, new Date(chargeOn.getTime() + 7 * DAY_MS))}`,
      }),
      { dedupeKey: `auto-renew-notice:${sub.id}:${chargeOn.toISOString()}` },
    );
    if (sent) queued += 1;
  }
  for (const d of due) {
    const user = users.get(d.userId);
    if (!user) continue;
    // Automatic renewal on: no "please renew" reminders (the pre-charge notice above instead).
    if (autoRenewUsers.has(d.userId)) continue;
    const sent = await queueMail(
      db,
      user.email,
      `membership_${d.kind}`,
      reminderMail({
        society: settings.name,
        publicUrl: env.PUBLIC_URL,
        name: user.name,
        kind: d.kind,
        endsAt: d.endsAt,
        graceEndsAt: d.graceEndsAt,
      }),
      { dedupeKey: `membership-reminder:${d.userId}:${d.endsAt.toISOString()}:${d.kind}` },
    );
    if (sent) queued += 1;
  }
  return { queued };
}
