/**
 * Directory's front door: its router, and what other modules show of a member (the member card a
 * committee roster links to, whether a spotlight may link to a public member page).
 */
export { directoryRouter } from './directory.router.js';
export { hasPublicMemberPage, memberPageFor } from './directory.service.js';
