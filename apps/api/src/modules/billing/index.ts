/**
 * Billing's front door: the only file other modules import. Billing owns Checkout Sessions, the
 * Stripe webhook, payments, refunds, receipts' delivery, reconciliation and subscriptions; products
 * (membership terms, job postings, ...) plug in with a fulfiller (products.ts), registered at
 * composition time (apps/api/src/products.ts). See docs/architecture.md, "The payment spine".
 */
export {
  type BillingContext,
  type BillingServices,
  billingContext,
  billingTransaction,
  inBillingTransaction,
  systemBillingContext,
} from './billing.context.js';
export { findLiveSubscription, findReceiptNumber, listLiveSubscriptions } from './billing.repository.js';
export { billingRoutes, WEBHOOK_PATH } from './billing.routes.js';
export {
  billingPortalAvailable,
  cardPayments,
  customerPortalUrl,
  ensureCustomer,
  type RefundOutcome,
  reconcileOpenCheckouts,
  reconcileRenewalInvoices,
  refundPayment,
} from './checkout.service.js';
export {
  AMOUNT_MISMATCH_ACTION,
  type FulfilResult,
  fulfilCheckoutSession,
  fulfilFreeOrder,
  RetryLater,
  SECOND_SUBSCRIPTION_ACTION,
  UNEXPECTED_INVOICE_ACTION,
} from './fulfilment.service.js';
export { getGateway, type PaymentGateway, paymentsUnavailable } from './gateway.js';
export { settleLocalCheckout } from './local-checkout.js';
export { noRenewToken, verifyNoRenewToken } from './no-renew.js';
export {
  type Fulfiller,
  type OutgoingMail,
  type PaymentPurpose,
  type ProductOrder,
  type RecordedPayment,
  type RecurringHooks,
  type RefundedPayment,
  registerFulfiller,
} from './products.js';
export { switchAutoRenew } from './subscriptions.service.js';
