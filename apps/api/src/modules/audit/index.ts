/** Audit's front door: other modules record who did what through recordAudit only. */
export { recordAudit } from './audit.repository.js';
