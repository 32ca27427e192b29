import { registerFulfiller } from './modules/billing/index.js';
import { jobPostingFulfiller } from './modules/jobs/index.js';
import { membershipFulfiller } from './modules/membership/index.js';

/**
 * Composition: the products people pay for, registered with billing (which imports none of them).
 * Called wherever payments are handled: the HTTP server (webhook, checkout, return pages) and the
 * worker (reconciliation). Adding a product: one more line here (docs/architecture.md).
 */
export function registerProducts(): void {
  registerFulfiller(membershipFulfiller);
  registerFulfiller(jobPostingFulfiller);
}
