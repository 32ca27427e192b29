import type { AppErrorCode } from '@societas/contracts';
import type { InputFixture } from './procedures.js';
import type { Role } from './roles.js';

/**
 * Who may call each tRPC procedure. Written by hand from the product rules, not derived from the
 * code: authorization-matrix.int.test.ts walks the router, fails on any procedure missing here, and
 * checks every role against it.
 *
 * - public: anyone, signed in or not
 * - signedIn: any account (an active membership is a separate fact)
 * - activeMember: an account with an active membership (or admin)
 * - chairOfA: a current chair of the committee named in the input (or admin)
 * - employer: a member of an employer organisation (or admin)
 * - admin: administrators only
 */
export type Access = 'public' | 'signedIn' | 'activeMember' | 'chairOfA' | 'employer' | 'admin';

export const ALLOWED: Record<Access, readonly Role[]> = {
  public: ['anonymous', 'member', 'lapsedMember', 'chairOfA', 'chairOfB', 'employer', 'admin'],
  signedIn: ['member', 'lapsedMember', 'chairOfA', 'chairOfB', 'employer', 'admin'],
  activeMember: ['member', 'chairOfA', 'chairOfB', 'employer', 'admin'],
  chairOfA: ['chairOfA', 'admin'],
  employer: ['employer', 'admin'],
  admin: ['admin'],
};

export const ACCESS: Record<string, Access> = {
  'auth.session': 'public',
  'auth.signUp': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.requestPasswordReset': 'public',
  'auth.resetPassword': 'public',
  'auth.resetTokenStatus': 'public',
  'auth.resendVerification': 'public',
  'auth.changePassword': 'signedIn',

  'account.profile': 'signedIn',
  'account.updateProfile': 'signedIn',
  'account.setLocale': 'signedIn',

  // Without SMTP, in development and tests, anyone may read the dev mailbox (their own links).
  'mail.devMailboxStatus': 'public',
  'mail.devMailbox': 'public',

  // Every page shows the society's name and colours; only admins change them.
  'settings.get': 'public',
  'settings.update': 'admin',

  'admin.overview': 'admin',
  'admin.users': 'admin',

  'membership.plans': 'public',
  'membership.quotes': 'signedIn',
  'membership.status': 'signedIn',
  'membership.ledger': 'signedIn',
  'membership.payments': 'signedIn',
  'membership.receipt': 'signedIn',
  'membership.card': 'signedIn',
  'membership.startCheckout': 'signedIn',
  'membership.checkoutStatus': 'signedIn',
  'membership.setAutoRenew': 'signedIn',
  'membership.setupAutoRenew': 'signedIn',
  'membership.cancelAutoRenewByToken': 'public',
  'membership.submitProof': 'signedIn',
  'membership.proofs': 'signedIn',
  'membership.billingPortal': 'signedIn',

  'membershipAdmin.plans': 'admin',
  'membershipAdmin.savePlan': 'admin',
  'membershipAdmin.setPrice': 'admin',
  'membershipAdmin.countryBands': 'admin',
  'membershipAdmin.setCountryBand': 'admin',
  'membershipAdmin.member': 'admin',
  'membershipAdmin.refund': 'admin',
  'membershipAdmin.proofs': 'admin',
  'membershipAdmin.reviewProof': 'admin',
  'membershipAdmin.comp': 'admin',

  // Committee pages, including their change history, are public; rosters belong to their chairs.
  'committees.list': 'public',
  'committees.bySlug': 'public',
  'committees.serviceHistory': 'public',
  'committees.history': 'public',
  'committees.roster': 'chairOfA',
  'committees.searchMembers': 'chairOfA',
  'committees.addTerm': 'chairOfA',
  'committees.updateTerm': 'chairOfA',
  'committees.endTerm': 'chairOfA',
  'committees.removeTerm': 'chairOfA',
  'committees.exportCsv': 'chairOfA',
  'committees.create': 'admin',
  'committees.update': 'admin',
  'committees.archive': 'admin',

  // The directory is for members whose membership is active; a card shows only what its viewer may see.
  'directory.search': 'activeMember',
  'directory.member': 'public',
  'directory.locks': 'signedIn',
  'directory.setLock': 'admin',

  'spotlights.list': 'public',
  'spotlights.latest': 'public',
  'spotlights.tags': 'public',
  'spotlights.bySlug': 'public',
  'spotlights.myPreviews': 'signedIn',
  'spotlights.nominees': 'signedIn',
  'spotlights.nominate': 'signedIn',
  'spotlights.adminList': 'admin',
  'spotlights.adminGet': 'admin',
  'spotlights.create': 'admin',
  'spotlights.update': 'admin',
  'spotlights.transition': 'admin',

  'jobs.search': 'public',
  'jobs.get': 'public',
  'jobs.track': 'public',
  'jobs.report': 'public',
  'jobs.alerts': 'signedIn',
  'jobs.saveAlert': 'signedIn',
  'jobs.deleteAlert': 'signedIn',
  // From the digest's signed link, without signing in.
  'jobs.unsubscribeAlert': 'public',

  // Any account may see its (empty) employer dashboard and create an employer profile.
  'employer.dashboard': 'signedIn',
  'employer.saveProfile': 'signedIn',
  'employer.checkoutStatus': 'signedIn',
  'employer.listing': 'employer',
  'employer.saveListing': 'employer',
  'employer.deleteDraft': 'employer',
  'employer.close': 'employer',
  'employer.markFilled': 'employer',
  'employer.quote': 'employer',
  'employer.startCheckout': 'employer',

  'jobsAdmin.queue': 'admin',
  'jobsAdmin.approve': 'admin',
  'jobsAdmin.reject': 'admin',
  'jobsAdmin.resolveReports': 'admin',
  'jobsAdmin.restore': 'admin',

  // Reports: administrators only (a read-only viewer role is not built).
  'reports.dashboard': 'admin',
  'reports.charts': 'admin',
  'reports.list': 'admin',
  'reports.refresh': 'admin',
};

/**
 * Inputs for the refused roles' calls to procedures whose access depends on more than the role
 * (checked after validation): a valid input, so a refusal can only come from the access rule.
 */
export const SAMPLE_INPUT: Record<string, unknown> = {
  'directory.search': {},
};

/**
 * Procedures an allowed role calls with a valid input (procedures.ts) and that still refuse, for a
 * business reason: the error code they must answer with and why. Every other allowed call must
 * succeed. `roles`: only these allowed roles are refused (the others must succeed); `orAnswered`:
 * the call may also succeed; `codeFor`: a role refused with another code, for its own reason.
 */
export const REFUSED_FOR_A_REASON: Record<
  string,
  {
    code: AppErrorCode;
    why: string;
    roles?: readonly Role[];
    orAnswered?: true;
    codeFor?: Partial<Record<Role, AppErrorCode>>;
  }
> = {
  'auth.signIn': {
    code: 'FORBIDDEN',
    why: 'the generated address was signed up (auth.signUp) but never confirmed: unconfirmed accounts cannot sign in',
  },
  'auth.requestPasswordReset': {
    code: 'RATE_LIMITED',
    why: 'the same address a sixth time within the hour: the per-address limit (ADR 004)',
    roles: ['employer', 'admin'],
  },
  'auth.resendVerification': {
    code: 'RATE_LIMITED',
    why: 'the same address a sixth time within the hour: the per-address limit (ADR 004)',
    roles: ['employer', 'admin'],
  },
  'auth.resetPassword': { code: 'BAD_INPUT', why: 'the token is a secret from a mail' },
  'auth.changePassword': {
    code: 'BAD_INPUT',
    why: "the current password is the caller's secret (and must not change here)",
  },
  'membership.receipt': {
    code: 'NOT_FOUND',
    why: "the fixture payment is the member's: to anyone but the member and admins it does not exist",
    roles: ['lapsedMember', 'chairOfA', 'chairOfB', 'employer'],
  },
  'membership.startCheckout': {
    code: 'NOT_FOUND',
    why: 'the fixture plan has no price for the generated term',
  },
  'membership.setupAutoRenew': {
    code: 'NOT_FOUND',
    why: 'the fixture plan has no price, so it is not offered for renewal; a lapsed member has no term to renew',
    codeFor: { lapsedMember: 'CONFLICT' },
  },
  'membership.checkoutStatus': { code: 'NOT_FOUND', why: 'the generated checkout id names no checkout' },
  'membership.setAutoRenew': {
    code: 'CONFLICT',
    why: 'no saved card: automatic renewal is chosen at checkout',
  },
  'membership.cancelAutoRenewByToken': { code: 'BAD_INPUT', why: 'the token is signed by the server' },
  'membership.billingPortal': {
    code: 'NOT_FOUND',
    why: 'no saved payment details (nothing was paid by card)',
  },
  'membershipAdmin.savePlan': {
    code: 'NOT_FOUND',
    why: 'the generated id names no plan (editing an unknown plan)',
  },
  'membershipAdmin.refund': { code: 'NOT_FOUND', why: 'the generated payment id names no payment' },
  'membershipAdmin.reviewProof': { code: 'NOT_FOUND', why: 'the generated proof id names no proof' },
  'committees.bySlug': { code: 'NOT_FOUND', why: 'the generated slug names no committee' },
  'committees.serviceHistory': {
    code: 'NOT_FOUND',
    why: 'whether the viewer may see the member depends on what earlier calls left (the profile account.updateProfile saved, the committee term the chair calls ended): a page, or NOT_FOUND as for an unknown id',
    orAnswered: true,
  },
  'committees.addTerm': {
    code: 'CONFLICT',
    why: 'the fixture member already has a current term on committee A',
  },
  'committees.endTerm': {
    code: 'BAD_INPUT',
    why: "the chair's call (first) ended the term; it cannot be ended again",
    roles: ['admin'],
  },
  'committees.removeTerm': {
    code: 'NOT_FOUND',
    why: "the chair's call (first) removed the term",
    roles: ['admin'],
  },
  'committees.update': {
    code: 'CONFLICT',
    why: 'the generated slug is the one committees.create (earlier) gave another committee',
  },
  'directory.member': {
    code: 'NOT_FOUND',
    why: 'whether the viewer may see the member depends on what earlier calls left (the profile account.updateProfile saved, the committee term the chair calls ended): a page, or NOT_FOUND as for an unknown id',
    orAnswered: true,
  },
  'spotlights.bySlug': { code: 'NOT_FOUND', why: 'the generated slug names no spotlight' },
  'spotlights.adminGet': { code: 'NOT_FOUND', why: 'the generated id names no spotlight' },
  'spotlights.update': { code: 'NOT_FOUND', why: 'the generated id names no spotlight' },
  'spotlights.transition': { code: 'NOT_FOUND', why: 'the generated id names no spotlight' },
  'jobs.get': { code: 'NOT_FOUND', why: 'the generated id names no listing' },
  'jobs.report': { code: 'NOT_FOUND', why: 'the generated id names no listing' },
  'jobs.deleteAlert': { code: 'NOT_FOUND', why: 'the generated id names no saved search of the caller' },
  'jobs.unsubscribeAlert': { code: 'BAD_INPUT', why: 'the token is signed by the server' },
  'employer.checkoutStatus': { code: 'NOT_FOUND', why: 'the generated checkout id names no checkout' },
  'employer.listing': { code: 'NOT_FOUND', why: 'the generated id names no listing of the caller' },
  'employer.saveListing': { code: 'NOT_FOUND', why: 'the generated id names no listing of the caller' },
  'employer.deleteDraft': { code: 'NOT_FOUND', why: 'the generated id names no listing of the caller' },
  'employer.close': { code: 'NOT_FOUND', why: 'the generated id names no listing of the caller' },
  'employer.markFilled': { code: 'NOT_FOUND', why: 'the generated id names no listing of the caller' },
  'employer.startCheckout': { code: 'NOT_FOUND', why: 'the generated id names no listing of the caller' },
  'jobsAdmin.approve': { code: 'NOT_FOUND', why: 'the generated id names no listing' },
  'jobsAdmin.reject': { code: 'NOT_FOUND', why: 'the generated id names no listing' },
  'jobsAdmin.resolveReports': { code: 'NOT_FOUND', why: 'the generated id names no listing' },
  'jobsAdmin.restore': { code: 'NOT_FOUND', why: 'the generated id names no listing' },
};

/** Calls that would end the caller's own session; the matrix checks them last. */
export const ENDS_SESSION = new Set(['auth.signOut']);
/**
 * Calls that change what the caller may do (creating an employer profile makes every caller an
 * employer); the matrix checks them after the rest, before ENDS_SESSION.
 */
export const CHANGES_CALLERS_ACCESS = new Set(['employer.saveProfile']);

/**
 * Reads that show an admin or chair other people's personal data, each audited (docs/reliability.md
 * A9): an allowed call by one of `roles` (default: every allowed role) writes exactly this one
 * audit row, with the caller as actor; an allowed call by any other role writes none.
 * `entityId`: the record whose data was read (null for a list); `input` is the call's valid input.
 *
 * Not listed, by decision: counts and charts (admin.overview without flags, reports.dashboard,
 * reports.charts), the moderation queue (organisations' listings and anonymous report reasons),
 * spotlight drafts (editorial work, names only), committee pages and service history (public),
 * and the caller's own data.
 */
export const AUDITED_READS: Record<
  string,
  {
    action: string;
    entityType: string;
    entityId: (fx: InputFixture, input: Record<string, unknown>) => string | null;
    roles?: readonly Role[];
  }
> = {
  'admin.overview': { action: 'admin.payment_flags_viewed', entityType: 'payment', entityId: () => null },
  'admin.users': { action: 'admin.users_viewed', entityType: 'user', entityId: () => null },
  'membership.receipt': {
    action: 'membership.receipt_viewed',
    entityType: 'payment',
    entityId: (fx) => fx.memberPaymentId,
    roles: ['admin'],
  },
  'membershipAdmin.member': {
    action: 'membership.view',
    entityType: 'membership',
    entityId: (fx) => fx.sessions.member.userId,
  },
  'membershipAdmin.proofs': {
    action: 'membership_proof.list',
    entityType: 'membership_proof',
    entityId: () => null,
  },
  'committees.roster': {
    action: 'committees.roster_viewed',
    entityType: 'committee_roster',
    entityId: (fx) => fx.committeeA,
  },
  'committees.searchMembers': {
    action: 'committees.member_search',
    entityType: 'committee_roster',
    entityId: (fx) => fx.committeeA,
  },
  'committees.exportCsv': {
    action: 'committees.roster_exported',
    entityType: 'committee_roster',
    entityId: (fx) => fx.committeeA,
  },
  'reports.list': {
    action: 'reports.list_viewed',
    entityType: 'report',
    entityId: (_fx, input) => String(input.list),
  },
  'directory.member': {
    action: 'directory.member_viewed',
    entityType: 'user',
    entityId: (fx) => fx.sessions.member.userId,
    roles: ['admin'],
  },
  // Without SMTP anyone reads the dev mailbox; an admin's read of other people's mail is audited.
  'mail.devMailbox': {
    action: 'mail.dev_mailbox_viewed',
    entityType: 'outbox',
    entityId: () => null,
    roles: ['admin'],
  },
};
