import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from '@societas/db';
import { TRPCError } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { csrfGuard } from './http/csrf.js';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  DatabaseUnavailableError,
  isDatabaseUnavailable,
  setDatabaseRetryAfter,
} from './http/database-outage.js';
import { registerSecurityHeaders, servedOverHttps } from './http/security-headers.js';
import { injectSocialMeta, type SocialMeta } from './http/social-meta.js';
import {
  REVALIDATE_CACHE_CONTROL,
  registerResponseCompression,
  registerWebApp,
} from './http/web-delivery.js';
import { systemContext } from './lib/service-context.js';
import { authContext, verifyEmailLink } from './modules/accounts/index.js';
import { billingRoutes } from './modules/billing/index.js';
import { fileRoutes } from './modules/files/index.js';
import { jobFeedRoutes, jobSocialMeta } from './modules/jobs/index.js';
import { reportRoutes } from './modules/reports/index.js';
import { societySettings } from './modules/settings/index.js';
import { socialMeta } from './modules/spotlights/index.js';
import { registerProducts } from './products.js';
import { createContext, type Services } from './trpc/context.js';
import { ContextCreationError } from './trpc/init.js';
import { type AppRouter, appRouter } from './trpc/router.js';

const READY_TIMEOUT_MS = 2000;

/** Builds the HTTP app without listening, so tests can run it on port 0 or via inject(). */
export async function buildServer(services: Services): Promise<FastifyInstance> {
  const { env, log, db } = services;
  registerProducts();
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    trustProxy: env.TRUST_PROXY,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // CSP, HSTS, Permissions-Policy, nosniff, frame and referrer rules (ADR 016), on every route.
  await registerSecurityHeaders(app, { https: servedOverHttps(env) });

  // Anything thrown outside tRPC: log it, answer without internals.
  app.setErrorHandler((error: { statusCode?: number; message?: string }, req, reply) => {
    if (isDatabaseUnavailable(error)) {
      req.log.warn({ err: error }, 'database unavailable');
      return setDatabaseRetryAfter(reply)
        .code(503)
        .send({ error: DATABASE_UNAVAILABLE_MESSAGE, requestId: req.id });
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) req.log.error({ err: error }, 'unhandled error');
    reply.code(status).send({
      error: status >= 500 ? `Something went wrong on our side. Reference: ${req.id}` : 'Bad request.',
      requestId: req.id,
    });
  });

  // Web delivery (ADR 017): compression hooks the routes registered after it, so it comes first.
  await registerResponseCompression(app);

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    try {
      await Promise.race([
        sql`SELECT 1`.execute(db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS)),
      ]);
      return { status: 'ready' };
    } catch {
      return setDatabaseRetryAfter(reply).code(503).send({ status: 'unavailable', reason: 'database' });
    }
  });

  const guard = csrfGuard([env.PUBLIC_URL]);
  await app.register(async (scope) => {
    scope.addHook('onRequest', guard);
    await scope.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: async ({ req, res }) => {
          try {
            return await createContext(services, { req, res });
          } catch (error) {
            // The session lookup is the first query of a signed-in request.
            if (isDatabaseUnavailable(error)) {
              req.log.warn({ err: error }, 'database unavailable');
              const cause = new DatabaseUnavailableError();
              throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: cause.message, cause });
            }
            throw new ContextCreationError(String(req.id), error);
          }
        },
        responseMeta({ errors }) {
          const databaseDown = errors.some((e) => e.cause instanceof DatabaseUnavailableError);
          return databaseDown ? { headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) } } : {};
        },
        onError({ error, ctx, path, req }) {
          if (error.code === 'INTERNAL_SERVER_ERROR' && error.cause?.name !== 'AppError') {
            // req.log carries the request id even when the context could not be built.
            const err =
              error.cause instanceof ContextCreationError ? error.cause.cause : (error.cause ?? error);
            (ctx?.req ?? req).log.error({ err, path }, 'unexpected error in procedure');
          }
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  });

  // Stripe webhook (raw body) and the local test-mode checkout page.
  await app.register(billingRoutes(services));
  await app.register(jobFeedRoutes(services));
  // Uploads and the files' addresses (ADR 018).
  await app.register(fileRoutes(services));
  // Report CSV exports (admin session).
  await app.register(reportRoutes(services));

  // The link in the verification mail. Signs the user in and sends them to the web page.
  app.get<{ Querystring: { token?: string; next?: string } }>(
    '/api/auth/verify-email',
    async (req, reply) => {
      const token = typeof req.query.token === 'string' ? req.query.token.slice(0, 4000) : '';
      if (!token) return reply.redirect('/verify-email?error=missing_token');
      const next = typeof req.query.next === 'string' ? req.query.next.slice(0, 1000) : null;
      const target = await verifyEmailLink(
        authContext({ ...services, req, res: reply, ip: req.ip, user: null }),
        token,
        next,
      );
      return reply.redirect(target);
    },
  );

  const webDist = env.WEB_DIST_DIR;
  if (existsSync(join(webDist, 'index.html'))) {
    await registerWebApp(app, webDist);
    // Public pages carry their social meta tags (and structured data) in the HTML: crawlers run
    // no JavaScript. A published spotlight, a visible job listing; anything else is the plain SPA.
    const indexHtml = readFileSync(join(webDist, 'index.html'), 'utf8');
    // `canonicalKey`: the page's current address key when `key` is a former one (a renamed slug).
    type PageMeta = Omit<SocialMeta, 'url' | 'siteName'> & { canonicalKey?: string };
    const pageWithMeta = (prefix: string, lookup: (key: string) => Promise<PageMeta | null>) =>
      app.get<{ Params: { key: string } }>(`${prefix}/:key`, async (req, reply) => {
        const key = req.params.key.slice(0, 100);
        const meta = await lookup(key).catch((err: unknown) => {
          req.log.warn({ err, prefix }, 'social meta lookup failed');
          return null;
        });
        // A former address of a public page: a permanent redirect to the current one.
        if (meta?.canonicalKey && meta.canonicalKey !== key) {
          return reply.redirect(`${prefix}/${encodeURIComponent(meta.canonicalKey)}`, 301);
        }
        const html = meta
          ? injectSocialMeta(indexHtml, {
              title: meta.title,
              description: meta.description,
              image: meta.image,
              jsonLd: meta.jsonLd,
              url: `${env.PUBLIC_URL}${prefix}/${encodeURIComponent(meta.canonicalKey ?? key)}`,
              siteName: (await societySettings(services)).name,
            })
          : indexHtml;
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', REVALIDATE_CACHE_CONTROL)
          .send(html);
      });
    pageWithMeta('/spotlights', async (slug) => {
      const meta = await socialMeta(db, slug);
      return meta && { ...meta, canonicalKey: meta.slug };
    });
    pageWithMeta('/jobs', (id) => jobSocialMeta(systemContext(services, 'job-page-meta'), id));
  }

  return app;
}
