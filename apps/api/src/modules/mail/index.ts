/**
 * Mail's front door: modules queue mail (written to the outbox in the caller's transaction); the
 * worker delivers it; admins and the dev mailbox read the outbox through the router.
 */
export { createMailDeliverer } from './mail.deliverer.js';
export { mailRouter } from './mail.router.js';
export { onMailQueued, pendingMailCount, queueMail } from './mail.service.js';
export type { MailContent } from './mail.templates.js';
export {
  existingAccountSignUpMail,
  passwordChangedMail,
  passwordResetMail,
  verificationMail,
} from './mail.templates.js';
