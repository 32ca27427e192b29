/**
 * Settings' front door: the society's name, branding, contact and receipt details and defaults,
 * edited by admins; every module that shows the society's name reads it through societySettings.
 */
export { settingsRouter } from './settings.router.js';
export {
  forgetSocietySettings,
  mailSender,
  receiptIssuerLines,
  societySettings,
} from './settings.service.js';
