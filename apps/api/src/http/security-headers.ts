import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The security headers of every response (ADR 016), set by @fastify/helmet plus Permissions-Policy
 * (helmet no longer sets it). One policy for the SPA, the social-meta HTML of /jobs/:id and
 * /spotlights/:slug, the test-mode checkout page, the API and the feeds.
 *
 * - Scripts: only files from this origin. The built index.html has no inline script, and the
 *   JSON-LD block of the job pages is data (`application/ld+json`), which CSP does not govern.
 *   zod's JIT (`new Function`) is switched off in packages/contracts/src/zod.ts, so no
 *   'unsafe-eval' either.
 * - Styles: 'unsafe-inline', because Mantine writes its CSS variables into <style> elements and
 *   components set style attributes; the checkout page has an inline <style> too.
 * - Images: this origin, data: URIs and any https address (employer logos and spotlight photos are
 *   links the authors give).
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
} as const;

/** Browser features the portal never uses, refused for the page and anything it embeds. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ');

/**
 * One year, subdomains included: the value ingress-nginx's own HSTS has by default (since late 2023),
 * which replaces this header behind the Kubernetes ingress (infra/k8s/ingress.yaml says what to match).
 */
export const HSTS = { maxAge: 31_536_000, includeSubDomains: true, preload: false } as const;

/**
 * Whether HSTS and `upgrade-insecure-requests` are sent: in production served over https only. A
 * browser that once saw HSTS on localhost would refuse plain http there for a year, and the compose
 * stack (production behind infra/nginx.conf on http://localhost:8080) would have its own scripts
 * upgraded to an https://localhost that does not answer (WebKit upgrades loopback addresses).
 */
export function servedOverHttps(env: { isProduction: boolean; PUBLIC_URL: string }): boolean {
  return env.isProduction && env.PUBLIC_URL.startsWith('https://');
}

/**
 * Registers the headers on every route of `app` (helmet hooks onRequest, so also the SPA files,
 * the 404 handler and errors); `https`: see servedOverHttps.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean },
): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...CONTENT_SECURITY_POLICY_DIRECTIVES,
        // Served over https: any stray http:// address is fetched over https.
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? HSTS : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Employer logos and spotlight photos come from other sites; they send no CORP header.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
}
