import { formatMoney } from '@societas/contracts';
import type { MailContent } from '../mail/index.js';
import { receiptIssuerLines } from '../settings/index.js';

/** Plain-text membership mails; dates in UTC, written out so no client reformats them. */
export function formatDate(date: Date): string {
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function receiptMail(p: {
  society: string;
  issuer: { legalName: string; postalAddress: string | null; taxId: string | null };
  publicUrl: string;
  name: string;
  receiptNumber: string;
  paymentId: string;
  amountMinor: number;
  currency: string;
  description: string;
  startsAt: Date;
  endsAt: Date | null;
}): MailContent {
  const period = p.endsAt
    ? `${formatDate(p.startsAt)} to ${formatDate(p.endsAt)}`
    : `from ${formatDate(p.startsAt)} (lifetime)`;
  return {
    subject: `Your ${p.society} receipt ${p.receiptNumber}`,
    text: `Hello ${p.name},\n\nThank you for your payment.\n\nReceipt: ${p.receiptNumber}\nFor: ${p.description}\nAmount: ${formatMoney(p.amountMinor, p.currency)}\nMembership: ${period}\n\nYour receipt, ready to print:\n\n${p.publicUrl}/membership/receipts/${p.paymentId}\n\n${p.society}\n\n${receiptIssuerLines(p.issuer)}`,
  };
}

export function reminderMail(p: {
  society: string;
  publicUrl: string;
  name: string;
  kind: 'renewal_60' | 'renewal_30' | 'renewal_7' | 'lapsed';
  endsAt: Date;
  graceEndsAt: Date;
}): MailContent {
  const renewUrl = `${p.publicUrl}/membership`;
  if (p.kind === 'lapsed') {
    return {
      subject: `Your ${p.society} membership has lapsed`,
      text: `Hello ${p.name},\n\nYour ${p.society} membership ended on ${formatDate(p.endsAt)} and the 30-day grace period is over, so member benefits have stopped. You can rejoin at any time:\n\n${renewUrl}\n\n${p.society}`,
    };
  }
  const days = p.kind === 'renewal_60' ? 60 : p.kind === 'renewal_30' ? 30 : 7;
  return {
    subject: `Your ${p.society} membership ends in ${days} days`,
    text: `Hello ${p.name},\n\nYour ${p.society} membership ends on ${formatDate(p.endsAt)}. Renew now and the new term starts from that date, so you lose nothing by renewing early:\n\n${renewUrl}\n\nIf you do not renew, benefits continue during a grace period until ${formatDate(p.graceEndsAt)}.\n\n${p.society}`,
  };
}

export function autoRenewNoticeMail(p: {
  society: string;
  publicUrl: string;
  name: string;
  amountMinor: number;
  currency: string;
  chargeOn: Date;
  noRenewUrl: string;
}): MailContent {
  return {
    subject: `Your ${p.society} membership renews automatically on ${formatDate(p.chargeOn)}`,
    text: `Hello ${p.name},\n\nYour membership renews automatically: we will charge ${formatMoney(p.amountMinor, p.currency)} to your saved card on or about ${formatDate(p.chargeOn)}.\n\nDon't want to renew? Turn off automatic renewal here (one click, you keep your membership until it ends):\n\n${p.noRenewUrl}\n\n${p.society}`,
  };
}

export function renewalFailedMail(p: {
  society: string;
  publicUrl: string;
  name: string;
  amountMinor: number;
  currency: string;
  graceEndsAt: Date | null;
}): MailContent {
  const grace = p.graceEndsAt
    ? `Your benefits continue during a grace period until ${formatDate(p.graceEndsAt)}; if payment has not gone through by then, your membership ends on that date.`
    : 'Your benefits continue while we retry the payment.';
  return {
    subject: `We could not renew your ${p.society} membership`,
    text: `Hello ${p.name},\n\nThe automatic renewal payment of ${formatMoney(p.amountMinor, p.currency)} did not go through. Please update your card: open your membership page and choose "Manage card / billing" (Stripe's billing portal); we retry the payment with the new card automatically. A separate payment is not possible while this one is open, so you are never charged twice.\n\n${p.publicUrl}/membership\n\n${grace}\n\n${p.society}`,
  };
}

export function checkoutFailedMail(p: { society: string; publicUrl: string; name: string }): MailContent {
  return {
    subject: `Your ${p.society} payment did not go through`,
    text: `Hello ${p.name},\n\nYour payment for ${p.society} membership could not be completed, so no membership was started and nothing was charged. You can try again here:\n\n${p.publicUrl}/membership/join\n\n${p.society}`,
  };
}

export function proofRejectedMail(p: {
  society: string;
  publicUrl: string;
  name: string;
  planName: string;
  reason: string | null;
  autoRenewTurnedOff: boolean;
}): MailContent {
  const reason = p.reason ? `The reviewer wrote: "${p.reason}"` : 'The reviewer gave no further reason.';
  const autoRenew = p.autoRenewTurnedOff
    ? '\n\nAutomatic renewal of this plan has been turned off; your current membership continues until it ends.'
    : '';
  return {
    subject: `Your proof of eligibility for ${p.planName} was not accepted`,
    text: `Hello ${p.name},\n\nAn administrator of ${p.society} could not accept your proof of eligibility for ${p.planName} membership. ${reason}\n\nUntil new proof is sent, ${p.planName} membership cannot be bought or renewed. You can send new proof, or choose another plan, here:\n\n${p.publicUrl}/membership/join${autoRenew}\n\n${p.society}`,
  };
}

/** After an administrator's refund: what was refunded and whether the membership ended. */
export function membershipRefundMail(p: {
  society: string;
  publicUrl: string;
  name: string;
  amountMinor: number;
  currency: string;
  paymentId: string;
  /** Set when the refund ended the membership. */
  endedAt: Date | null;
}): MailContent {
  const membership = p.endedAt
    ? `Your membership ended on ${formatDate(p.endedAt)} with this refund.`
    : 'Your membership is not affected.';
  return {
    subject: `Your ${p.society} refund of ${formatMoney(p.amountMinor, p.currency)}`,
    text: `Hello ${p.name},\n\nWe have refunded ${formatMoney(p.amountMinor, p.currency)} of your payment. It goes back to the card you paid with; banks usually show it within 5 to 10 days.\n\n${membership}\n\nThe receipt, with the refund on it:\n\n${p.publicUrl}/membership/receipts/${p.paymentId}\n\n${p.society}`,
  };
}
