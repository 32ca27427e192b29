import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Stripe from 'stripe';

/**
 * A tiny local stand-in for the parts of Stripe's API the portal calls, so tests run the real SDK
 * (form-encoded requests, idempotency keys, error mapping) against the network boundary only.
 * It keeps objects in memory, honours Idempotency-Key (same key -> same response), records every
 * request for assertions, and offers test helpers to move objects along (pay a session, change a
 * subscription) the way Stripe would. Events are signed with the real SDK helper: `signEvent`.
 */

type Obj = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: Obj;
}

/** Parses Stripe's form encoding (`a[b][0][c]=1`) into nested objects and arrays. */
export function parseStripeForm(raw: string): Obj {
  const root: Obj = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Obj | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const slot = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) container[slot] = value;
      else {
        container[slot] ??= nextIsIndex ? [] : {};
        node = container[slot] as Obj | unknown[];
      }
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(10).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

export class StripeStandIn {
  readonly customers = new Map<string, Obj>();
  readonly sessions = new Map<string, Obj>();
  readonly subscriptions = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  readonly invoices = new Map<string, Obj>();
  readonly requests: RecordedRequest[] = [];
  private readonly idempotent = new Map<string, { status: number; body: Obj }>();
  private server: Server | undefined;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Env for startTestApp: the SDK talks to this server. */
  env(extra: Record<string, string> = {}) {
    return {
      STRIPE_SECRET_KEY: 'sk_test_standin',
      STRIPE_WEBHOOK_SECRET: 'whsec_test_standin_secret',
      STRIPE_API_BASE: this.url,
      ...extra,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = req.method === 'GET' ? parseStripeForm(url.searchParams.toString()) : parseStripeForm(raw);
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, idempotencyKey: key, body });
    const send = (status: number, payload: Obj) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'POST' && key) {
      const cacheKey = `${url.pathname}:${key}`;
      const cached = this.idempotent.get(cacheKey);
      if (cached) return send(cached.status, cached.body);
      const result = this.route(req.method, url.pathname, body);
      // Stripe replays the response it sent, as it was then (a copy, not the live object).
      this.idempotent.set(cacheKey, { status: result.status, body: structuredClone(result.body) });
      return send(result.status, result.body);
    }
    const result = this.route(req.method ?? 'GET', url.pathname, body);
    return send(result.status, result.body);
  }

  private route(method: string, path: string, body: Obj): { status: number; body: Obj } {
    const ok = (b: Obj) => ({ status: 200, body: b });
    const missing = (what: string) => ({
      status: 404,
      body: {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` },
      },
    });
    const sessionMatch = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    const subscriptionMatch = path.match(/^\/v1\/subscriptions\/([^/]+)$/);
    const invoiceMatch = path.match(/^\/v1\/invoices\/([^/]+)$/);
    if (method === 'POST' && path === '/v1/customers') {
      const c = {
        id: id('cus'),
        object: 'customer',
        email: body.email,
        name: body.name,
        metadata: body.metadata ?? {},
      };
      this.customers.set(c.id, c);
      return ok(c);
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const items = (body.line_items as Obj[] | undefined) ?? [];
      const amount = items.reduce((sum, item) => {
        const pd = item.price_data as Obj | undefined;
        return sum + Number(pd?.unit_amount ?? 0) * Number(item.quantity ?? 1);
      }, 0);
      const currency = String((items[0]?.price_data as Obj | undefined)?.currency ?? 'usd');
      // A deferred first charge, with Stripe's limits: 48 hours to 730 days ahead; nothing due now.
      const trialEnd = (body.subscription_data as Obj | undefined)?.trial_end;
      if (trialEnd !== undefined) {
        const ahead = Number(trialEnd) - now();
        if (body.mode !== 'subscription' || !(ahead >= 48 * 3600 && ahead <= 730 * 86_400)) {
          return {
            status: 400,
            body: {
              error: {
                type: 'invalid_request_error',
                param: 'subscription_data[trial_end]',
                message:
                  'subscription_data[trial_end] must be at least 48 hours and at most 730 days in the future.',
              },
            },
          };
        }
      }
      const sessionId = id('cs_test');
      const s: Obj = {
        id: sessionId,
        object: 'checkout.session',
        mode: body.mode,
        status: 'open',
        payment_status: 'unpaid',
        amount_total: trialEnd === undefined ? amount : 0,
        amount_subtotal: trialEnd === undefined ? amount : 0,
        currency,
        customer: body.customer ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        livemode: false,
        url: `https://checkout.stripe.test/c/pay/${sessionId}`,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        payment_intent: null,
        subscription: null,
        invoice: null,
        created: now(),
        // Kept for assertions and for creating the subscription when paid.
        _line_items: items,
        _recurring_amount: amount,
        _subscription_data: body.subscription_data ?? null,
        _payment_intent_data: body.payment_intent_data ?? null,
        _allow_promotion_codes: body.allow_promotion_codes,
      };
      this.sessions.set(sessionId, s);
      return ok(this.publicView(s));
    }
    if (method === 'GET' && sessionMatch) {
      const s = this.sessions.get(sessionMatch[1]!);
      return s ? ok(this.publicView(s)) : missing('checkout.session');
    }
    if (subscriptionMatch) {
      const sub = this.subscriptions.get(subscriptionMatch[1]!);
      if (!sub) return missing('subscription');
      if (method === 'DELETE') {
        sub.status = 'canceled';
        sub.canceled_at = now();
        return ok(sub);
      }
      if (method === 'POST') {
        if (body.cancel_at_period_end !== undefined)
          sub.cancel_at_period_end = body.cancel_at_period_end === 'true';
      }
      return ok(sub);
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const r = {
        id: id('re'),
        object: 'refund',
        amount: Number(body.amount),
        charge: `ch_${String(body.payment_intent).replace(/^pi_/, '')}`,
        payment_intent: body.payment_intent,
        status: 'succeeded',
        metadata: body.metadata ?? {},
        created: now(),
      };
      this.refunds.set(r.id, r);
      return ok(r);
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const data = [...this.refunds.values()].filter(
        (r) =>
          (body.payment_intent === undefined || r.payment_intent === body.payment_intent) &&
          (body.charge === undefined || r.charge === body.charge),
      );
      return ok(this.list(path, data));
    }
    if (method === 'GET' && path === '/v1/invoice_payments') {
      const wanted = (body.payment as Obj | undefined)?.payment_intent;
      const data = [...this.invoices.values()].flatMap((inv) =>
        ((inv.payments as { data: Obj[] }).data ?? [])
          .filter((p) => (p.payment as Obj).payment_intent === wanted)
          .map((p) => ({ ...p, object: 'invoice_payment', invoice: inv.id })),
      );
      return ok(this.list(path, data));
    }
    if (method === 'GET' && path === '/v1/invoices') {
      const since = (body.created as Obj | undefined)?.gte;
      const data = [...this.invoices.values()].filter(
        (inv) =>
          (body.subscription === undefined ||
            (inv.parent as { subscription_details: Obj }).subscription_details.subscription ===
              body.subscription) &&
          (body.status === undefined || inv.status === body.status) &&
          (since === undefined || Number(inv.created) >= Number(since)),
      );
      return ok(this.list(path, data));
    }
    if (method === 'GET' && invoiceMatch) {
      const inv = this.invoices.get(invoiceMatch[1]!);
      return inv ? ok(inv) : missing('invoice');
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      return ok({
        id: id('bps'),
        object: 'billing_portal.session',
        url: `https://billing.stripe.test/p/session/${id('x')}`,
      });
    }
    return {
      status: 404,
      body: {
        error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` },
      },
    };
  }

  /** One page of a list: the stand-in returns everything at once. */
  private list(url: string, data: Obj[]): Obj {
    return { object: 'list', url, has_more: false, data };
  }

  private publicView(s: Obj): Obj {
    return Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('_')));
  }

  // -------------------------------------------------------------------------------------------
  // Test helpers: what Stripe does when the customer pays

  /** The customer finishes Checkout. Creates the PaymentIntent or subscription + first invoice. */
  completeSession(
    sessionId: string,
    options: { paymentStatus?: 'paid' | 'unpaid'; amountTotal?: number; promotionDiscount?: number } = {},
  ) {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`no session ${sessionId}`);
    const trialEnd = (s._subscription_data as Obj | null)?.trial_end;
    s.status = 'complete';
    s.payment_status = options.paymentStatus ?? (trialEnd === undefined ? 'paid' : 'no_payment_required');
    if (options.amountTotal !== undefined) s.amount_total = options.amountTotal;
    // A promotion code the customer entered on Stripe's page (only offered when the session allows it).
    if (options.promotionDiscount !== undefined) {
      if (s._allow_promotion_codes !== 'true')
        throw new Error('this session does not accept promotion codes');
      s.amount_total = Number(s.amount_subtotal) - options.promotionDiscount;
      s.total_details = { amount_discount: options.promotionDiscount, amount_shipping: 0, amount_tax: 0 };
    }
    if (s.mode === 'subscription' && !s.subscription) {
      const sub = this.createSubscription({
        customer: String(s.customer),
        metadata: ((s._subscription_data as Obj | null)?.metadata as Obj) ?? {},
        amount: Number(trialEnd === undefined ? s.amount_total : s._recurring_amount),
        currency: String(s.currency),
        ...(trialEnd === undefined ? {} : { status: 'trialing', trialEnd: Number(trialEnd) }),
      });
      const invoice = this.createInvoice(sub.id as string, 'subscription_create', Number(s.amount_total));
      s.subscription = sub.id;
      s.invoice = invoice.id;
    } else if (!s.payment_intent) {
      s.payment_intent = id('pi');
    }
    return this.publicView(s);
  }

  /** Delayed payment methods: the session is complete but unpaid until this. */
  settleSession(sessionId: string) {
    const s = this.sessions.get(sessionId)!;
    s.payment_status = 'paid';
    s.payment_intent ??= id('pi');
    return this.publicView(s);
  }

  session(sessionId: string) {
    return this.publicView(this.sessions.get(sessionId)!);
  }

  createSubscription(p: {
    customer: string;
    metadata: Obj;
    amount: number;
    currency: string;
    status?: string;
    /** Trialing until then (Unix seconds): the first period ends there. */
    trialEnd?: number;
  }) {
    const periodEnd = new Date();
    periodEnd.setUTCFullYear(periodEnd.getUTCFullYear() + 1);
    if (p.trialEnd) periodEnd.setTime(p.trialEnd * 1000);
    const sub: Obj = {
      id: id('sub'),
      object: 'subscription',
      status: p.status ?? 'active',
      customer: p.customer,
      cancel_at_period_end: false,
      livemode: false,
      trial_end: p.trialEnd ?? null,
      metadata: p.metadata,
      items: {
        object: 'list',
        data: [
          {
            id: id('si'),
            object: 'subscription_item',
            current_period_end: Math.floor(periodEnd.getTime() / 1000),
            price: { unit_amount: p.amount, currency: p.currency, recurring: { interval: 'year' } },
          },
        ],
      },
    };
    this.subscriptions.set(sub.id as string, sub);
    return sub;
  }

  /** An invoice of a subscription, shaped like API version 2025+ (parent.subscription_details). */
  createInvoice(
    subscriptionId: string,
    billingReason: string,
    amount: number,
    options: { paid?: boolean } = {},
  ) {
    const sub = this.subscriptions.get(subscriptionId)!;
    const pi = id('pi');
    const inv: Obj = {
      id: id('in'),
      object: 'invoice',
      billing_reason: billingReason,
      created: now(),
      status: options.paid === false ? 'open' : 'paid',
      amount_paid: options.paid === false ? 0 : amount,
      amount_due: amount,
      currency: (sub.items as { data: Array<{ price: { currency: string } }> }).data[0]!.price.currency,
      customer: sub.customer,
      livemode: false,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: subscriptionId, metadata: sub.metadata },
      },
      payments: {
        object: 'list',
        data:
          options.paid === false
            ? []
            : [{ id: id('inpay'), status: 'paid', payment: { type: 'payment_intent', payment_intent: pi } }],
      },
    };
    this.invoices.set(inv.id as string, inv);
    return inv;
  }

  /** A retry of an open (failed) invoice succeeds: the same invoice, now paid, as invoice.paid carries it. */
  payInvoice(invoiceId: string) {
    const inv = this.invoices.get(invoiceId)!;
    Object.assign(inv, {
      status: 'paid',
      amount_paid: inv.amount_due,
      payments: {
        object: 'list',
        data: [
          { id: id('inpay'), status: 'paid', payment: { type: 'payment_intent', payment_intent: id('pi') } },
        ],
      },
    });
    return inv;
  }

  /**
   * A refund made in Stripe's dashboard: creates the refund and returns the charge as the
   * charge.refunded event carries it (API versions since 2022-11 leave `refunds` out of it).
   */
  refundInDashboard(paymentIntent: string, amount: number, p: { metadata?: Obj } = {}) {
    const chargeId = `ch_${paymentIntent.replace(/^pi_/, '')}`;
    const refund = {
      id: id('re'),
      object: 'refund',
      amount,
      charge: chargeId,
      payment_intent: paymentIntent,
      status: 'succeeded',
      reason: 'requested_by_customer',
      metadata: {},
      created: now(),
    };
    this.refunds.set(refund.id, refund);
    const refunded = [...this.refunds.values()]
      .filter((r) => r.payment_intent === paymentIntent)
      .reduce((sum, r) => sum + Number(r.amount), 0);
    return {
      id: chargeId,
      object: 'charge',
      payment_intent: paymentIntent,
      amount_refunded: refunded,
      refunded: true,
      metadata: p.metadata ?? {},
      livemode: false,
    } as Obj;
  }

  updateSubscription(subscriptionId: string, patch: Obj) {
    const sub = this.subscriptions.get(subscriptionId)!;
    Object.assign(sub, patch);
    return sub;
  }

  /** POSTs that arrived without an Idempotency-Key (docs/reliability.md P12: there must be none). */
  postsWithoutIdempotencyKey() {
    return this.requests
      .filter((r) => r.method === 'POST' && !r.idempotencyKey)
      .map((r) => `${r.method} ${r.path}`);
  }

  /** POST requests to a path (e.g. '/v1/checkout/sessions'). */
  posts(path: string) {
    return this.requests.filter((r) => r.method === 'POST' && r.path === path);
  }
}

let eventCounter = 0;

/** A Stripe event envelope around an object, serialised exactly once: the bytes that get signed. */
export function eventPayload(
  type: string,
  object: Obj,
  options: { id?: string; livemode?: boolean; created?: number } = {},
): { id: string; payload: string } {
  eventCounter += 1;
  const eventId = options.id ?? `evt_test_${Date.now()}_${eventCounter}_${randomBytes(4).toString('hex')}`;
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: options.created ?? now(),
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  return { id: eventId, payload };
}

export function signPayload(payload: string, secret: string, timestamp?: number) {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
}
