import { timingSafeEqual } from 'node:crypto';
import { formatMoney } from '@societas/contracts';
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import type { Services } from '../../trpc/context.js';
import { societySettings } from '../settings/index.js';
import { systemBillingContext } from './billing.context.js';
import { handleStripeEvent, RetryLater } from './fulfilment.service.js';
import { stripeWebhooks } from './gateway.js';
import { loadLocalCheckout, settleLocalCheckout } from './local-checkout.js';

/** Stripe's own default: signatures older than five minutes are refused (replays). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
export const WEBHOOK_PATH = '/api/stripe/webhook';

/**
 * The Stripe webhook and, with no Stripe key, the local test-mode checkout page.
 * Register with `await app.register(billingRoutes(services))`.
 */
export function billingRoutes(services: Services) {
  return async function register(app: FastifyInstance) {
    await app.register(webhookRoute(services));
    await app.register(localCheckoutRoutes(services));
  };
}

function webhookRoute(services: Services) {
  const { env, log } = services;
  return async (scope: FastifyInstance) => {
    // Only the raw bytes verify: in this scope every body stays a Buffer, never parsed JSON.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.post(WEBHOOK_PATH, async (req, reply) => {
      const signature = req.headers['stripe-signature'];
      const secret = env.billing.webhookSecret;
      if (!secret) return reply.code(503).send({ error: 'Webhook secret not configured.' });
      if (typeof signature !== 'string' || !Buffer.isBuffer(req.body)) {
        return reply.code(400).send({ error: 'Missing signature.' });
      }
      let event: Stripe.Event;
      try {
        event = stripeWebhooks.constructEvent(req.body, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
      } catch {
        return reply.code(400).send({ error: 'Invalid signature.' });
      }
      // A test event at a live site (or the reverse) is refused before anything is written.
      if (event.livemode !== env.billing.livemode) {
        req.log.warn({ eventId: event.id, livemode: event.livemode }, 'stripe event livemode mismatch');
        return reply.code(400).send({ error: 'Event mode does not match this installation.' });
      }
      try {
        const result = await handleStripeEvent(
          systemBillingContext({ ...services, log: req.log as typeof log }, String(req.id)),
          event,
        );
        return reply.code(200).send({ received: true, result });
      } catch (error) {
        if (error instanceof RetryLater) {
          // Non-2xx so Stripe delivers it again once the record exists.
          req.log.info(
            { eventId: event.id, type: event.type, reason: error.message },
            'stripe event deferred',
          );
          return reply.code(409).send({ error: 'Not ready; retry later.' });
        }
        (req.log ?? log).error({ err: error, eventId: event.id, type: event.type }, 'stripe event failed');
        return reply.code(500).send({ error: 'Event handling failed.' });
      }
    });
  };
}

// ---------------------------------------------------------------------------------------------
// Local test-mode checkout (no STRIPE_SECRET_KEY)

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function sameToken(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
.banner{background:#fff3cd;border:2px solid #b8860b;padding:.75rem 1rem;font-weight:700;border-radius:.5rem}
.amount{font-size:2rem;font-weight:700;margin:.5rem 0}
button{font-size:1rem;padding:.6rem 1.4rem;border-radius:.4rem;border:1px solid #333;cursor:pointer;margin-right:.5rem}
.pay{background:#14532d;color:#fff}
</style></head><body><p class="banner" role="alert">TEST MODE — no real payment. No Stripe key is configured, so this page stands in for Stripe Checkout.</p>${body}</body></html>`;
}

function localCheckoutRoutes(services: Services) {
  const { env, db } = services;
  return async (scope: FastifyInstance) => {
    if (env.billing.mode !== 'local') return;
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const path = '/billing/local-checkout/:sessionId';

    scope.get<{ Params: { sessionId: string } }>(path, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const row = await loadLocalCheckout(db, req.params.sessionId);
      if (!row) {
        return reply.code(404).type('text/html').send(page('Not found', '<h1>Checkout not found</h1>'));
      }
      const s = row.session;
      const amount = formatMoney(s.amount_total, s.currency);
      if (s.status !== 'open') {
        return reply
          .type('text/html')
          .send(
            page(
              'Checkout closed',
              `<h1>This checkout is closed</h1><p>Status: ${escapeHtml(String(s.status))}.</p><p><a href="${escapeHtml(env.PUBLIC_URL)}/membership">Back to your membership</a></p>`,
            ),
          );
      }
      const token = escapeHtml(row.secret);
      // A deferred first charge: nothing is paid here, the card is confirmed for the later charge.
      const trialEnd = s.mode === 'subscription' ? (s.local_trial_end ?? null) : null;
      const due = trialEnd
        ? `<p class="amount">${escapeHtml(amount)} today</p><p>Then ${escapeHtml(formatMoney(s.local_recurring_amount ?? 0, s.currency))} a year from ${escapeHtml(new Date(trialEnd * 1000).toISOString().slice(0, 10))}.</p>`
        : `<p class="amount">${escapeHtml(amount)}</p>`;
      const payLabel = trialEnd ? 'Confirm card (test)' : `Pay ${escapeHtml(amount)} (test)`;
      return reply.type('text/html').send(
        page(
          'Test checkout',
          `<h1>${escapeHtml((await societySettings({ db, env })).name)}</h1><p>${escapeHtml(s.local_description)}${s.mode === 'subscription' ? ' — renews every year' : ''}</p>${due}
<form method="post"><input type="hidden" name="token" value="${token}"><button class="pay" name="action" value="pay">${payLabel}</button><button name="action" value="decline">Decline</button></form>`,
        ),
      );
    });

    scope.post<{ Params: { sessionId: string }; Body: Record<string, string> }>(path, async (req, reply) => {
      const body = req.body ?? {};
      const row = await loadLocalCheckout(db, req.params.sessionId);
      if (!row || !sameToken(String(body.token ?? ''), row.secret)) {
        return reply
          .code(403)
          .type('text/html')
          .send(
            page('Refused', '<h1>This form has expired</h1><p>Go back and start the checkout again.</p>'),
          );
      }
      const action = body.action === 'pay' ? 'pay' : 'decline';
      const events = await settleLocalCheckout(db, req.params.sessionId, action);

      // Delivered through the real webhook route: same raw-body signature check, same handler.
      for (const event of events.events) {
        const payload = JSON.stringify(event);
        const header = stripeWebhooks.generateTestHeaderString({
          payload,
          secret: env.billing.webhookSecret!,
        });
        const response = await scope.inject({
          method: 'POST',
          url: WEBHOOK_PATH,
          headers: { 'content-type': 'application/json', 'stripe-signature': header },
          payload,
        });
        if (response.statusCode >= 300) {
          req.log.warn(
            { status: response.statusCode, type: event.type },
            'local checkout event not accepted',
          );
        }
      }
      const s = events.session;
      const target =
        s.status === 'complete' ? s.success_url.replace('{CHECKOUT_SESSION_ID}', s.id) : s.cancel_url;
      return reply.redirect(target, 303);
    });
  };
}
