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

  // Without SMTP, in development and tests, anyone may read the dev mailbox (their own links).
  'mail.devMailboxStatus': 'public',
  'mail.devMailbox': 'public',

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
 * Inputs for procedures whose access depends on more than the role (checked after validation):
 * a valid input, so a refusal can only come from the access rule.
 */
export const SAMPLE_INPUT: Record<string, unknown> = {
  'directory.search': {},
};

/** Calls that would end the caller's own session; the matrix checks them last. */
export const ENDS_SESSION = new Set(['auth.signOut']);
