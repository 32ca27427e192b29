/**
 * Membership's front door: the only file other modules import. Membership terms are a billing
 * product (membership.fulfiller.ts, registered with billing in apps/api/src/products.ts); other
 * modules read a person's standing here.
 */

export { startCheckout } from './membership.checkout.js';
export { membershipFulfiller } from './membership.fulfiller.js';
export { membershipRouter } from './membership.router.js';
export { getMembershipState, getQuotes, NO_COUNTRY_NOTICE } from './membership.service.js';
export { membershipAdminRouter } from './membership-admin.router.js';
export { type MembershipStanding, membershipStateOf, membershipStatesOf } from './membership-status.js';
export { sendRenewalReminders } from './reminders.service.js';
