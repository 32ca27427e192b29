import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '@societas/db';
import Stripe from 'stripe';
import type { Env } from '../../env.js';
import { AppError } from '../../errors.js';
import { getLocalObject, listLocalObjects, putLocalObject } from './billing.repository.js';

/**
 * The Stripe calls the portal makes, behind one interface with two implementations:
 * - `stripeGateway`: the official SDK (real Stripe, or the test stand-in via STRIPE_API_BASE);
 * - `localGateway`: no Stripe key configured; Stripe-shaped objects in our database and a local
 *   test-mode checkout page (billing.routes.ts) that delivers signed events to the same webhook.
 * Every creating POST carries an idempotency key derived from our own ids, so a double click or a
 * retried request makes one Customer, one Session, one Refund.
 */
export interface PaymentGateway {
  mode: 'stripe' | 'local' | 'off';
  livemode: boolean;
  createCustomer(p: { userId: string; email: string; name: string }, idempotencyKey: string): Promise<string>;
  createCheckoutSession(
    params: Stripe.Checkout.SessionCreateParams,
    idempotencyKey: string,
  ): Promise<Stripe.Checkout.Session>;
  retrieveCheckoutSession(id: string): Promise<Stripe.Checkout.Session>;
  retrieveSubscription(id: string): Promise<Stripe.Subscription>;
  setCancelAtPeriodEnd(id: string, cancel: boolean, idempotencyKey: string): Promise<Stripe.Subscription>;
  createRefund(
    p: { paymentIntent: string; amountMinor: number; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<Stripe.Refund>;
  /** The PaymentIntent that paid an invoice (refunds of auto-renew payments need it). */
  paymentIntentOfInvoice(invoiceId: string): Promise<string | null>;
  createPortalSession(customerId: string, returnUrl: string, idempotencyKey: string): Promise<string>;
  /** Every refund of a payment (made with our Refunds API call or in Stripe's dashboard). */
  listRefunds(p: { paymentIntent: string | null; charge: string }): Promise<Stripe.Refund[]>;
  /** The invoice a PaymentIntent paid (subscription charges carry no metadata of their own). */
  invoiceOfPaymentIntent(paymentIntent: string): Promise<Stripe.Invoice | null>;
  /** Paid invoices of one subscription created since `since` (reconciliation). */
  listPaidInvoices(subscriptionId: string, since: Date): Promise<Stripe.Invoice[]>;
  /** Ends a subscription now (a second live subscription that must not charge again). */
  cancelSubscription(id: string, idempotencyKey: string): Promise<Stripe.Subscription>;
  /**
   * The same gateway reading and writing through `db` (a transaction). Stripe's gateway is not in
   * our database and returns itself; the local one keeps its objects in our tables, so a caller
   * holding a transaction (and a lock) must give it that transaction: asking the shared pool for a
   * second connection while every connection waits for the caller's lock hangs the server for good
   * (issue 19).
   */
  using(db: Executor): PaymentGateway;
}

/** Signature checks need no key or network: the SDK's static webhooks helper. */
export const stripeWebhooks = Stripe.webhooks;

export function createStripeClient(env: Env): Stripe {
  if (!env.STRIPE_SECRET_KEY) throw new Error('STRIPE_SECRET_KEY is not set');
  const base = env.billing.apiBase;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    // Retries reuse the same idempotency key, so they are safe; the stand-in answers at once.
    maxNetworkRetries: base ? 0 : 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Societas' },
    ...(base ? { host: base.host, port: base.port, protocol: base.protocol } : {}),
  });
}

function stripeGateway(env: Env): PaymentGateway {
  const stripe = createStripeClient(env);
  const gateway: PaymentGateway = {
    mode: 'stripe',
    livemode: env.billing.livemode,
    using: () => gateway,
    async createCustomer(p, idempotencyKey) {
      const customer = await stripe.customers.create(
        { email: p.email, name: p.name, metadata: { societas_user_id: p.userId } },
        { idempotencyKey },
      );
      return customer.id;
    },
    createCheckoutSession: (params, idempotencyKey) =>
      stripe.checkout.sessions.create(params, { idempotencyKey }),
    retrieveCheckoutSession: (id) => stripe.checkout.sessions.retrieve(id),
    retrieveSubscription: (id) => stripe.subscriptions.retrieve(id),
    setCancelAtPeriodEnd: (id, cancel, idempotencyKey) =>
      stripe.subscriptions.update(id, { cancel_at_period_end: cancel }, { idempotencyKey }),
    createRefund: (p, idempotencyKey) =>
      stripe.refunds.create(
        { payment_intent: p.paymentIntent, amount: p.amountMinor, metadata: p.metadata },
        { idempotencyKey },
      ),
    async paymentIntentOfInvoice(invoiceId) {
      const invoice = await stripe.invoices.retrieve(invoiceId, { expand: ['payments'] });
      const pi = invoice.payments?.data.find((p) => p.status === 'paid')?.payment.payment_intent;
      return typeof pi === 'string' ? pi : (pi?.id ?? null);
    },
    async listRefunds(p) {
      const refunds: Stripe.Refund[] = [];
      const params = p.paymentIntent ? { payment_intent: p.paymentIntent } : { charge: p.charge };
      for await (const r of stripe.refunds.list({ ...params, limit: 100 })) refunds.push(r);
      return refunds;
    },
    async invoiceOfPaymentIntent(paymentIntent) {
      const list = await stripe.invoicePayments.list({
        payment: { type: 'payment_intent', payment_intent: paymentIntent },
        limit: 1,
      });
      const invoice = list.data[0]?.invoice;
      if (!invoice) return null;
      return typeof invoice === 'string' ? stripe.invoices.retrieve(invoice) : (invoice as Stripe.Invoice);
    },
    async listPaidInvoices(subscriptionId, since) {
      const invoices: Stripe.Invoice[] = [];
      const list = stripe.invoices.list({
        subscription: subscriptionId,
        status: 'paid',
        created: { gte: Math.floor(since.getTime() / 1000) },
        limit: 100,
      });
      for await (const invoice of list) invoices.push(invoice);
      return invoices;
    },
    cancelSubscription: (id, idempotencyKey) => stripe.subscriptions.cancel(id, {}, { idempotencyKey }),
    async createPortalSession(customerId, returnUrl, idempotencyKey) {
      const session = await stripe.billingPortal.sessions.create(
        { customer: customerId, return_url: returnUrl },
        { idempotencyKey },
      );
      return session.url;
    },
  };
  return gateway;
}

// ---------------------------------------------------------------------------------------------
// Local test mode

/** Deterministic ids from idempotency keys: creating twice with one key returns the same object. */
const localId = (prefix: string, key: string) =>
  `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

export class LocalObjectMissing extends Error {}

function localGateway(db: Executor, env: Env): PaymentGateway {
  const now = () => Math.floor(Date.now() / 1000);
  async function load<T>(id: string): Promise<T> {
    const row = await getLocalObject(db, id);
    if (!row) throw new LocalObjectMissing(`No such object: ${id}`);
    return row.data as T;
  }
  return {
    mode: 'local',
    livemode: false,
    using: (trx) => localGateway(trx, env),
    async createCustomer(p, key) {
      const id = localId('cus_local', key);
      if (!(await getLocalObject(db, id))) {
        await putLocalObject(db, {
          id,
          type: 'customer',
          data: {
            id,
            object: 'customer',
            email: p.email,
            name: p.name,
            metadata: { societas_user_id: p.userId },
          },
        });
      }
      return id;
    },
    async createCheckoutSession(params, key) {
      const id = localId('cs_test_local', key);
      const existing = await getLocalObject(db, id);
      if (existing) return existing.data as unknown as Stripe.Checkout.Session;
      const line = params.line_items?.[0];
      const amount = (line?.price_data?.unit_amount ?? 0) * (line?.quantity ?? 1);
      // A deferred first charge (trial), with Stripe's limits, so test mode refuses what Stripe would.
      const trialEnd = params.subscription_data?.trial_end ?? null;
      if (trialEnd !== null) checkTrialEnd(trialEnd, now());
      const session = {
        id,
        object: 'checkout.session',
        mode: params.mode,
        status: 'open',
        payment_status: 'unpaid',
        amount_subtotal: trialEnd ? 0 : amount,
        amount_total: trialEnd ? 0 : amount,
        currency: line?.price_data?.currency ?? 'usd',
        client_reference_id: params.client_reference_id ?? null,
        customer: params.customer ?? null,
        metadata: params.metadata ?? {},
        livemode: false,
        created: now(),
        expires_at: now() + 24 * 3600,
        url: `${env.PUBLIC_URL}/billing/local-checkout/${id}`,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        payment_intent: null,
        subscription: null,
        invoice: null,
        // What the page shows; Stripe shows the line item the same way.
        local_description: line?.price_data?.product_data?.name ?? 'Membership',
        local_subscription_metadata: params.subscription_data?.metadata ?? {},
        // What the subscription charges each year, and when it first does (null: now).
        local_recurring_amount: amount,
        local_trial_end: trialEnd,
      };
      // The page's form token: random per session, compared on Pay/Decline (the page's CSRF defence).
      await putLocalObject(db, {
        id,
        type: 'checkout.session',
        data: session,
        secret: randomBytes(24).toString('base64url'),
      });
      return session as unknown as Stripe.Checkout.Session;
    },
    retrieveCheckoutSession: (id) => load<Stripe.Checkout.Session>(id),
    retrieveSubscription: (id) => load<Stripe.Subscription>(id),
    async setCancelAtPeriodEnd(id, cancel) {
      const sub = await load<Record<string, unknown>>(id);
      const updated = { ...sub, cancel_at_period_end: cancel };
      await putLocalObject(db, { id, type: 'subscription', data: updated });
      return updated as unknown as Stripe.Subscription;
    },
    async createRefund(p, key) {
      const id = localId('re_local', key);
      const existing = await getLocalObject(db, id);
      if (existing) return existing.data as unknown as Stripe.Refund;
      const refund = {
        id,
        object: 'refund',
        amount: p.amountMinor,
        payment_intent: p.paymentIntent,
        status: 'succeeded',
        metadata: p.metadata,
        created: now(),
      };
      await putLocalObject(db, { id, type: 'refund', data: refund });
      return refund as unknown as Stripe.Refund;
    },
    async paymentIntentOfInvoice(invoiceId) {
      const invoice = await getLocalObject(db, invoiceId);
      return (invoice?.data.payment_intent as string | undefined) ?? null;
    },
    async createPortalSession() {
      throw new LocalPortalUnavailable();
    },
    async listRefunds(p) {
      const rows = await listLocalObjects(db, 'refund', 'payment_intent', p.paymentIntent ?? p.charge);
      return rows as unknown as Stripe.Refund[];
    },
    // Test mode makes no renewal invoices: subscriptions are paid once, at the local checkout.
    invoiceOfPaymentIntent: async () => null,
    listPaidInvoices: async () => [],
    async cancelSubscription(id) {
      const sub = await load<Record<string, unknown>>(id);
      const updated = { ...sub, status: 'canceled' };
      await putLocalObject(db, { id, type: 'subscription', data: updated });
      return updated as unknown as Stripe.Subscription;
    },
  };
}

export class LocalPortalUnavailable extends Error {}

/** Stripe's rule for Checkout's `subscription_data.trial_end`: 48 hours to 730 days ahead. */
function checkTrialEnd(trialEnd: number, nowSeconds: number) {
  const ahead = trialEnd - nowSeconds;
  if (ahead < 48 * 3600 || ahead > 730 * 86_400) {
    throw new Error(`trial_end must be between 48 hours and 730 days from now (got ${ahead} s)`);
  }
}

/** What a member or employer is told where the installation takes no card payments (PAYMENTS=off). */
export function paymentsUnavailable() {
  return new AppError(
    'UNAVAILABLE',
    'Online card payments are not available here. Please contact the society office to pay by other means.',
  );
}

/**
 * PAYMENTS=off: no Stripe and no test-mode page. Nothing can be charged, so nothing is ever fulfilled
 * as paid; every call that would start or look up a payment answers UNAVAILABLE.
 */
function paymentsOffGateway(): PaymentGateway {
  const refuse = async (): Promise<never> => {
    throw paymentsUnavailable();
  };
  const gateway: PaymentGateway = {
    mode: 'off',
    livemode: false,
    using: () => gateway,
    createCustomer: refuse,
    createCheckoutSession: refuse,
    retrieveCheckoutSession: refuse,
    retrieveSubscription: refuse,
    setCancelAtPeriodEnd: refuse,
    createRefund: refuse,
    paymentIntentOfInvoice: refuse,
    createPortalSession: refuse,
    listRefunds: async () => [],
    invoiceOfPaymentIntent: async () => null,
    listPaidInvoices: async () => [],
    cancelSubscription: refuse,
  };
  return gateway;
}

const stripeGateways = new WeakMap<Env, PaymentGateway>();

/**
 * The gateway for a configuration, reading and writing local objects through `services.db` (the
 * pool, or the caller's transaction). One Stripe client per configuration (it keeps its HTTP agent).
 */
export function getGateway(services: { db: Executor; env: Env }): PaymentGateway {
  if (services.env.billing.mode === 'off') return paymentsOffGateway();
  if (services.env.billing.mode === 'local') return localGateway(services.db, services.env);
  let gateway = stripeGateways.get(services.env);
  if (!gateway) {
    gateway = stripeGateway(services.env);
    stripeGateways.set(services.env, gateway);
  }
  return gateway;
}
