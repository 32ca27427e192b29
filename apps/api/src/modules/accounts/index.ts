/**
 * Accounts' front door: sign-up/sign-in and profile routers, the auth service context for plain
 * routes (the e-mail verification link), the role lookups other modules authorise with, and the
 * language a person chose (for their mails, ADR 019).
 */
export { findUserLocale } from './account.repository.js';
export { accountRouter } from './account.router.js';
export { authRouter } from './auth.router.js';
export { authContext, verifyEmailLink } from './auth.service.js';
export { employerIdsFor, isCommitteeChair } from './roles.repository.js';
